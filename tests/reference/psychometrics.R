## Reference fixtures for trustlab's psychometrics (reliability, EFA, CFA).
##
## Run from the repository root:
##     Rscript tests/reference/psychometrics.R
## Writes CSV data to tests/reference/data/ and JSON results to
## tests/reference/fixtures/. Needs only Debian-packaged R packages
## (r-cran-psych, r-cran-psychtools, r-cran-lavaan, r-cran-gparotation,
## r-cran-jsonlite). Output is deterministic (fixed seed, mc.cores = 1).

args_file <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
source(file.path(if (length(args_file)) dirname(args_file) else "tests/reference",
                 "helpers.R"))

suppressPackageStartupMessages({
  library(psych)
  library(psychTools)
  library(lavaan)
  library(GPArotation)
})
options(mc.cores = 1)  # psych uses parallel::mclapply; keep it serial & seeded

PKGS <- c("psych", "psychTools", "lavaan", "GPArotation", "jsonlite")
SCRIPT <- "tests/reference/psychometrics.R"
M <- function(notes = NULL) meta(SCRIPT, PKGS, notes)

## --------------------------------------------------------------------------
## Data
## --------------------------------------------------------------------------
## psychTools::bfi (identical to psych::bfi in psych 2.2.9), 2800 rows.
bfi <- psychTools::bfi
items25 <- c(paste0("A", 1:5), paste0("C", 1:5), paste0("E", 1:5),
             paste0("N", 1:5), paste0("O", 1:5))
bfi25 <- bfi[, items25]
rownames(bfi25) <- NULL
agree <- bfi25[, paste0("A", 1:5)]
bfi25_cc <- na.omit(bfi25)            # complete cases on all 25 items
attr(bfi25_cc, "na.action") <- NULL
agree_cc <- na.omit(agree)            # complete cases on A1..A5
attr(agree_cc, "na.action") <- NULL

hs <- lavaan::HolzingerSwineford1939
hs9 <- hs[, paste0("x", 1:9)]
rownames(hs9) <- NULL

write_data(agree, "bfi_agree.csv")   # A1..A5, all 2800 rows, NA = empty
write_data(bfi25, "bfi25.csv")       # 25 items, all 2800 rows, NA = empty
write_data(hs9, "holzinger9.csv")    # x1..x9, 301 rows, no missing

data_meta <- list(
  bfi_agree.csv = list(source = "psychTools::bfi[, c('A1','A2','A3','A4','A5')]",
                       n_rows = nrow(agree), n_complete = nrow(agree_cc)),
  bfi25.csv = list(source = "psychTools::bfi[, 1:25] (A1..A5, C1..C5, E1..E5, N1..N5, O1..O5)",
                   n_rows = nrow(bfi25), n_complete = nrow(bfi25_cc)),
  holzinger9.csv = list(source = "lavaan::HolzingerSwineford1939[, paste0('x', 1:9)]",
                        n_rows = nrow(hs9))
)

## --------------------------------------------------------------------------
## 1. Cronbach's alpha (psych::alpha)
## --------------------------------------------------------------------------
alpha_record <- function(a, n_rows) {
  tot <- a$total
  out <- list(
    total = vec(unlist(tot[1, ])),
    alpha_drop = mat(a$alpha.drop),
    item_stats = mat(a$item.stats),
    feldt = list(lower = a$feldt$lower.ci[[1]], alpha = a$feldt$alpha[[1]],
                 upper = a$feldt$upper.ci[[1]], n_obs_used = n_rows,
                 n_var = a$nvar),
    duhachek = list(lower = tot$raw_alpha - 1.96 * tot$ase,
                    alpha = tot$raw_alpha,
                    upper = tot$raw_alpha + 1.96 * tot$ase),
    keys = vec(setNames(ifelse(grepl("-$", rownames(a$alpha.drop)), -1, 1),
                        rownames(a$alpha.drop)))
  )
  out
}

## A1 is reverse keyed. keys = c(-1,1,1,1,1): psych flips the sign of row/col 1
## of the covariance matrix AND, for the raw scores, replaces A1 by
## (max + min) - A1 where max/min are over ALL items of x (here 6 + 1 = 7),
## i.e. exactly 7 - A1. The row for A1 is labelled "A1-".
keys <- c(-1, 1, 1, 1, 1)
a_pw <- alpha(agree, keys = keys, check.keys = FALSE, use = "pairwise",
              warnings = FALSE)
a_co <- alpha(agree, keys = keys, check.keys = FALSE, use = "complete.obs",
              warnings = FALSE)
a_lw <- alpha(agree_cc, keys = keys, check.keys = FALSE, warnings = FALSE)

## check: manual reversal 7 - A1 gives identical results
agree_r <- agree; agree_r$A1 <- 7 - agree_r$A1
a_man <- alpha(agree_r, check.keys = FALSE, warnings = FALSE)
stopifnot(isTRUE(all.equal(unlist(a_man$total), unlist(a_pw$total),
                           tolerance = 1e-14)))
stopifnot(isTRUE(all.equal(unname(as.matrix(a_man$item.stats)),
                           unname(as.matrix(a_pw$item.stats)), tolerance = 1e-14)))

## (continuous scores: suppress psych's "number of categories" frequency notice)
invisible(capture.output(suppressMessages({
  hs_a1 <- alpha(hs9[, c("x1", "x2", "x3")], warnings = FALSE)
  hs_a2 <- alpha(hs9[, c("x4", "x5", "x6")], warnings = FALSE)
})))

alpha_fx <- list(
  `_meta` = M(c(
    "Data: tests/reference/data/bfi_agree.csv (psychTools::bfi A1..A5, 2800 rows) and holzinger9.csv.",
    "Call: psych::alpha(x, keys = c(-1,1,1,1,1), check.keys = FALSE, use = ...). A1 reversed: psych flips covariance signs for keyed items and, for raw scores, replaces A1 by (min+max of all items) - A1 = 7 - A1. Verified identical to alpha() on data with A1 := 7 - A1.",
    "total: raw_alpha = k/(k-1)*(1 - tr(C)/sum(C)); std.alpha from R = cov2cor(C); G6(smc) = 1 - (k - sum(smc(R)))/sum(R); average_r = mean off-diagonal r; S/N = k*r/(1-r); median_r of off-diagonal r; ase = Duhachek SE = sqrt(Q/n_rows); mean/sd are of the per-person MEAN of available item scores (rowMeans(na.rm=TRUE), cumulative=FALSE), over all rows with at least one item.",
    "pairwise (psych default use='pairwise'): C = cov(x, use='pairwise') drives alpha/std/G6/average_r/alpha_drop/r.drop/std.r/r.cor; raw.r = cor(total, x, use='pairwise') with total = rowMeans(na.rm=TRUE); item n/mean/sd use available values per item.",
    "complete_obs (use='complete.obs' on all 2800 rows): ONLY C (and raw.r via cor(..., use='complete.obs')) is listwise; total mean/sd, item n/mean/sd stay available-case, and n for Feldt/ase stays 2800. This is psych's behaviour, not a true listwise analysis.",
    "listwise: alpha() on na.omit(A1..A5) (2709 rows): everything listwise.",
    "feldt: psych::alpha.ci: lower = 1-(1-alpha)*qf(0.975, n-1, (n-1)(k-1)), upper = 1-(1-alpha)*qf(0.025, n-1, (n-1)(k-1)); n = nrow(x) INCLUDING rows with missing values (n_obs_used).",
    "duhachek: raw_alpha +/- 1.96*ase, as printed by psych.",
    "item_stats columns: n (non-missing), raw.r (item-total r with mean score), std.r = colSums(R)/sqrt(sum(R)), r.cor = same with smc on the diagonal, r.drop = item-rest correlation from C, mean, sd (A1 row is the reversed item).",
    "alpha_drop columns: raw_alpha, std.alpha, G6(smc), average_r, S/N, alpha se, var.r, med.r after dropping each item."
  )),
  data = data_meta[c("bfi_agree.csv", "holzinger9.csv")],
  bfi_agree_pairwise = alpha_record(a_pw, nrow(agree)),
  bfi_agree_complete_obs = alpha_record(a_co, nrow(agree)),
  bfi_agree_listwise = c(alpha_record(a_lw, nrow(agree_cc)),
                         list(n_rows = nrow(agree_cc))),
  holzinger_x1_x3 = alpha_record(hs_a1, nrow(hs9)),
  holzinger_x4_x6 = alpha_record(hs_a2, nrow(hs9))
)
write_fixture(alpha_fx, "alpha")

## --------------------------------------------------------------------------
## 2. Omega total from one-factor ML models (psych::fa and lavaan::cfa)
## --------------------------------------------------------------------------
omega_from <- function(l, psi) sum(l)^2 / (sum(l)^2 + sum(psi))

omega_block <- function(x, label) {
  items <- colnames(x)
  f1 <- fa(x, nfactors = 1, fm = "ml", rotate = "none", warnings = FALSE)
  l_fa <- setNames(as.numeric(f1$loadings[, 1]), items)
  u_fa <- setNames(as.numeric(f1$uniquenesses), items)

  model <- paste("f =~", paste(items, collapse = " + "))
  fit <- cfa(model, data = x, std.lv = TRUE)  # ML, normal likelihood (S / N)
  pe <- parameterEstimates(fit)
  ss <- standardizedSolution(fit)
  lam <- pe[pe$op == "=~", ]; th <- pe[pe$op == "~~" & pe$lhs == pe$rhs & pe$lhs %in% items, ]
  lam_s <- ss[ss$op == "=~", ]; th_s <- ss[ss$op == "~~" & ss$lhs == ss$rhs & ss$lhs %in% items, ]
  l_lv <- setNames(lam$est, lam$rhs); t_lv <- setNames(th$est, th$lhs)[items]
  l_ls <- setNames(lam_s$est.std, lam_s$rhs); t_ls <- setNames(th_s$est.std, th_s$lhs)[items]

  om <- tryCatch({
    o <- suppressWarnings(suppressMessages(
      psych::omega(x, nfactors = 1, fm = "ml", plot = FALSE)))
    list(omega_tot = o$omega.tot, omega_h = o$omega_h, alpha = o$alpha,
         note = "psych::omega(x, nfactors=1, fm='ml'): omega.tot = 1 - sum(u2)/sum(R) (denominator = OBSERVED total variance of the standardized sum, not the model-implied one). For comparison only.")
  }, error = function(e) list(error = conditionMessage(e)))

  list(
    items = I(items),
    n_obs = nrow(x),
    psych_fa_ml = list(
      call = "psych::fa(x, nfactors = 1, fm = 'ml', rotate = 'none')  # on cor(x)",
      loadings = vec(l_fa), uniquenesses = vec(u_fa),
      omega = omega_from(l_fa, u_fa),
      objective = f1$objective, STATISTIC = f1$STATISTIC, dof = f1$dof
    ),
    lavaan_cfa = list(
      call = paste0("lavaan::cfa('", model, "', data = x, std.lv = TRUE)  # ML on covariance, S with divisor N"),
      loadings = vec(l_lv), residual_variances = vec(t_lv),
      omega_cov = omega_from(l_lv, t_lv),
      std_all_loadings = vec(l_ls), std_all_residual_variances = vec(t_ls),
      omega_std_all = omega_from(l_ls, t_ls),
      chisq = fitMeasures(fit, "chisq")[[1]], df = fitMeasures(fit, "df")[[1]]
    ),
    psych_omega = om
  )
}

x_agree_r <- agree_cc; x_agree_r$A1 <- 7 - x_agree_r$A1
names(x_agree_r)[1] <- "A1r"
omega_fx <- list(
  `_meta` = M(c(
    "omega = (sum lambda)^2 / ((sum lambda)^2 + sum psi).",
    "psych_fa_ml: loadings/uniquenesses from psych::fa(fm='ml') on the CORRELATION matrix, so omega is for the standardized item sum.",
    "lavaan_cfa.omega_cov: unstandardized loadings (std.lv=TRUE, factor variance 1) and residual variances on the COVARIANCE scale -> omega for the raw (unweighted) item sum. omega_std_all uses std.all estimates and should match psych_fa_ml up to optimizer tolerance (~1e-5).",
    "bfi_agree: complete cases of A1..A5 (2709 rows of data/bfi_agree.csv after dropping rows with any NA), with A1 reversed as A1r = 7 - A1.",
    "holzinger_x4_x6: data/holzinger9.csv columns x4, x5, x6 (301 rows).",
    "psych_omega is recorded for comparison only (different denominator, see its note)."
  )),
  bfi_agree = omega_block(x_agree_r, "bfi_agree"),
  holzinger_x4_x6 = omega_block(hs9[, c("x4", "x5", "x6")], "hs456")
)
write_fixture(omega_fx, "omega")

## --------------------------------------------------------------------------
## 3. KMO and Bartlett's test of sphericity
## --------------------------------------------------------------------------
kmo_block <- function(x) {
  R <- cor(x)
  k <- KMO(R)
  b <- cortest.bartlett(R, n = nrow(x))
  list(n_obs = nrow(x), items = I(colnames(x)),
       kmo = list(MSA = k$MSA, MSAi = vec(k$MSAi)),
       bartlett = list(chisq = b$chisq, df = b$df, p_value = b$p.value))
}
kmo_fx <- list(
  `_meta` = M(c(
    "psych::KMO(cor(x)): MSA = sum(r^2)/(sum(r^2)+sum(q^2)) over off-diagonal entries, q = partial correlations from cov2cor(solve(R)) (the sign of q does not matter as it is squared). MSAi is the same per column.",
    "psych::cortest.bartlett(cor(x), n): chisq = -log(det(R)) * (n - 1 - (2p+5)/6), df = p(p-1)/2.",
    "bfi25_complete: complete cases of data/bfi25.csv (2436 rows). holzinger9: data/holzinger9.csv (301 rows)."
  )),
  bfi25_complete = kmo_block(bfi25_cc),
  holzinger9 = kmo_block(hs9)
)
write_fixture(kmo_fx, "kmo_bartlett")

## --------------------------------------------------------------------------
## 4. Eigenvalues / parallel analysis
## --------------------------------------------------------------------------
parallel_block <- function(x, seed) {
  R <- cor(x)
  Rsmc <- R; diag(Rsmc) <- smc(R)
  set.seed(seed)
  invisible(capture.output(
    pa <- suppressWarnings(suppressMessages(
      fa.parallel(x, fa = "both", n.iter = 20, plot = FALSE)))))
  list(
    n_obs = nrow(x), items = I(colnames(x)),
    eigen_R = arr(eigen(R, symmetric = TRUE)$values),
    eigen_R_smc = arr(eigen(Rsmc, symmetric = TRUE)$values),
    fa_parallel = list(
      call = paste0("set.seed(", seed, "); fa.parallel(x, fa = 'both', n.iter = 20, plot = FALSE)  # fm = 'minres', SMC = FALSE, mc.cores = 1"),
      pc_values = arr(pa$pc.values),
      fa_values = arr(pa$fa.values),
      nfact = pa$nfact, ncomp = pa$ncomp,
      random_for_information_only = list(
        pc_sim = arr(pa$pc.sim), fa_sim = arr(pa$fa.sim),
        pc_simr = arr(pa$pc.simr), fa_simr = arr(pa$fa.simr))
    )
  )
}
parallel_fx <- list(
  `_meta` = M(c(
    "eigen_R: eigenvalues of the correlation matrix (== fa.parallel pc_values).",
    "eigen_R_smc: eigenvalues of R with squared multiple correlations on the diagonal (what fa.parallel uses when SMC = TRUE; classic 'reduced correlation matrix').",
    "fa_parallel.fa_values (default SMC = FALSE): eigenvalues of R with diagonal replaced by the communalities of a ONE-factor minres fit, i.e. psych::fa(R, nfactors = 1, fm = 'minres', rotate = 'none')$values. Depends on minres optimizer convergence (compare with ~1e-6 tolerance).",
    "nfact/ncomp: psych's suggestion = number of leading observed fa_values / pc_values that exceed the quant = 0.95 quantile (over n.iter = 20 draws) of the eigenvalues of simulated normal data (sim = TRUE). They depend on the random draws; recorded with the seed shown. pc_sim/fa_sim (simulated) and pc_simr/fa_simr (resampled) are the MEANS over the draws.",
    "Random parts are for information only and are not expected to be reproduced in Python.",
    "bfi25_complete: complete cases of data/bfi25.csv (2436 rows). holzinger9: data/holzinger9.csv."
  )),
  bfi25_complete = parallel_block(bfi25_cc, 20240101),
  holzinger9 = parallel_block(hs9, 20240101)
)
write_fixture(parallel_fx, "parallel")

## --------------------------------------------------------------------------
## 5. Exploratory factor analysis (psych::fa)
## --------------------------------------------------------------------------
fa_record <- function(f) {
  out <- list(
    loadings = mat(unclass(f$loadings)),
    communality = vec(f$communality),
    uniquenesses = vec(f$uniquenesses),
    Vaccounted = mat(f$Vaccounted),
    Phi = if (!is.null(f$Phi)) mat(f$Phi) else NULL,
    rot_mat = if (!is.null(f$rot.mat)) mat(f$rot.mat) else NULL,
    values = arr(f$values),
    e_values = arr(f$e.values),
    stats = list(n_obs = f$n.obs, objective = f$objective, STATISTIC = f$STATISTIC,
                 dof = f$dof, PVAL = f$PVAL,
                 RMSEA = vec(f$RMSEA), TLI = f$TLI, BIC = f$BIC, SABIC = f$SABIC,
                 null_model = f$null.model, null_dof = f$null.dof,
                 null_chisq = f$null.chisq, chi_empirical = f$chi,
                 rms = f$rms, crms = f$crms, fit = f$fit, fit_off = f$fit.off)
  )
  out[!vapply(out, is.null, logical(1))]
}

efa_hs <- list()
for (fm in c("ml", "minres")) {
  for (rot in c("none", "varimax", "oblimin", "promax")) {
    f <- suppressWarnings(fa(hs9, nfactors = 3, fm = fm, rotate = rot))
    efa_hs[[paste0(fm, "_", rot)]] <- fa_record(f)
  }
}
efa_notes <- c(
  "psych::fa(x, nfactors, fm, rotate) on raw data (correlations via cor(x, use='pairwise'); here no missing).",
  "Factor columns: after rotation psych flips each factor so its loading column sum is positive, then reorders factors by decreasing variance accounted (diag(Phi %*% t(L) %*% L) when oblique). Column labels (ML1.., MR1..) keep the UNROTATED extraction index, so e.g. ML2 may come first. Python comparisons should match factors up to permutation/sign.",
  "Rotations: 'varimax' = stats::varimax (Kaiser normalisation, eps 1e-5); 'oblimin' = GPArotation::oblimin (gam 0, normalize FALSE, eps 1e-5); 'promax' = psych::kaiser(L, rotate='Promax') i.e. Kaiser-normalised psych::Promax (varimax then target with power m = 4). Rotation criteria converge at ~1e-5, so compare rotated loadings with ~1e-4 tolerance.",
  "communality = diag(L Phi L') (model), uniquenesses = 1 - communality (diag(R - model)).",
  "Vaccounted rows: SS loadings, Proportion Var, Cumulative Var, Proportion Explained, Cumulative Proportion (oblique: SS uses the structure: diag(Phi L'L)).",
  "values: eigenvalues of R with diag = communalities; e_values: eigenvalues of R.",
  "objective = tr(Sigma^-1 R) - log det(Sigma^-1 R) - p with Sigma = model + diag(uniq); STATISTIC = objective * (n - 1 - (2p+5)/6 - 2k/3) (Bartlett correction), dof = p(p-1)/2 - pk + k(k-1)/2; TLI = (M0 - Mm)/(M0 - 1/nm) with M0 = F0/(p(p-1)/2), Mm = objective/dof, nm = n - 1 - (2p+5)/6 - 2k/3; RMSEA = sqrt(max(STATISTIC/(dof*n) - 1/(n-1), 0)) with 90% CI via noncentral chi-square; BIC = STATISTIC - dof*log(n). These statistics are computed for minres fits too.",
  "Fit statistics are rotation-invariant; they are repeated per rotation for convenience."
)
efa_hs_fx <- c(list(
  `_meta` = M(c("Data: data/holzinger9.csv (x1..x9, 301 rows), nfactors = 3.", efa_notes)),
  n_obs = nrow(hs9)), efa_hs)
write_fixture(efa_hs_fx, "efa_holzinger")

f_bfi <- suppressWarnings(fa(bfi25_cc, nfactors = 5, fm = "ml", rotate = "oblimin"))
efa_bfi_fx <- list(
  `_meta` = M(c("Data: complete cases of data/bfi25.csv (2436 rows), nfactors = 5, fm = 'ml', rotate = 'oblimin'.", efa_notes)),
  n_obs = nrow(bfi25_cc),
  ml_oblimin = fa_record(f_bfi)
)
write_fixture(efa_bfi_fx, "efa_bfi")

## --------------------------------------------------------------------------
## 6. Confirmatory factor analysis (lavaan::cfa)
## --------------------------------------------------------------------------
FM <- c("npar", "fmin", "chisq", "df", "pvalue", "baseline.chisq",
        "baseline.df", "baseline.pvalue", "cfi", "tli", "logl",
        "unrestricted.logl", "aic", "bic", "bic2", "ntotal", "rmsea",
        "rmsea.ci.lower", "rmsea.ci.upper", "rmsea.pvalue", "srmr", "srmr_bentler")

df_cols <- function(d) {
  lapply(d, function(col) if (is.numeric(col)) arr(col) else I(as.character(col)))
}

cfa_record <- function(fit) {
  fm <- fitMeasures(fit, FM)
  N <- lavInspect(fit, "ntotal")
  stopifnot(abs(fm[["chisq"]] - 2 * N * fm[["fmin"]]) < 1e-8 * fm[["chisq"]])
  pe <- parameterEstimates(fit, ci = TRUE)
  pe <- pe[, c("lhs", "op", "rhs", "est", "se", "z", "pvalue", "ci.lower", "ci.upper")]
  ss <- standardizedSolution(fit)
  ss <- ss[, c("lhs", "op", "rhs", "est.std", "se", "z", "pvalue")]
  std_all <- parameterEstimates(fit, standardized = TRUE)
  std_all <- std_all[, c("lhs", "op", "rhs", "std.lv", "std.all")]
  list(
    fit_measures = vec(fm),
    parameter_estimates = df_cols(pe),
    standardized_solution = df_cols(ss),
    standardized_point = df_cols(std_all)
  )
}

m3 <- "visual  =~ x1 + x2 + x3
       textual =~ x4 + x5 + x6
       speed   =~ x7 + x8 + x9"
fit3 <- cfa(m3, data = hs9)
m2 <- "visual  =~ x1 + x2 + x3
       textual =~ x4 + x5 + x6"
fit2 <- cfa(m2, data = hs9, std.lv = TRUE)

cfa_fx <- list(
  `_meta` = M(c(
    "Data: data/holzinger9.csv (lavaan::HolzingerSwineford1939 x1..x9, 301 rows).",
    "Default lavaan ML estimator (likelihood = 'normal'): sample covariance S uses divisor N (not N-1), information = expected, se = standard.",
    "lavaan's test statistic chisq = N * F_ML where F_ML = log|Sigma| + tr(S Sigma^-1) - log|S| - p (NOT N-1). lavaan reports fmin = F_ML / 2, so chisq = 2 * N * fmin (asserted in the script).",
    "three_factor: marker-variable identification (first loading of each factor fixed to 1), factor covariances free. two_factor: std.lv = TRUE (factor variances fixed to 1, all loadings free), items x1..x6 only.",
    "rmsea.ci.lower/upper are 90% CIs; rmsea.pvalue tests close fit (rmsea <= 0.05). srmr = lavaan default SRMR (Bentler type, includes the mean structure only if meanstructure = TRUE; here it is FALSE).",
    "parameter_estimates: lavaan::parameterEstimates(fit) columns lhs, op, rhs, est, se, z, pvalue, ci.lower, ci.upper (95%). op '=~' loading, '~~' (co)variance (lhs == rhs: variance / residual variance).",
    "p-values: lavaan computes pvalue = 2 * (1 - pnorm(|z|)), which loses relative precision for |z| > ~7 and is exactly 0 for |z| > ~8.3. Compare p-values with an absolute tolerance (e.g. 1e-9), not a relative one.",
    "standardized_solution: lavaan::standardizedSolution(fit) (type = 'std.all', delta-method SEs). standardized_point: std.lv and std.all point estimates from parameterEstimates(standardized = TRUE). Factor covariances become correlations in std.all."
  )),
  n_obs = nrow(hs9),
  three_factor = c(list(model = m3, call = "lavaan::cfa(model, data = x)"), cfa_record(fit3)),
  two_factor = c(list(model = m2, call = "lavaan::cfa(model, data = x, std.lv = TRUE)"), cfa_record(fit2))
)
write_fixture(cfa_fx, "cfa_holzinger")

message("psychometrics.R done")
