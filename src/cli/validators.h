#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>
#include <vector>

namespace quantloop::cli {

// CLI11 validators for flag values: a bad value is a usage error (exit code 2) whose message
// names the flag and says what was expected, before any work starts.

// A validator from a check that throws Error (whose message becomes the usage error).
CLI::Validator checked_by(std::function<void(const std::string&)> check, std::string name);

CLI::Validator interval_name();                     // 1m, 5m, ..., 1d, 1wk
CLI::Validator range_name();                        // Yahoo's look-backs: 1d 5d 1mo ... max
CLI::Validator utc_time();                          // YYYY-MM-DD[THH:MM[:SS]][Z|+hh:mm]
CLI::Validator time_zone_name();                    // an IANA zone of the system database
CLI::Validator setting();                           // key=value of the configuration (--set)
CLI::Validator symbol_list(std::size_t count = 0);  // A,B,...; exactly `count` when not 0
CLI::Validator http_url();
CLI::Validator one_of(std::vector<std::string> names);

// A usage error found in a command's callback, when flags are wrong only together (two series
// for a test of one): exit code 2 and the message, naming the flag.
[[noreturn]] void usage_error(const std::string& flag, const std::string& message);

}  // namespace quantloop::cli
