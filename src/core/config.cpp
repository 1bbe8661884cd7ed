#include "core/config.h"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <tuple>
#include <type_traits>

#include "core/command_line.h"
#include "core/cron.h"
#include "core/error.h"
#include "core/interval.h"
#include "core/time_zone.h"
#include "core/url.h"

extern char** environ;

namespace quantloop {

namespace {

using StringList = std::vector<std::string>;

// Reads and writes one setting. `where` names the source in error messages.
struct Setting {
  std::string key;
  std::function<void(Config&, const toml::node&, const std::string& where)> from_toml;
  std::function<void(Config&, std::string_view, const std::string& where)> from_text;
  std::function<std::string(const Config&, bool show_secrets)> to_toml;
};

[[noreturn]] void fail(const std::string& where, const std::string& key, const std::string& why) {
  throw Error(fmt::format("{}: {}: {}", where, key, why));
}

std::string quote(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

// Conversions of each value type from TOML and from text (environment, flags).
template <typename T>
struct Codec;

template <>
struct Codec<std::string> {
  static constexpr const char* kType = "a string";
  static std::optional<std::string> from_toml(const toml::node& node) {
    if (auto v = node.value<std::string>(); v && node.is_string()) return *v;
    return std::nullopt;
  }
  static std::optional<std::string> from_text(std::string_view text) { return std::string(text); }
  static std::string show(const std::string& value) { return quote(value); }
};

template <>
struct Codec<bool> {
  static constexpr const char* kType = "true or false";
  static std::optional<bool> from_toml(const toml::node& node) {
    if (!node.is_boolean()) return std::nullopt;
    return node.value<bool>();
  }
  static std::optional<bool> from_text(std::string_view text) {
    if (text == "true") return true;
    if (text == "false") return false;
    return std::nullopt;
  }
  static std::string show(bool value) { return value ? "true" : "false"; }
};

template <>
struct Codec<int> {
  static constexpr const char* kType = "an integer";
  static std::optional<int> from_toml(const toml::node& node) {
    if (!node.is_integer()) return std::nullopt;
    return node.value<int>();
  }
  static std::optional<int> from_text(std::string_view text) {
    int value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return value;
  }
  static std::string show(int value) { return std::to_string(value); }
};

template <>
struct Codec<double> {
  static constexpr const char* kType = "a number";
  static std::optional<double> from_toml(const toml::node& node) {
    if (!node.is_number()) return std::nullopt;
    return node.value<double>();
  }
  static std::optional<double> from_text(std::string_view text) {
    double value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return value;
  }
  static std::string show(double value) { return fmt::format("{}", value); }
};

template <>
struct Codec<StringList> {
  static constexpr const char* kType = "an array of strings";
  static std::optional<StringList> from_toml(const toml::node& node) {
    const toml::array* array = node.as_array();
    if (!array) return std::nullopt;
    StringList list;
    for (const toml::node& element : *array) {
      if (!element.is_string()) return std::nullopt;
      list.push_back(*element.value<std::string>());
    }
    return list;
  }
  // Comma-separated; empty text is an empty list.
  static std::optional<StringList> from_text(std::string_view text) {
    StringList list;
    while (!text.empty()) {
      auto comma = text.find(',');
      std::string_view item = text.substr(0, comma);
      while (!item.empty() && item.front() == ' ')
        item.remove_prefix(1);
      while (!item.empty() && item.back() == ' ')
        item.remove_suffix(1);
      if (item.empty()) return std::nullopt;
      list.emplace_back(item);
      if (comma == std::string_view::npos) break;
      text.remove_prefix(comma + 1);
    }
    return list;
  }
  static std::string show(const StringList& list) {
    std::string out = "[";
    for (std::size_t i = 0; i < list.size(); ++i)
      out += (i ? ", " : "") + quote(list[i]);
    return out + "]";
  }
};

// A check returns an explanation when the value is not acceptable.
template <typename T>
using Check = std::function<std::optional<std::string>(const T&)>;

// What of a value `config show` hides.
enum class Secret { none, url_password, whole };

template <typename T>
Setting make_setting(std::string key, T& (*field)(Config&), Check<T> check = {},
                     Secret secret = Secret::none) {
  auto assign = [field, check, key](Config& config, std::optional<T> value, const char* type,
                                    const std::string& where) {
    if (!value) fail(where, key, fmt::format("expected {}", type));
    if (check) {
      if (auto problem = check(*value)) fail(where, key, *problem);
    }
    field(config) = std::move(*value);
    config.origins[key] = where;
  };
  Setting setting;
  setting.key = key;
  setting.from_toml = [assign](Config& config, const toml::node& node, const std::string& where) {
    assign(config, Codec<T>::from_toml(node), Codec<T>::kType, where);
  };
  setting.from_text = [assign](Config& config, std::string_view text, const std::string& where) {
    assign(config, Codec<T>::from_text(text), Codec<T>::kType, where);
  };
  setting.to_toml = [field, secret](const Config& config, bool show_secrets) {
    const T& value = field(const_cast<Config&>(config));
    if constexpr (std::is_same_v<T, std::string>) {
      // A URL keeps all but its password; any other secret (a token) is hidden whole.
      if (secret != Secret::none && !show_secrets) {
        return Codec<T>::show(secret == Secret::url_password ? mask_password(value)
                              : value.empty()                ? ""
                                                             : "***");
      }
    }
    return Codec<T>::show(value);
  };
  return setting;
}

Check<int> in_range(int lo, int hi) {
  return [lo, hi](const int& v) -> std::optional<std::string> {
    if (v < lo || v > hi) return fmt::format("{} is out of range [{}, {}]", v, lo, hi);
    return std::nullopt;
  };
}

Check<double> in_range(double lo, double hi) {
  return [lo, hi](const double& v) -> std::optional<std::string> {
    if (!(v >= lo && v <= hi)) return fmt::format("{} is out of range [{}, {}]", v, lo, hi);
    return std::nullopt;
  };
}

std::optional<std::string> non_empty(const std::string& v) {
  if (v.empty()) return "must not be empty";
  return std::nullopt;
}

std::optional<std::string> valid_interval(const std::string& v) {
  if (!Interval::try_parse(v)) {
    return fmt::format("unknown interval '{}' (expected one of {})", v, Interval::all_names());
  }
  return std::nullopt;
}

std::optional<std::string> valid_range(const std::string& v) {
  try {
    range_seconds(v);
  } catch (const Error& e) {
    return e.what();
  }
  return std::nullopt;
}

std::optional<std::string> valid_model(const std::string& v) {
  if (v != "gru" && v != "gbdt" && v != "linear") {
    return fmt::format("unknown model '{}' (expected gru, gbdt or linear)", v);
  }
  return std::nullopt;
}

std::optional<std::string> valid_metric(const std::string& v) {
  if (v != "log_loss" && v != "sharpe") {
    return fmt::format("unknown metric '{}' (expected log_loss or sharpe)", v);
  }
  return std::nullopt;
}

std::optional<std::string> valid_symbols(const StringList& list) {
  for (const auto& symbol : list) {
    if (symbol.empty() || symbol.find_first_of(" ,;'\"") != std::string::npos) {
      return fmt::format("invalid symbol '{}'", symbol);
    }
  }
  return std::nullopt;
}

// The registry, in the order `config show` prints. Captureless lambdas convert to the field
// accessor function pointers.
const std::vector<Setting>& settings() {
  static const std::vector<Setting> registry = [] {
    std::vector<Setting> s;
    s.push_back(make_setting<std::string>(
        "database.url", [](Config & c) -> auto& { return c.database.url; }, non_empty,
        Secret::url_password));
    s.push_back(make_setting<StringList>(
        "symbols.stocks", [](Config & c) -> auto& { return c.symbols.stocks; }, valid_symbols));
    s.push_back(make_setting<StringList>(
        "symbols.forex", [](Config & c) -> auto& { return c.symbols.forex; }, valid_symbols));
    s.push_back(make_setting<StringList>(
        "symbols.crypto", [](Config & c) -> auto& { return c.symbols.crypto; }, valid_symbols));
    s.push_back(make_setting<std::string>(
        "intervals.hourly", [](Config & c) -> auto& { return c.intervals.hourly; },
        valid_interval));
    s.push_back(make_setting<std::string>(
        "intervals.full", [](Config & c) -> auto& { return c.intervals.full; }, valid_interval));
    s.push_back(make_setting<int>(
        "schedule.hourly_first_hour_utc",
        [](Config & c) -> auto& { return c.schedule.hourly_first_hour_utc; }, in_range(0, 23)));
    s.push_back(make_setting<int>(
        "schedule.hourly_last_hour_utc",
        [](Config & c) -> auto& { return c.schedule.hourly_last_hour_utc; }, in_range(0, 23)));
    s.push_back(make_setting<int>(
        "schedule.full_hour_utc", [](Config & c) -> auto& { return c.schedule.full_hour_utc; },
        in_range(0, 23)));
    s.push_back(make_setting<std::string>(
        "training.model", [](Config & c) -> auto& { return c.training.model; }, valid_model));
    s.push_back(make_setting<std::string>(
        "training.models_dir", [](Config & c) -> auto& { return c.training.models_dir; },
        non_empty));
    s.push_back(make_setting<int>(
        "training.hourly_window_days",
        [](Config & c) -> auto& { return c.training.hourly_window_days; }, in_range(1, 3650)));
    s.push_back(make_setting<int>(
        "training.hourly_epochs", [](Config & c) -> auto& { return c.training.hourly_epochs; },
        in_range(1, 100000)));
    s.push_back(make_setting<int>(
        "training.full_epochs", [](Config & c) -> auto& { return c.training.full_epochs; },
        in_range(1, 100000)));
    s.push_back(make_setting<std::string>(
        "training.full_range", [](Config & c) -> auto& { return c.training.full_range; },
        valid_range));
    s.push_back(make_setting<int>(
        "training.incremental_epochs",
        [](Config & c) -> auto& { return c.training.incremental_epochs; }, in_range(1, 100000)));
    s.push_back(make_setting<int>(
        "training.incremental_replay_days",
        [](Config & c) -> auto& { return c.training.incremental_replay_days; }, in_range(0, 3650)));
    s.push_back(make_setting<int>(
        "training.early_stopping_patience",
        [](Config & c) -> auto& { return c.training.early_stopping_patience; },
        in_range(1, 100000)));
    s.push_back(make_setting<double>(
        "training.validation_fraction",
        [](Config & c) -> auto& { return c.training.validation_fraction; }, in_range(0.01, 0.45)));
    s.push_back(make_setting<double>(
        "training.test_fraction", [](Config & c) -> auto& { return c.training.test_fraction; },
        in_range(0.01, 0.45)));
    s.push_back(make_setting<int>(
        "training.batch_symbols", [](Config & c) -> auto& { return c.training.batch_symbols; },
        in_range(1, 100000)));
    s.push_back(make_setting<int>(
        "training.workers", [](Config & c) -> auto& { return c.training.workers; },
        in_range(0, 1024)));
    s.push_back(make_setting<int>(
        "gru.hidden_size", [](Config & c) -> auto& { return c.gru.hidden_size; },
        in_range(1, 4096)));
    s.push_back(make_setting<int>(
        "gru.layers", [](Config & c) -> auto& { return c.gru.layers; }, in_range(1, 16)));
    s.push_back(make_setting<double>(
        "gru.dropout", [](Config & c) -> auto& { return c.gru.dropout; }, in_range(0.0, 0.95)));
    s.push_back(make_setting<int>(
        "gru.sequence_length", [](Config & c) -> auto& { return c.gru.sequence_length; },
        in_range(1, 10000)));
    s.push_back(make_setting<double>(
        "gru.learning_rate", [](Config & c) -> auto& { return c.gru.learning_rate; },
        in_range(1e-8, 10.0)));
    s.push_back(make_setting<int>(
        "gru.batch_size", [](Config & c) -> auto& { return c.gru.batch_size; },
        in_range(1, 1 << 20)));
    s.push_back(make_setting<std::string>(
        "yahoo.base_url", [](Config & c) -> auto& { return c.yahoo.base_url; }, non_empty));
    s.push_back(make_setting<double>(
        "yahoo.timeout_seconds", [](Config & c) -> auto& { return c.yahoo.timeout_seconds; },
        in_range(0.01, 3600.0)));
    s.push_back(make_setting<int>(
        "yahoo.max_retries", [](Config & c) -> auto& { return c.yahoo.max_retries; },
        in_range(0, 100)));
    s.push_back(make_setting<double>(
        "yahoo.backoff_initial_seconds",
        [](Config & c) -> auto& { return c.yahoo.backoff_initial_seconds; }, in_range(0.0, 600.0)));
    s.push_back(make_setting<double>(
        "yahoo.requests_per_second",
        [](Config & c) -> auto& { return c.yahoo.requests_per_second; }, in_range(0.001, 1000.0)));
    s.push_back(make_setting<std::string>(
        "promotion.metric", [](Config & c) -> auto& { return c.promotion.metric; }, valid_metric));
    s.push_back(make_setting<double>(
        "promotion.max_pvalue", [](Config & c) -> auto& { return c.promotion.max_pvalue; },
        in_range(0.0, 1.0)));
    s.push_back(make_setting<int>(
        "promotion.min_rows", [](Config & c) -> auto& { return c.promotion.min_rows; },
        in_range(2, 1000000)));
    s.push_back(make_setting<double>(
        "promotion.cost_bps", [](Config & c) -> auto& { return c.promotion.cost_bps; },
        in_range(0.0, 10000.0)));
    s.push_back(make_setting<int>(
        "promotion.rollback_window",
        [](Config & c) -> auto& { return c.promotion.rollback_window; }, in_range(2, 1000000)));
    s.push_back(make_setting<int>(
        "registry.keep_versions", [](Config & c) -> auto& { return c.registry.keep_versions; },
        in_range(1, 1000000)));
    s.push_back(make_setting<int>(
        "registry.retention_days", [](Config & c) -> auto& { return c.registry.retention_days; },
        in_range(0, 36500)));
    s.push_back(make_setting<std::string>(
        "serve.host", [](Config & c) -> auto& { return c.serve.host; }, non_empty));
    s.push_back(make_setting<int>(
        "serve.port", [](Config & c) -> auto& { return c.serve.port; }, in_range(0, 65535)));
    s.push_back(make_setting<std::string>(
        "serve.token", [](Config & c) -> auto& { return c.serve.token; }, nullptr, Secret::whole));
    s.push_back(make_setting<int>(
        "serve.cache_ttl_seconds", [](Config & c) -> auto& { return c.serve.cache_ttl_seconds; },
        in_range(1, 365 * 86400)));
    s.push_back(make_setting<int>(
        "serve.full_retrain_ttl_seconds",
        [](Config & c) -> auto& { return c.serve.full_retrain_ttl_seconds; },
        in_range(1, 365 * 86400)));
    s.push_back(make_setting<int>(
        "serve.top", [](Config & c) -> auto& { return c.serve.top; }, in_range(1, 100000)));
    s.push_back(make_setting<int>(
        "jobs.lease_seconds", [](Config & c) -> auto& { return c.jobs.lease_seconds; },
        in_range(3, 86400)));
    s.push_back(make_setting<int>(
        "jobs.max_attempts", [](Config & c) -> auto& { return c.jobs.max_attempts; },
        in_range(1, 1000)));
    s.push_back(make_setting<int>(
        "jobs.retry_base_seconds", [](Config & c) -> auto& { return c.jobs.retry_base_seconds; },
        in_range(0, 86400)));
    s.push_back(make_setting<int>(
        "jobs.retry_max_seconds", [](Config & c) -> auto& { return c.jobs.retry_max_seconds; },
        in_range(0, 7 * 86400)));
    s.push_back(make_setting<std::string>(
        "jobs.log_dir", [](Config & c) -> auto& { return c.jobs.log_dir; }, non_empty));
    return s;
  }();
  return registry;
}

// "schedule.NAME.FIELD" -> (NAME, FIELD).
std::optional<std::pair<std::string, std::string>> schedule_key(std::string_view key) {
  if (!key.starts_with("schedule.")) return std::nullopt;
  const std::string_view rest = key.substr(9);
  const auto dot = rest.rfind('.');
  if (dot == std::string_view::npos) return std::nullopt;
  return std::pair{std::string(rest.substr(0, dot)), std::string(rest.substr(dot + 1))};
}

const Setting* find_setting(std::string_view key) {
  for (const auto& setting : settings()) {
    if (setting.key == key) return &setting;
  }
  return nullptr;
}

std::string environment_name(std::string_view key) {
  std::string name = "QUANTLOOP_";
  for (char c : key)
    name += (c == '.') ? '_' : char(std::toupper(static_cast<unsigned char>(c)));
  return name;
}

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
// keeps what it sets and takes the rest from here.
void add_crypto_schedules(Config& config) {
  if (config.symbols.crypto.empty()) return;
  std::string symbols;
  for (const auto& s : config.symbols.crypto)
    symbols += (symbols.empty() ? "" : ",") + s;
  const std::vector<std::tuple<std::string, std::string, std::string>> seed{
      {"crypto_incremental", "0 */6 * * *", "run --mode incremental --symbols " + symbols},
      {"crypto_full", "0 2 * * 0", "run --mode full --symbols " + symbols},
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

void apply_table(Config& config, const toml::table& table, const std::string& prefix,
                 const std::string& file) {
  for (const auto& [key, node] : table) {
    const std::string dotted =
        prefix.empty() ? std::string(key.str()) : prefix + "." + std::string(key.str());
    const std::string where = fmt::format("{}:{}", file, node.source().begin.line);
    if (const toml::table* sub = node.as_table()) {
      if (prefix.empty()) {
        apply_table(config, *sub, dotted, file);
        continue;
      }
      if (prefix == "schedule") {
        const std::string name(key.str());
        if (sub->empty()) fail(where, dotted, "an empty schedule (it needs cron and job)");
        for (const auto& [field, value] : *sub) {
          set_schedule_field(config, name, std::string(field.str()), &value, std::nullopt,
                             fmt::format("{}:{}", file, value.source().begin.line));
        }
        continue;
      }
    }
    const Setting* setting = find_setting(dotted);
    if (!setting) fail(where, dotted, "unknown key");
    setting->from_toml(config, node, where);
  }
}

void apply_file(Config& config, const std::string& path) {
  toml::table table;
  try {
    table = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    throw Error(fmt::format("{}:{}: {}", path, e.source().begin.line, e.description()));
  }
  apply_table(config, table, "", path);
}

std::optional<std::string> choose_file(const ConfigSources& sources) {
  if (sources.file) {
    if (!std::filesystem::exists(*sources.file)) {
      throw Error(fmt::format("{}: configuration file does not exist", *sources.file));
    }
    return sources.file;
  }
  if (auto it = sources.environment.find("QUANTLOOP_CONFIG"); it != sources.environment.end()) {
    if (!std::filesystem::exists(it->second)) {
      throw Error(fmt::format("{}: configuration file named by QUANTLOOP_CONFIG does not exist",
                              it->second));
    }
    return it->second;
  }
  if (std::filesystem::exists("quantloop.toml")) return "quantloop.toml";
  return std::nullopt;
}

}  // namespace

std::map<std::string, std::string> process_environment() {
  std::map<std::string, std::string> env;
  for (char** entry = environ; entry && *entry; ++entry) {
    std::string_view text(*entry);
    auto eq = text.find('=');
    if (eq != std::string_view::npos) env.emplace(text.substr(0, eq), text.substr(eq + 1));
  }
  return env;
}

Config load_config(const ConfigSources& sources) {
  Config config;
  for (const auto& setting : settings())
    config.origins[setting.key] = "default";

  if (auto file = choose_file(sources)) apply_file(config, *file);

  for (const auto& [name, value] : sources.environment) {
    // Not configuration: the file to read, and what a worker tells the job it starts.
    if (!name.starts_with("QUANTLOOP_") || name == "QUANTLOOP_CONFIG" ||
        name == "QUANTLOOP_JOB_ID" || name == "QUANTLOOP_JOB_FENCING_TOKEN") {
      continue;
    }
    const Setting* match = nullptr;
    for (const auto& setting : settings()) {
      if (environment_name(setting.key) == name) match = &setting;
    }
    if (!match) {
      throw Error(fmt::format("environment variable {}: not a configuration key", name));
    }
    match->from_text(config, value, "environment " + name);
  }

  for (const auto& [key, value] : sources.overrides) {
    if (auto field = schedule_key(key)) {
      set_schedule_field(config, field->first, field->second, nullptr, value, "flag");
      continue;
    }
    const Setting* setting = find_setting(key);
    if (!setting) fail("flag", key, "unknown key");
    setting->from_text(config, value, "flag");
  }
  add_crypto_schedules(config);
  check_schedules(config);

  if (config.schedule.hourly_first_hour_utc > config.schedule.hourly_last_hour_utc) {
    throw Error(fmt::format(
        "{}: schedule.hourly_first_hour_utc: {} is after schedule.hourly_last_hour_utc ({})",
        config.origins["schedule.hourly_first_hour_utc"], config.schedule.hourly_first_hour_utc,
        config.schedule.hourly_last_hour_utc));
  }
  return config;
}

void check_setting(std::string_view key, std::string_view value) {
  if (auto field = schedule_key(key)) {
    Config scratch;
    try {
      set_schedule_field(scratch, field->first, field->second, nullptr, value, "flag");
    } catch (const Error& e) {
      const std::string_view message = e.what();
      throw Error(std::string(message.starts_with("flag: ") ? message.substr(6) : message));
    }
    return;
  }
  const Setting* setting = find_setting(key);
  if (!setting) throw Error(fmt::format("{}: unknown key", key));
  Config scratch;
  try {
    setting->from_text(scratch, std::string(value), "flag");
  } catch (const Error& e) {
    const std::string_view message = e.what();
    throw Error(std::string(message.starts_with("flag: ") ? message.substr(6) : message));
  }
}

std::vector<std::string> config_keys() {
  std::vector<std::string> keys;
  for (const auto& setting : settings())
    keys.push_back(setting.key);
  return keys;
}

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

std::vector<std::string> Config::all_symbols() const {
  std::vector<std::string> all = symbols.stocks;
  all.insert(all.end(), symbols.forex.begin(), symbols.forex.end());
  all.insert(all.end(), symbols.crypto.begin(), symbols.crypto.end());
  return all;
}

AssetType Config::asset_type_of(std::string_view symbol) const {
  auto listed = [&](const StringList& list) {
    return std::find(list.begin(), list.end(), symbol) != list.end();
  };
  if (listed(symbols.stocks)) return AssetType::stock;
  if (listed(symbols.forex)) return AssetType::forex;
  if (listed(symbols.crypto)) return AssetType::crypto;
  return classify_symbol(symbol);
}

std::string Config::to_toml(bool show_secrets) const {
  std::string out;
  std::string section;
  for (const auto& setting : settings()) {
    const auto dot = setting.key.find('.');
    const std::string table = setting.key.substr(0, dot);
    if (table != section) {
      out += fmt::format("{}[{}]\n", out.empty() ? "" : "\n", table);
      section = table;
    }
    auto origin = origins.find(setting.key);
    out += fmt::format("{} = {}  # {}\n", setting.key.substr(dot + 1),
                       setting.to_toml(*this, show_secrets),
                       origin == origins.end() ? "default" : origin->second);
  }
  for (const auto& schedule : schedules) {
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

}  // namespace quantloop
