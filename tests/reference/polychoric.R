## Reference fixtures for trustlab's polychoric correlations (issue 14):
## psych::polychoric (rho, tau; global and per-pair thresholds, the continuity
## correction) and polycor::polychor (two-step rho with its standard error).
##
## Run from the repository root:
##     Rscript tests/reference/polychoric.R
## Reads data/bfi25.csv (written by psychometrics.R) and the bundled sample
## (data/sample/trustlab_sample.csv). Writes:
##   data/trust_items.csv      a frozen copy of the sample's role and items T1..T7, D1..D4
##   data/ordinal_survey.csv   a held-out synthetic survey (set.seed below), 8 five-point
##                             items in two groups, used here and by wlsmv.R / invariance.R
##   fixtures/polychoric.json
## Deterministic: the only randomness is the synthetic survey (fixed seed).

args_file <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
source(file.path(if (length(args_file)) dirname(args_file) else "tests/reference",
                 "helpers.R"))

suppressPackageStartupMessages({
  library(psych)
  library(polycor)
})
options(mc.cores = 1)

PKGS <- c("psych", "polycor", "mvtnorm", "mnormt", "jsonlite")
SCRIPT <- "tests/reference/polychoric.R"

## --------------------------------------------------------------------------
## Data
## --------------------------------------------------------------------------
bfi25 <- utils::read.csv(file.path(DATA_DIR, "bfi25.csv"))
ref <- psychTools::bfi[, names(bfi25)]
for (nm in names(bfi25)) stopifnot(identical(as.numeric(bfi25[[nm]]), as.numeric(ref[[nm]])))

sample_csv <- file.path(REF_DIR, "..", "..", "data", "sample", "trustlab_sample.csv")
smp <- utils::read.csv(sample_csv, na.strings = "", check.names = FALSE)
item_names <- c(paste0("T", 1:7), paste0("D", 1:4))
trust_items <- smp[, c("role", item_names)]
write_data(trust_items, "trust_items.csv")
trust_items <- utils::read.csv(file.path(DATA_DIR, "trust_items.csv"))
items <- trust_items[, item_names]

## The held-out survey: two factors (f1: y1..y4, f2: y5..y8, r = -.4), five-point
## items cut from normal latent responses. Group "B" has other latent means and
## variances, a lower loading for y7 and a shifted second threshold for y3, so
## that metric and scalar invariance are (partly) violated. About 2% of the answers
## are missing (completely at random).
set.seed(20240614)
make_group <- function(n, mean, sd, lam, tau, r = -0.4) {
  z <- matrix(rnorm(n * 2), n, 2)
  f <- cbind(z[, 1], r * z[, 1] + sqrt(1 - r^2) * z[, 2])
  f <- sweep(sweep(f, 2, sd, "*"), 2, mean, "+")
  fac <- c(1, 1, 1, 1, 2, 2, 2, 2)
  y <- sapply(1:8, function(j) {
    ystar <- lam[j] * f[, fac[j]] + rnorm(n, sd = sqrt(1 - lam[j]^2))
    findInterval(ystar, tau[j, ]) + 1
  })
  colnames(y) <- paste0("y", 1:8)
  y
}
lam_a <- c(0.80, 0.70, 0.75, 0.65, 0.70, 0.80, 0.60, 0.75)
lam_b <- lam_a
lam_b[7] <- 0.40
tau_a <- t(sapply(1:8, function(j) c(-1.5, -0.6, 0.3, 1.2) + (j - 4.5) * 0.05))
tau_b <- tau_a
tau_b[3, 2] <- tau_b[3, 2] + 0.5
ya <- make_group(420, c(0, 0), c(1, 1), lam_a, tau_a)
yb <- make_group(360, c(0.3, -0.2), c(1.1, 0.9), lam_b, tau_b)
survey <- data.frame(group = rep(c("A", "B"), c(420, 360)), rbind(ya, yb))
miss <- matrix(runif(nrow(survey) * 8) < 0.02, nrow(survey), 8)
for (j in 1:8) survey[miss[, j], 1 + j] <- NA
write_data(survey, "ordinal_survey.csv")
survey <- utils::read.csv(file.path(DATA_DIR, "ordinal_survey.csv"))
yvars <- paste0("y", 1:8)

## --------------------------------------------------------------------------
## psych::polychoric
## --------------------------------------------------------------------------
poly_record <- function(x, ...) {
  p <- suppressWarnings(psych::polychoric(x, ...))
  list(rho = mat(p$rho), tau = mat(p$tau), n_obs = p$n.obs)
}

## the exact maximum-likelihood correlations with psych's own likelihood
## (psych:::polyF, global thresholds) and optimize(tol = 1e-12)
exact_rho <- function(x) {
  x <- as.matrix(x)
  p <- psych::polychoric(x)
  xs <- x - min(x, na.rm = TRUE) + 1
  K <- max(xs, na.rm = TRUE)
  out <- diag(ncol(x))
  for (i in 2:ncol(x)) for (j in 1:(i - 1)) {
    tab <- table(factor(xs[, i], levels = 1:K), factor(xs[, j], levels = 1:K))
    tab <- unclass(tab) / sum(tab)
    o <- optimize(psych:::polyF, c(-1, 1), rc = p$tau[i, ], cc = p$tau[j, ], tab = tab,
                  tol = 1e-12)
    out[i, j] <- out[j, i] <- o$minimum
  }
  dimnames(out) <- list(colnames(x), colnames(x))
  out
}

polycor_record <- function(x, y) {
  d <- polycor::polychor(x, y, std.err = TRUE)
  t <- polycor::polychor(x, y, std.err = TRUE,
                         control = list(reltol = 1e-14, ndeps = 1e-5))
  list(default = list(rho = d$rho, se = sqrt(d$var[1, 1]), n = d$n, chisq = d$chisq,
                      df = d$df, row_cuts = arr(d$row.cuts), col_cuts = arr(d$col.cuts)),
       tight = list(rho = t$rho, se = sqrt(t$var[1, 1]), chisq = t$chisq, df = t$df))
}

bfi_poly <- poly_record(bfi25)

out <- list(
  `_meta` = meta(SCRIPT, PKGS, notes = list(
    polychoric = paste(
      "psych::polychoric(x) with its defaults (global thresholds when every item has the",
      "same highest answer, correct = 0.5, smooth = TRUE): rho and tau. Items recoded",
      "1..K from the smallest answer in x. Pairwise: each correlation uses the rows",
      "answering both items; each item's thresholds use all its answers. psych",
      "minimises polyF with optimize(c(-1, 1)) at its default tol (1.22e-4), so rho is",
      "accurate to about 1e-5 only; *_exact gives the optimum of the same likelihood",
      "with tol = 1e-12."),
    local = paste(
      "psych::polychoric(x, global = FALSE, correct = c): per-pair thresholds from the",
      "pair's table after dropping empty rows/columns; empty cells set to c / n."),
    polycor = paste(
      "polycor::polychor(x, y, ML = FALSE, std.err = TRUE): two-step estimate (thresholds",
      "from the table margins), se = sqrt(1 / hessian). 'default' uses optim's defaults",
      "(BFGS from 0, reltol 1e-8, finite-difference steps 1e-3); 'tight' passes",
      "control = list(reltol = 1e-14, ndeps = 1e-5)."),
    ordinal_survey = "data/ordinal_survey.csv: see the generating code in this script (seed 20240614)."
  )),
  bfi25 = bfi_poly,
  bfi25_local = list(rho = mat(suppressWarnings(
    psych::polychoric(bfi25, global = FALSE)$rho))),
  sample = poly_record(items),
  sample_exact = mat(exact_rho(items)),
  sample_local = poly_record(items, global = FALSE),
  sample_local_correct0 = poly_record(items, global = FALSE, correct = 0),
  survey = poly_record(survey[, yvars]),
  polycor_T1_D1 = polycor_record(items$T1, items$D1),
  polycor_A1_A2 = polycor_record(bfi25$A1, bfi25$A2),
  polycor_y1_y3 = polycor_record(survey$y1, survey$y3)
)
write_fixture(out, "polychoric")
