## Reference fixtures for issue 13, few-cluster inference for OLS and logistic regression:
## clubSandwich's CR2 (Bell-McCaffrey) covariance with Satterthwaite t tests and the HTZ Wald test,
## and the wild cluster bootstrap (restricted, WCR) computed by hand.
##
## Run from the repository root (after heldout_survey.R):
##     Rscript tests/reference/cluster_inference.R
## Reads data/trust_sample.csv (written by trust_models.R) and data/heldout_survey.csv, writes
## data/chickweight.csv (datasets::ChickWeight) and fixtures/cluster_inference.json and
## fixtures/wild_bootstrap.json.

args_file <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
source(file.path(if (length(args_file)) dirname(args_file) else "tests/reference",
                 "helpers.R"))

suppressPackageStartupMessages({
  library(sandwich)
  library(clubSandwich)
})

PKGS <- c("clubSandwich", "sandwich", "stats", "jsonlite")
SCRIPT <- "tests/reference/cluster_inference.R"

## trustlab term names: variable[level] for factor dummies
tl_names <- function(nm, m) {
  for (v in names(m$xlevels)) {
    for (lev in m$xlevels[[v]]) nm[nm == paste0(v, lev)] <- paste0(v, "[", lev, "]")
  }
  nm
}
se_of <- function(V) sqrt(diag(V))
## glm at its optimum to the last digit. glm's covariance (and so sandwich::bread, which every
## clubSandwich estimator uses) comes from the IRLS weights of its last iteration, computed at the
## estimates of the iteration before; those differ from the final estimates by ~1e-7 (the
## deviance stops changing before the coefficients do). Refitting from the converged estimates
## makes that last iteration start at the optimum, so the weights are those of the final fit.
GLM_CONTROL <- glm.control(epsilon = 1e-15, maxit = 200)
glm_converged <- function(formula, data) {
  g <- glm(formula, family = binomial, data = data, control = GLM_CONTROL)
  glm(formula, family = binomial, data = data, start = coef(g), control = GLM_CONTROL)
}

## --------------------------------------------------------------------------
## Data
## --------------------------------------------------------------------------
FREQ <- c("minder dan 1 keer per jaar", "1-2 keer per jaar", "3-4 keer per jaar",
          "meer dan 4 keer per jaar")
ROLES <- c("trekker", "partner", "beleidsmaker", "ervaringsdeskundige")
ORGS <- c("lokaal bestuur", "welzijn en armoede", "cultuur sport jeugd", "andere")
ts <- read.csv(file.path(DATA_DIR, "trust_sample.csv"), stringsAsFactors = FALSE)
ts$meeting_frequency <- factor(ts$meeting_frequency, levels = FREQ)
ts$role <- factor(ts$role, levels = ROLES)
ts$org_type <- factor(ts$org_type, levels = ORGS)

CONTACT <- c("rarely", "monthly", "weekly", "daily")
ho <- read.csv(file.path(DATA_DIR, "heldout_survey.csv"), stringsAsFactors = FALSE)
ho$contact <- factor(ho$contact, levels = CONTACT)
ho$role <- factor(ho$role, levels = c("member", "lead", "guest"))

cw <- data.frame(weight = ChickWeight$weight, Time = ChickWeight$Time,
                 Chick = paste0("C", as.character(ChickWeight$Chick)),
                 Diet = paste0("D", as.character(ChickWeight$Diet)), stringsAsFactors = FALSE)
cw$heavy <- as.integer(cw$weight > 100)
write_data(cw, "chickweight.csv")
cw$Diet <- factor(cw$Diet, levels = c("D1", "D2", "D3", "D4"))

## --------------------------------------------------------------------------
## CR2 + Satterthwaite + HTZ
## --------------------------------------------------------------------------
wald_row <- function(w) {
  list(Fstat = w$Fstat, delta = w$delta, df_num = w$df_num, df_denom = w$df_denom,
       p_val = w$p_val)
}

## adjacent (contr.sdif) steps of a factor's dummies: level 2 - level 1 (= dummy 2), 3 - 2, ...
adjacent_L <- function(m, var) {
  b <- coef(m)
  nm <- tl_names(names(b), m)
  dummies <- which(startsWith(nm, paste0(var, "[")))
  L <- matrix(0, length(dummies), length(b))
  for (i in seq_along(dummies)) {
    L[i, dummies[i]] <- 1
    if (i > 1) L[i, dummies[i - 1]] <- -1
  }
  lev <- m$xlevels[[var]]
  rownames(L) <- paste(lev[-1], "-", lev[-length(lev)])
  L
}

cr_record <- function(m, cluster, exposure) {
  b <- coef(m)
  terms <- tl_names(names(b), m)
  V <- lapply(c(CR0 = "CR0", CR1 = "CR1", CR1p = "CR1p", CR1S = "CR1S", CR2 = "CR2"),
              function(type) vcovCR(m, cluster = cluster, type = type))
  ct <- coef_test(m, vcov = V$CR2, test = "Satterthwaite")
  ci <- conf_int(m, vcov = V$CR2, level = 0.95, test = "Satterthwaite")
  ci90 <- conf_int(m, vcov = V$CR2, level = 0.90, test = "Satterthwaite")
  ct1s <- coef_test(m, vcov = V$CR1S, test = "Satterthwaite")
  ct0 <- coef_test(m, vcov = V$CR0, test = "Satterthwaite")
  dummies <- which(startsWith(terms, paste0(exposure, "[")))
  w_joint <- Wald_test(m, constraints = constrain_zero(dummies), vcov = V$CR2, test = "HTZ")
  w_joint_all <- Wald_test(m, constraints = constrain_zero(dummies), vcov = V$CR2, test = "All")
  L <- adjacent_L(m, exposure)
  w_adj_joint <- Wald_test(m, constraints = L, vcov = V$CR2, test = "HTZ")
  w_adj <- lapply(seq_len(nrow(L)), function(i)
    Wald_test(m, constraints = L[i, , drop = FALSE], vcov = V$CR2, test = "HTZ"))
  lc <- linear_contrast(m, vcov = V$CR2, contrasts = L, test = "Satterthwaite", p_values = TRUE)
  pw <- Wald_test(m, constraints = constrain_pairwise(dummies), vcov = V$CR2, test = "HTZ")
  ## a single contrast of two dummies (matrix form): the top category against the second
  L2 <- matrix(0, 1, length(b)); L2[1, dummies[length(dummies)]] <- 1; L2[1, dummies[1]] <- -1
  w_l2 <- Wald_test(m, constraints = L2, vcov = V$CR2, test = "HTZ")
  list(
    terms = I(terms), estimate = arr(b), n_obs = nobs(m),
    n_clusters = length(unique(cluster)),
    vcov = lapply(V, function(v) mat(as.matrix(v))),
    se_CR1S_vcovCL = arr(se_of(vcovCL(m, cluster = cluster, type = "HC1"))),
    coef_test = list(se = arr(ct$SE), tstat = arr(ct$tstat), df = arr(ct$df_Satt),
                     p = arr(ct$p_Satt)),
    conf_int = list(low = arr(ci$CI_L), high = arr(ci$CI_U), df = arr(ci$df)),
    conf_int_90 = list(low = arr(ci90$CI_L), high = arr(ci90$CI_U)),
    df_satterthwaite_CR1S = arr(ct1s$df_Satt), df_satterthwaite_CR0 = arr(ct0$df_Satt),
    exposure = exposure, exposure_terms = I(terms[dummies]),
    wald_exposure = wald_row(w_joint),
    wald_exposure_all_tests = list(
      test = I(as.character(w_joint_all$test)), Fstat = arr(w_joint_all$Fstat),
      df_denom = arr(w_joint_all$df_denom), p_val = arr(w_joint_all$p_val)),
    adjacent = list(
      contrast = I(rownames(L)), L = mat(L),
      estimate = arr(lc$Est), se = arr(lc$SE), df = arr(lc$df),
      ci_low = arr(lc$CI_L), ci_high = arr(lc$CI_U), p = arr(lc$p_val),
      wald_F = arr(sapply(w_adj, `[[`, "Fstat")), wald_df_denom = arr(sapply(w_adj, `[[`, "df_denom")),
      wald_p = arr(sapply(w_adj, `[[`, "p_val")),
      p_holm = arr(p.adjust(lc$p_val, "holm")),
      joint = wald_row(w_adj_joint)),
    pairwise = list(
      hypothesis = I(apply(utils::combn(dummies, 2), 2, function(x)
        paste(terms[x[2]], "-", terms[x[1]]))), Fstat = arr(sapply(pw, `[[`, "Fstat")),
      df_denom = arr(sapply(pw, `[[`, "df_denom")), p_val = arr(sapply(pw, `[[`, "p_val"))),
    top_vs_second = list(L = mat(L2), wald = wald_row(w_l2))
  )
}

f_ts <- ~ meeting_frequency + role + org_type + years_in_network
m_ts <- lm(update(f_ts, trust ~ .), data = ts)
g_ts <- glm_converged(update(f_ts, high_trust ~ .), ts)
m_ho <- lm(score ~ contact + role + tenure, data = ho)
g_ho <- glm_converged(high ~ contact + tenure, ho)
m_cw <- lm(weight ~ Time + Diet, data = cw)
g_cw <- glm_converged(heavy ~ Time + Diet, cw)
## a category held by one cluster: its dummy is constant within that cluster, so I - H_jj is
## singular there and CR2 takes the pseudo-inverse square root (eigenvalues below 1e-12 -> 0)
cw1 <- cw[cw$Diet != "D4" | cw$Chick == "C41", ]
m_cw1 <- lm(weight ~ Time + Diet, data = cw1)

## the rows R used (complete cases), in order, for the cluster vectors
rows_of <- function(m, data) as.integer(rownames(model.frame(m)))
cr <- list(
  trust_ols = cr_record(m_ts, ts$network_id[rows_of(m_ts)], "meeting_frequency"),
  trust_logit = cr_record(g_ts, ts$network_id[rows_of(g_ts)], "meeting_frequency"),
  heldout_ols = cr_record(m_ho, ho$team[rows_of(m_ho)], "contact"),
  heldout_logit = cr_record(g_ho, ho$team[rows_of(g_ho)], "contact"),
  chick_ols = cr_record(m_cw, cw$Chick, "Diet"),
  chick_logit = cr_record(g_cw, cw$Chick, "Diet"),
  chick_one_cluster_diet = cr_record(m_cw1, cw1$Chick, "Diet")
)

## --------------------------------------------------------------------------
## Wild cluster bootstrap (WCR), by hand: refit on every bootstrap sample
## --------------------------------------------------------------------------
## H0: beta[j] = r. Restricted fit under H0; bootstrap y* = X b_r + u_r * v[cluster]; refit by
## least squares; t* = (b*[j] - r) / se*, se* the CR1S (vcovCL HC1) SE of the bootstrap fit.
## t = the same on the data. p = mean(|t| < |t*|) over the draws (fwildclusterboot's
## "two-tailed"). Draws: every sign vector in {-1, 1}^G (full enumeration, B = 2^G) or a B x G
## matrix of random weights.
wcr_t <- function(X, y, cl, j, r, V) {
  ## returns c(t on the data, t* for each column of V (G x B))
  n <- nrow(X); k <- ncol(X)
  G <- length(unique(cl)); g <- match(cl, sort(unique(cl)))
  ssc <- G / (G - 1) * (n - 1) / (n - k)
  XtXi <- solve(crossprod(X))
  tstat <- function(Y) {
    B <- XtXi %*% crossprod(X, Y)                       # k x B
    U <- Y - X %*% B                                      # residuals of every refit
    a <- as.vector(X %*% XtXi[, j])                        # row influence on b[j]
    S <- rowsum(a * U, g)                                  # G x B cluster scores
    (B[j, ] - r) / sqrt(ssc * colSums(S^2))
  }
  ## restricted fit: regress y - r x_j on the other columns
  Xr <- X[, -j, drop = FALSE]
  br <- qr.coef(qr(Xr), y - r * X[, j])
  fit_r <- as.vector(Xr %*% br + r * X[, j])
  u_r <- y - fit_r
  Ystar <- fit_r + u_r * V[g, , drop = FALSE]
  c(tstat(matrix(y, ncol = 1)), tstat(Ystar))
}
## ties: v and -v give t* of opposite sign and equal |t*|, so the all-minus-one vector ties with
## the data's t exactly (in exact arithmetic), at every r; rounding then decides the strict
## comparison. A draw counts only if |t*| exceeds |t| by more than a relative 1e-10 (exact ties
## never count, as in exact arithmetic), here and in trustlab.
TIE <- 1e-10
exceed <- function(tt) mean(abs(tt[-1]) > abs(tt[1]) * (1 + TIE))
wcr_p <- function(X, y, cl, j, r, V) exceed(wcr_t(X, y, cl, j, r, V))
all_signs <- function(G) {
  as.matrix(t(expand.grid(rep(list(c(1, -1)), G))))      # G x 2^G
}
## confidence interval by test inversion: p(r) > alpha inside. From the estimate, step out by
## 1, 2, 4, ... CR1S SEs until p <= alpha, then bisect to the last representable point
wcr_ci <- function(X, y, cl, j, V, alpha = 0.05) {
  b <- qr.coef(qr(X), y)[j]
  n <- nrow(X); k <- ncol(X); G <- length(unique(cl))
  se <- sqrt(diag(vcovCL(lm(y ~ X - 1), cluster = cl, type = "HC1")))[j]
  p <- function(r) wcr_p(X, y, cl, j, r, V)
  ends <- sapply(c(-1, 1), function(side) {
    inner <- b; step <- 1
    outer <- b + side * step * se
    while (p(outer) > alpha) { step <- 2 * step; outer <- b + side * step * se }
    for (it in 1:200) {
      mid <- (inner + outer) / 2
      if (mid == inner || mid == outer) break
      if (p(mid) > alpha) inner <- mid else outer <- mid
    }
    (inner + outer) / 2
  })
  unname(ends)
}
wild_case <- function(X, y, cl, j, V, label, weights) {
  tt <- wcr_t(X, y, cl, j, 0, V)
  list(label = label, term = colnames(X)[j], n_obs = nrow(X), n_clusters = length(unique(cl)),
       weights = weights, B = ncol(V),
       t_stat = tt[1], p_value = exceed(tt),
       p_value_r1 = wcr_p(X, y, cl, j, 0.1, V),
       conf_int = arr(wcr_ci(X, y, cl, j, V)))
}

## (a) held-out survey, the first 10 teams: score ~ per_month + tenure, H0: per_month = 0
ho10 <- ho[ho$team %in% sprintf("T%02d", 1:10) & !is.na(ho$score), ]
Xa <- cbind(`(Intercept)` = 1, per_month = ho10$per_month, tenure = ho10$tenure)
wa <- wild_case(Xa, ho10$score, ho10$team, 2, all_signs(10), "heldout_10_teams", "rademacher")
write_data(ho10[, c("respondent", "team", "score", "per_month", "tenure")],
           "heldout_10_teams.csv")
## (b) trust sample, 12 networks (N01..N12): trust ~ per_year + years_in_network
ts12 <- ts[ts$network_id %in% sprintf("N%02d", 1:12), ]
Xb <- cbind(`(Intercept)` = 1, per_year = ts12$per_year, years_in_network = ts12$years_in_network)
wb <- wild_case(Xb, ts12$trust, ts12$network_id, 2, all_signs(12), "trust_12_networks",
                "rademacher")
## (c) the whole trust sample (50 networks), random Rademacher and Webb weights, B = 99,999:
## a Monte Carlo reference for trustlab's seeded draws (compare within Monte Carlo error)
mf <- model.frame(m_ts)
Xc <- model.matrix(m_ts)
colnames(Xc) <- tl_names(colnames(Xc), m_ts)
yc <- ts$trust[rows_of(m_ts)]
clc <- ts$network_id[rows_of(m_ts)]
jc <- which(colnames(Xc) == "meeting_frequency[meer dan 4 keer per jaar]")
set.seed(20250614)
Vr <- matrix(sample(c(-1, 1), 50 * 99999, replace = TRUE), 50, 99999)
Vw <- matrix(sample(c(-sqrt(3 / 2), -1, -sqrt(1 / 2), sqrt(1 / 2), 1, sqrt(3 / 2)), 50 * 99999,
                    replace = TRUE), 50, 99999)
tc_r <- wcr_t(Xc, yc, clc, jc, 0, Vr)
tc_w <- wcr_t(Xc, yc, clc, jc, 0, Vw)
wc <- list(label = "trust_sample_50_networks", term = colnames(Xc)[jc], n_obs = nrow(Xc),
           n_clusters = 50, B = 99999, t_stat = tc_r[1],
           p_rademacher = exceed(tc_r), p_webb = exceed(tc_w))

fx <- list(
  `_meta` = meta(SCRIPT, PKGS, c(
    "Data: data/trust_sample.csv (factor levels as in trust_models.R, first = reference), data/heldout_survey.csv (contact: rarely < monthly < weekly < daily; role member, lead, guest), data/chickweight.csv (datasets::ChickWeight; Chick and Diet written as text C1.., D1..; heavy = weight > 100).",
    "Models: trust_ols lm(trust ~ meeting_frequency + role + org_type + years_in_network), trust_logit glm(high_trust ~ same, binomial); heldout_ols lm(score ~ contact + role + tenure), heldout_logit glm(high ~ contact + tenure, binomial); chick_ols lm(weight ~ Time + Diet), chick_logit glm(heavy ~ Time + Diet, binomial); chick_one_cluster_diet: chick_ols on the rows with Diet != D4 plus chick C41 only (Diet 4 held by one cluster). Clusters: network_id, team, Chick.",
    "glm fitted with glm.control(epsilon = 1e-15, maxit = 200) and then refitted from those estimates (start = coef): glm's covariance, hence sandwich::bread and every clubSandwich estimator, uses the IRLS weights of the last iteration, computed at the previous iterate, which differs from the final estimates by ~1e-7; the refit's last iteration starts at the optimum.",
    "vcov: clubSandwich::vcovCR(m, cluster, type) for CR0, CR1 (J/(J-1)), CR1p (J/(J-p)), CR1S (J(N-1)/((J-1)(N-p)) = sandwich::vcovCL HC1, checked: se_CR1S_vcovCL), CR2 (Bell-McCaffrey; lm: working model independence, inverse_var; glm: target = the binomial variance function). coef_test(m, vcov = CR2, test = 'Satterthwaite'): se, tstat, df (df_Satt), p (p_Satt); conf_int(level = 0.95 / 0.90, test = 'Satterthwaite'); df_satterthwaite_CR1S / _CR0: coef_test with those vcovs.",
    "wald_exposure: Wald_test(m, constraints = constrain_zero(<indices of the exposure dummies>), vcov = CR2, test = 'HTZ'): Fstat (= delta Q / q), delta, df_num = q, df_denom, p_val; wald_exposure_all_tests: the same with test = 'All' (chi-sq, Naive-F, Naive-Fp, HTA, HTB, HTZ, EDF, EDT).",
    "adjacent: L = backward differences of the exposure dummies (level 2 - level 1 = dummy 2; level k - level k-1 = dummy k - dummy k-1); linear_contrast(m, vcov = CR2, contrasts = L, test = 'Satterthwaite', p_values = TRUE): estimate, se, df, ci, p; p_holm = p.adjust(p, 'holm'); wald_F/df_denom/p: Wald_test HTZ of each row alone (F = t^2); joint: Wald_test HTZ of all rows (same hypothesis as wald_exposure). pairwise: Wald_test(constrain_pairwise(dummies)), one hypothesis per pair (named 'b - a' with trustlab's term names, in combn order). top_vs_second: Wald_test HTZ of the 1 x p matrix L (top dummy - first dummy).",
    "Versions: clubSandwich 0.5.8 (Debian)."
  )),
  models = cr
)
write_fixture(fx, "cluster_inference")

fw <- list(
  `_meta` = meta(SCRIPT, PKGS, c(
    "Wild cluster bootstrap, restricted (WCR), computed by hand (fwildclusterboot is not in Debian): under H0 beta_j = r the restricted fit regresses y - r x_j on the other columns (fitted f_r, residuals u_r); bootstrap y* = f_r + u_r v_g (v_g the weight of cluster g); every bootstrap sample is refitted by least squares; t* = (b*_j - r) / se*, se* the CR1S (sandwich::vcovCL HC1) SE of the refit (ssc G/(G-1) (N-1)/(N-k)); t the same on the data. p = share of the B draws with |t*| > |t| (fwildclusterboot's 'two-tailed'), a draw counting only when |t*| > |t| (1 + 1e-10): v and -v give t* of equal size, so the all-minus-one sign vector ties with the data's t exactly at every r, and rounding alone would decide a strict comparison.",
    "Full enumeration (cases heldout_10_teams, trust_12_networks): the draws are all 2^G sign vectors in {-1, 1}^G (B = 2^G, the all-ones vector included, as boottest/fwildclusterboot do when 2^G <= B); the results are deterministic. p_value at r = 0, p_value_r1 at r = 0.1.",
    "conf_int (95%): test inversion, {r : p(r) > 0.05}: from the estimate step out by 1, 2, 4, ... CR1S SEs until p <= 0.05, then bisect (at most 200 halvings, until the midpoint equals an end) and report the midpoint of the final bracket, on each side.",
    "heldout_10_teams: data/heldout_10_teams.csv (teams T01..T10 of the held-out survey), score ~ per_month + tenure, H0 per_month = 0. trust_12_networks: trust_sample rows of networks N01..N12, trust ~ per_year + years_in_network, H0 per_year = 0.",
    "trust_sample_50_networks: lm(trust ~ meeting_frequency + role + org_type + years_in_network) on the whole sample, H0 meeting_frequency[meer dan 4 keer per jaar] = 0, B = 99,999 random draws after set.seed(20250614): Rademacher (sample(c(-1, 1))) and Webb six-point (+-sqrt(1/2), +-1, +-sqrt(3/2)); a Monte Carlo reference: compare within Monte Carlo error only."
  )),
  full_enumeration = list(heldout_10_teams = wa, trust_12_networks = wb),
  random = wc
)
write_fixture(fw, "wild_bootstrap")
message("cluster_inference.R done")
