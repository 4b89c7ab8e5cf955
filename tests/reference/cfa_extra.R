## Extra reference fixtures for trustlab.cfa (lavaan::cfa), beyond cfa_holzinger.json:
## a one-factor model and its chi-square difference test against the three-factor
## model, 2-item factors, a just-identified (df = 0) model and listwise deletion.
##
## Run from the repository root:
##     Rscript tests/reference/cfa_extra.R
## Reads data/holzinger9.csv, writes data/holzinger9_na.csv and
## fixtures/cfa_extra.json. Deterministic (no randomness).

args_file <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
source(file.path(if (length(args_file)) dirname(args_file) else "tests/reference",
                 "helpers.R"))

suppressPackageStartupMessages(library(lavaan))

PKGS <- c("lavaan", "jsonlite")
SCRIPT <- "tests/reference/cfa_extra.R"

hs9 <- utils::read.csv(file.path(DATA_DIR, "holzinger9.csv"))

## Deterministic missing values for the listwise case.
hs9_na <- hs9
hs9_na$x2[seq(3, nrow(hs9), by = 17)] <- NA
hs9_na$x7[seq(10, nrow(hs9), by = 23)] <- NA
hs9_na$x9[seq(5, nrow(hs9), by = 41)] <- NA
write_data(hs9_na, "holzinger9_na.csv")

FM <- c("npar", "fmin", "chisq", "df", "pvalue", "baseline.chisq",
        "baseline.df", "baseline.pvalue", "cfi", "tli", "logl",
        "unrestricted.logl", "aic", "bic", "bic2", "ntotal", "rmsea",
        "rmsea.ci.lower", "rmsea.ci.upper", "rmsea.pvalue", "srmr")

df_cols <- function(d) {
  lapply(d, function(col) if (is.numeric(col)) arr(col) else I(as.character(col)))
}

cfa_record <- function(fit) {
  fm <- fitMeasures(fit, FM)
  pe <- parameterEstimates(fit, ci = TRUE)
  pe <- pe[, c("lhs", "op", "rhs", "est", "se", "z", "pvalue", "ci.lower", "ci.upper")]
  ss <- standardizedSolution(fit)
  ss <- ss[, c("lhs", "op", "rhs", "est.std", "se", "z", "pvalue")]
  list(
    fit_measures = vec(fm),
    parameter_estimates = df_cols(pe),
    standardized_solution = df_cols(ss)
  )
}

m1 <- "g =~ x1 + x2 + x3 + x4 + x5 + x6 + x7 + x8 + x9"
m3 <- "visual  =~ x1 + x2 + x3
       textual =~ x4 + x5 + x6
       speed   =~ x7 + x8 + x9"
m_two_item <- "visual  =~ x1 + x2
               textual =~ x4 + x5
               speed   =~ x7 + x8"
m_just <- "textual =~ x4 + x5 + x6"

fit1 <- cfa(m1, data = hs9)
fit3 <- cfa(m3, data = hs9)
fit_two <- cfa(m_two_item, data = hs9)
fit_just <- cfa(m_just, data = hs9, std.lv = TRUE)
fit_na <- cfa(m3, data = hs9_na)  # lavaan default for ML: missing = "listwise"

lrt <- lavTestLRT(fit1, fit3)
lrt_rec <- list(
  models = I(rownames(lrt)),
  Df = arr(lrt[["Df"]]),
  AIC = arr(lrt[["AIC"]]),
  BIC = arr(lrt[["BIC"]]),
  Chisq = arr(lrt[["Chisq"]]),
  Chisq_diff = arr(lrt[["Chisq diff"]]),
  Df_diff = arr(lrt[["Df diff"]]),
  Pr = arr(lrt[["Pr(>Chisq)"]])
)

fx <- list(
  `_meta` = meta(SCRIPT, PKGS, c(
    "Data: data/holzinger9.csv (301 rows); listwise: data/holzinger9_na.csv, the same data with x2[seq(3, 301, by = 17)], x7[seq(10, 301, by = 23)] and x9[seq(5, 301, by = 41)] set to NA.",
    "Default lavaan ML (normal likelihood, S with divisor N, expected information). chisq = N * F_ML.",
    "one_factor: g =~ x1..x9 (marker). three_factor is the model of cfa_holzinger.json; lrt = lavTestLRT(one_factor, three_factor): rows are the models in order of df (three_factor first), Chisq diff = difference of the chisq, Pr = pchisq(diff, Df diff, lower.tail = FALSE).",
    "two_item: three factors with two items each (marker); identified only because the factors correlate.",
    "just_identified: textual =~ x4 + x5 + x6 with std.lv = TRUE: df = 0, chisq = 0; lavaan reports rmsea 0, cfi = tli = 1, pvalue NA.",
    "listwise: the three-factor model on holzinger9_na.csv; lavaan drops incomplete rows (missing = 'listwise'), ntotal is the complete-case count.",
    "p-values: 2 * (1 - pnorm(|z|)), imprecise in relative terms for |z| > 7; compare with an absolute tolerance."
  )),
  one_factor = c(list(model = m1, call = "lavaan::cfa(model, data = x)"), cfa_record(fit1)),
  lrt = lrt_rec,
  two_item = c(list(model = m_two_item, call = "lavaan::cfa(model, data = x)"), cfa_record(fit_two)),
  just_identified = c(list(model = m_just, call = "lavaan::cfa(model, data = x, std.lv = TRUE)"),
                      cfa_record(fit_just)),
  listwise = c(list(model = m3, call = "lavaan::cfa(model, data = x_na)",
                    n_rows = nrow(hs9_na), n_complete = sum(complete.cases(hs9_na))),
               cfa_record(fit_na))
)
write_fixture(fx, "cfa_extra")
message("cfa_extra.R done")
