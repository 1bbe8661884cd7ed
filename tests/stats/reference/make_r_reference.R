#!/usr/bin/env Rscript
# GARCH(1,1) reference values from R's fGarch (and tseries, for the record) for tests/stats.
# Debian bookworm's r-cran-fgarch 4022.89 and r-cran-tseries 0.10-53. Writes r_garch.json next
# to this script. Returns are 100 x simple returns of Adj Close; the C++ tests compute the same
# from the same files. fGarch starts its variance recursion at omega + (alpha + beta) *
# mean(e^2) ("mci"), which quantloop reproduces with VarianceStart::mean_squared_error.
# Run: Rscript tests/stats/reference/make_r_reference.R
suppressMessages({ library(fGarch); library(tseries); library(jsonlite) })
args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("--file=", "", args[grep("--file=", args)])))
root <- normalizePath(file.path(here, "..", "..", ".."))

returns_of <- function(file) {
  d <- read.csv(gzfile(file.path(root, "data", "daily", file)))
  p <- d$Adj.Close
  100 * (p[-1] / p[-length(p)] - 1)
}

fit_fgarch <- function(x, dist) {
  f <- garchFit(~garch(1, 1), data = x, include.mean = TRUE, cond.dist = dist, trace = FALSE)
  cf <- coef(f)
  se <- f@fit$se.coef
  out <- list(mu = unname(cf["mu"]), omega = unname(cf["omega"]), alpha = unname(cf["alpha1"]),
              beta = unname(cf["beta1"]), loglik = -f@fit$llh,
              se_mu = unname(se["mu"]), se_omega = unname(se["omega"]),
              se_alpha = unname(se["alpha1"]), se_beta = unname(se["beta1"]))
  if (dist == "std") { out$nu <- unname(cf["shape"]); out$se_nu <- unname(se["shape"]) }
  out
}

# A GARCH(1,1) series with known parameters: mu 0.05, omega 0.02, alpha 0.08, beta 0.9.
set.seed(20261122)
n <- 3000
e <- numeric(n); h <- numeric(n); h_prev <- 0.02 / (1 - 0.98); e_prev <- 0
for (t in 1:n) {
  h[t] <- 0.02 + 0.08 * e_prev^2 + 0.9 * h_prev
  e[t] <- sqrt(h[t]) * rnorm(1)
  e_prev <- e[t]; h_prev <- h[t]
}
simulated <- 0.05 + e

sp500 <- returns_of("sp500.csv.gz")
nasdaq <- returns_of("nasdaq.csv.gz")
tseries_fit <- garch(sp500 - mean(sp500), order = c(1, 1), trace = FALSE)

reference <- list(
  generator = paste("fGarch", packageVersion("fGarch"), "tseries", packageVersion("tseries"), R.version.string),
  simulated = list(values = simulated, true = list(mu = 0.05, omega = 0.02, alpha = 0.08, beta = 0.9)),
  fits = list(
    list(series = "sp500", dist = "norm", fit = fit_fgarch(sp500, "norm")),
    list(series = "sp500", dist = "std", fit = fit_fgarch(sp500, "std")),
    list(series = "nasdaq", dist = "norm", fit = fit_fgarch(nasdaq, "norm")),
    list(series = "simulated", dist = "norm", fit = fit_fgarch(simulated, "norm"))),
  tseries_sp500_demeaned = as.list(coef(tseries_fit)))
write(toJSON(reference, auto_unbox = TRUE, digits = NA, pretty = TRUE), file.path(here, "r_garch.json"))
cat("wrote r_garch.json\n")
