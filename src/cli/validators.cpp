#include "cli/validators.h"

#include <fmt/format.h>

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
