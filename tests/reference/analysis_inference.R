## Reference fixtures for what trustlab.analyse() reports with a cluster (issues 13 and 14 in the
## analysis): per scale, exactly the models analyse() fits, with the few-cluster-safe inference
## (clubSandwich CR2 + Satterthwaite, HTZ), lmerTest/performance for the mixed model, multilevel's
## agreement indices and the within-between decomposition. Two studies: the bundled sample
## (scales trust and distrust, network_id) and the "teams" study of any_study.R (cohesion and
## conflict, team; another codebook, other names).
##
## Run from the repository root (after trust_models.R and any_study.R):
##     Rscript tests/reference/analysis_inference.R
## Reads data/trust_sample.csv, data/trust_items_networks.csv and data/study_teams.csv; writes
## fixtures/analysis_inference.json.

args_file <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
source(file.path(if (length(args_file)) dirname(args_file) else "tests/reference",
                 "helpers.R"))

suppressPackageStartupMessages({
  library(clubSandwich)
  library(lme4)
  library(lmerTest)
  library(pbkrtest)
  library(performance)
  library(multilevel)
})

PKGS <- c("clubSandwich", "lme4", "lmerTest", "pbkrtest", "performance", "insight",
          "multilevel", "stats", "jsonlite")
SCRIPT <- "tests/reference/analysis_inference.R"

GLM_CONTROL <- glm.control(epsilon = 1e-15, maxit = 200)
glm_converged <- function(formula, data) {
  g <- glm(formula, family = binomial, data = data, control = GLM_CONTROL)
  glm(formula, family = binomial, data = data, start = coef(g), control = GLM_CONTROL)
}
tl_names <- function(nm, levels) {
  for (v in names(levels)) for (lev in levels[[v]]) {
    nm[nm == paste0(v, lev)] <- paste0(v, "[", lev, "]")
  }
  nm
}
factor_levels <- function(data) Filter(Negate(is.null), lapply(data, levels))

## --------------------------------------------------------------------------
## Data
## --------------------------------------------------------------------------
FREQ <- c("minder dan 1 keer per jaar", "1-2 keer per jaar", "3-4 keer per jaar",
          "meer dan 4 keer per jaar")
ts <- read.csv(file.path(DATA_DIR, "trust_sample.csv"), stringsAsFactors = FALSE)
ts$meeting_frequency <- factor(ts$meeting_frequency, levels = FREQ)
ts$role <- factor(ts$role, levels = c("trekker", "partner", "beleidsmaker",
                                      "ervaringsdeskundige"))
ts$org_type <- factor(ts$org_type, levels = c("lokaal bestuur", "welzijn en armoede",
                                              "cultuur sport jeugd", "andere"))
items_ts <- read.csv(file.path(DATA_DIR, "trust_items_networks.csv"), stringsAsFactors = FALSE)
stopifnot(identical(items_ts$respondent_id, ts$respondent_id))
items_ts$T7 <- 6 - items_ts$T7
items_ts$D4 <- 6 - items_ts$D4

TEAM_LEVELS <- c("maandelijks", "tweewekelijks", "wekelijks", "tweemaal per week")
tm <- read.csv(file.path(DATA_DIR, "study_teams.csv"), stringsAsFactors = FALSE)
for (col in c(paste0("k", 1:6), paste0("x", 1:4))) tm[[col]][tm[[col]] == 99] <- NA
tm$overleg <- factor(tm$overleg, levels = TEAM_LEVELS)
tm$per_month <- c(1, 2, 4, 8)[as.integer(tm$overleg)]
tm$functie <- factor(tm$functie, levels = sort(unique(tm$functie)))
tm$k6 <- 6 - tm$k6
score <- function(items) {
  s <- rowMeans(items, na.rm = TRUE)
  s[rowSums(!is.na(items)) < ceiling(ncol(items) / 2)] <- NA
  s
}
tm$cohesion <- score(tm[, paste0("k", 1:6)])
tm$conflict <- score(tm[, paste0("x", 1:4)])
tm$high_cohesion <- as.integer(tm$cohesion > 3)
tm$high_conflict <- as.integer(tm$conflict > 3)

## --------------------------------------------------------------------------
## Few-cluster inference: clubSandwich CR2, Satterthwaite, HTZ
## --------------------------------------------------------------------------
coef_record <- function(m, cluster) {
  lv <- if (inherits(m, "glm") || inherits(m, "lm")) m$xlevels else list()
  V <- vcovCR(m, cluster = cluster, type = "CR2")
  ct <- coef_test(m, vcov = V, test = "Satterthwaite")
  ci <- conf_int(m, vcov = V, level = 0.95, test = "Satterthwaite")
  list(terms = I(tl_names(names(coef(m)), lv)), estimate = arr(coef(m)), se = arr(ct$SE),
       df = arr(ct$df_Satt), p = arr(ct$p_Satt), ci_low = arr(ci$CI_L), ci_high = arr(ci$CI_U),
       se_CR1S = arr(sqrt(diag(vcovCR(m, cluster = cluster, type = "CR1S")))))
}
wald_record <- function(m, cluster, exposure) {
  terms <- tl_names(names(coef(m)), m$xlevels)
  dummies <- which(startsWith(terms, paste0(exposure, "[")))
  w <- Wald_test(m, constraints = constrain_zero(dummies),
                 vcov = vcovCR(m, cluster = cluster, type = "CR2"), test = "HTZ")
  list(F = w$Fstat, delta = w$delta, df_num = w$df_num, df_denom = w$df_denom, p = w$p_val)
}
## adjacent steps of the exposure in lm(y ~ exposure): backward differences of the dummies
adjacent_record <- function(m, cluster, exposure) {
  b <- coef(m)
  lev <- m$xlevels[[exposure]]
  L <- matrix(0, length(lev) - 1, length(b))
  for (i in seq_len(nrow(L))) {
    L[i, i + 1] <- 1
    if (i > 1) L[i, i] <- -1
  }
  lc <- linear_contrast(m, vcov = vcovCR(m, cluster = cluster, type = "CR2"), contrasts = L,
                        test = "Satterthwaite", p_values = TRUE)
  list(contrast = I(paste(lev[-1], "-", lev[-length(lev)])), estimate = arr(lc$Est),
       se = arr(lc$SE), df = arr(lc$df), p = arr(lc$p_val), p_holm = arr(p.adjust(lc$p_val,
       "holm")), ci_low = arr(lc$CI_L), ci_high = arr(lc$CI_U))
}

## --------------------------------------------------------------------------
## The mixed model: lmerTest, pbkrtest, performance; the ML likelihood-ratio test
## --------------------------------------------------------------------------
mixed_record <- function(formula, data, exposure, group) {
  m <- lmerTest::lmer(formula, data = data, REML = TRUE)
  b <- fixef(m)
  terms <- tl_names(names(b), factor_levels(m@frame))
  s <- summary(m)$coefficients
  ci <- contest(m, diag(length(b)), joint = FALSE, confint = TRUE)
  dummies <- which(startsWith(terms, paste0(exposure, "[")))
  L <- diag(length(b))[dummies, , drop = FALSE]
  cmd <- contestMD(m, L)
  cmd_kr <- contestMD(m, L, ddf = "Kenward-Roger")
  singular <- lme4::isSingular(m)
  ## performance gives no R2 and no ICC for a singular fit (tau2 = 0): NA here
  r2 <- if (singular) list(R2_marginal = NA, R2_conditional = NA) else
    suppressWarnings(performance::r2_nakagawa(m))
  dev <- lmer(formula, data = data, REML = TRUE, devFunOnly = TRUE)
  opt <- optimize(dev, c(0, 20), tol = 1e-12)
  f <- function(t) dev(t) - opt$objective - qchisq(0.95, 1)
  lo <- if (f(0) <= 0) 0 else uniroot(f, c(0, opt$minimum), tol = 1e-13)$root
  hi <- uniroot(f, c(opt$minimum, 50), tol = 1e-13)$root
  rhs <- attr(terms(formula), "term.labels")
  fixed <- setdiff(rhs[!grepl("\\|", rhs)], exposure)
  f0 <- reformulate(c(if (length(fixed)) fixed else "1", paste0("(1 | ", group, ")")),
                    response = all.vars(formula)[1])
  m1 <- lme4::lmer(formula, data = data, REML = FALSE)
  m0 <- lme4::lmer(f0, data = data, REML = FALSE)
  lrt <- anova(m0, m1)
  list(terms = I(terms), n_obs = nobs(m), estimate = arr(b), se = arr(s[, "Std. Error"]),
       df = arr(s[, "df"]), p = arr(s[, "Pr(>|t|)"]), ci_low = arr(ci[, "lower"]),
       ci_high = arr(ci[, "upper"]),
       exposure_F = list(F = cmd[["F value"]], num_df = cmd[["NumDF"]], den_df = cmd[["DenDF"]],
                         p = cmd[["Pr(>F)"]]),
       exposure_F_kr = list(F = cmd_kr[["F value"]], num_df = cmd_kr[["NumDF"]],
                            den_df = cmd_kr[["DenDF"]], p = cmd_kr[["Pr(>F)"]]),
       r2_marginal = unname(r2$R2_marginal), r2_conditional = unname(r2$R2_conditional),
       singular = singular,
       icc_adjusted = if (singular) NA else unname(performance::icc(m)$ICC_adjusted),
       icc_ci = arr((c(lo, hi)^2) / (1 + c(lo, hi)^2)),
       lrt = list(chisq = lrt$Chisq[2], df = lrt$Df[2], p = lrt[["Pr(>Chisq)"]][2],
                  loglik_null = as.numeric(logLik(m0)), loglik_full = as.numeric(logLik(m1))))
}

mundlak_record <- function(data, y, x, group, covariates) {
  data <- data[complete.cases(data[, c(y, x, group, covariates)]), ]
  data$x_between <- ave(data[[x]], data[[group]])
  data$x_within <- data[[x]] - data$x_between
  f <- reformulate(c("x_within", "x_between", covariates, paste0("(1 | ", group, ")")),
                   response = y)
  m <- lmerTest::lmer(f, data = data, REML = TRUE)
  b <- fixef(m)
  s <- summary(m)$coefficients
  L <- rep(0, length(b)); L[names(b) == "x_between"] <- 1; L[names(b) == "x_within"] <- -1
  ctx <- contest(m, L, joint = FALSE, confint = TRUE)
  rows <- c("x_within", "x_between")
  list(estimate = arr(c(b[rows], ctx$Estimate)),
       se = arr(c(s[rows, "Std. Error"], ctx[["Std. Error"]])),
       df = arr(c(s[rows, "df"], ctx$df)), p = arr(c(s[rows, "Pr(>|t|)"], ctx[["Pr(>|t|)"]])))
}

## --------------------------------------------------------------------------
## Agreement: multilevel's ICC1, ICC2, rwg.j (uniform null for A points) and awg
## --------------------------------------------------------------------------
agreement_record <- function(score, items, group, points) {
  keep <- !is.na(score)
  a <- aov(score[keep] ~ factor(group[keep]))
  icc1 <- multilevel::ICC1(a)
  rw <- multilevel::rwg.j(items, group, ranvar = (points^2 - 1) / 12)
  aw <- multilevel::awg(items, group, range = c(1, points))
  complete <- complete.cases(items)
  means <- tapply(score[complete], group[complete], mean)
  list(icc1 = icc1, icc2 = multilevel::ICC2(a),
       k_for_070 = 0.7 * (1 - icc1) / (icc1 * 0.3),
       group = I(as.character(rw$grpid)), rwg_j = arr(rw$rwg.j), n = arr(rw$gsize),
       mean = arr(means[as.character(rw$grpid)]),
       rwg_mean = mean(rw$rwg.j, na.rm = TRUE), rwg_median = median(rw$rwg.j, na.rm = TRUE),
       awg_group = I(as.character(aw$grpid)), awg = arr(aw$a.wg),
       awg_mean = mean(aw$a.wg, na.rm = TRUE))
}

## --------------------------------------------------------------------------
## One scale as analyse() runs it
## --------------------------------------------------------------------------
scale_record <- function(d, y, exposure, score_col, covariates, cluster, items, points) {
  rhs <- c(exposure, covariates)
  m <- lm(reformulate(rhs, y), data = d)
  g <- glm_converged(reformulate(rhs, paste0("high_", y)), d)
  tr <- lm(reformulate(c(score_col, covariates), y), data = d)
  d$log_score <- log(d[[score_col]])
  trl <- lm(reformulate(c("log_score", covariates), y), data = d)
  rows <- function(mm) as.integer(rownames(model.frame(mm)))
  cl <- function(mm) d[[cluster]][rows(mm)]
  ## the broken stick at the knot with the least RSS (the interior observed scores)
  knots <- sort(unique(d[[score_col]]))
  knots <- knots[-c(1, length(knots))]
  sticks <- lapply(knots, function(k) {
    d$hinge <- pmax(d[[score_col]] - k, 0)
    lm(reformulate(c(score_col, "hinge"), y), data = d)
  })
  stick <- sticks[[which.min(sapply(sticks, deviance))]]
  steps <- lm(reformulate(exposure, y), data = d)
  steps_high <- lm(reformulate(exposure, paste0("high_", y)), data = d)
  list(
    ols = c(coef_record(m, cl(m)), list(exposure_htz = wald_record(m, cl(m), exposure))),
    logit = c(coef_record(g, cl(g)), list(exposure_htz = wald_record(g, cl(g), exposure))),
    trend = coef_record(tr, cl(tr)),
    trend_log = coef_record(trl, cl(trl)),
    broken_stick = c(coef_record(stick, cl(stick)),
                     list(knot = knots[which.min(sapply(sticks, deviance))])),
    contrasts = adjacent_record(steps, cl(steps), exposure),
    contrasts_high = adjacent_record(steps_high, cl(steps_high), exposure),
    mixed = mixed_record(reformulate(c(rhs, paste0("(1 | ", cluster, ")")), y),
                         d[!is.na(d[[y]]), ], exposure, cluster),
    within_between = mundlak_record(d, y, score_col, cluster, covariates),
    agreement = agreement_record(d[[y]], items, d[[cluster]], points)
  )
}

COV_TS <- c("role", "org_type", "years_in_network")
fx <- list(
  `_meta` = meta(SCRIPT, PKGS, c(
    "sample: data/trust_sample.csv (scores, high flags, per_year = 0.5, 1.5, 3.5, 6) with the keyed items of data/trust_items_networks.csv (T7 and D4 as 6 - answer); exposure meeting_frequency, covariates role, org_type, years_in_network, cluster network_id. teams: data/study_teams.csv (99 = missing; k6 as 6 - answer; score = mean of the answered items with at least ceiling(k / 2); high = score > 3; per_month = 1, 2, 4, 8); exposure overleg, covariate functie (levels sorted), cluster team.",
    "ols: lm(y ~ exposure + covariates); logit: glm(high_y ~ same, binomial), refitted from its estimates with epsilon 1e-15 (see cluster_inference.R); trend: lm(y ~ score + covariates); trend_log: lm(y ~ log(score) + covariates); broken_stick: lm(y ~ score + pmax(score - k, 0)) at the interior observed score k with the least RSS (no covariates, as analyse's). Each: clubSandwich coef_test(vcovCR(type = 'CR2'), test = 'Satterthwaite') (se, df, p) and conf_int (95%); se_CR1S = vcovCR(type = 'CR1S') (= sandwich::vcovCL HC1); exposure_htz: Wald_test(constrain_zero(<exposure dummies>), CR2, test = 'HTZ').",
    "contrasts / contrasts_high: lm(y ~ exposure) and lm(high_y ~ exposure) (no covariates, as analyse's adjacent contrasts); backward differences of the exposure's categories; linear_contrast(CR2, test = 'Satterthwaite', p_values = TRUE); p_holm = p.adjust(p, 'holm').",
    "mixed: lmerTest::lmer(y ~ exposure + covariates + (1 | cluster), REML) on the rows with a score: summary (Satterthwaite df, p), contest(confint) for the CI; exposure_F = contestMD(m, rows of the identity for the exposure dummies) (Satterthwaite; _kr: Kenward-Roger); performance::r2_nakagawa; icc_adjusted = performance::icc; icc_ci: the REML profile interval of theta mapped to theta^2 / (1 + theta^2) (see mixed_inference.R); lrt: anova(m0, m1) of lme4 ML fits without and with the exposure.",
    "within_between: on the complete rows, x_between = ave(score, cluster), x_within = score - x_between; lmerTest::lmer(y ~ x_within + x_between + covariates + (1 | cluster)); estimate/se/df/p for within, between and the contextual contrast (between - within, lmerTest::contest).",
    "agreement: ICC1/ICC2 = multilevel::ICC1/ICC2(aov(score ~ factor(cluster))) on the rows with a score; k_for_070 = 0.7 (1 - ICC1) / (0.3 ICC1); rwg.j(keyed items, cluster, ranvar = (A^2 - 1) / 12) for an A-point scale; n = rwg.j's gsize (complete rows); mean = the mean score over those rows; awg(keyed items, cluster, range = c(1, A))."
  )),
  sample = list(
    trust = scale_record(ts, "trust", "meeting_frequency", "per_year", COV_TS, "network_id",
                         items_ts[, paste0("T", 1:7)], 5),
    distrust = scale_record(ts, "distrust", "meeting_frequency", "per_year", COV_TS,
                            "network_id", items_ts[, paste0("D", 1:4)], 5)
  ),
  teams = list(
    cohesion = scale_record(tm, "cohesion", "overleg", "per_month", "functie", "team",
                            tm[, paste0("k", 1:6)], 5),
    conflict = scale_record(tm, "conflict", "overleg", "per_month", "functie", "team",
                            tm[, paste0("x", 1:4)], 5)
  )
)
write_fixture(fx, "analysis_inference")
message("analysis_inference.R done")
