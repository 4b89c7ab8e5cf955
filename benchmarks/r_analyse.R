## The statistics of trustlab.analyse(load_sample()) in R, timed (a benchmark, never a test).
##
## Run from the repository root (benchmarks/bench_vs_r.py runs it next to trustlab):
##     Rscript benchmarks/r_analyse.R [repeat] [n_boot]
## Prints one line per timed call, "r_analyse <wall seconds> <CPU seconds>", and, first,
## "r_load <seconds>" (the packages' start-up). The work is what trustlab's analyse() does on the shipped sample, with the
## packages its numbers are checked against (tests/reference/):
##
## - per scale (trust: T1-T7, T7 reversed; distrust: D1-D4, D4 reversed): scores (mean of the
##   answered keyed items, at least half answered), psych::alpha (pairwise) with its Feldt CI,
##   the one-factor ML omega (psych::fa) with a percentile CI from n_boot bootstrap refits
##   (stats::factanal), the
##   share with a high score (Wilson and exact CIs), the answer counts per item;
## - the item correlations; the quadrants, their crosstab with meeting frequency, the chi-square
##   test with a Monte Carlo p-value (2,000 tables), the trust-distrust correlation, lavaan's
##   two-factor and one-factor CFA and their comparison;
## - per scale against meeting frequency: group means (t CIs), shares high per group, Kruskal-
##   Wallis, Jonckheere-Terpstra (by hand, as tests/reference/trust_models.R), Cochran-Armitage,
##   OLS with model, HC3 and network-clustered (vcovCL HC1) SEs on the categories, on meetings per
##   year and on its log, the broken stick (one lm per knot), lmer REML with a random intercept per
##   network and its null model (the ICC), adjacent contrasts (MASS::contr.sdif, vcovCL, Holm) of
##   the score and of the high flag, the logistic regression with vcovCL;
## - per item (11): ordinal::clm with ordinal::nominal_test.

t0 <- proc.time()[["elapsed"]]
suppressPackageStartupMessages({
  library(psych)
  library(lavaan)
  library(lme4)
  library(sandwich)
  library(ordinal)
  library(MASS)
})
cat(sprintf("r_load %.4f\n", proc.time()[["elapsed"]] - t0))

args <- commandArgs(trailingOnly = TRUE)
REPEAT <- if (length(args) >= 1) as.integer(args[[1]]) else 5L
N_BOOT <- if (length(args) >= 2) as.integer(args[[2]]) else 1000L

raw <- read.csv(file.path("data", "sample", "trustlab_sample.csv"), na.strings = "",
                stringsAsFactors = FALSE)
SCALES <- list(trust = paste0("T", 1:7), distrust = paste0("D", 1:4))
REVERSED <- c("T7", "D4")
FREQ <- c("minder dan 1 keer per jaar", "1-2 keer per jaar", "3-4 keer per jaar",
          "meer dan 4 keer per jaar")
PER_YEAR <- c(0.5, 1.5, 3.5, 6)

omega_of <- function(x) {
  f <- psych::fa(x, nfactors = 1, fm = "ml", warnings = FALSE)
  l <- as.numeric(f$loadings)
  sum(l)^2 / (sum(l)^2 + sum(f$uniquenesses))
}
## the bootstrap refits with stats::factanal (the same ML solution as psych::fa, without its
## extra statistics: R's fastest route, so R's time is a lower bound)
omega_fast <- function(x) {
  f <- factanal(covmat = cor(x), factors = 1, n.obs = nrow(x))
  l <- as.numeric(f$loadings)
  sum(l)^2 / (sum(l)^2 + sum(f$uniquenesses))
}

jt <- function(y, g) {
  ok <- !is.na(y); y <- y[ok]; g <- droplevels(g[ok]); lv <- levels(g); k <- length(lv)
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
  2 * pnorm(-abs((J - E) / sqrt(V)))
}

ols_se <- function(m, cluster) {
  list(coef(m), sqrt(diag(vcov(m))), sqrt(diag(vcovHC(m, type = "HC3"))),
       sqrt(diag(vcovCL(m, cluster = cluster, type = "HC1"))))
}

analyse_r <- function(raw, n_boot) {
  d <- data.frame(network_id = raw$network_id, role = factor(raw$role),
                  org_type = factor(raw$org_type), years_in_network = raw$years_in_network,
                  meeting_frequency = factor(raw$meeting_frequency, levels = FREQ))
  d$per_year <- PER_YEAR[as.integer(d$meeting_frequency)]
  keyed_all <- list()
  out <- list()
  for (s in names(SCALES)) {
    items <- raw[, SCALES[[s]]]
    keyed <- items
    for (r in intersect(REVERSED, names(items))) keyed[[r]] <- 6 - keyed[[r]]
    keyed_all[[s]] <- keyed
    n_ans <- rowSums(!is.na(keyed))
    score <- rowMeans(keyed, na.rm = TRUE)
    score[n_ans < ceiling(ncol(keyed) / 2)] <- NA
    d[[s]] <- score
    d[[paste0("high_", s)]] <- as.integer(score > 3)
    keys <- ifelse(SCALES[[s]] %in% REVERSED, -1, 1)
    a <- psych::alpha(items, keys = keys, check.keys = FALSE, warnings = FALSE)
    cc <- as.matrix(na.omit(keyed))
    om <- omega_of(cc)
    boot <- vapply(seq_len(n_boot), function(b) {
      tryCatch(omega_fast(cc[sample.int(nrow(cc), replace = TRUE), ]), error = function(e) NA)
    }, numeric(1))
    ci <- quantile(boot, c(0.025, 0.975), na.rm = TRUE)
    high <- d[[paste0("high_", s)]]
    x <- sum(high, na.rm = TRUE); n <- sum(!is.na(high))
    share <- list(prop.test(x, n, correct = FALSE)$conf.int, binom.test(x, n)$conf.int)
    answers <- lapply(items, function(v) table(factor(v, levels = 1:5), useNA = "always"))
    out[[s]] <- list(a$total, a$feldt, om, ci, share, answers)
  }
  keyed <- cbind(keyed_all$trust, keyed_all$distrust)
  r_items <- cor(keyed, use = "pairwise.complete.obs")
  quadrant <- factor(paste(d$high_trust, d$high_distrust))
  xt <- table(quadrant, d$meeting_frequency)
  chi <- list(suppressWarnings(chisq.test(xt, correct = FALSE)),
              chisq.test(xt, simulate.p.value = TRUE, B = 2000))
  r_td <- cor.test(d$trust, d$distrust)
  names(keyed) <- make.names(names(keyed))
  two <- lavaan::cfa("trust =~ T1 + T2 + T3 + T4 + T5 + T6 + T7\n distrust =~ D1 + D2 + D3 + D4",
                     data = keyed)
  one <- lavaan::cfa("general =~ T1 + T2 + T3 + T4 + T5 + T6 + T7 + D1 + D2 + D3 + D4",
                     data = keyed)
  cmp <- lavaan::anova(two, one)
  fits <- list(lavaan::fitMeasures(two), lavaan::fitMeasures(one))
  exposure <- list()
  for (s in names(SCALES)) {
    y <- d[[s]]; h <- d[[paste0("high_", s)]]
    means <- lapply(FREQ, function(l) t.test(y[d$meeting_frequency == l])$conf.int)
    shares <- lapply(FREQ, function(l) {
      v <- h[d$meeting_frequency == l & !is.na(h)]
      prop.test(sum(v), length(v), correct = FALSE)$conf.int
    })
    kw <- kruskal.test(y ~ d$meeting_frequency)
    jt_p <- jt(y, d$meeting_frequency)
    hx <- tapply(h, d$meeting_frequency, sum, na.rm = TRUE)
    hn <- tapply(h, d$meeting_frequency, function(v) sum(!is.na(v)))
    ca <- prop.trend.test(hx, hn, score = PER_YEAR)
    d$y <- y; d$h <- h
    f <- ~ role + org_type + years_in_network
    ols <- ols_se(lm(y ~ meeting_frequency + role + org_type + years_in_network, data = d),
                  ~network_id)
    trend <- ols_se(lm(y ~ per_year + role + org_type + years_in_network, data = d),
                    ~network_id)
    trend_log <- ols_se(lm(y ~ log(per_year) + role + org_type + years_in_network, data = d),
                        ~network_id)
    stick <- lapply(c(1.5, 3.5), function(k) {
      d$after <- pmax(d$per_year - k, 0)
      m <- lm(y ~ per_year + after, data = d)
      list(sum(residuals(m)^2), sqrt(diag(vcovCL(m, cluster = ~network_id, type = "HC1"))))
    })
    mixed <- lmer(y ~ meeting_frequency + role + org_type + years_in_network + (1 | network_id),
                  data = d, REML = TRUE)
    null <- lmer(y ~ 1 + (1 | network_id), data = d, REML = TRUE)
    icc <- as.data.frame(VarCorr(null))$vcov
    contrasts <- lapply(list(y ~ meeting_frequency, h ~ meeting_frequency), function(fm) {
      m <- lm(fm, data = d, contrasts = list(meeting_frequency = "contr.sdif"))
      b <- coef(m)[2:4]
      se <- sqrt(diag(vcovCL(m, cluster = ~network_id, type = "HC1")))[2:4]
      p.adjust(2 * pt(-abs(b / se), df.residual(m)), "holm")
    })
    lg <- glm(h ~ meeting_frequency + role + org_type + years_in_network, family = binomial,
              data = d)
    logit <- list(coef(lg), sqrt(diag(vcovCL(lg, cluster = ~network_id, type = "HC1"))))
    exposure[[s]] <- list(means, shares, kw, jt_p, ca, ols, trend, trend_log, stick,
                          fixef(mixed), icc, contrasts, logit)
  }
  ordinal <- lapply(c(SCALES$trust, SCALES$distrust), function(item) {
    d$o <- factor(raw[[item]], ordered = TRUE)
    m <- clm(o ~ meeting_frequency, data = d)
    list(coef(m), sqrt(diag(vcov(m))), nominal_test(m))
  })
  list(out, r_items, xt, chi, r_td, cmp, fits, exposure, ordinal)
}

set.seed(2020)
for (i in seq_len(REPEAT)) {
  t1 <- proc.time()
  res <- analyse_r(raw, N_BOOT)
  t2 <- proc.time()
  cpu <- (t2[["user.self"]] + t2[["sys.self"]]) - (t1[["user.self"]] + t1[["sys.self"]])
  cat(sprintf("r_analyse %.4f %.4f\n", t2[["elapsed"]] - t1[["elapsed"]], cpu))
}
