# R peers for `npm run bench`: the same tasks on the same CSV files, timed in-process.
# Usage: Rscript peers.R DATA_DIR RUNS  -> prints one JSON object on stdout.
# Each figure is the median elapsed time in milliseconds over RUNS runs after one warm-up.
args <- commandArgs(trailingOnly = TRUE)
data <- args[1]; runs <- as.integer(args[2])
timed <- function(f, runs) {
  f()
  t <- numeric(runs)
  for (i in seq_len(runs)) t[i] <- system.time(f())[["elapsed"]] * 1000
  median(t)
}
out <- list(peer = "R", version = R.version.string)
has_dt <- requireNamespace("data.table", quietly = TRUE)
if (has_dt) out$load_csv_fread <- timed(function() data.table::fread(file.path(data, "patients.csv")), max(1, runs %/% 2))
d <- if (has_dt) as.data.frame(data.table::fread(file.path(data, "design.csv"))) else read.csv(file.path(data, "design.csv"))
f <- NULL
out$fit_glm <- timed(function() f <<- glm(y ~ ., family = binomial, data = d, control = glm.control(epsilon = 1e-10, maxit = 50)), max(1, runs %/% 2))
out$coef_glm <- unname(coef(f))
out$fit_glm_iterations <- f$iter
fd <- if (has_dt) as.data.frame(data.table::fread(file.path(data, "features.csv"))) else read.csv(file.path(data, "features.csv"))
ff <- NULL
out$fit_glm_features <- timed(function() ff <<- glm(y ~ ., family = binomial, data = fd, control = glm.control(epsilon = 1e-10, maxit = 50)), max(1, runs %/% 2))
out$fit_glm_features_iterations <- ff$iter
out$coef_glm_features <- unname(coef(ff))
rm(fd)
out$score_predict <- timed(function() predict(f, newdata = d, type = "response"), runs)
if (requireNamespace("pROC", quietly = TRUE)) {
  s <- fitted(f)
  out$auroc_pROC <- timed(function() pROC::auc(pROC::roc(d$y, s, quiet = TRUE, direction = "<")), max(1, runs %/% 2))
}
num <- function(x) formatC(x, digits = 17, format = "g")
items <- vapply(names(out), function(k) {
  v <- out[[k]]
  val <- if (is.character(v)) paste0('"', v, '"') else if (length(v) > 1) paste0("[", paste(num(v), collapse = ","), "]") else num(v)
  paste0('"', k, '":', val)
}, "")
cat(paste0("{", paste(items, collapse = ","), "}\n"))
