#!/usr/bin/env Rscript
# Reference p-values of the one-sided exact McNemar (sign) test for tests/stats, from R's
# binom.test (Debian bookworm's r-base-core). Writes paired_tests.json next to this script.
# Run: Rscript tests/stats/reference/make_paired_tests_reference.R
suppressMessages(library(jsonlite))
args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("--file=", "", args[grep("--file=", args)])))
cases <- list(c(1, 0), c(3, 1), c(30, 20), c(20, 30), c(60, 40), c(512, 480), c(150, 100),
              c(9, 1), c(2500, 2400), c(7, 7))
mcnemar <- lapply(cases, function(k) {
  wins <- k[1]; losses <- k[2]
  list(wins = wins, losses = losses,
       pvalue = binom.test(wins, wins + losses, 0.5, alternative = "greater")$p.value)
})
writeLines(toJSON(list(mcnemar_one_sided = mcnemar, r_version = R.version.string), digits = NA,
                  auto_unbox = TRUE, pretty = TRUE),
           file.path(here, "paired_tests.json"))
