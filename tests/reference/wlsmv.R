## Reference fixtures for trustlab's ordinal CFA with WLSMV (issue 14):
## lavaan::cfa(model, data, ordered = TRUE, estimator = "WLSMV") in lavaan 0.6-14,
## with the sample statistics behind it (thresholds, polychorics, NACOV).
##
## Run from the repository root (after polychoric.R, whose data it reads):
##     Rscript tests/reference/wlsmv.R
## Writes fixtures/wlsmv.json. Deterministic.

args_file <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
source(file.path(if (length(args_file)) dirname(args_file) else "tests/reference",
                 "helpers.R"))
suppressPackageStartupMessages(library(lavaan))

PKGS <- c("lavaan", "jsonlite")
SCRIPT <- "tests/reference/wlsmv.R"

trust_items <- utils::read.csv(file.path(DATA_DIR, "trust_items.csv"))
trust_items$T7r <- 6 - trust_items$T7
trust_items$D4r <- 6 - trust_items$D4
survey <- utils::read.csv(file.path(DATA_DIR, "ordinal_survey.csv"))
bfi25 <- utils::read.csv(file.path(DATA_DIR, "bfi25.csv"))
bfi25$A1r <- 7 - bfi25$A1
bfi25$C4r <- 7 - bfi25$C4
bfi25$C5r <- 7 - bfi25$C5

MEASURES <- c("npar", "fmin", "chisq", "df", "pvalue", "chisq.scaled", "df.scaled",
              "pvalue.scaled", "chisq.scaling.factor", "baseline.chisq", "baseline.df",
              "baseline.pvalue", "baseline.chisq.scaled", "baseline.df.scaled",
              "baseline.pvalue.scaled", "baseline.chisq.scaling.factor", "cfi", "tli",
              "cfi.scaled", "tli.scaled", "cfi.robust", "tli.robust", "rmsea",
              "rmsea.ci.lower", "rmsea.ci.upper", "rmsea.pvalue", "rmsea.scaled",
              "rmsea.ci.lower.scaled", "rmsea.ci.upper.scaled", "rmsea.pvalue.scaled",
              "rmsea.robust", "rmsea.ci.lower.robust", "rmsea.ci.upper.robust",
              "rmsea.pvalue.robust", "srmr", "ntotal")

record <- function(model, data, std.lv = FALSE) {
  fit <- cfa(model, data, ordered = TRUE, estimator = "WLSMV", std.lv = std.lv)
  pe <- parameterEstimates(fit)
  ss <- standardizedSolution(fit)
  ss <- ss[ss$op %in% c("=~", "~~") & !(ss$op == "~~" & ss$lhs != ss$rhs &
                                         !(ss$lhs %in% lavNames(fit, "lv"))), ]
  tst <- lavInspect(fit, "test")
  list(
    fit = vec(fitMeasures(fit, MEASURES)),
    shift = tst$scaled.shifted$shift.parameter,
    params = list(lhs = I(pe$lhs), op = I(pe$op), rhs = I(pe$rhs), est = I(pe$est),
                  se = I(pe$se), z = I(pe$z), pvalue = I(pe$pvalue)),
    std_all = list(lhs = I(ss$lhs), op = I(ss$op), rhs = I(ss$rhs), est = I(ss$est.std),
                   se = I(ss$se)),
    wls_obs = arr(lavInspect(fit, "wls.obs")),
    gamma = mat(lavInspect(fit, "gamma")),
    th = arr(lavInspect(fit, "sampstat")$th),
    cor = mat(lavInspect(fit, "sampstat")$cov),
    nobs = lavInspect(fit, "nobs")
  )
}

trust_model <- paste("trust =~ T1 + T2 + T3 + T4 + T5 + T6 + T7r",
                     "distrust =~ D1 + D2 + D3 + D4r", sep = "\n")
survey_model <- "f1 =~ y1 + y2 + y3 + y4\n f2 =~ y5 + y6 + y7 + y8"
bfi_model <- "agree =~ A1r + A2 + A3 + A4 + A5\n consc =~ C1 + C2 + C3 + C4r + C5r"

out <- list(
  `_meta` = meta(SCRIPT, PKGS, notes = list(
    call = paste(
      "cfa(model, data, ordered = TRUE, estimator = 'WLSMV') (DWLS, robust.sem SEs,",
      "scaled.shifted test, delta parameterization, listwise deletion)."),
    data = paste(
      "trust: data/trust_items.csv with T7r = 6 - T7, D4r = 6 - D4 (two factors);",
      "survey: data/ordinal_survey.csv y1..y8 (groups ignored); bfi: data/bfi25.csv",
      "A1r = 7 - A1, C4r = 7 - C4, C5r = 7 - C5 (two factors); trust_std_lv with",
      "std.lv = TRUE."),
    contents = paste(
      "fit: fitMeasures; shift: the scaled.shifted shift parameter; params:",
      "parameterEstimates; std_all: standardizedSolution (loadings, variances,",
      "factor covariances); wls_obs: the sample thresholds and polychorics in",
      "lavaan's order; gamma: NACOV (N times the asymptotic covariance); th, cor:",
      "sampstat.")
  )),
  trust = record(trust_model, trust_items),
  trust_std_lv = record(trust_model, trust_items, std.lv = TRUE),
  survey = record(survey_model, survey),
  bfi = record(bfi_model, bfi25)
)
write_fixture(out, "wlsmv")
