## A "held-out survey" for issue 13: a synthetic study that trustlab's code never saw while it
## was written, generated here with a fixed seed and written to data/heldout_survey.csv.
##
## Run from the repository root (before cluster_inference.R, mixed_inference.R, agreement.R):
##     Rscript tests/reference/heldout_survey.R
##
## Design: 30 teams of unequal size (3 to 16 respondents, 263 in all); a team-level exposure
## `contact` with 4 ordered categories held by 4, 11, 10 and 5 teams (about 12% of respondents
## report the category next to their team's); its numeric score `per_month` (0.5, 1, 4, 12);
## covariates tenure (years) and role (3 levels); five 7-point items Q1..Q5 (Q5 reverse-keyed)
## from a team effect plus a respondent effect, with about 2% of answers missing; `score` = mean of
## Q1..Q4 and 8 - Q5 with at least 4 answered; `high` = score > 4 (the scale midpoint).

args_file <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
source(file.path(if (length(args_file)) dirname(args_file) else "tests/reference",
                 "helpers.R"))

set.seed(20250613)
n_teams <- 30
sizes <- c(3, 4, 4, 5, 5, 5, 6, 6, 6, 7, 7, 7, 8, 8, 8, 9, 9, 9, 10, 10, 10, 11, 11, 12, 12,
           13, 13, 14, 15, 16)
stopifnot(length(sizes) == n_teams)
sizes <- sample(sizes)
CONTACT <- c("rarely", "monthly", "weekly", "daily")
PER_MONTH <- c(0.5, 1, 4, 12)
team_level <- sample(rep(1:4, c(4, 11, 10, 5)))
team_effect <- rnorm(n_teams, 0, 0.45)
team <- rep(seq_len(n_teams), sizes)
n <- length(team)
level <- team_level[team]
## about 12% of respondents report an adjacent category
shift <- ifelse(runif(n) < 0.12, sample(c(-1, 1), n, replace = TRUE), 0)
level <- pmin(pmax(level + shift, 1), 4)
tenure <- round(rexp(n, 1 / 5), 1)
role <- sample(c("member", "lead", "guest"), n, replace = TRUE, prob = c(0.6, 0.25, 0.15))
latent <- 4.2 + 0.15 * (team_level[team] - 2.5) + team_effect[team] + 0.02 * tenure +
  rnorm(n, 0, 0.8)
item <- function(loading, reverse = FALSE) {
  x <- round(loading * latent + (1 - loading) * 4 + rnorm(n, 0, 0.9))
  x <- pmin(pmax(x, 1), 7)
  if (reverse) 8 - x else x
}
items <- data.frame(Q1 = item(0.9), Q2 = item(0.8), Q3 = item(0.85), Q4 = item(0.7),
                    Q5 = item(0.75, reverse = TRUE))
miss <- matrix(runif(n * 5) < 0.02, n, 5)
items[miss] <- NA
keyed <- cbind(items[, 1:4], Q5r = 8 - items$Q5)
n_ans <- rowSums(!is.na(keyed))
score <- rowMeans(keyed, na.rm = TRUE)
score[n_ans < 4] <- NA
d <- data.frame(
  respondent = sprintf("P%03d", seq_len(n)),
  team = sprintf("T%02d", team),
  contact = CONTACT[level],
  per_month = PER_MONTH[level],
  tenure = tenure,
  role = role,
  items,
  score = score,
  high = as.integer(score > 4),
  stringsAsFactors = FALSE
)
write_data(d, "heldout_survey.csv")
message("wrote heldout_survey.csv: ", nrow(d), " rows, ", length(unique(d$team)), " teams, ",
        sum(is.na(d$score)), " without a score")
