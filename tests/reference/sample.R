## Reference values on trustlab's own synthetic sample (data/sample/trustlab_sample.csv):
## what R's psych gives for the two scales, so that the whole chain (file -> codebook -> reverse
## keys -> alpha / omega / scores) is checked against R, not only the statistics.
##
## Run from the repository root:
##     Rscript tests/reference/sample.R
## Writes tests/reference/fixtures/sample_psych.json.

args_file <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
source(file.path(if (length(args_file)) dirname(args_file) else "tests/reference",
                 "helpers.R"))
suppressPackageStartupMessages(library(psych))

PKGS <- c("psych", "jsonlite")
sample_csv <- file.path(REF_DIR, "..", "..", "data", "sample", "trustlab_sample.csv")
d <- utils::read.csv(sample_csv, na.strings = "", check.names = FALSE)

scales <- list(trust = c("T1", "T2", "T3", "T4", "T5", "T6", "T7"),
               distrust = c("D1", "D2", "D3", "D4"))
reversed <- c("T7", "D4")

out <- list(`_meta` = meta("tests/reference/sample.R", PKGS, notes = list(
  alpha = "psych::alpha(items, keys = reversed items -1, check.keys = FALSE), default use = 'pairwise'",
  omega = "psych::fa(keyed items, nfactors = 1, fm = 'ml') on complete cases (keyed = 6 - x); omega = sum(l)^2 / (sum(l)^2 + sum(u2))",
  scores = "keyed = 6 - x for T7, D4; score = mean of answered keyed items if answered >= ceiling(k/2); high = score > 3"
)))
for (s in names(scales)) {
  items <- d[, scales[[s]]]
  keys <- ifelse(scales[[s]] %in% reversed, -1, 1)
  a <- psych::alpha(items, keys = keys, check.keys = FALSE, warnings = FALSE)
  keyed <- items
  for (r in intersect(reversed, names(items))) keyed[[r]] <- 6 - keyed[[r]]
  cc <- na.omit(keyed)
  f <- psych::fa(cc, nfactors = 1, fm = "ml")
  l <- as.numeric(f$loadings)
  answered <- rowSums(!is.na(keyed))
  score <- ifelse(answered >= ceiling(length(scales[[s]]) / 2), rowMeans(keyed, na.rm = TRUE), NA)
  out[[s]] <- list(
    raw_alpha = a$total$raw_alpha, std_alpha = a$total$std.alpha,
    average_r = a$total$average_r,
    feldt_lower = a$feldt$lower.ci[[1]], feldt_upper = a$feldt$upper.ci[[1]],
    r_drop = vec(setNames(a$item.stats$r.drop, scales[[s]])),
    alpha_if_dropped = vec(setNames(a$alpha.drop$raw_alpha, scales[[s]])),
    omega_n = nrow(cc), omega = sum(l)^2 / (sum(l)^2 + sum(f$uniquenesses)),
    score_mean = mean(score, na.rm = TRUE), n_high = sum(score > 3, na.rm = TRUE)
  )
}
write_fixture(out, "sample_psych")
