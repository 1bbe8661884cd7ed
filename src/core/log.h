#pragma once

#include <spdlog/spdlog.h>

namespace quantloop {

enum class Verbosity { quiet, normal, verbose };

// Sends log lines to stderr ("quantloop: message" at normal verbosity; with level and time
// when verbose). Data and tables go to stdout, so logs never mix into --json or --csv output.
void configure_logging(Verbosity verbosity);

}  // namespace quantloop
