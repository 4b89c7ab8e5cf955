## Reference fixtures for issue 13, the random-intercept model as lmerTest, pbkrtest and
## performance report it: Satterthwaite and Kenward-Roger t and F tests, Nakagawa's R2, the ICC
## with a profile-likelihood interval, the likelihood-ratio test of the exposure, and the
## within-between (Mundlak) decomposition.
##
## Run from the repository root (after trust_models.R, heldout_survey.R, cluster_inference.R):
##     Rscript tests/reference/mixed_inference.R
## Reads data/trust_sample.csv, data/heldout_survey.csv, data/chickweight.csv and
## data/sleepstudy.csv; writes fixtures/mixed_inference.json.

args_file <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
source(file.path(if (length(args_file)) dirname(args_file) else "tests/reference",
                 "helpers.R"))

suppressPackageStartupMessages({
  library(lme4)
  library(lmerTest)
  library(pbkrtest)
  library(performance)
})

PKGS <- c("lme4", "lmerTest", "pbkrtest", "performance", "insight", "numDeriv", "Matrix",
          "stats", "jsonlite")
SCRIPT <- "tests/reference/mixed_inference.R"

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
ho <- read.csv(file.path(DATA_DIR, "heldout_survey.csv"), stringsAsFactors = FALSE)
ho$contact <- factor(ho$contact, levels = c("rarely", "monthly", "weekly", "daily"))
ho$role <- factor(ho$role, levels = c("member", "lead", "guest"))
cw <- read.csv(file.path(DATA_DIR, "chickweight.csv"), stringsAsFactors = FALSE)
cw$Diet <- factor(cw$Diet, levels = c("D1", "D2", "D3", "D4"))
sl <- read.csv(file.path(DATA_DIR, "sleepstudy.csv"), stringsAsFactors = FALSE)

tl_names <- function(nm, m) {
  xl <- lapply(m@frame, function(v) if (is.factor(v)) levels(v))
  for (v in names(xl)) for (lev in xl[[v]]) nm[nm == paste0(v, lev)] <- paste0(v, "[", lev, "]")
  nm
}

## --------------------------------------------------------------------------
## One model
## --------------------------------------------------------------------------
icc_profile_ci <- function(formula, data, level = 0.95) {
  ## the REML criterion profiled over beta and sigma, as a function of theta = tau / sigma
  dev <- lmer(formula, data = data, REML = TRUE, devFunOnly = TRUE)
  opt <- optimize(dev, c(0, 20), tol = 1e-12)
  th <- opt$minimum; dmin <- opt$objective
  crit <- qchisq(level, 1)
  f <- function(t) dev(t) - dmin - crit
  lo <- if (f(0) <= 0) 0 else uniroot(f, c(0, th), tol = 1e-13)$root
  hi <- uniroot(f, c(th, 50), tol = 1e-13)$root
  icc <- function(t) t^2 / (1 + t^2)
  list(theta = th, reml_min = dmin, theta_ci = arr(c(lo, hi)), icc = icc(th),
       icc_ci = arr(icc(c(lo, hi))), level = level)
}

mixed_record <- function(formula, data, exposure, group) {
  m <- lmerTest::lmer(formula, data = data, REML = TRUE)
  b <- fixef(m)
  terms <- tl_names(names(b), m)
  s <- summary(m)$coefficients
  ci <- contest(m, diag(length(b)), joint = FALSE, confint = TRUE)
  skr <- summary(m, ddf = "Kenward-Roger")$coefficients
  a3 <- anova(m, type = 3)
  akr <- anova(m, type = 3, ddf = "Kenward-Roger")
  dummies <- which(startsWith(terms, paste0(exposure, "[")) | terms == exposure)
  L <- diag(length(b))[dummies, , drop = FALSE]
  cmd <- contestMD(m, L)
  cmd_kr <- contestMD(m, L, ddf = "Kenward-Roger")
  vc <- as.data.frame(VarCorr(m))
  r2 <- performance::r2_nakagawa(m)
  iv <- insight::get_variance(m)
  ## LRT of the exposure between ML fits
  rhs <- attr(terms(formula), "term.labels")
  fixed <- setdiff(rhs[!grepl("\\|", rhs)], exposure)
  f0 <- reformulate(c(if (length(fixed)) fixed else "1", paste0("(1 | ", group, ")")),
                    response = all.vars(formula)[1])
  m1 <- lme4::lmer(formula, data = data, REML = FALSE)
  m0 <- lme4::lmer(f0, data = data, REML = FALSE)
  lrt <- anova(m0, m1)
  list(
    terms = I(terms), n_obs = nobs(m), n_groups = as.numeric(ngrps(m)),
    estimate = arr(b), se = arr(s[, "Std. Error"]), df = arr(s[, "df"]),
    t = arr(s[, "t value"]), p = arr(s[, "Pr(>|t|)"]),
    ci_low = arr(ci[, "lower"]), ci_high = arr(ci[, "upper"]),
    tau2 = vc$vcov[1], sigma2 = vc$vcov[2], theta = as.numeric(getME(m, "theta")),
    sigma = sigma(m), reml = as.numeric(-2 * logLik(m)),
    vcov_varpar = mat(m@vcov_varpar),
    kenward_roger = list(se = arr(skr[, "Std. Error"]), df = arr(skr[, "df"]),
                         t = arr(skr[, "t value"]), p = arr(skr[, "Pr(>|t|)"])),
    anova_type3 = list(term = I(rownames(a3)), F = arr(a3[, "F value"]),
                       num_df = arr(a3[, "NumDF"]), den_df = arr(a3[, "DenDF"]),
                       p = arr(a3[, "Pr(>F)"])),
    anova_type3_kr = list(term = I(rownames(akr)), F = arr(akr[, "F value"]),
                          num_df = arr(akr[, "NumDF"]), den_df = arr(akr[, "DenDF"]),
                          p = arr(akr[, "Pr(>F)"])),
    exposure = exposure, exposure_terms = I(terms[dummies]),
    contest_md = list(F = cmd[["F value"]], num_df = cmd[["NumDF"]], den_df = cmd[["DenDF"]],
                      p = cmd[["Pr(>F)"]]),
    contest_md_kr = list(F = cmd_kr[["F value"]], num_df = cmd_kr[["NumDF"]],
                         den_df = cmd_kr[["DenDF"]], p = cmd_kr[["Pr(>F)"]]),
    r2_nakagawa = list(marginal = unname(r2$R2_marginal),
                       conditional = unname(r2$R2_conditional),
                       var_fixed = iv$var.fixed, var_random = iv$var.random,
                       var_residual = iv$var.residual),
    icc_adjusted = unname(performance::icc(m)$ICC_adjusted),
    icc_profile = icc_profile_ci(formula, data),
    lrt = list(formula_null = deparse(f0), chisq = lrt$Chisq[2], df = lrt$Df[2],
               p = lrt[["Pr(>Chisq)"]][2], loglik_null = as.numeric(logLik(m0)),
               loglik_full = as.numeric(logLik(m1)))
  )
}

## --------------------------------------------------------------------------
## Within-between (Mundlak): the cluster mean of x and the deviation from it
## --------------------------------------------------------------------------
mundlak_record <- function(data, y, x, group, covariates) {
  data$x_between <- ave(data[[x]], data[[group]])
  data$x_within <- data[[x]] - data$x_between
  f <- reformulate(c("x_within", "x_between", covariates, paste0("(1 | ", group, ")")),
                   response = y)
  m <- lmerTest::lmer(f, data = data, REML = TRUE)
  b <- fixef(m)
  terms <- tl_names(names(b), m)
  s <- summary(m)$coefficients
  L <- rep(0, length(b)); L[names(b) == "x_between"] <- 1; L[names(b) == "x_within"] <- -1
  ctx <- contest(m, L, joint = FALSE, confint = TRUE)
  ## the same contextual effect as the coefficient of the cluster mean next to raw x
  f2 <- reformulate(c(x, "x_between", covariates, paste0("(1 | ", group, ")")), response = y)
  m2 <- lmerTest::lmer(f2, data = data, REML = TRUE)
  s2 <- summary(m2)$coefficients
  list(terms = I(terms), estimate = arr(b), se = arr(s[, "Std. Error"]), df = arr(s[, "df"]),
       t = arr(s[, "t value"]), p = arr(s[, "Pr(>|t|)"]),
       contextual = list(estimate = ctx$Estimate, se = ctx[["Std. Error"]], df = ctx$df,
                         t = ctx[["t value"]], p = ctx[["Pr(>|t|)"]], ci_low = ctx$lower,
                         ci_high = ctx$upper),
       raw_x_model = list(estimate = s2["x_between", "Estimate"],
                          se = s2["x_between", "Std. Error"], df = s2["x_between", "df"],
                          within = s2[x, "Estimate"], within_df = s2[x, "df"]),
       x = x, group = group, covariates = I(covariates))
}

fx <- list(
  `_meta` = meta(SCRIPT, PKGS, c(
    "Models (lmerTest::lmer, REML): trust: trust ~ meeting_frequency + role + org_type + years_in_network + (1 | network_id) on data/trust_sample.csv; trust_null: trust ~ 1 + (1 | network_id); heldout: score ~ contact + role + tenure + (1 | team) on data/heldout_survey.csv; chick: weight ~ Time + Diet + (1 | Chick) on data/chickweight.csv; sleep: Reaction ~ Days + (1 | Subject) on data/sleepstudy.csv. Factor levels as in cluster_inference.R (first = reference).",
    "trust_exposure_only: trust ~ meeting_frequency + (1 | network_id): with a single term anova(m, type = 3) uses lmerTest's type I contrasts (rows of t(doolittle(X'X)$L)), so its Satterthwaite DenDF differs from contestMD with identity rows (the F is the same).",
    "Per model: summary(m)$coefficients (Satterthwaite df from lmerTest's numerical Hessian and Jacobian: compare df at ~1e-4); ci from contest(m, I, joint = FALSE, confint = TRUE) (lower, upper); kenward_roger = summary(m, ddf = 'Kenward-Roger') (pbkrtest vcovAdj SEs and Lb_ddf); anova_type3 = anova(m, type = 3) (Satterthwaite) and anova_type3_kr (ddf = 'Kenward-Roger'); contest_md = contestMD(m, L) with L the rows of the identity selecting the exposure's dummies (or the single exposure term), contest_md_kr the same with Kenward-Roger.",
    "vcov_varpar: lmerTest's 2 * H^-1, H the Hessian of the REML deviance in (theta, sigma), theta = tau / sigma.",
    "r2_nakagawa: performance::r2_nakagawa(m) (R2_marginal = var_fixed / (var_fixed + var_random + var_residual), conditional = (var_fixed + var_random) / total), with insight::get_variance's components (var_fixed = var(X b), n - 1 divisor). icc_adjusted = performance::icc(m)$ICC_adjusted = tau2 / (tau2 + sigma2).",
    "icc_profile: the REML criterion profiled over beta and sigma as a function of theta (lmer(..., devFunOnly = TRUE)), minimised by optimize (tol 1e-12); theta_ci = {theta : dev(theta) - min <= qchisq(0.95, 1)} by uniroot (tol 1e-13; lower end 0 when dev(0) is inside); icc = theta^2 / (1 + theta^2) at the minimum and at the ends (a profile-likelihood interval for the ICC, invariant to the monotone map theta -> ICC).",
    "lrt: anova(m0, m1) between lme4::lmer ML fits with and without the exposure (the covariates and the random intercept kept): chisq, df, p, and both log-likelihoods.",
    "mundlak: x_between = ave(x, group) (the group mean over the rows used), x_within = x - x_between; lmer(y ~ x_within + x_between + covariates + (1 | group)); contextual = contest(m, L = x_between - x_within, confint = TRUE) (Satterthwaite); raw_x_model: lmer(y ~ x + x_between + covariates + (1 | group)), where the coefficient of x_between is the contextual effect itself and that of x the within effect. trust: x = per_year, covariates role, org_type, years_in_network; heldout: x = per_month, covariates role, tenure."
  )),
  models = list(
    trust = mixed_record(trust ~ meeting_frequency + role + org_type + years_in_network +
                           (1 | network_id), ts, "meeting_frequency", "network_id"),
    heldout = mixed_record(score ~ contact + role + tenure + (1 | team), ho, "contact", "team"),
    chick = mixed_record(weight ~ Time + Diet + (1 | Chick), cw, "Diet", "Chick"),
    sleep = mixed_record(Reaction ~ Days + (1 | Subject), sl, "Days", "Subject"),
    trust_exposure_only = mixed_record(trust ~ meeting_frequency + (1 | network_id), ts,
                                       "meeting_frequency", "network_id")
  ),
  trust_null = list(icc_profile = icc_profile_ci(trust ~ 1 + (1 | network_id), ts)),
  mundlak = list(
    trust = mundlak_record(ts, "trust", "per_year", "network_id",
                           c("role", "org_type", "years_in_network")),
    heldout = mundlak_record(ho, "score", "per_month", "team", c("role", "tenure"))
  )
)
write_fixture(fx, "mixed_inference")
message("mixed_inference.R done")
