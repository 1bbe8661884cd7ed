#include "cli/validators.h"

#include <fmt/format.h>

#include "core/config.h"
#include "core/error.h"
#include "core/interval.h"
#include "core/time.h"
#include "core/time_zone.h"

namespace quantloop::cli {

CLI::Validator checked_by(std::function<void(const std::string&)> check, std::string name) {
  return CLI::Validator(
      [check = std::move(check)](std::string& value) {
        try {
          check(value);
          return std::string();
        } catch (const Error& e) {
          return std::string(e.what());
        }
      },
      std::move(name));
}

CLI::Validator interval_name() {
  return checked_by([](const std::string& text) { Interval::parse(text); }, "INTERVAL");
}

CLI::Validator range_name() {
  return checked_by([](const std::string& text) { range_seconds(text); }, "RANGE");
}

CLI::Validator setting() {
  return checked_by(
      [](const std::string& text) {
        const auto eq = text.find('=');
        if (eq == std::string::npos || eq == 0) {
          throw Error(fmt::format("'{}' is not key=value (e.g. training.full_epochs=20)", text));
        }
        check_setting(text.substr(0, eq), text.substr(eq + 1));
      },
      "KEY=VALUE");
}

CLI::Validator symbol_list(std::size_t count) {
  return checked_by(
      [count](const std::string& text) {
        std::size_t items = 0;
        std::size_t start = 0;
        while (start <= text.size()) {
          std::size_t comma = text.find(',', start);
          if (comma == std::string::npos) comma = text.size();
          const std::string item = text.substr(start, comma - start);
          if (item.empty() || item.find_first_of(" ;'\"") != std::string::npos) {
            throw Error(fmt::format("'{}' is not a comma-separated list of symbols", text));
          }
          ++items;
          start = comma + 1;
        }
        if (count != 0 && items != count) {
          throw Error(fmt::format("'{}' names {} symbols; give {}", text, items, count));
        }
      },
      count == 2 ? "A,B" : "SYMBOLS");
}

CLI::Validator http_url() {
  return checked_by(
      [](const std::string& text) {
        if (!text.starts_with("http://") && !text.starts_with("https://")) {
          throw Error(fmt::format("'{}' is not an http:// or https:// URL", text));
        }
      },
      "URL");
}

void usage_error(const std::string& flag, const std::string& message) {
  throw CLI::ValidationError(flag, message);
}

CLI::Validator utc_time() {
  return checked_by(
      [](const std::string& text) {
        if (!parse_timestamp(text)) {
          throw Error(
              fmt::format("'{}' is not a time (expected YYYY-MM-DD[THH:MM[:SS]][Z], UTC)", text));
        }
      },
      "TIME");
}

CLI::Validator time_zone_name() {
  return checked_by([](const std::string& text) { TimeZone::locate(text); }, "ZONE");
}

CLI::Validator one_of(std::vector<std::string> names) {
  std::string list;
  for (const auto& name : names)
    list += (list.empty() ? "" : ", ") + name;
  return checked_by(
      [names = std::move(names), list](const std::string& text) {
        if (std::find(names.begin(), names.end(), text) == names.end()) {
          throw Error(fmt::format("'{}' is not one of {}", text, list));
        }
      },
      "{" + list + "}");
}

}  // namespace quantloop::cli
