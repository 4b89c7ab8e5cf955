## More reference fixtures for trustlab's psychometrics, beyond psychometrics.R:
## psych::alpha on a second bfi scale (conscientiousness, C4 and C5 reversed) and
## psych::fa five-factor ML on the 25 bfi items with varimax rotation.
##
## Run from the repository root (after psychometrics.R, whose data it reads):
##     Rscript tests/reference/psychometrics_extra.R
## Reads data/bfi25.csv (checked against psychTools::bfi) and writes
## fixtures/alpha_extra.json and fixtures/efa_bfi_varimax.json.
## Deterministic (no randomness).

args_file <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
source(file.path(if (length(args_file)) dirname(args_file) else "tests/reference",
                 "helpers.R"))

suppressPackageStartupMessages({
  library(psych)
  library(psychTools)
  library(GPArotation)
})

PKGS <- c("psych", "psychTools", "GPArotation", "jsonlite")
SCRIPT <- "tests/reference/psychometrics_extra.R"
M <- function(notes = NULL) meta(SCRIPT, PKGS, notes)

## --------------------------------------------------------------------------
## Data: the committed CSV, checked to be psychTools::bfi
## --------------------------------------------------------------------------
bfi25 <- utils::read.csv(file.path(DATA_DIR, "bfi25.csv"))
ref <- psychTools::bfi[, names(bfi25)]
rownames(ref) <- NULL
stopifnot(identical(dim(bfi25), dim(ref)))
for (nm in names(bfi25)) stopifnot(identical(as.numeric(bfi25[[nm]]), as.numeric(ref[[nm]])))

consc <- bfi25[, paste0("C", 1:5)]
consc_cc <- na.omit(consc)
attr(consc_cc, "na.action") <- NULL
bfi25_cc <- na.omit(bfi25)
attr(bfi25_cc, "na.action") <- NULL

## --------------------------------------------------------------------------
## 1. Cronbach's alpha on C1..C5 (C4, C5 reversed)
## --------------------------------------------------------------------------
## Same record layout as alpha.json (psychometrics.R, alpha_record).
alpha_record <- function(a, n_rows) {
  tot <- a$total
  list(
    total = vec(unlist(tot[1, ])),
    alpha_drop = mat(a$alpha.drop),
    item_stats = mat(a$item.stats),
    feldt = list(lower = a$feldt$lower.ci[[1]], alpha = a$feldt$alpha[[1]],
                 upper = a$feldt$upper.ci[[1]], n_obs_used = n_rows,
                 n_var = a$nvar),
    duhachek = list(lower = tot$raw_alpha - 1.96 * tot$ase,
                    alpha = tot$raw_alpha,
                    upper = tot$raw_alpha + 1.96 * tot$ase),
    keys = vec(setNames(ifelse(grepl("-$", rownames(a$alpha.drop)), -1, 1),
                        rownames(a$alpha.drop)))
  )
}

keys <- c(1, 1, 1, -1, -1)
c_pw <- alpha(consc, keys = keys, check.keys = FALSE, use = "pairwise",
              warnings = FALSE)
c_co <- alpha(consc, keys = keys, check.keys = FALSE, use = "complete.obs",
              warnings = FALSE)
c_lw <- alpha(consc_cc, keys = keys, check.keys = FALSE, warnings = FALSE)

## check: reversing by hand (7 - x; min 1 and max 6 over all items) is identical
stopifnot(min(consc, na.rm = TRUE) == 1, max(consc, na.rm = TRUE) == 6)
consc_r <- consc; consc_r$C4 <- 7 - consc_r$C4; consc_r$C5 <- 7 - consc_r$C5
c_man <- alpha(consc_r, check.keys = FALSE, warnings = FALSE)
stopifnot(isTRUE(all.equal(unlist(c_man$total), unlist(c_pw$total),
                           tolerance = 1e-14)))
stopifnot(isTRUE(all.equal(unname(as.matrix(c_man$item.stats)),
                           unname(as.matrix(c_pw$item.stats)), tolerance = 1e-14)))

alpha_fx <- list(
  `_meta` = M(c(
    "Data: tests/reference/data/bfi25.csv columns C1..C5 (psychTools::bfi, 2800 rows; checked identical in the script).",
    "Call: psych::alpha(x, keys = c(1,1,1,-1,-1), check.keys = FALSE, use = ...). C4 and C5 reversed: psych flips covariance signs for keyed items and, for raw scores, replaces them by (min+max of all items) - x = 7 - x. Verified identical to alpha() on data with C4, C5 := 7 - x.",
    "Fields and conventions exactly as in alpha.json (see its _meta.notes): pairwise = psych default use = 'pairwise'; complete_obs = use = 'complete.obs' on all 2800 rows (only the covariance is listwise); listwise = alpha() on na.omit(C1..C5).",
    "feldt: lower = 1-(1-alpha)*qf(0.975, n-1, (n-1)(k-1)), upper = 1-(1-alpha)*qf(0.025, n-1, (n-1)(k-1)); n = nrow(x) including rows with missing values (n_obs_used)."
  )),
  data = list(bfi25.csv = list(columns = I(paste0("C", 1:5)), n_rows = nrow(consc),
                               n_complete = nrow(consc_cc))),
  bfi_consc_pairwise = alpha_record(c_pw, nrow(consc)),
  bfi_consc_complete_obs = alpha_record(c_co, nrow(consc)),
  bfi_consc_listwise = c(alpha_record(c_lw, nrow(consc_cc)),
                         list(n_rows = nrow(consc_cc)))
)
write_fixture(alpha_fx, "alpha_extra")

## --------------------------------------------------------------------------
## 2. psych::fa, 5 factors, ML, varimax, on the 25 bfi items (complete cases)
## --------------------------------------------------------------------------
fa_record <- function(f) {
  out <- list(
    loadings = mat(unclass(f$loadings)),
    communality = vec(f$communality),
    uniquenesses = vec(f$uniquenesses),
    Vaccounted = mat(f$Vaccounted),
    Phi = if (!is.null(f$Phi)) mat(f$Phi) else NULL,
    rot_mat = if (!is.null(f$rot.mat)) mat(f$rot.mat) else NULL,
    values = arr(f$values),
    e_values = arr(f$e.values),
    stats = list(n_obs = f$n.obs, objective = f$objective, STATISTIC = f$STATISTIC,
                 dof = f$dof, PVAL = f$PVAL,
                 RMSEA = vec(f$RMSEA), TLI = f$TLI, BIC = f$BIC, SABIC = f$SABIC,
                 null_model = f$null.model, null_dof = f$null.dof,
                 null_chisq = f$null.chisq, chi_empirical = f$chi,
                 rms = f$rms, crms = f$crms, fit = f$fit, fit_off = f$fit.off)
  )
  out[!vapply(out, is.null, logical(1))]
}

f_vm <- suppressWarnings(fa(bfi25_cc, nfactors = 5, fm = "ml", rotate = "varimax"))
efa_fx <- list(
  `_meta` = M(c(
    "Data: complete cases of data/bfi25.csv (2436 rows), nfactors = 5, fm = 'ml', rotate = 'varimax'.",
    "Call: psych::fa(x, nfactors = 5, fm = 'ml', rotate = 'varimax'); varimax = stats::varimax (Kaiser normalisation, eps 1e-5).",
    "Fields exactly as in efa_bfi.json / efa_holzinger.json (see their _meta.notes). Factor columns are psych's: each flipped so its column sum is positive, ordered by variance accounted, labelled by extraction index (ML1..ML5)."
  )),
  n_obs = nrow(bfi25_cc),
  ml_varimax = fa_record(f_vm)
)
write_fixture(efa_fx, "efa_bfi_varimax")

message("psychometrics_extra.R done")
