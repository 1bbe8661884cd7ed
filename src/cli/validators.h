#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>

namespace quantloop::cli {

// CLI11 validators for flag values: a bad value is a usage error (exit code 2) whose message
// names the flag and says what was expected, before any work starts.

// A validator from a check that throws Error (whose message becomes the usage error).
CLI::Validator checked_by(std::function<void(const std::string&)> check, std::string name);

CLI::Validator interval_name();   // 1m, 5m, ..., 1d, 1wk
CLI::Validator utc_time();        // YYYY-MM-DD[THH:MM[:SS]][Z|+hh:mm]
CLI::Validator time_zone_name();  // an IANA zone of the system database
CLI::Validator one_of(std::vector<std::string> names);

}  // namespace quantloop::cli
