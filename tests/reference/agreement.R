## Reference fixtures for issue 13, trust as a network property: ICC(1) and ICC(2) from a one-way
## ANOVA, within-group agreement rwg(j) against the uniform null and awg (package multilevel).
##
## Run from the repository root (after trust_models.R and heldout_survey.R):
##     Rscript tests/reference/agreement.R
## Writes data/bh1996.csv, data/lq2002_lead.csv, data/trust_items_networks.csv and
## fixtures/agreement.json.

args_file <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
source(file.path(if (length(args_file)) dirname(args_file) else "tests/reference",
                 "helpers.R"))

suppressPackageStartupMessages({
  library(multilevel)
})

PKGS <- c("multilevel", "stats", "jsonlite")
SCRIPT <- "tests/reference/agreement.R"

## --------------------------------------------------------------------------
## Data
## --------------------------------------------------------------------------
data(bh1996, package = "multilevel")
bh <- bh1996[, c("GRP", "HRS", "LEAD", "WBEING")]
write_data(bh, "bh1996.csv")
data(lq2002, package = "multilevel")
LEAD <- sprintf("LEAD%02d", 1:11)
lq <- lq2002[, c("COMPID", LEAD)]
write_data(lq, "lq2002_lead.csv")
raw <- read.csv(file.path(REF_DIR, "..", "..", "data", "sample", "trustlab_sample.csv"),
                na.strings = "", stringsAsFactors = FALSE)
items <- raw[, c("respondent_id", "network_id", paste0("T", 1:7), paste0("D", 1:4))]
write_data(items, "trust_items_networks.csv")
ts <- read.csv(file.path(DATA_DIR, "trust_sample.csv"), stringsAsFactors = FALSE)
ho <- read.csv(file.path(DATA_DIR, "heldout_survey.csv"), stringsAsFactors = FALSE)

## --------------------------------------------------------------------------
## ICC(1), ICC(2)
## --------------------------------------------------------------------------
icc_record <- function(y, g) {
  ok <- !is.na(y)
  m <- aov(y ~ factor(g))
  tab <- summary(m)[[1]]
  list(icc1 = ICC1(m), icc2 = ICC2(m), n_obs = sum(ok), n_groups = length(unique(g[ok])),
       ms_between = tab[1, 3], ms_within = tab[2, 3], df_between = tab[1, 1],
       df_within = tab[2, 1], F = tab[1, 4], p = tab[1, 5],
       group_size = (tab[2, 1] + tab[1, 1] + 1) / (tab[1, 1] + 1))
}
icc <- list(
  bh1996_wbeing = icc_record(bh$WBEING, bh$GRP),
  bh1996_lead = icc_record(bh$LEAD, bh$GRP),
  trust = icc_record(ts$trust, ts$network_id),
  distrust = icc_record(ts$distrust, ts$network_id),
  heldout_score = icc_record(ho$score, ho$team)
)

## --------------------------------------------------------------------------
## rwg(j), awg
## --------------------------------------------------------------------------
rwg_record <- function(x, g, ranvar) {
  r <- rwg.j(x, g, ranvar = ranvar)
  list(group = I(as.character(r$grpid)), rwg_j = arr(r$rwg.j), n = arr(r$gsize),
       mean = mean(r$rwg.j, na.rm = TRUE), median = median(r$rwg.j, na.rm = TRUE),
       n_groups_defined = sum(!is.na(r$rwg.j)), ranvar = ranvar)
}
awg_record <- function(x, g, range) {
  a <- awg(x, g, range = range)
  list(group = I(as.character(a$grpid)), awg = arr(a$a.wg),
       n = arr(a$nraters), mean = mean(a$a.wg, na.rm = TRUE), range = arr(range))
}
t_items <- cbind(items[, paste0("T", 1:6)], T7r = 6 - items$T7)
d_items <- cbind(items[, paste0("D", 1:3)], D4r = 6 - items$D4)
h_items <- cbind(ho[, paste0("Q", 1:4)], Q5r = 8 - ho$Q5)
rwg <- list(
  lq2002_lead = rwg_record(lq[, LEAD], lq$COMPID, ranvar = 2),
  trust = rwg_record(t_items, items$network_id, ranvar = (5^2 - 1) / 12),
  distrust = rwg_record(d_items, items$network_id, ranvar = (5^2 - 1) / 12),
  heldout = rwg_record(h_items, ho$team, ranvar = (7^2 - 1) / 12),
  ## a narrower null (ranvar = 1) truncates more groups at rwg(j) = 0
  trust_ranvar1 = rwg_record(t_items, items$network_id, ranvar = 1)
)
awg_ <- list(
  lq2002_lead = awg_record(lq[, LEAD], lq$COMPID, range = c(1, 5)),
  trust = awg_record(t_items, items$network_id, range = c(1, 5)),
  heldout = awg_record(h_items, ho$team, range = c(1, 7)),
  ## one item: multilevel's single-column path
  lq2002_lead01 = awg_record(lq$LEAD01, lq$COMPID, range = c(1, 5))
)

## Spearman-Brown: the group size k with ICC(2) = target, k = target (1 - ICC1) / (ICC1 (1 - target))
sb <- function(icc1, target = 0.7) target * (1 - icc1) / (icc1 * (1 - target))
spearman_brown <- list(
  trust = list(icc1 = icc$trust$icc1, k_for_070 = sb(icc$trust$icc1),
               icc2_at_group_size = icc$trust$group_size * icc$trust$icc1 /
                 (1 + (icc$trust$group_size - 1) * icc$trust$icc1)),
  bh1996_wbeing = list(icc1 = icc$bh1996_wbeing$icc1, k_for_070 = sb(icc$bh1996_wbeing$icc1))
)

fx <- list(
  `_meta` = meta(SCRIPT, PKGS, c(
    "Data: data/bh1996.csv (multilevel::bh1996 GRP, HRS, LEAD, WBEING; 7382 soldiers in 99 companies), data/lq2002_lead.csv (multilevel::lq2002 COMPID and the 5-point items LEAD01..LEAD11; 2042 in 49 companies), data/trust_items_networks.csv (data/sample/trustlab_sample.csv: respondent_id, network_id and the raw items T1..T7, D1..D4), data/trust_sample.csv (the scored trust and distrust), data/heldout_survey.csv (7-point Q1..Q5, team).",
    "icc: m <- aov(y ~ factor(group)); multilevel::ICC1(m) = (MSB - MSW) / (MSB + (k - 1) MSW) with k = N / G (the mean group size, group_size); ICC2(m) = (MSB - MSW) / MSB; the ANOVA table (ms, df, F, p) for reference. Rows with a missing y are dropped by aov.",
    "rwg: multilevel::rwg.j(items, group, ranvar): per group rwg(j) = J (1 - S / ranvar) / (J (1 - S / ranvar) + S / ranvar), S = mean of the item variances (n - 1), truncated at ranvar (rwg = 0); NA for a group of one; rows with any missing item (or group) are dropped first (na.exclude). Groups in R's sort order of the ids (match by id). mean, median: over the groups with a value (na.rm = TRUE). ranvar = (A^2 - 1) / 12 for an A-point scale: 2 for 5 points, 4 for 7. Items keyed: T7r = 6 - T7, D4r = 6 - D4, Q5r = 8 - Q5.",
    "awg: multilevel::awg(items, group, range = c(L, H)): per item and group a = 1 - 2 var / (((H + L) M - M^2 - H L) k / (k - 1)), NA when the mean M is beyond (L (k - 1) + H) / k or (H (k - 1) + L) / k, 1 when M equals L or H; with several items the mean over the items with a value (na.rm); NA for a group of one. lq2002_lead01: the single-item path.",
    "spearman_brown: k_for_070 = 0.7 (1 - ICC1) / (ICC1 0.3), the group size at which ICC(2) (Spearman-Brown of ICC(1)) reaches .70; icc2_at_group_size: Spearman-Brown at the mean group size (equals ICC2 by algebra)."
  )),
  icc = icc, rwg_j = rwg, awg = awg_, spearman_brown = spearman_brown
)
write_fixture(fx, "agreement")
message("agreement.R done")
