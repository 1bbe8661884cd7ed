#include "core/schedule_config.h"

#include <tuple>
#include <type_traits>

#include "core/command_line.h"
#include "core/config_codec.h"
#include "core/cron.h"
#include "core/time_zone.h"

namespace quantloop {

std::vector<NamedSchedule> default_schedules() {
  NamedSchedule hourly;
  hourly.name = "hourly";
  hourly.cron = "0 9-19 * * *";
  hourly.job = "run --mode hourly";
  NamedSchedule full;
  full.name = "full";
  full.cron = "0 20 * * *";
  full.job = "run --mode full";
  return {hourly, full};
}

namespace config_detail {

namespace {

// `[schedule.NAME]` fields. A name not yet known starts a new schedule; fields are checked
// together once every source is applied (check_schedules).
NamedSchedule& schedule_named(Config& config, const std::string& name) {
  for (auto& schedule : config.schedules) {
    if (schedule.name == name) return schedule;
  }
  NamedSchedule& added = config.schedules.emplace_back();
  added.name = name;
  return added;
}

constexpr const char* kScheduleFields[] = {"cron",        "timezone", "job",    "catchup",
                                           "catchup_max", "overlap",  "enabled"};

bool is_schedule_field(std::string_view field) {
  for (const char* f : kScheduleFields) {
    if (field == f) return true;
  }
  return false;
}

bool valid_schedule_name(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-') return false;
  }
  return true;
}

}  // namespace

// "schedule.NAME.FIELD" -> (NAME, FIELD).
std::optional<std::pair<std::string, std::string>> schedule_key(std::string_view key) {
  if (!key.starts_with("schedule.")) return std::nullopt;
  const std::string_view rest = key.substr(9);
  const auto dot = rest.rfind('.');
  if (dot == std::string_view::npos) return std::nullopt;
  return std::pair{std::string(rest.substr(0, dot)), std::string(rest.substr(dot + 1))};
}

// Sets one field from TOML (`node`) or from text (`text`, flags).
void set_schedule_field(Config& config, const std::string& name, const std::string& field,
                        const toml::node* node, std::optional<std::string_view> text,
                        const std::string& where) {
  const std::string key = fmt::format("schedule.{}.{}", name, field);
  if (!valid_schedule_name(name)) {
    fail(where, key, "a schedule name is letters, digits, '_' and '-' (at most 64)");
  }
  if (!is_schedule_field(field)) {
    fail(where, key,
         "unknown key (a schedule has cron, timezone, job, catchup, catchup_max, overlap, "
         "enabled)");
  }
  NamedSchedule& schedule = schedule_named(config, name);
  auto parsed = [&]<typename T>(std::type_identity<T>) {
    const std::optional<T> value = node ? Codec<T>::from_toml(*node) : Codec<T>::from_text(*text);
    if (!value) fail(where, key, fmt::format("expected {}", Codec<T>::kType));
    return *value;
  };
  if (field == "catchup_max") {
    schedule.catchup_max = parsed(std::type_identity<int>{});
  } else if (field == "enabled") {
    schedule.enabled = parsed(std::type_identity<bool>{});
  } else {
    const std::string value = parsed(std::type_identity<std::string>{});
    if (field == "cron") schedule.cron = value;
    if (field == "timezone") schedule.timezone = value;
    if (field == "job") schedule.job = value;
    if (field == "catchup") schedule.catchup = value;
    if (field == "overlap") schedule.overlap = value;
  }
  schedule.origins[field] = where;
}

// Seed 003's crontab for the configured crypto list: incremental updates every 6 h, the full
// retrain on Sundays at 02:00, predictions pre-generated at 01:55. A section of the same name
// keeps what it sets and takes the rest from here. Training shares windows between 8
// consecutive samples: 4.3x faster, which seed 003's goals on 2 cores need, at the same test
// accuracy and log loss on 22 six-month slices of real BTC-USD hours
// (bench/chunked_training_bench.sh).
void add_crypto_schedules(Config& config) {
  if (config.symbols.crypto.empty()) return;
  std::string symbols;
  for (const auto& s : config.symbols.crypto)
    symbols += (symbols.empty() ? "" : ",") + s;
  const std::vector<std::tuple<std::string, std::string, std::string>> seed{
      {"crypto_incremental", "0 */6 * * *",
       "run --mode incremental --samples-per-sequence 8 --symbols " + symbols},
      {"crypto_full", "0 2 * * 0", "run --mode full --samples-per-sequence 8 --symbols " + symbols},
      {"crypto_predictions", "55 1 * * *", "predict --symbols " + symbols},
  };
  for (const auto& [name, cron, job] : seed) {
    NamedSchedule& schedule = schedule_named(config, name);
    if (schedule.cron.empty()) schedule.cron = cron;
    if (schedule.job.empty()) schedule.job = job;
  }
}

// Every enabled schedule whole and valid; errors name where the offending value came from.
void check_schedules(const Config& config) {
  for (const auto& schedule : config.schedules) {
    if (!schedule.enabled) continue;
    auto origin = [&](const std::string& field) {
      auto it = schedule.origins.find(field);
      if (it != schedule.origins.end()) return it->second;
      it = schedule.origins.begin();  // a missing field: where the section was written
      return it == schedule.origins.end() ? std::string("default") : it->second;
    };
    auto check = [&](const std::string& field, bool ok, const std::string& why) {
      if (!ok) fail(origin(field), fmt::format("schedule.{}.{}", schedule.name, field), why);
    };
    check("cron", !schedule.cron.empty(), "missing: every schedule needs a cron expression");
    check("job", !schedule.job.empty(), "missing: the quantloop command the schedule runs");
    check("catchup",
          schedule.catchup == "latest" || schedule.catchup == "none" || schedule.catchup == "all",
          fmt::format("'{}' is not latest, none or all", schedule.catchup));
    check("overlap", schedule.overlap == "skip" || schedule.overlap == "queue",
          fmt::format("'{}' is not skip or queue", schedule.overlap));
    check("catchup_max", schedule.catchup_max >= 1 && schedule.catchup_max <= 100000,
          fmt::format("{} is out of range 1-100000", schedule.catchup_max));
    for (const std::string field : {"cron", "timezone", "job"}) {
      try {
        if (field == "cron") CronExpression::parse(schedule.cron);
        if (field == "timezone") TimeZone::locate(schedule.timezone);
        if (field == "job") split_command_line(schedule.job);
      } catch (const Error& e) {
        check(field, false, e.what());
      }
    }
  }
}

std::string schedules_toml(const Config& config) {
  std::string out;
  for (const auto& schedule : config.schedules) {
    out += fmt::format("\n[schedule.{}]\n", schedule.name);
    auto line = [&](const char* field, const std::string& value) {
      auto origin = schedule.origins.find(field);
      out += fmt::format("{} = {}  # {}\n", field, value,
                         origin == schedule.origins.end() ? "default" : origin->second);
    };
    line("cron", quote(schedule.cron));
    line("timezone", quote(schedule.timezone));
    line("job", quote(schedule.job));
    line("catchup", quote(schedule.catchup));
    line("catchup_max", std::to_string(schedule.catchup_max));
    line("overlap", quote(schedule.overlap));
    line("enabled", schedule.enabled ? "true" : "false");
  }
  return out;
}

}  // namespace config_detail
}  // namespace quantloop
