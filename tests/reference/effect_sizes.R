## Reference fixtures for issue 15: the effect sizes shown next to the tests, computed by hand
## with rcompanion's formulas (rcompanion itself is not needed):
##   epsilon-squared (rcompanion::epsilonSquared) = H / ((n^2 - 1) / (n + 1)), H from kruskal.test
##   Cohen's d of adjacent categories, pooled SD (rcompanion::cohenD / effsize::cohen.d)
##
## Run from the repository root (after trust_models.R, which writes data/trust_sample.csv):
##     Rscript tests/reference/effect_sizes.R
## Writes fixtures/effect_sizes.json.

args_file <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
source(file.path(if (length(args_file)) dirname(args_file) else "tests/reference",
                 "helpers.R"))

PKGS <- c("stats", "jsonlite")
SCRIPT <- "tests/reference/effect_sizes.R"
FREQ <- c("minder dan 1 keer per jaar", "1-2 keer per jaar", "3-4 keer per jaar",
          "meer dan 4 keer per jaar")

d <- read.csv(file.path(DATA_DIR, "trust_sample.csv"), na.strings = "")
d$meeting_frequency <- factor(d$meeting_frequency, levels = FREQ)

effects <- function(score) {
  x <- d[!is.na(d[[score]]), ]
  kw <- kruskal.test(x[[score]] ~ x$meeting_frequency)
  n <- nrow(x)
  H <- unname(kw$statistic)
  eps2 <- H / ((n^2 - 1) / (n + 1))
  dd <- c()
  for (i in 2:length(FREQ)) {
    a <- x[[score]][x$meeting_frequency == FREQ[i - 1]]
    b <- x[[score]][x$meeting_frequency == FREQ[i]]
    pooled <- sqrt(((length(a) - 1) * var(a) + (length(b) - 1) * var(b)) /
                   (length(a) + length(b) - 2))
    dd <- c(dd, (mean(b) - mean(a)) / pooled)
  }
  list(kruskal_h = H, n = n, epsilon_squared = eps2, adjacent_d = arr(dd))
}

write_fixture(list(
  trust = effects("trust"),
  distrust = effects("distrust"),
  note = "epsilon-squared = H / ((n^2 - 1) / (n + 1)); d = (mean(upper) - mean(lower)) / pooled SD, adjacent categories in order.",
  script = SCRIPT,
  packages = pkg_versions(PKGS)
), "effect_sizes")
