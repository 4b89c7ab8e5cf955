## Reference fixtures for trustlab's measurement invariance (issue 14): multi-group
## CFA by ML (continuous items) and by WLSMV (ordinal items) with lavaan 0.6-14:
## configural, metric, scalar and strict models, lavTestLRT, lavTestScore, the
## partial-invariance search and the latent mean differences.
##
## Run from the repository root (after polychoric.R, whose data it reads):
##     Rscript tests/reference/invariance.R
## Writes data/holzinger_school.csv and fixtures/invariance_ml.json,
## fixtures/invariance_wlsmv.json. Deterministic.

args_file <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
source(file.path(if (length(args_file)) dirname(args_file) else "tests/reference",
                 "helpers.R"))
suppressPackageStartupMessages(library(lavaan))

PKGS <- c("lavaan", "jsonlite")
SCRIPT <- "tests/reference/invariance.R"

hs <- lavaan::HolzingerSwineford1939[, c("school", paste0("x", 1:9))]
hs$school <- as.character(hs$school)
write_data(hs, "holzinger_school.csv")
hs <- utils::read.csv(file.path(DATA_DIR, "holzinger_school.csv"))
trust_items <- utils::read.csv(file.path(DATA_DIR, "trust_items.csv"))
trust_items$T7r <- 6 - trust_items$T7
trust_items$D4r <- 6 - trust_items$D4
survey <- utils::read.csv(file.path(DATA_DIR, "ordinal_survey.csv"))

LEVELS <- list(configural = "", metric = "loadings",
               scalar = c("loadings", "intercepts"),
               strict = c("loadings", "intercepts", "residuals"))
ORD_LEVELS <- list(configural = "", metric = "loadings",
                   scalar = c("loadings", "thresholds"),
                   strict = c("loadings", "thresholds", "residuals"))
ML_MEASURES <- c("npar", "fmin", "chisq", "df", "pvalue", "baseline.chisq", "baseline.df",
                 "baseline.pvalue", "cfi", "tli", "logl", "unrestricted.logl", "aic", "bic",
                 "bic2", "ntotal", "rmsea", "rmsea.ci.lower", "rmsea.ci.upper",
                 "rmsea.pvalue", "srmr")
WLSMV_MEASURES <- c("npar", "fmin", "chisq", "df", "pvalue", "chisq.scaled", "df.scaled",
                    "pvalue.scaled", "chisq.scaling.factor", "baseline.chisq",
                    "baseline.df", "baseline.pvalue", "baseline.chisq.scaled",
                    "baseline.df.scaled", "baseline.pvalue.scaled",
                    "baseline.chisq.scaling.factor", "cfi", "tli", "cfi.scaled",
                    "tli.scaled", "cfi.robust", "tli.robust", "rmsea", "rmsea.ci.lower",
                    "rmsea.ci.upper", "rmsea.pvalue", "rmsea.scaled",
                    "rmsea.ci.lower.scaled", "rmsea.ci.upper.scaled",
                    "rmsea.pvalue.scaled", "rmsea.robust", "rmsea.ci.lower.robust",
                    "rmsea.ci.upper.robust", "rmsea.pvalue.robust", "srmr", "ntotal")

## parameter table: every row with a standard error (free or fixed), keyed by
## lhs, op, rhs and group
params <- function(fit) {
  pe <- parameterEstimates(fit)
  pe <- pe[pe$op != "==", ]
  list(lhs = I(pe$lhs), op = I(pe$op), rhs = I(pe$rhs), group = I(pe$group),
       est = I(pe$est), se = I(pe$se), z = I(pe$z), pvalue = I(pe$pvalue),
       ci_lower = I(pe$ci.lower), ci_upper = I(pe$ci.upper))
}

## lavTestScore's univariate tests with each constraint written as the
## parameter it equates ("lhs op rhs") and the later group
score_table <- function(fit) {
  pt <- parTable(fit)
  uni <- lavTestScore(fit, warn = FALSE)$uni
  at <- function(lab) which(pt$plabel == lab)
  a <- vapply(uni$lhs, at, integer(1))
  b <- vapply(uni$rhs, at, integer(1))
  list(param = I(trimws(paste(pt$lhs[b], pt$op[b], pt$rhs[b]))), group = I(pt$group[b]),
       first_group = I(pt$group[a]), X2 = I(uni$X2), pvalue = I(uni$p.value))
}

lrt_table <- function(fits) {
  tab <- do.call(lavTestLRT, c(unname(fits), list(model.names = names(fits))))
  out <- lapply(as.list(tab), function(v) I(as.numeric(v)))
  c(list(model = I(rownames(tab))), setNames(out, make.names(names(tab))))
}

## the partial-invariance search: while a level fails its criterion against the
## accepted previous level, free (in every group, lavaan's group.partial) the
## parameter whose equality constraint of this level has the largest univariate
## score test
KIND_OP <- list(loadings = "=~", intercepts = "~1", thresholds = "|", residuals = "~~")
holds <- function(prev, cur, scaled) {
  ms <- if (scaled) c("cfi.scaled", "rmsea.scaled") else c("cfi", "rmsea")
  a <- fitMeasures(prev, ms); b <- fitMeasures(cur, ms)
  (b[[1]] - a[[1]] >= -0.010) && (b[[2]] - a[[2]] <= 0.015)
}
partial_search <- function(fit_fun, levels, scaled, max_free = 10) {
  accepted <- fit_fun(levels[[1]], character(0))
  partial <- character(0)
  out <- list()
  for (lv in names(levels)[-1]) {
    eq <- levels[[lv]]
    new_kind <- setdiff(eq, if (lv == "metric") "" else levels[[which(names(levels) == lv) - 1]])
    fit <- fit_fun(eq, partial)
    freed <- list()
    while (!holds(accepted, fit, scaled) && length(freed) < max_free) {
      sc <- score_table(fit)
      parts <- strsplit(sc$param, " ")
      op <- vapply(parts, `[`, "", 2)
      keep <- op %in% unlist(KIND_OP[new_kind])
      if (new_kind == "residuals") keep <- keep & vapply(parts, function(x) x[1] == x[3], TRUE)
      if (!any(keep)) break
      best <- which(keep)[which.max(sc$X2[keep])]
      nm <- gsub(" ", "", sc$param[best])
      nm <- sub("~1$", "~1", nm)
      freed[[length(freed) + 1]] <- list(param = trimws(as.vector(unclass(sc$param))[best]),
                                         X2 = as.vector(unclass(sc$X2))[best])
      partial <- c(partial, nm)
      fit <- fit_fun(eq, partial)
    }
    ok <- holds(accepted, fit, scaled)
    out[[lv]] <- list(holds = ok, freed = freed, group_partial = I(partial),
                      chisq = fitMeasures(fit, "chisq")[[1]],
                      df = fitMeasures(fit, "df")[[1]],
                      latent_means = latent_means(fit))
    if (!ok) break
    accepted <- fit
  }
  list(levels = out, final = accepted)
}

latent_means <- function(fit) {
  pe <- parameterEstimates(fit)
  lv <- lavNames(fit, "lv")
  pe <- pe[pe$op == "~1" & pe$lhs %in% lv, ]
  list(lhs = I(pe$lhs), group = I(pe$group), est = I(pe$est), se = I(pe$se),
       z = I(pe$z), pvalue = I(pe$pvalue))
}

## --------------------------------------------------------------------------
## ML: Holzinger-Swineford by school; the sample's trust scale by role
## --------------------------------------------------------------------------
hs_model <- "visual =~ x1 + x2 + x3\n textual =~ x4 + x5 + x6\n speed =~ x7 + x8 + x9"
trust_model <- "trust =~ T1 + T2 + T3 + T4 + T5 + T6 + T7r"

ml_case <- function(model, data, group) {
  fits <- lapply(LEVELS, function(eq) cfa(model, data, group = group, group.equal = eq))
  fit_fun <- function(eq, partial) cfa(model, data, group = group, group.equal = eq,
                                       group.partial = partial)
  search <- partial_search(fit_fun, LEVELS, scaled = FALSE)
  list(
    group_labels = I(lavInspect(fits$configural, "group.label")),
    nobs = I(unlist(lavInspect(fits$configural, "nobs"))),
    fit = lapply(fits, function(f) vec(fitMeasures(f, ML_MEASURES))),
    params = lapply(fits, params),
    lrt = lrt_table(fits),
    score = lapply(fits[-1], score_table),
    partial = search$levels,
    scalar_means = latent_means(fits$scalar)
  )
}

ml <- list(
  `_meta` = meta(SCRIPT, PKGS, notes = list(
    models = paste(
      "cfa(model, data, group = g, group.equal = ...) with lavaan's defaults (ML, marker",
      "identification, meanstructure; listwise deletion). Levels: configural (none),",
      "metric (loadings), scalar (loadings, intercepts), strict (+ residuals)."),
    lrt = "lavTestLRT(configural, metric, scalar, strict): plain chi-square differences; RMSEA is the RMSEA of each difference (sqrt(G) factor).",
    score = paste(
      "lavTestScore(fit)$uni for every constrained model: each constraint .pA. == .pB.",
      "written as the parameter of .pB. ('lhs op rhs') and its group."),
    partial = paste(
      "partial_search: a level holds when its CFI drops by at most .010 and its RMSEA",
      "rises by at most .015 against the accepted previous level (Chen 2007); while it",
      "fails, the parameter of this level with the largest univariate score test is",
      "freed in every group (group.partial) and the model refitted (at most 10).",
      "latent_means: the final model of each level (scalar: the latent mean differences)."),
    data = paste(
      "holzinger: data/holzinger_school.csv (lavaan::HolzingerSwineford1939, 301 rows,",
      "groups Pasteur 156 and Grant-White 145); trust: data/trust_items.csv with",
      "T7r = 6 - T7, groups = role (listwise: 1 factor, 7 items).")
  )),
  holzinger = ml_case(hs_model, hs, "school"),
  trust = ml_case(trust_model, trust_items, "role")
)
write_fixture(ml, "invariance_ml")

## --------------------------------------------------------------------------
## WLSMV: the held-out survey by group; the sample's trust scale by role
## --------------------------------------------------------------------------
## lavaan cannot estimate thresholds in a group where an answer category of an item
## is empty: in the sample, 'ervaringsdeskundige' (T5) and 'beleidsmaker' (T5, T6)
## lack a category, so the ordinal analysis uses the other two roles (trustlab
## leaves such groups out with a message).
wlsmv_case <- function(model, data, group) {
  fit_fun <- function(eq, partial = character(0), param = NULL) {
    if (is.null(param)) param <- if ("residuals" %in% eq) "theta" else "delta"
    cfa(model, data, group = group, group.equal = eq, group.partial = partial,
        ordered = TRUE, estimator = "WLSMV", parameterization = param)
  }
  fits <- lapply(ORD_LEVELS, fit_fun)
  scalar_theta <- fit_fun(ORD_LEVELS$scalar, param = "theta")
  lrt_pair <- function(m1, m0) {
    tab <- lavTestLRT(m1, m0)
    list(chisq_diff = tab[["Chisq diff"]][2], df_diff = tab[["Df diff"]][2],
         pvalue = tab[["Pr(>Chisq)"]][2])
  }
  search <- partial_search(function(eq, partial) fit_fun(eq, partial), ORD_LEVELS,
                           scaled = TRUE)
  list(
    group_labels = I(lavInspect(fits$configural, "group.label")),
    nobs = I(unlist(lavInspect(fits$configural, "nobs"))),
    fit = lapply(fits, function(f) vec(fitMeasures(f, WLSMV_MEASURES))),
    fit_scalar_theta = vec(fitMeasures(scalar_theta, WLSMV_MEASURES)),
    params = lapply(fits, params),
    lrt = list(metric = lrt_pair(fits$configural, fits$metric),
               scalar = lrt_pair(fits$metric, fits$scalar),
               strict = lrt_pair(scalar_theta, fits$strict)),
    score = list(metric = score_table(fits$metric), scalar = score_table(fits$scalar),
                 strict = score_table(fits$strict)),
    partial = search$levels,
    scalar_means = latent_means(fits$scalar)
  )
}

survey_model <- "f1 =~ y1 + y2 + y3 + y4\n f2 =~ y5 + y6 + y7 + y8"
trust_two <- trust_items[trust_items$role %in% c("partner", "trekker"), ]
wlsmv <- list(
  `_meta` = meta(SCRIPT, PKGS, notes = list(
    models = paste(
      "cfa(model, data, group = g, group.equal = ..., ordered = TRUE, estimator = 'WLSMV').",
      "Levels: configural, metric (loadings), scalar (loadings, thresholds) in the delta",
      "parameterization (lavaan's default; there group.equal = 'residuals' constrains",
      "nothing); strict (loadings, thresholds, residuals) in the theta parameterization;",
      "fit_scalar_theta: the scalar model in the theta parameterization (the same fit)."),
    lrt = paste(
      "lavTestLRT(m1, m0) with its default for WLSMV (method = 'satorra.2000',",
      "scaled.shifted = TRUE, A.method = 'delta'): configural->metric, metric->scalar,",
      "scalar (theta)->strict (theta)."),
    score = "lavTestScore(fit, warn = FALSE)$uni (lavaan: the ordinary score test for DWLS).",
    partial = "As invariance_ml.json, with the scaled CFI and RMSEA (cfi.scaled, rmsea.scaled).",
    data = paste(
      "survey: data/ordinal_survey.csv (groups A 420, B 360; listwise);",
      "trust: data/trust_items.csv roles partner and trekker only (see the comment in",
      "the script), T7r = 6 - T7.")
  )),
  survey = wlsmv_case(survey_model, survey, "group"),
  trust = wlsmv_case(trust_model, trust_two, "role")
)
write_fixture(wlsmv, "invariance_wlsmv")
