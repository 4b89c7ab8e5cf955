## Reference fixtures for trustlab's ordinal reliability and polychoric factor
## analysis (issue 14): psych::alpha and psych::fa on psych::polychoric matrices,
## psych::fa.parallel(cor = "poly") observed eigenvalues, psych::fa(cor = "poly").
##
## Run from the repository root (after polychoric.R, whose data it reads):
##     Rscript tests/reference/ordinal_reliability.R
## Reads data/trust_items.csv, data/bfi25.csv and data/ordinal_survey.csv; writes
## fixtures/ordinal_reliability.json. Deterministic apart from fa.parallel's
## simulations (set.seed below; only the observed eigenvalues are used).

args_file <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
source(file.path(if (length(args_file)) dirname(args_file) else "tests/reference",
                 "helpers.R"))

suppressPackageStartupMessages({
  library(psych)
  library(GPArotation)
})
options(mc.cores = 1)

PKGS <- c("psych", "GPArotation", "jsonlite")
SCRIPT <- "tests/reference/ordinal_reliability.R"

trust_items <- utils::read.csv(file.path(DATA_DIR, "trust_items.csv"))
bfi25 <- utils::read.csv(file.path(DATA_DIR, "bfi25.csv"))
survey <- utils::read.csv(file.path(DATA_DIR, "ordinal_survey.csv"))

## keyed copies: reversed items as (min + max) - x on the declared range
trust <- trust_items[, paste0("T", 1:7)]
trust$T7 <- 6 - trust$T7
distrust <- trust_items[, paste0("D", 1:4)]
distrust$D4 <- 6 - distrust$D4
agree <- bfi25[, paste0("A", 1:5)]
agree$A1 <- 7 - agree$A1
f1 <- survey[, paste0("y", 1:4)]

reliability_record <- function(x) {
  rho <- suppressWarnings(psych::polychoric(x)$rho)
  a <- psych::alpha(rho, warnings = FALSE)
  f <- psych::fa(rho, nfactors = 1, fm = "ml")
  l <- as.numeric(f$loadings)
  om <- suppressWarnings(suppressMessages(psych::omega(rho, nfactors = 1, plot = FALSE)))
  list(
    rho = mat(rho),
    total = vec(unlist(a$total)),
    alpha_drop = list(raw_alpha = arr(a$alpha.drop$raw_alpha),
                      G6 = arr(a$alpha.drop[["G6(smc)"]]),
                      average_r = arr(a$alpha.drop$average_r),
                      SN = arr(a$alpha.drop[["S/N"]]),
                      var_r = arr(a$alpha.drop$var.r),
                      med_r = arr(a$alpha.drop$med.r)),
    item_stats = list(r = arr(a$item.stats$r), r_cor = arr(a$item.stats$r.cor),
                      r_drop = arr(a$item.stats$r.drop)),
    fa_ml_loadings = vec(setNames(l, colnames(x))),
    omega = sum(l)^2 / (sum(l)^2 + sum(f$uniquenesses)),
    psych_omega_tot = om$omega.tot
  )
}

parallel_record <- function(x, seed, n_iter = 20) {
  set.seed(seed)
  invisible(capture.output(
    pa <- suppressWarnings(suppressMessages(
      fa.parallel(x, cor = "poly", fa = "both", n.iter = n_iter, plot = FALSE)))))
  list(pc_values = arr(pa$pc.values), fa_values = arr(pa$fa.values),
       n_obs = nrow(x), nfact = pa$nfact, ncomp = pa$ncomp)
}

fa_record <- function(f) {
  list(loadings = mat(unclass(f$loadings)),
       Phi = if (!is.null(f$Phi)) mat(f$Phi) else NULL,
       communality = vec(f$communality),
       n_obs = f$n.obs, objective = f$objective, STATISTIC = f$STATISTIC,
       dof = f$dof, RMSEA = vec(f$RMSEA), TLI = f$TLI, BIC = f$BIC)
}

fa_poly <- function(x, k, rotate = "oblimin") {
  suppressWarnings(suppressMessages(
    psych::fa(x, nfactors = k, fm = "ml", rotate = rotate, cor = "poly")))
}

out <- list(
  `_meta` = meta(SCRIPT, PKGS, notes = list(
    reliability = paste(
      "rho = psych::polychoric(keyed)$rho; total, alpha_drop and item_stats from",
      "psych::alpha(rho) (a correlation matrix: raw = standardised alpha);",
      "fa_ml_loadings from psych::fa(rho, 1, fm = 'ml'); omega = sum(l)^2 /",
      "(sum(l)^2 + sum(u2)); psych_omega_tot = psych::omega(rho, 1)$omega.tot (observed",
      "sum(R) in the denominator; for information)."),
    keys = paste(
      "trust: T1..T7 with T7 as 6 - T7; distrust: D1..D4 with D4 as 6 - D4;",
      "bfi_agree: A1..A5 with A1 as 7 - A1; survey_f1: y1..y4 of ordinal_survey.csv."),
    parallel = paste(
      "psych::fa.parallel(x, cor = 'poly', fa = 'both', n.iter, plot = FALSE) after",
      "set.seed(seed): the observed pc_values (eigenvalues of the polychoric matrix) and",
      "fa_values (of the matrix with one-factor minres communalities on the diagonal) are",
      "deterministic; nfact/ncomp depend on the simulations (information only)."),
    fa = paste(
      "psych::fa(x, nfactors, fm = 'ml', rotate, cor = 'poly') on raw data (polychoric",
      "matrix, n.obs = nrow(x)). Factor columns as psych orders and signs them.")
  )),
  trust = reliability_record(trust),
  distrust = reliability_record(distrust),
  bfi_agree = reliability_record(agree),
  survey_f1 = reliability_record(f1),
  parallel_sample = parallel_record(trust_items[, c(paste0("T", 1:7), paste0("D", 1:4))],
                                    20240614),
  parallel_survey = parallel_record(survey[, paste0("y", 1:8)], 20240614),
  parallel_bfi25 = parallel_record(bfi25, 20240614, n_iter = 2),
  fa_sample_2 = fa_record(fa_poly(trust_items[, c(paste0("T", 1:7), paste0("D", 1:4))], 2)),
  fa_survey_2 = fa_record(fa_poly(survey[, paste0("y", 1:8)], 2)),
  fa_survey_2_varimax = fa_record(fa_poly(survey[, paste0("y", 1:8)], 2, "varimax")),
  fa_bfi25_5 = fa_record(fa_poly(bfi25, 5))
)
write_fixture(out, "ordinal_reliability")
