## Shared helpers for the R reference-fixture scripts in tests/reference/.
## Sourced by psychometrics.R and models.R; not meant to be run on its own.

suppressPackageStartupMessages({
  library(jsonlite)
})

## Directory of the running script (works with `Rscript path/to/script.R`
## from any working directory); falls back to tests/reference relative to cwd.
ref_dir <- function() {
  args <- commandArgs(trailingOnly = FALSE)
  f <- sub("^--file=", "", args[grep("^--file=", args)])
  if (length(f) == 1 && nzchar(f)) return(normalizePath(dirname(f)))
  "tests/reference"
}
REF_DIR <- ref_dir()
DATA_DIR <- file.path(REF_DIR, "data")
FIX_DIR <- file.path(REF_DIR, "fixtures")
dir.create(DATA_DIR, showWarnings = FALSE, recursive = TRUE)
dir.create(FIX_DIR, showWarnings = FALSE, recursive = TRUE)

## Shortest decimal text (15 or 17 significant digits) that reads back to the
## identical double, so CSV data round-trips bit-exactly into Python.
num_text <- function(x) {
  out <- rep("", length(x))
  ok <- !is.na(x)
  s15 <- formatC(x[ok], digits = 15, format = "g")
  s17 <- formatC(x[ok], digits = 17, format = "g")
  exact <- as.numeric(s15) == x[ok]
  out[ok] <- trimws(ifelse(exact, s15, s17))
  out
}

## Write a data frame as CSV: header row, no row names, NA as empty field.
## Numeric columns use num_text(); factors/characters are written quoted.
write_data <- function(df, name) {
  df <- as.data.frame(df)
  cols <- lapply(df, function(col) {
    if (is.numeric(col)) num_text(col)
    else {
      v <- as.character(col)
      ifelse(is.na(v), "", paste0('"', gsub('"', '""', v), '"'))
    }
  })
  lines <- do.call(paste, c(cols, sep = ","))
  path <- file.path(DATA_DIR, name)
  writeLines(c(paste(names(df), collapse = ","), lines), path)
  ## sanity check: numeric columns read back identically
  back <- utils::read.csv(path, na.strings = "")
  for (nm in names(df)) if (is.numeric(df[[nm]])) {
    stopifnot(identical(as.numeric(back[[nm]]), as.numeric(df[[nm]])))
  }
  invisible(path)
}

## Matrix / data frame -> {"rownames": [...], "colnames": [...], "values": [[row], ...]}
## (row-major; numpy: np.array(values)).
mat <- function(m) {
  m <- if (is.data.frame(m)) as.matrix(m) else as.matrix(unclass(m))
  rn <- rownames(m); cn <- colnames(m)
  if (is.null(rn)) rn <- as.character(seq_len(nrow(m)))
  if (is.null(cn)) cn <- as.character(seq_len(ncol(m)))
  storage.mode(m) <- "double"
  list(rownames = I(rn), colnames = I(cn),
       values = lapply(seq_len(nrow(m)), function(i) I(unname(m[i, ]))))
}

## Named numeric vector -> JSON object {name: value}
vec <- function(v) {
  v <- unclass(v)
  as.list(setNames(as.numeric(v), names(v)))
}

## Always-an-array numeric vector (protects length-1 vectors from auto_unbox)
arr <- function(v) I(as.numeric(unclass(v)))

pkg_versions <- function(pkgs) {
  setNames(lapply(pkgs, function(p) as.character(utils::packageVersion(p))), pkgs)
}

meta <- function(script, pkgs, notes = NULL) {
  si <- utils::sessionInfo()
  list(script = script,
       R_version = R.version.string,
       platform = si$platform,
       blas = si$BLAS,
       lapack = si$LAPACK,
       packages = pkg_versions(pkgs),
       notes = notes)
}

## jsonlite caps numbers at 15 significant digits (digits = NA), which does not
## always round-trip a double. So numeric leaves are pre-rendered with
## num_text() (15 or 17 significant digits, whichever reads back exactly) and
## inserted verbatim. NA/NaN/Inf are written as null.
num_json <- function(x) {
  s <- num_text(x)
  s[!is.finite(x)] <- "null"
  s
}
to_verbatim <- function(obj) {
  if (is.list(obj) && !is.data.frame(obj)) {
    nm <- names(obj)
    out <- lapply(obj, to_verbatim)
    names(out) <- nm
    return(out)
  }
  if (is.numeric(obj) || (is.logical(obj) && all(is.na(obj)))) {
    boxed <- inherits(obj, "AsIs") || length(obj) != 1
    v <- num_json(as.numeric(unclass(obj)))
    txt <- if (boxed) paste0("[", paste(v, collapse = ","), "]") else v
    return(structure(txt, class = "json"))
  }
  obj
}

write_fixture <- function(obj, name) {
  path <- file.path(FIX_DIR, paste0(name, ".json"))
  txt <- jsonlite::toJSON(to_verbatim(obj), auto_unbox = TRUE, pretty = TRUE,
                          json_verbatim = TRUE, na = "null")
  writeLines(txt, path)
  ## sanity check: parses back
  invisible(jsonlite::fromJSON(path, simplifyVector = FALSE))
  message("wrote ", path)
  invisible(path)
}
