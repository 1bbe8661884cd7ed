#pragma once

#include <spdlog/spdlog.h>

namespace quantloop {

enum class Verbosity { quiet, normal, verbose };

// Sends log lines to stderr ("quantloop: message" at normal verbosity; with level and time
// when verbose). Data and tables go to stdout, so logs never mix into --json or --csv output.
void configure_logging(Verbosity verbosity);

// Also writes every line, with its time, level and process id, to `path` (directories made),
// rotated at 10 MiB keeping 5 files: what the long-running commands (daemon, worker) leave
// for `tail -f`. Throws Error when the file cannot be opened.
void add_log_file(const std::string& path);

}  // namespace quantloop
