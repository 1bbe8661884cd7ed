#!/usr/bin/env Rscript
# The R peer of bench/stats_bench.sh: fGarch's garchFit (constant mean, normal) on every column
# of FILE, and tseries' garch for the record. Prints {"seconds", "results", "tseries_seconds",
# "tseries_results"} as JSON; results are [mu, omega, alpha, beta, loglik] per column.
suppressMessages({ library(fGarch); library(tseries); library(jsonlite) })
file <- commandArgs(trailingOnly = TRUE)[1]
data <- as.matrix(read.csv(file, header = FALSE))
started <- proc.time()[["elapsed"]]
results <- lapply(seq_len(ncol(data)), function(k) {
  f <- garchFit(~garch(1, 1), data = data[, k], include.mean = TRUE, cond.dist = "norm", trace = FALSE)
  cf <- coef(f)
  c(cf[["mu"]], cf[["omega"]], cf[["alpha1"]], cf[["beta1"]], -f@fit$llh)
})
seconds <- proc.time()[["elapsed"]] - started
started <- proc.time()[["elapsed"]]
tseries_results <- lapply(seq_len(ncol(data)), function(k) {
  x <- data[, k] - mean(data[, k])
  as.numeric(coef(garch(x, order = c(1, 1), trace = FALSE)))
})
tseries_seconds <- proc.time()[["elapsed"]] - started
cat(toJSON(list(seconds = seconds, results = results, tseries_seconds = tseries_seconds,
                tseries_results = tseries_results), auto_unbox = TRUE, digits = NA), "\n")
