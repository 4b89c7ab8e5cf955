## Reference fixtures for "any study" (issue 12): two synthetic studies that share nothing with
## trustlab's default codebook, analysed in R as trustlab analyses them from their roles.
##
##   Rscript tests/reference/any_study.R
##
## Study A, "welzijn" (wellbeing in community centres): 7-point items, three scales
##   (engagement e1..e5 with e3 reverse-worded, burnout b1..b4, belonging c1..c3), the exposure
##   "contact" (ordered: "maandelijks" < "wekelijks" < "dagelijks", no scores), NO cluster,
##   covariates age (numeric) and gender (categorical). 180 respondents.
## Study B, "teams" (collaboration in care teams): 5-point items, two scales (cohesion k1..k6
##   with k6 reverse-worded, conflict x1..x4), the exposure "overleg" (four categories with
##   scores 1, 2, 4, 8 meetings a month), the cluster "team" (24 teams of unequal size),
##   covariate functie (categorical). 230 respondents.
##
## Written: data/study_welzijn.csv, data/study_teams.csv (as a user's export: one column per
## question, missing answers empty, a few answers coded 99 = no answer in study B) and
## fixtures/any_study.json: psych::alpha per scale (pairwise, keys), scale scores (mean of the
## keyed answered items when at least ceil(k/2) are answered), the share with a score above the
## midpoint with its Wilson CI, mean and t CI per exposure category, kruskal.test per scale,
## lm(score ~ exposure + covariates) with vcovHC(HC3) (study A) or vcovCL(~team, HC1) (study B)
## and, for study B, the ICC of the null model lmer(score ~ 1 + (1 | team)).

args_file <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
source(file.path(if (length(args_file)) dirname(args_file) else "tests/reference",
                 "helpers.R"))
suppressPackageStartupMessages({
  library(psych)
  library(sandwich)
  library(lme4)
})
PKGS <- c("psych", "sandwich", "lme4", "Matrix", "stats", "jsonlite")
SCRIPT <- "tests/reference/any_study.R"

set.seed(20261130)

likert <- function(latent, k, lo, hi, noise = 1.1) {
  raw <- round(latent + rnorm(length(latent), 0, noise))
  pmin(pmax(raw, lo), hi)
}

## ---- study A: welzijn, 7-point, three scales, no cluster ----------------------------------
nA <- 180
contact <- factor(sample(c("maandelijks", "wekelijks", "dagelijks"), nA, replace = TRUE,
                         prob = c(0.3, 0.45, 0.25)),
                  levels = c("maandelijks", "wekelijks", "dagelijks"), ordered = TRUE)
lift <- c(maandelijks = -0.4, wekelijks = 0.1, dagelijks = 0.6)[as.character(contact)]
eng <- 4.3 + lift + rnorm(nA, 0, 1.1)
burn <- 3.6 - 0.5 * lift + rnorm(nA, 0, 1.2)
bel <- 4.6 + 0.8 * lift + rnorm(nA, 0, 1.0)
A <- data.frame(
  deelnemer = sprintf("P%03d", seq_len(nA)),
  leeftijd = sample(18:85, nA, replace = TRUE),
  gender = sample(c("vrouw", "man", "anders"), nA, replace = TRUE, prob = c(0.55, 0.42, 0.03)),
  contact = as.character(contact),
  stringsAsFactors = FALSE
)
for (i in 1:5) A[[paste0("e", i)]] <- likert(eng, 7, 1, 7)
A$e3 <- 8 - A$e3  # reverse-worded: answered on the flipped scale
for (i in 1:4) A[[paste0("b", i)]] <- likert(burn, 7, 1, 7)
for (i in 1:3) A[[paste0("c", i)]] <- likert(bel, 7, 1, 7)
## missing answers, a respondent below min_valid on belonging
for (col in c("e2", "b4", "c1")) A[sample(nA, 6), col] <- NA
A[5, c("c1", "c2")] <- NA
A[9, "contact"] <- NA
write_data(A, "study_welzijn.csv")

## ---- study B: teams, 5-point, two scales, clusters -----------------------------------------
teams <- sprintf("team%02d", 1:24)
sizes <- c(3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 10, 10, 11, 12, 12, 13, 14, 15, 16, 17, 13, 10)
team <- rep(teams, times = sizes)
nB <- length(team)
levels_B <- c("maandelijks", "tweewekelijks", "wekelijks", "tweemaal per week")
## the exposure mostly a property of the team
team_level <- sample(1:4, 24, replace = TRUE, prob = c(0.2, 0.3, 0.3, 0.2))
overleg_i <- team_level[match(team, teams)]
flip <- runif(nB) < 0.2
overleg_i[flip] <- sample(1:4, sum(flip), replace = TRUE)
overleg <- levels_B[overleg_i]
team_effect <- rnorm(24, 0, 0.45)[match(team, teams)]
coh <- 3.0 + 0.25 * overleg_i + team_effect + rnorm(nB, 0, 0.8)
con <- 2.8 - 0.15 * overleg_i - 0.5 * team_effect + rnorm(nB, 0, 0.8)
B <- data.frame(
  medewerker = seq_len(nB),
  team = team,
  functie = sample(c("verpleegkundige", "verzorgende", "arts", "paramedicus"), nB, replace = TRUE),
  overleg = overleg,
  stringsAsFactors = FALSE
)
for (i in 1:6) B[[paste0("k", i)]] <- likert(coh, 5, 1, 5, noise = 0.9)
B$k6 <- 6 - B$k6
for (i in 1:4) B[[paste0("x", i)]] <- likert(con, 5, 1, 5, noise = 0.9)
for (col in c("k2", "x3")) B[sample(nB, 8), col] <- NA
B_file <- B
B_file[sample(nB, 5), "k4"] <- 99  # coded 'no answer' in the export
B_file[sample(nB, 4), "x1"] <- 99
write_data(B_file, "study_teams.csv")
for (col in c("k4", "x1")) B[[col]][B_file[[col]] == 99] <- NA  # as the codebook reads them

## ---- the analysis trustlab runs, by role -----------------------------------------------------
score <- function(items, keys, lo, hi) {
  keyed <- items
  for (j in which(keys < 0)) keyed[, j] <- lo + hi - keyed[, j]
  n_ans <- rowSums(!is.na(keyed))
  s <- rowMeans(keyed, na.rm = TRUE)
  s[n_ans < ceiling(ncol(items) / 2)] <- NA
  s
}
wilson <- function(x, n) as.numeric(prop.test(x, n, correct = FALSE)$conf.int)
tl_names <- function(nm, m) {
  for (v in names(m$xlevels)) {
    for (lev in m$xlevels[[v]]) nm[nm == paste0(v, lev)] <- paste0(v, "[", lev, "]")
  }
  nm
}

study <- function(d, scales, lo, hi, exposure, levels, covariates, cluster = NULL) {
  d[[exposure]] <- factor(d[[exposure]], levels = levels)
  out <- list()
  for (name in names(scales)) {
    spec <- scales[[name]]
    items <- d[, spec$items]
    keys <- ifelse(spec$items %in% spec$reverse, -1, 1)
    a <- psych::alpha(items, keys = keys, check.keys = FALSE, warnings = FALSE)
    s <- score(items, keys, lo, hi)
    d[[name]] <- s
    high <- s > (lo + hi) / 2
    count <- sum(high, na.rm = TRUE)
    n <- sum(!is.na(high))
    by <- lapply(levels, function(lev) {
      v <- s[!is.na(d[[exposure]]) & d[[exposure]] == lev & !is.na(s)]
      tt <- t.test(v)
      list(category = lev, n = length(v), mean = mean(v), sd = sd(v),
           ci_low = tt$conf.int[1], ci_high = tt$conf.int[2])
    })
    kw <- kruskal.test(d[[name]] ~ d[[exposure]])
    form <- as.formula(paste(name, "~", paste(c(exposure, covariates), collapse = " + ")))
    m <- lm(form, data = d)
    terms <- tl_names(names(coef(m)), m)
    entry <- list(
      alpha = a$total$raw_alpha, std_alpha = a$total$std.alpha,
      r_drop = vec(setNames(a$item.stats$r.drop, spec$items)),
      alpha_if_dropped = vec(setNames(a$alpha.drop$raw_alpha, spec$items)),
      score_mean = mean(s, na.rm = TRUE), score_sd = sd(s, na.rm = TRUE),
      n_scored = sum(!is.na(s)),
      high = list(count = count, n = n, wilson = arr(wilson(count, n))),
      by_exposure = by,
      kruskal = list(statistic = unname(kw$statistic), df = unname(kw$parameter),
                     p_value = kw$p.value),
      ols = list(terms = I(terms), estimate = arr(coef(m)),
                 se_model = arr(sqrt(diag(vcov(m)))))
    )
    if (is.null(cluster)) {
      entry$ols$se_HC3 <- arr(sqrt(diag(vcovHC(m, type = "HC3"))))
    } else {
      entry$ols$se_cluster <- arr(sqrt(diag(vcovCL(m, cluster = d[[cluster]], type = "HC1"))))
      keep <- !is.na(d[[name]])
      null <- lmer(as.formula(paste(name, "~ 1 + (1 |", cluster, ")")), data = d[keep, ],
                   REML = TRUE)
      vc <- as.data.frame(VarCorr(null))
      entry$icc_null <- vc$vcov[1] / sum(vc$vcov)
    }
    out[[name]] <- entry
  }
  out
}

A_scales <- list(
  engagement = list(items = paste0("e", 1:5), reverse = "e3"),
  burnout = list(items = paste0("b", 1:4), reverse = character(0)),
  belonging = list(items = paste0("c", 1:3), reverse = character(0))
)
B_scales <- list(
  cohesion = list(items = paste0("k", 1:6), reverse = "k6"),
  conflict = list(items = paste0("x", 1:4), reverse = character(0))
)
A$gender <- factor(A$gender, levels = c("anders", "man", "vrouw"))
B$functie <- factor(B$functie, levels = c("arts", "paramedicus", "verpleegkundige",
                                          "verzorgende"))
fix <- list(
  `_meta` = meta(SCRIPT, PKGS, notes = c(
    "Scores: mean of the keyed answered items, at least ceiling(k / 2) answered.",
    "High: score > midpoint ((min + max) / 2). Wilson CI: prop.test(correct = FALSE).",
    "OLS: lm(score ~ exposure + covariates), reference = the first category; categorical",
    "covariates with their categories in sorted order (trustlab's order for a DataFrame).",
    "Study B: vcovCL(~team, HC1); ICC from lmer(score ~ 1 + (1 | team), REML)."
  )),
  welzijn = study(A, A_scales, 1, 7, "contact", c("maandelijks", "wekelijks", "dagelijks"),
                  c("leeftijd", "gender")),
  teams = study(B, B_scales, 1, 5, "overleg", levels_B, c("functie"), cluster = "team")
)
write_fixture(fix, "any_study")
