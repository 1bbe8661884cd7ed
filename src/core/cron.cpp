#include "core/cron.h"

#include <fmt/format.h>

#include <array>
#include <cctype>
#include <charconv>
#include <vector>

#include "core/error.h"

namespace quantloop {

namespace {

struct Field {
  const char* name;
  int low;
  int high;
  const char* const* names;  // names[i] spells low + i; nullptr when the field has none
};

constexpr const char* kMonthNames[] = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                       "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
constexpr const char* kDayNames[] = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

constexpr std::array<Field, 5> kFields{{{"minute", 0, 59, nullptr},
                                        {"hour", 0, 23, nullptr},
                                        {"day of month", 1, 31, nullptr},
                                        {"month", 1, 12, kMonthNames},
                                        {"day of week", 0, 7, kDayNames}}};

[[noreturn]] void fail(std::string_view text, const Field& field, const std::string& why) {
  throw Error(fmt::format("cron expression '{}': {}: {}", text, field.name, why));
}

int parse_value(std::string_view text, const Field& field, std::string_view token) {
  if (field.names && token.size() == 3 && std::isalpha(static_cast<unsigned char>(token[0]))) {
    std::string upper;
    for (char c : token)
      upper += char(std::toupper(static_cast<unsigned char>(c)));
    const int count = field.high - field.low + (field.names == kDayNames ? 0 : 1);
    for (int i = 0; i < count; ++i) {
      if (upper == field.names[i]) return field.low + i;
    }
  }
  int value = 0;
  const auto [end, error] = std::from_chars(token.data(), token.data() + token.size(), value);
  if (error != std::errc() || end != token.data() + token.size() || token.empty()) {
    fail(text, field,
         fmt::format("'{}' is not a number{}", token, field.names ? " or a name" : ""));
  }
  if (value < field.low || value > field.high) {
    fail(text, field, fmt::format("{} is out of range {}-{}", value, field.low, field.high));
  }
  return value;
}

// The values one field admits, as a mask over low..high; `restricted` is false for `*`.
std::vector<bool> parse_field(std::string_view text, const Field& field, std::string_view spec,
                              bool& restricted) {
  std::vector<bool> allowed(std::size_t(field.high + 1), false);
  restricted = !spec.starts_with('*');  // Vixie cron: "*/2" is not a restriction
  while (true) {
    const auto comma = spec.find(',');
    const std::string_view item = spec.substr(0, comma);
    if (item.empty()) fail(text, field, "an empty list item");
    std::string_view range = item;
    int step = 1;
    if (const auto slash = item.find('/'); slash != std::string_view::npos) {
      range = item.substr(0, slash);
      const std::string_view step_text = item.substr(slash + 1);
      const auto [end, error] =
          std::from_chars(step_text.data(), step_text.data() + step_text.size(), step);
      if (error != std::errc() || end != step_text.data() + step_text.size() || step < 1) {
        fail(text, field, fmt::format("step '{}' is not a positive number", step_text));
      }
    }
    int first = field.low;
    int last = field.high;
    if (range != "*") {
      const auto dash = range.find('-');
      first = parse_value(text, field, range.substr(0, dash));
      last = dash == std::string_view::npos
                 ? (step > 1 ? field.high : first)  // "5/15" means 5-max/15, as Vixie cron
                 : parse_value(text, field, range.substr(dash + 1));
      if (last < first) fail(text, field, fmt::format("range {}-{} runs backwards", first, last));
    } else if (field.names == kDayNames) {
      last = 6;  // `*` is every day once; 7 is only another name for Sunday
    }
    for (int v = first; v <= last; v += step)
      allowed[std::size_t(v)] = true;
    if (comma == std::string_view::npos) break;
    spec = spec.substr(comma + 1);
  }
  return allowed;
}

std::string_view expand_macro(std::string_view text) {
  if (text == "@hourly") return "0 * * * *";
  if (text == "@daily" || text == "@midnight") return "0 0 * * *";
  if (text == "@weekly") return "0 0 * * 0";
  if (text == "@monthly") return "0 0 1 * *";
  if (text == "@yearly" || text == "@annually") return "0 0 1 1 *";
  return text;
}

}  // namespace

CronExpression CronExpression::parse(std::string_view text) {
  CronExpression cron;
  cron.text_ = std::string(text);
  const std::string_view expanded = expand_macro(text);
  if (expanded.starts_with('@')) {
    throw Error(
        fmt::format("cron expression '{}': unknown macro (expected @hourly, @daily, "
                    "@midnight, @weekly, @monthly, @yearly or @annually)",
                    text));
  }
  std::vector<std::string_view> parts;
  std::size_t i = 0;
  while (i < expanded.size()) {
    while (i < expanded.size() && std::isspace(static_cast<unsigned char>(expanded[i])))
      ++i;
    const std::size_t start = i;
    while (i < expanded.size() && !std::isspace(static_cast<unsigned char>(expanded[i])))
      ++i;
    if (i > start) parts.push_back(expanded.substr(start, i - start));
  }
  if (parts.size() != 5) {
    throw Error(
        fmt::format("cron expression '{}': {} fields, expected 5 (minute hour day-of-month month "
                    "day-of-week)",
                    text, parts.size()));
  }
  bool restricted = false;
  const auto minutes = parse_field(text, kFields[0], parts[0], restricted);
  const auto hours = parse_field(text, kFields[1], parts[1], restricted);
  const auto days = parse_field(text, kFields[2], parts[2], cron.days_restricted_);
  const auto months = parse_field(text, kFields[3], parts[3], restricted);
  const auto weekdays = parse_field(text, kFields[4], parts[4], cron.weekdays_restricted_);
  for (int v = 0; v < 60; ++v)
    cron.minutes_[std::size_t(v)] = minutes[std::size_t(v)];
  for (int v = 0; v < 24; ++v)
    cron.hours_[std::size_t(v)] = hours[std::size_t(v)];
  for (int v = 1; v <= 31; ++v)
    cron.days_[std::size_t(v)] = days[std::size_t(v)];
  for (int v = 1; v <= 12; ++v)
    cron.months_[std::size_t(v)] = months[std::size_t(v)];
  for (int v = 0; v <= 7; ++v) {
    if (weekdays[std::size_t(v)]) cron.weekdays_[std::size_t(v % 7)] = true;
  }
  return cron;
}

bool CronExpression::matches_day(const CivilDate& date) const {
  if (!months_[std::size_t(date.month)]) return false;
  const bool day = days_[std::size_t(date.day)];
  const bool weekday = weekdays_[std::size_t((quantloop::weekday(date) + 1) % 7)];
  if (days_restricted_ && weekdays_restricted_) return day || weekday;
  return day && weekday;
}

}  // namespace quantloop
