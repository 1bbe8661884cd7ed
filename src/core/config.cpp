#include "core/config.h"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <type_traits>

#include "core/config_codec.h"
#include "core/config_settings.h"
#include "core/error.h"
#include "core/interval.h"
#include "core/schedule_config.h"
#include "core/url.h"

extern char** environ;

namespace quantloop {

using namespace config_detail;

namespace {

std::string environment_name(std::string_view key) {
  std::string name = "QUANTLOOP_";
  for (char c : key)
    name += (c == '.') ? '_' : char(std::toupper(static_cast<unsigned char>(c)));
  return name;
}

void apply_table(Config& config, const toml::table& table, const std::string& prefix,
                 const std::string& file) {
  for (const auto& [key, node] : table) {
    const std::string dotted =
        prefix.empty() ? std::string(key.str()) : prefix + "." + std::string(key.str());
    const std::string where = fmt::format("{}:{}", file, node.source().begin.line);
    if (const toml::table* sub = node.as_table()) {
      if (prefix != "schedule") {  // [scanner.weights] and the like
        apply_table(config, *sub, dotted, file);
        continue;
      }
      {
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
    // Not configuration: the file to read, what a worker tells the job it starts, the host name.
    if (!name.starts_with("QUANTLOOP_") || name == "QUANTLOOP_CONFIG" ||
        name == "QUANTLOOP_JOB_ID" || name == "QUANTLOOP_JOB_FENCING_TOKEN" ||
        name == "QUANTLOOP_HOST") {
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

const std::vector<std::string>& PairsConfig::symbols_of(std::string_view name) const {
  if (name == "technology") return technology;
  if (name == "healthcare") return healthcare;
  if (name == "financial") return financial;
  throw Error(
      fmt::format("unknown universe '{}' (expected technology, healthcare or financial)", name));
}

std::optional<double> ReplayConfig::reference_price(std::string_view symbol) const {
  for (const auto& item : reference_prices) {
    std::string named;
    const auto price = price_of(item, &named);
    if (price && named == symbol) return price;
  }
  return std::nullopt;
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
  return out + schedules_toml(*this);
}

}  // namespace quantloop
