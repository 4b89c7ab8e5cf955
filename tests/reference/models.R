## Reference fixtures for trustlab's regression models and simple tests.
##
## Run from the repository root:
##     Rscript tests/reference/models.R
## Writes CSV data to tests/reference/data/ and JSON results to
## tests/reference/fixtures/. Needs only Debian-packaged R packages
## (r-cran-sandwich, r-cran-lme4, r-cran-ordinal, r-cran-mass, r-cran-jsonlite).

args_file <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
source(file.path(if (length(args_file)) dirname(args_file) else "tests/reference",
                 "helpers.R"))

suppressPackageStartupMessages({
  library(sandwich)
  library(lme4)
  library(ordinal)
  library(MASS)
})

PKGS <- c("sandwich", "lme4", "Matrix", "ordinal", "MASS", "stats", "jsonlite")
SCRIPT <- "tests/reference/models.R"
M <- function(notes = NULL) meta(SCRIPT, PKGS, notes)

se_of <- function(V) vec(sqrt(diag(V)))

## --------------------------------------------------------------------------
## Data
## --------------------------------------------------------------------------
data("PetersenCL", package = "sandwich")
pet <- PetersenCL
write_data(pet, "petersen_cl.csv")            # firm, year, x, y (5000 rows)

mt <- mtcars[, c("mpg", "am", "wt", "hp", "cyl")]
write_data(cbind(model = rownames(mt), mt), "mtcars.csv")

data("sleepstudy", package = "lme4")
ss <- sleepstudy
write_data(data.frame(Reaction = ss$Reaction, Days = ss$Days,
                      Subject = as.character(ss$Subject)), "sleepstudy.csv")

data("wine", package = "ordinal")
wn <- wine
write_data(data.frame(response = wn$response, rating = as.integer(as.character(wn$rating)),
                      temp = as.character(wn$temp), contact = as.character(wn$contact),
                      bottle = as.integer(as.character(wn$bottle)),
                      judge = as.integer(as.character(wn$judge))), "wine.csv")

aq <- airquality[, c("Ozone", "Month")]
write_data(aq, "airquality_ozone.csv")        # 153 rows, Ozone has 37 NA

## --------------------------------------------------------------------------
## 1. OLS with sandwich covariance (PetersenCL: y ~ x, cluster = firm)
## --------------------------------------------------------------------------
m_ols <- lm(y ~ x, data = pet)
V_model <- vcov(m_ols)
V_hc0 <- vcovHC(m_ols, type = "HC0")
V_hc1 <- vcovHC(m_ols, type = "HC1")
V_hc3 <- vcovHC(m_ols, type = "HC3")
V_cl1 <- vcovCL(m_ols, cluster = ~firm, type = "HC1")
V_cl0 <- vcovCL(m_ols, cluster = ~firm, type = "HC0")
V_cl2 <- vcovCL(m_ols, cluster = ~firm + year, type = "HC1")

ols_fx <- list(
  `_meta` = M(c(
    "Data: data/petersen_cl.csv (sandwich::PetersenCL, 5000 rows, 500 firms x 10 years).",
    "Model: lm(y ~ x). vcov_model = sigma^2 (X'X)^-1 with sigma^2 = RSS/(n-k).",
    "vcovHC(type = 'HC0'|'HC1'|'HC3'): HC1 = HC0 * n/(n-k); HC3 uses e_i^2/(1-h_ii)^2.",
    "vcovCL(m, cluster = ~firm, type = 'HC1'): sandwich with cluster sums of scores, scaled by G/(G-1) (cadjust = TRUE) * (n-1)/(n-k) (HC1). This equals Stata's 'vce(cluster firm)'. type = 'HC0' keeps only G/(G-1).",
    "vcovCL(m, cluster = ~firm + year, type = 'HC1'): two-way clustering (Cameron-Gelbach-Miller, multi0 = FALSE), each component with its own G/(G-1), then (n-1)/(n-k).",
    "Matrices are (Intercept), x in that order."
  )),
  n_obs = nrow(pet), n_clusters = length(unique(pet$firm)),
  coefficients = vec(coef(m_ols)),
  sigma = summary(m_ols)$sigma, r_squared = summary(m_ols)$r.squared,
  se = list(model = se_of(V_model), HC0 = se_of(V_hc0), HC1 = se_of(V_hc1),
            HC3 = se_of(V_hc3), CL_firm_HC1 = se_of(V_cl1),
            CL_firm_HC0 = se_of(V_cl0), CL_firm_year_HC1 = se_of(V_cl2)),
  vcov = list(model = mat(V_model), HC0 = mat(V_hc0), HC1 = mat(V_hc1),
              HC3 = mat(V_hc3), CL_firm_HC1 = mat(V_cl1),
              CL_firm_HC0 = mat(V_cl0), CL_firm_year_HC1 = mat(V_cl2))
)
write_fixture(ols_fx, "ols_sandwich")

## --------------------------------------------------------------------------
## 2. Logistic regression with cluster-robust SE and average marginal effects
## --------------------------------------------------------------------------
logit_block <- function(m, cluster = NULL, cont = NULL) {
  b <- coef(m)
  p <- fitted(m)
  X <- model.matrix(m)
  V <- vcov(m)
  out <- list(
    n_obs = nobs(m),
    coefficients = vec(b),
    se_model = se_of(V),
    vcov_model = mat(V),
    logLik = as.numeric(logLik(m)), deviance = deviance(m),
    null_deviance = m$null.deviance, aic = AIC(m),
    se_HC0 = se_of(vcovHC(m, type = "HC0")),
    se_HC1 = se_of(vcovHC(m, type = "HC1"))
  )
  if (!is.null(cluster)) {
    Vc <- vcovCL(m, cluster = cluster, type = "HC1")
    out$se_CL_HC1 <- se_of(Vc)
    out$vcov_CL_HC1 <- mat(Vc)
  }
  ## AME for continuous regressors: mean_i p_i (1 - p_i) * beta_j.
  ## Delta-method SE: gradient d AME / d beta = mean_i [ p(1-p) e_j +
  ##   beta_j p(1-p)(1-2p) x_i ], with the model covariance.
  dens <- p * (1 - p)
  ame <- list(); ame_se <- list(); ame_se_cl <- list()
  for (v in cont) {
    j <- which(names(b) == v)
    ej <- as.numeric(seq_along(b) == j)
    g <- colMeans(dens * (outer(rep(1, nrow(X)), ej)) +
                  b[j] * dens * (1 - 2 * p) * X)
    ame[[v]] <- mean(dens) * b[[j]]
    ame_se[[v]] <- sqrt(drop(t(g) %*% V %*% g))
    if (!is.null(cluster)) ame_se_cl[[v]] <- sqrt(drop(t(g) %*% Vc %*% g))
  }
  out$ame <- ame
  out$ame_se_delta_model <- ame_se
  if (!is.null(cluster)) out$ame_se_delta_CL_HC1 <- ame_se_cl
  out
}

pet$ybin <- as.integer(pet$y > 0)
m_logit_pet <- glm(ybin ~ x, family = binomial, data = pet)
m_logit_mt <- glm(am ~ wt + hp, family = binomial, data = mt)

logit_fx <- list(
  `_meta` = M(c(
    "petersen: glm(I(y > 0) ~ x, family = binomial) on data/petersen_cl.csv; cluster = ~firm.",
    "mtcars: glm(am ~ wt + hp, family = binomial) on data/mtcars.csv (no clustering).",
    "se_model: from vcov(glm) (inverse Fisher information, dispersion 1).",
    "vcovHC(type = 'HC0'/'HC1') for glm: HC1 = HC0 * n/(n-k). vcovCL(type = 'HC1'): G/(G-1) * (n-1)/(n-k) applied to the cluster sandwich (sandwich's default for glm as for lm).",
    "ame: average marginal effect of a continuous regressor = mean_i p_i (1 - p_i) * beta_j (logit link), computed by hand in R.",
    "ame_se_delta_*: delta method, gradient g = mean_i [ p_i(1-p_i) e_j + beta_j p_i(1-p_i)(1-2p_i) x_i ], se = sqrt(g' V g) with V = model vcov or vcovCL HC1."
  )),
  petersen = logit_block(m_logit_pet, cluster = ~firm, cont = "x"),
  mtcars = logit_block(m_logit_mt, cont = c("wt", "hp"))
)
write_fixture(logit_fx, "logit")

## --------------------------------------------------------------------------
## 3. Linear mixed models (lme4::lmer, sleepstudy)
## --------------------------------------------------------------------------
vc_record <- function(m) {
  vc <- as.data.frame(VarCorr(m))
  list(group = I(vc$grp), var1 = I(ifelse(is.na(vc$var1), "", vc$var1)),
       variance = arr(vc$vcov), sd = arr(vc$sdcor))
}
lmm_record <- function(m) {
  fe <- fixef(m)
  V <- as.matrix(vcov(m))
  list(
    REML = isREML(m),
    fixed_effects = vec(fe),
    fixed_se = vec(setNames(sqrt(diag(V)), names(fe))),
    vcov_fixed = mat(V),
    variance_components = vc_record(m),
    sigma = sigma(m),
    logLik = as.numeric(logLik(m)),
    df_logLik = attr(logLik(m), "df"),
    deviance_or_REMLcrit = if (isREML(m)) REMLcrit(m) else deviance(m),
    AIC = AIC(m), BIC = BIC(m),
    n_obs = nobs(m), n_groups = as.numeric(ngrps(m))
  )
}
m_reml <- lmer(Reaction ~ Days + (1 | Subject), data = ss, REML = TRUE)
m_ml <- lmer(Reaction ~ Days + (1 | Subject), data = ss, REML = FALSE)
m0_reml <- lmer(Reaction ~ 1 + (1 | Subject), data = ss, REML = TRUE)
m0_ml <- lmer(Reaction ~ 1 + (1 | Subject), data = ss, REML = FALSE)
icc <- function(m) {
  v <- as.data.frame(VarCorr(m))$vcov
  v[1] / (v[1] + v[2])
}
lmm_fx <- list(
  `_meta` = M(c(
    "Data: data/sleepstudy.csv (lme4::sleepstudy, 180 rows, 18 subjects).",
    "random_intercept: lmer(Reaction ~ Days + (1 | Subject)); null: lmer(Reaction ~ 1 + (1 | Subject)); each fitted with REML = TRUE and REML = FALSE.",
    "variance_components rows: Subject (Intercept) then Residual; variance and sd.",
    "deviance_or_REMLcrit: REMLcrit(m) (= -2 * REML logLik) for REML fits, deviance(m) (= -2 * logLik) for ML fits.",
    "logLik for REML fits is the REML log-likelihood (lme4 convention, includes the constant); df_logLik = number of parameters (fixed + variance).",
    "AIC/BIC use the corresponding logLik (REML or ML).",
    "Optimizer: lme4 default for lmer (nloptwrap / BOBYQA); variance parameters converge to ~1e-6 relative, so compare with rtol ~1e-5.",
    "icc = tau00 / (tau00 + sigma^2) from the null model's variance components."
  )),
  random_intercept_REML = lmm_record(m_reml),
  random_intercept_ML = lmm_record(m_ml),
  null_REML = c(lmm_record(m0_reml), list(icc = icc(m0_reml))),
  null_ML = c(lmm_record(m0_ml), list(icc = icc(m0_ml)))
)
write_fixture(lmm_fx, "lmm_sleepstudy")

## --------------------------------------------------------------------------
## 4. Ordinal regression (ordinal::clm and MASS::polr, wine)
## --------------------------------------------------------------------------
fm_clm <- clm(rating ~ temp + contact, data = wn)
sc <- summary(fm_clm)$coefficients
nt <- nominal_test(fm_clm)
st <- scale_test(fm_clm)
test_table <- function(t) {
  list(terms = I(rownames(t)), Df = arr(t$Df), logLik = arr(t$logLik),
       AIC = arr(t$AIC), LRT = arr(t$LRT), p_value = arr(t$`Pr(>Chi)`))
}
fm_polr <- polr(rating ~ temp + contact, data = wn, Hess = TRUE, method = "logistic")
V_polr <- vcov(fm_polr)

ord_fx <- list(
  `_meta` = M(c(
    "Data: data/wine.csv (ordinal::wine, 72 rows); rating is ordered 1 < 2 < 3 < 4 < 5, temp levels cold/warm, contact levels no/yes (first = reference).",
    "clm: ordinal::clm(rating ~ temp + contact), logit link, flexible thresholds. Model: logit P(Y <= j) = theta_j - x'beta.",
    "clm.coefficients: thresholds '1|2'..'4|5' then tempwarm, contactyes; se/z/p from summary(clm) (observed information / Hessian).",
    "nominal_test / scale_test: likelihood-ratio tests of relaxing proportional odds (nominal effects) / adding scale effects for each term; first row <none> is the base model.",
    "polr: MASS::polr(rating ~ temp + contact, Hess = TRUE, method = 'logistic'); same parametrisation: logit P(Y <= j) = zeta_j - eta. Optimised by optim(BFGS), so agreement with clm is ~1e-4 to 1e-6, not exact."
  )),
  n_obs = nrow(wn),
  clm = list(
    coefficients = vec(coef(fm_clm)),
    thresholds = vec(fm_clm$alpha), beta = vec(fm_clm$beta),
    se = vec(setNames(sc[, "Std. Error"], rownames(sc))),
    z = vec(setNames(sc[, "z value"], rownames(sc))),
    p_value = vec(setNames(sc[, "Pr(>|z|)"], rownames(sc))),
    vcov = mat(vcov(fm_clm)),
    logLik = as.numeric(logLik(fm_clm)), df_logLik = attr(logLik(fm_clm), "df"),
    AIC = AIC(fm_clm), nobs = nobs(fm_clm),
    convergence_code = fm_clm$convergence$code,
    nominal_test = test_table(nt),
    scale_test = test_table(st)
  ),
  polr = list(
    coefficients = vec(coef(fm_polr)), zeta = vec(fm_polr$zeta),
    se = se_of(V_polr), vcov = mat(V_polr),
    logLik = as.numeric(logLik(fm_polr)), deviance = deviance(fm_polr),
    AIC = AIC(fm_polr), convergence = fm_polr$convergence
  )
)
write_fixture(ord_fx, "ordinal_wine")

## --------------------------------------------------------------------------
## 5. Simple tests: chi-square, Kruskal-Wallis, binomial / proportion CIs, trend
## --------------------------------------------------------------------------
htest <- function(h) {
  out <- list(statistic = unname(h$statistic), parameter = if (!is.null(h$parameter)) vec(h$parameter),
              p_value = h$p.value, method = h$method)
  if (!is.null(h$conf.int)) out$conf_int <- arr(h$conf.int)
  if (!is.null(h$estimate)) out$estimate <- vec(h$estimate)
  if (!is.null(h$expected)) out$expected <- mat(h$expected)
  out[!vapply(out, is.null, logical(1))]
}

tab22 <- matrix(c(20, 15, 10, 25), nrow = 2,
                dimnames = list(group = c("g1", "g2"), outcome = c("yes", "no")))
tab23 <- matrix(c(12, 5, 7, 9, 3, 10), nrow = 2,
                dimnames = list(group = c("g1", "g2"), answer = c("a", "b", "c")))
smokers <- c(83, 90, 129, 70); patients <- c(86, 93, 136, 82)

tests_fx <- list(
  `_meta` = M(c(
    "chisq_2x2: chisq.test(matrix(c(20, 15, 10, 25), 2)) i.e. rows g1 = (yes 20, no 10), g2 = (yes 15, no 25); correct = FALSE (Pearson) and correct = TRUE (Yates) both recorded.",
    "chisq_2x3: chisq.test(matrix(c(12, 5, 7, 9, 3, 10), 2), correct = FALSE) i.e. rows g1 = (12, 7, 3), g2 = (5, 9, 10) (R fills column-wise). expected contains some cells < 5 (R warns); values are still exact Pearson.",
    "kruskal: kruskal.test(Ozone ~ Month, data = airquality); data/airquality_ozone.csv, rows with NA Ozone dropped (116 used). Statistic is tie-corrected.",
    "binom: binom.test(166, 231, p = 0.5): exact Clopper-Pearson 95% CI, two-sided exact p-value (R sums probabilities <= d(x) * (1 + 1e-7)).",
    "prop_wilson: prop.test(166, 231, p = 0.5, correct = FALSE): Wilson score CI; statistic is the score chi-square. prop_wilson_cc: correct = TRUE (continuity-corrected Wilson).",
    "trend: prop.trend.test(x = c(83, 90, 129, 70), n = c(86, 93, 136, 82)) (example from R's ?prop.trend.test), scores 1:4 by default; also with score = c(0, 1, 2, 5). This is the chi-square test for trend in proportions (Cochran-Armitage, variance with N, i.e. chi-square = Z^2 with p(1-p) from the pooled proportion and denominator N not N-1)."
  )),
  chisq_2x2_pearson = c(list(table = mat(tab22)), htest(chisq.test(tab22, correct = FALSE))),
  chisq_2x2_yates = htest(chisq.test(tab22, correct = TRUE)),
  chisq_2x3 = c(list(table = mat(tab23)), suppressWarnings(htest(chisq.test(tab23, correct = FALSE)))),
  kruskal = c(list(n_used = sum(!is.na(aq$Ozone))), htest(kruskal.test(Ozone ~ Month, data = aq))),
  binom = htest(binom.test(166, 231, p = 0.5)),
  prop_wilson = htest(prop.test(166, 231, p = 0.5, correct = FALSE)),
  prop_wilson_cc = htest(prop.test(166, 231, p = 0.5, correct = TRUE)),
  trend = c(list(x = arr(smokers), n = arr(patients), score = arr(1:4)),
            htest(prop.trend.test(smokers, patients))),
  trend_scores = c(list(x = arr(smokers), n = arr(patients), score = arr(c(0, 1, 2, 5))),
                   htest(prop.trend.test(smokers, patients, score = c(0, 1, 2, 5))))
)
write_fixture(tests_fx, "simple_tests")

message("models.R done")
