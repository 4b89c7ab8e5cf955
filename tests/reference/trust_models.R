## Reference fixtures for trustlab's trust x meeting-frequency analyses (issue 4):
## descriptives, tests, OLS / logit / lmer / clm with meeting frequency as an ordered
## category, adjacent (contr.sdif) contrasts with Holm and a broken-stick fit.
##
## Run from the repository root:
##     Rscript tests/reference/trust_models.R
## Reads data/sample/trustlab_sample.csv (the synthetic sample), scores it by hand (as the default
## codebook does) and writes the scored snapshot to tests/reference/data/trust_sample.csv and the
## results to tests/reference/fixtures/trust_sample.json. The Python tests read the snapshot, so a
## regenerated sample does not change them until this script is run again.

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
SCRIPT <- "tests/reference/trust_models.R"

## --------------------------------------------------------------------------
## Data: score the sample as the default codebook does
## --------------------------------------------------------------------------
raw <- read.csv(file.path(REF_DIR, "..", "..", "data", "sample", "trustlab_sample.csv"),
                na.strings = "", stringsAsFactors = FALSE)
score <- function(items, min_valid) {
  n_ans <- rowSums(!is.na(items))
  s <- rowMeans(items, na.rm = TRUE)
  s[n_ans < min_valid] <- NA
  s
}
t_items <- cbind(raw[, paste0("T", 1:6)], T7r = 6 - raw$T7)
d_items <- cbind(raw[, paste0("D", 1:3)], D4r = 6 - raw$D4)
FREQ <- c("minder dan 1 keer per jaar", "1-2 keer per jaar", "3-4 keer per jaar",
          "meer dan 4 keer per jaar")
PER_YEAR <- c(0.5, 1.5, 3.5, 6)
QUAD <- c("hoog vertrouwen, laag wantrouwen", "hoog vertrouwen, hoog wantrouwen",
          "laag vertrouwen, laag wantrouwen", "laag vertrouwen, hoog wantrouwen")
d <- data.frame(
  respondent_id = raw$respondent_id, network_id = raw$network_id,
  role = raw$role, org_type = raw$org_type, years_in_network = raw$years_in_network,
  meeting_frequency = raw$meeting_frequency,
  per_year = PER_YEAR[match(raw$meeting_frequency, FREQ)],
  trust = score(t_items, 4), distrust = score(d_items, 2),
  T1 = raw$T1, D1 = raw$D1, stringsAsFactors = FALSE
)
d$high_trust <- as.integer(d$trust > 3)
d$high_distrust <- as.integer(d$distrust > 3)
d$quadrant <- ifelse(d$high_trust == 1,
                     ifelse(d$high_distrust == 1, QUAD[2], QUAD[1]),
                     ifelse(d$high_distrust == 1, QUAD[4], QUAD[3]))
write_data(d, "trust_sample.csv")

ROLES <- c("trekker", "partner", "beleidsmaker", "ervaringsdeskundige")
ORGS <- c("lokaal bestuur", "welzijn en armoede", "cultuur sport jeugd", "andere")
d$meeting_frequency <- factor(d$meeting_frequency, levels = FREQ)
d$role <- factor(d$role, levels = ROLES)
d$org_type <- factor(d$org_type, levels = ORGS)
d$quadrant <- factor(d$quadrant, levels = QUAD)

## trustlab term names: variable[level] for factor dummies
tl_names <- function(nm, m) {
  for (v in names(m$xlevels)) {
    for (lev in m$xlevels[[v]]) nm[nm == paste0(v, lev)] <- paste0(v, "[", lev, "]")
  }
  nm
}
named <- function(v, m) setNames(as.numeric(v), tl_names(names(v), m))
se_of <- function(V) sqrt(diag(V))

## --------------------------------------------------------------------------
## 1. Descriptives
## --------------------------------------------------------------------------
wilson <- function(x, n) as.numeric(prop.test(x, n, correct = FALSE)$conf.int)
freq_n <- as.numeric(table(d$meeting_frequency))
freq_block <- list(
  levels = I(FREQ), n = arr(freq_n), percent = arr(100 * freq_n / sum(freq_n)),
  ci_low = arr(sapply(freq_n, function(x) wilson(x, sum(freq_n))[1])),
  ci_high = arr(sapply(freq_n, function(x) wilson(x, sum(freq_n))[2]))
)
share <- function(flag) {
  x <- sum(flag, na.rm = TRUE); n <- sum(!is.na(flag))
  list(count = x, n = n, estimate = x / n, wilson = arr(wilson(x, n)),
       exact = arr(binom.test(x, n)$conf.int))
}
xt <- table(d$meeting_frequency, d$quadrant)
group_stats <- function(y) {
  out <- lapply(FREQ, function(lev) {
    v <- y[d$meeting_frequency == lev & !is.na(y)]
    tt <- t.test(v)
    c(length(v), mean(v), sd(v), tt$conf.int)
  })
  m <- do.call(rbind, out)
  list(levels = I(FREQ), n = arr(m[, 1]), mean = arr(m[, 2]), sd = arr(m[, 3]),
       ci_low = arr(m[, 4]), ci_high = arr(m[, 5]))
}
desc <- list(
  frequency = freq_block,
  high_trust = share(d$high_trust), high_distrust = share(d$high_distrust),
  crosstab = list(counts = mat(unclass(xt)),
                  row_percent = mat(100 * unclass(prop.table(xt, 1)))),
  trust_by_frequency = group_stats(d$trust),
  distrust_by_frequency = group_stats(d$distrust)
)

## --------------------------------------------------------------------------
## 2. Tests
## --------------------------------------------------------------------------
cs <- suppressWarnings(chisq.test(xt, correct = FALSE))
cramer <- sqrt(unname(cs$statistic) / (sum(xt) * (min(dim(xt)) - 1)))
set.seed(20240101)
cs_mc <- chisq.test(xt, simulate.p.value = TRUE, B = 100000)
kw <- kruskal.test(trust ~ meeting_frequency, data = d)

## Jonckheere-Terpstra by hand: J = sum_{i<j} #(x_i < x_j) + 0.5 #(x_i == x_j);
## E = (N^2 - sum n^2) / 4; tie-corrected variance (Hollander & Wolfe 1999, eq. 6.19).
jt <- function(y, g) {
  ok <- !is.na(y); y <- y[ok]; g <- droplevels(g[ok])
  lv <- levels(g); k <- length(lv)
  J <- 0
  for (i in 1:(k - 1)) for (j in (i + 1):k) {
    a <- y[g == lv[i]]; b <- y[g == lv[j]]
    J <- J + sum(outer(a, b, "<")) + 0.5 * sum(outer(a, b, "=="))
  }
  N <- length(y); n <- as.numeric(table(g)); t <- as.numeric(table(y))
  E <- (N^2 - sum(n^2)) / 4
  V <- (N * (N - 1) * (2 * N + 5) - sum(n * (n - 1) * (2 * n + 5)) -
          sum(t * (t - 1) * (2 * t + 5))) / 72 +
    sum(n * (n - 1) * (n - 2)) * sum(t * (t - 1) * (t - 2)) / (36 * N * (N - 1) * (N - 2)) +
    sum(n * (n - 1)) * sum(t * (t - 1)) / (8 * N * (N - 1))
  z <- (J - E) / sqrt(V)
  list(statistic = J, mean = E, variance = V, z = z,
       p_two_sided = 2 * pnorm(-abs(z)), p_increasing = pnorm(z, lower.tail = FALSE),
       n = N)
}
ht_n <- as.numeric(tapply(d$high_trust, d$meeting_frequency, function(v) sum(!is.na(v))))
ht_x <- as.numeric(tapply(d$high_trust, d$meeting_frequency, sum, na.rm = TRUE))
ca <- prop.trend.test(ht_x, ht_n)
ca_py <- prop.trend.test(ht_x, ht_n, score = c(0.5, 1.5, 3.5, 6))  # meetings per year
tests <- list(
  chisq = list(statistic = unname(cs$statistic), df = unname(cs$parameter),
               p_value = cs$p.value, expected = mat(cs$expected), cramers_v = cramer,
               p_monte_carlo_B1e5 = cs_mc$p.value),
  kruskal = list(statistic = unname(kw$statistic), df = unname(kw$parameter),
                 p_value = kw$p.value),
  jonckheere = jt(d$trust, d$meeting_frequency),
  jonckheere_distrust = jt(d$distrust, d$meeting_frequency),
  cochran_armitage = list(x = arr(ht_x), n = arr(ht_n), statistic = unname(ca$statistic),
                          p_value = ca$p.value),
  cochran_armitage_per_year = list(statistic = unname(ca_py$statistic), p_value = ca_py$p.value)
)

## --------------------------------------------------------------------------
## 3. OLS with model, HC3 and network-clustered (HC1) SE
## --------------------------------------------------------------------------
ols_record <- function(m, cluster) {
  V <- vcov(m); V3 <- vcovHC(m, type = "HC3"); Vc <- vcovCL(m, cluster = cluster, type = "HC1")
  b <- coef(m); tc <- b / se_of(Vc)
  list(n_obs = nobs(m), df_residual = df.residual(m),
       n_clusters = length(unique(d$network_id[as.integer(rownames(model.frame(m)))])),
       terms = I(tl_names(names(b), m)),
       estimate = arr(b), se_model = arr(se_of(V)), se_HC3 = arr(se_of(V3)),
       se_cluster = arr(se_of(Vc)),
       ## what lmtest::coeftest(m, vcov = Vc) gives: t with the residual df
       p_cluster_resid_df = arr(2 * pt(-abs(tc), df.residual(m))),
       ci_cluster_resid_df_low = arr(b - qt(0.975, df.residual(m)) * se_of(Vc)),
       ci_cluster_resid_df_high = arr(b + qt(0.975, df.residual(m)) * se_of(Vc)),
       p_model = arr(summary(m)$coefficients[, 4]),
       sigma = sigma(m), r_squared = summary(m)$r.squared,
       adj_r_squared = summary(m)$adj.r.squared)
}
f_full <- ~ meeting_frequency + role + org_type + years_in_network
m_trust <- lm(update(f_full, trust ~ .), data = d)
m_distrust <- lm(update(f_full, distrust ~ .), data = d)
d$freq_ref34 <- relevel(d$meeting_frequency, ref = "3-4 keer per jaar")
m_trust_ref <- lm(trust ~ freq_ref34 + role + org_type + years_in_network, data = d)
m_trust_log <- lm(trust ~ log(per_year) + role + org_type + years_in_network, data = d)
m_trust_lin <- lm(trust ~ per_year + role + org_type + years_in_network, data = d)
ols <- list(
  trust = ols_record(m_trust, ~network_id), distrust = ols_record(m_distrust, ~network_id),
  trust_reference_3_4 = ols_record(m_trust_ref, ~network_id),
  trust_log_per_year = ols_record(m_trust_log, ~network_id),
  trust_per_year = ols_record(m_trust_lin, ~network_id)
)

## --------------------------------------------------------------------------
## 4. Logistic regression of high trust, AME and average predicted probabilities
## --------------------------------------------------------------------------
m_lg <- glm(high_trust ~ meeting_frequency + role + org_type + years_in_network,
            family = binomial, data = d)
b <- coef(m_lg); V <- vcov(m_lg); Vc <- vcovCL(m_lg, cluster = ~network_id, type = "HC1")
X <- model.matrix(m_lg)
set_level <- function(lev) {
  Xl <- X
  for (l in FREQ[-1]) Xl[, paste0("meeting_frequency", l)] <- as.numeric(l == lev)
  Xl
}
avg_pred <- function(Xl) {
  p <- plogis(drop(Xl %*% b))
  list(est = mean(p), grad = colMeans(p * (1 - p) * Xl))
}
pp <- lapply(FREQ, function(l) avg_pred(set_level(l)))
pp_est <- sapply(pp, `[[`, "est")
pp_se <- sapply(pp, function(z) sqrt(drop(t(z$grad) %*% V %*% z$grad)))
pp_se_cl <- sapply(pp, function(z) sqrt(drop(t(z$grad) %*% Vc %*% z$grad)))
ame_f <- lapply(2:4, function(i) list(est = pp[[i]]$est - pp[[1]]$est,
                                      grad = pp[[i]]$grad - pp[[1]]$grad))
p <- fitted(m_lg); dens <- p * (1 - p)
j <- which(names(b) == "years_in_network")
g_years <- colMeans(dens * outer(rep(1, nrow(X)), as.numeric(seq_along(b) == j)) +
                      b[j] * dens * (1 - 2 * p) * X)
ame_terms <- c(paste0("meeting_frequency[", FREQ[-1], "]"), "years_in_network")
ame_est <- c(sapply(ame_f, `[[`, "est"), mean(dens) * b[[j]])
ame_grads <- c(lapply(ame_f, `[[`, "grad"), list(g_years))
logit <- list(
  n_obs = nobs(m_lg), terms = I(tl_names(names(b), m_lg)), estimate = arr(b),
  se_model = arr(se_of(V)), se_HC3 = arr(se_of(vcovHC(m_lg, type = "HC3"))),
  se_cluster = arr(se_of(Vc)),
  p_model_z = arr(summary(m_lg)$coefficients[, 4]),
  p_cluster_z = arr(2 * pnorm(-abs(b / se_of(Vc)))),
  logLik = as.numeric(logLik(m_lg)), deviance = deviance(m_lg), aic = AIC(m_lg),
  ame_terms = I(ame_terms), ame = arr(ame_est),
  ame_se_model = arr(sapply(ame_grads, function(g) sqrt(drop(t(g) %*% V %*% g)))),
  ame_se_cluster = arr(sapply(ame_grads, function(g) sqrt(drop(t(g) %*% Vc %*% g)))),
  predicted_levels = I(FREQ), predicted = arr(pp_est),
  predicted_se_model = arr(pp_se), predicted_se_cluster = arr(pp_se_cl)
)

## --------------------------------------------------------------------------
## 5. Linear mixed model, random intercept per network
## --------------------------------------------------------------------------
lmm_rec <- function(m) {
  V <- as.matrix(vcov(m)); vc <- as.data.frame(VarCorr(m))
  list(terms = I(tl_names(names(fixef(m)), list(xlevels = list(
         meeting_frequency = FREQ, role = ROLES, org_type = ORGS)))),
       estimate = arr(fixef(m)), se = arr(sqrt(diag(V))),
       tau2 = vc$vcov[1], sigma2 = vc$vcov[2], logLik = as.numeric(logLik(m)),
       n_obs = nobs(m), n_groups = as.numeric(ngrps(m)))
}
lmm_full <- lmer(trust ~ meeting_frequency + role + org_type + years_in_network +
                   (1 | network_id), data = d, REML = TRUE)
lmm_null <- lmer(trust ~ 1 + (1 | network_id), data = d, REML = TRUE)
lmm_null_d <- lmer(distrust ~ 1 + (1 | network_id), data = d, REML = TRUE)
icc <- function(m) { v <- as.data.frame(VarCorr(m))$vcov; v[1] / (v[1] + v[2]) }
lmm <- list(trust = lmm_rec(lmm_full),
            trust_null = c(lmm_rec(lmm_null), list(icc = icc(lmm_null))),
            distrust_null = c(lmm_rec(lmm_null_d), list(icc = icc(lmm_null_d))))

## --------------------------------------------------------------------------
## 6. Proportional odds per item (clm) with nominal_test
## --------------------------------------------------------------------------
clm_rec <- function(item) {
  dd <- d[!is.na(d[[item]]), ]
  dd$y <- factor(dd[[item]], levels = sort(unique(dd[[item]])), ordered = TRUE)
  fm <- clm(y ~ meeting_frequency, data = dd)
  ## nominal_test() re-fits through update() and cannot see this function's data, so the
  ## nominal model is fitted directly (the same LRT as nominal_test for this one-term model)
  fm_nom <- clm(y ~ 1, nominal = ~meeting_frequency, data = dd)
  lrt <- 2 * (as.numeric(logLik(fm_nom)) - as.numeric(logLik(fm)))
  df_nom <- attr(logLik(fm_nom), "df") - attr(logLik(fm), "df")
  sc <- summary(fm)$coefficients
  list(n_obs = nobs(fm), terms = I(tl_names(rownames(sc), fm)),
       estimate = arr(sc[, 1]), se = arr(sc[, 2]), logLik = as.numeric(logLik(fm)),
       nominal_LRT = lrt, nominal_df = df_nom,
       nominal_p = pchisq(lrt, df_nom, lower.tail = FALSE),
       nominal_logLik = as.numeric(logLik(fm_nom)))
}
ordinal <- list(T1 = clm_rec("T1"), D1 = clm_rec("D1"))

## --------------------------------------------------------------------------
## 7. Threshold: adjacent contrasts (MASS::contr.sdif) with Holm; broken stick
## --------------------------------------------------------------------------
sdif_rec <- function(formula, cluster = NULL) {
  m <- lm(formula, data = d, contrasts = list(meeting_frequency = "contr.sdif"))
  idx <- 2:4
  b <- coef(m)[idx]
  V <- if (is.null(cluster)) vcov(m) else vcovCL(m, cluster = cluster, type = "HC1")
  se <- se_of(V)[idx]
  p <- 2 * pt(-abs(b / se), df.residual(m))
  list(estimate = arr(b), se = arr(se), p_value = arr(p),
       p_holm = arr(p.adjust(p, method = "holm")), df = df.residual(m))
}
## by hand for the no-covariate model: difference of adjacent means, pooled sd over the 4 groups
yy <- d$trust[!is.na(d$trust)]; gg <- d$meeting_frequency[!is.na(d$trust)]
mu <- tapply(yy, gg, mean); nn <- tapply(yy, gg, length)
s2 <- sum((yy - mu[gg])^2) / (length(yy) - 4)
hand_est <- diff(mu); hand_se <- sqrt(s2 * (1 / nn[-4] + 1 / nn[-1]))
hand_p <- 2 * pt(-abs(hand_est / hand_se), length(yy) - 4)
sd_plain <- sdif_rec(trust ~ meeting_frequency)
stopifnot(isTRUE(all.equal(as.numeric(hand_est), as.numeric(sd_plain$estimate), tolerance = 1e-12)),
          isTRUE(all.equal(as.numeric(hand_p), as.numeric(sd_plain$p_value), tolerance = 1e-10)))
## Welch t-tests between adjacent categories (for information)
welch_p <- sapply(1:3, function(i) t.test(yy[gg == FREQ[i + 1]], yy[gg == FREQ[i]])$p.value)

knots <- c(1.5, 3.5)
bs <- lapply(knots, function(k) {
  m <- lm(trust ~ per_year + I(pmax(per_year - k, 0)), data = d)
  list(knot = k, rss = sum(residuals(m)^2), coef = coef(m), se = se_of(vcov(m)))
})
best <- which.min(sapply(bs, `[[`, "rss"))
threshold <- list(
  sdif = sd_plain,
  sdif_covariates_cluster = sdif_rec(trust ~ meeting_frequency + role + org_type +
                                       years_in_network, cluster = ~network_id),
  welch_p = arr(welch_p), welch_p_holm = arr(p.adjust(welch_p, method = "holm")),
  broken_stick = list(knots = arr(knots), rss = arr(sapply(bs, `[[`, "rss")),
                      best_knot = knots[best],
                      coefficients = arr(bs[[best]]$coef), se = arr(bs[[best]]$se),
                      slope_after = sum(bs[[best]]$coef[2:3]))
)

fx <- list(
  `_meta` = meta(SCRIPT, PKGS, c(
    "Data: data/trust_sample.csv, scored here from data/sample/trustlab_sample.csv as the default codebook does: trust = mean of T1..T6 and 6 - T7 with at least 4 answered; distrust = mean of D1..D3 and 6 - D4 with at least 2 answered; high = mean > 3; quadrant from the two flags; per_year = 0.5, 1.5, 3.5, 6.",
    "Factor levels (first = reference): meeting_frequency as in the codebook (lowest first), role trekker..., org_type lokaal bestuur.... Terms are named variable[level] as trustlab does.",
    "descriptives: Wilson CIs from prop.test(x, n, correct = FALSE)$conf.int; exact from binom.test; group means with t.test(v)$conf.int (t with n - 1 df); crosstab rows = meeting frequency, columns = quadrant.",
    "chisq: chisq.test(table(meeting_frequency, quadrant), correct = FALSE); cramers_v = sqrt(X2 / (N (min(r, c) - 1))); p_monte_carlo_B1e5: simulate.p.value = TRUE, B = 1e5, set.seed(20240101) (compare within Monte Carlo error only).",
    "jonckheere: computed by hand (clinfun is not available): J = sum over ordered pairs of groups i < j of #(x_i < x_j) + 0.5 #(ties); mean (N^2 - sum n^2)/4; tie-corrected variance of Hollander & Wolfe; z = (J - mean)/sqrt(var), normal p-values.",
    "cochran_armitage: prop.trend.test(high-trust counts, n per category), scores 1..4; cochran_armitage_per_year: the same with score = meetings per year (0.5, 1.5, 3.5, 6), as trustlab's analyse() uses.",
    "ols: lm(); se_HC3 = vcovHC(type = 'HC3'); se_cluster = vcovCL(cluster = ~network_id, type = 'HC1'); p/CI from the cluster SE with t on the residual df (= lmtest::coeftest(m, vcov = vcovCL(...)), computed by hand since lmtest is not installed).",
    "logit: glm(binomial); se_cluster vcovCL HC1; AME of a meeting-frequency level = mean_i [p_i(level) - p_i(reference)] with every respondent set to the level (counterfactual); AME of years_in_network = mean p(1-p) * beta; predicted = mean_i p_i(level); delta-method SEs with the model and cluster vcov.",
    "lmm: lmer(REML = TRUE) with (1 | network_id); se from vcov(lmer); icc = tau00 / (tau00 + sigma^2) of the null model.",
    "ordinal: clm(ordered item ~ meeting_frequency) on rows with the item answered (item levels = observed values). Proportional-odds test: LRT against clm(item ~ 1, nominal = ~meeting_frequency) (what nominal_test gives); for T1 one cell is empty, so the nominal model has a diverging parameter (logLik still converges).",
    "threshold: lm(trust ~ meeting_frequency, contrasts = contr.sdif): coefficients 2..4 are differences of adjacent category means; p from t on residual df; p_holm = p.adjust(p, 'holm'). Checked in the script against the by-hand pooled-variance differences. sdif_covariates_cluster adds the covariates and uses vcovCL HC1. broken_stick: lm(trust ~ per_year + pmax(per_year - k, 0)) for knots k in {1.5, 3.5} (interior observed values), best = least RSS."
  )),
  descriptives = desc, tests = tests, ols = ols, logit = logit, lmm = lmm,
  ordinal = ordinal, threshold = threshold
)
write_fixture(fx, "trust_sample")
message("trust_models.R done")
