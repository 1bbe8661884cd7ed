// The table of every configuration key with its type and check (config_settings.h).
#include "core/config_settings.h"

#include <fmt/format.h>

#include <cmath>
#include <optional>
#include <type_traits>

#include "core/config_codec.h"
#include "core/interval.h"
#include "core/url.h"

namespace quantloop::config_detail {

std::optional<double> price_of(std::string_view item, std::string* symbol) {
  const auto eq = item.find('=');
  if (eq == std::string_view::npos || eq == 0) return std::nullopt;
  const std::string text(item.substr(eq + 1));
  std::size_t used = 0;
  double price = 0;
  try {
    price = std::stod(text, &used);
  } catch (const std::exception&) {
    return std::nullopt;
  }
  if (used != text.size() || !(price > 0) || !std::isfinite(price)) return std::nullopt;
  if (symbol) *symbol = std::string(item.substr(0, eq));
  return price;
}

namespace {

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
    // ':' names another maker's registry series (ict:signal_quality), never a market symbol.
    if (symbol.empty() || symbol.find_first_of(" ,;'\":") != std::string::npos) {
      return fmt::format("invalid symbol '{}'", symbol);
    }
  }
  return std::nullopt;
}

// SYMBOL=PRICE pairs, the price a positive number.
std::optional<std::string> valid_prices(const StringList& list) {
  for (const auto& item : list) {
    std::string symbol;
    if (!price_of(item, &symbol)) {
      return fmt::format("'{}' is not SYMBOL=PRICE with a positive price", item);
    }
    if (auto bad = valid_symbols({symbol})) return bad;
  }
  return std::nullopt;
}

// The registry, in the order `config show` prints. Captureless lambdas convert to the field
// accessor function pointers.
}  // namespace

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
    s.push_back(make_setting<int>(
        "gru.samples_per_sequence", [](Config & c) -> auto& { return c.gru.samples_per_sequence; },
        in_range(1, 10000)));
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
        "serve.top", [](Config & c) -> auto& { return c.serve.top; }, in_range(1, 1000)));
    s.push_back(make_setting<int>(
        "serve.max_loaded_models", [](Config & c) -> auto& { return c.serve.max_loaded_models; },
        in_range(4, 1000000)));
    s.push_back(make_setting<int>(
        "serve.live_window", [](Config & c) -> auto& { return c.serve.live_window; },
        in_range(1, 1000000)));
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
    s.push_back(make_setting<int>(
        "jobs.retention_days", [](Config & c) -> auto& { return c.jobs.retention_days; },
        in_range(0, 36500)));
    s.push_back(make_setting<int>(
        "concepts.swing_length", [](Config & c) -> auto& { return c.concepts.swing_length; },
        in_range(1, 1000)));
    s.push_back(make_setting<double>(
        "concepts.fvg_min_atr", [](Config & c) -> auto& { return c.concepts.fvg_min_atr; },
        in_range(0.0, 100.0)));
    s.push_back(make_setting<int>(
        "concepts.max_age_bars", [](Config & c) -> auto& { return c.concepts.max_age_bars; },
        in_range(1, 1000000)));
    s.push_back(make_setting<StringList>(
        "scanner.symbols", [](Config & c) -> auto& { return c.scanner.symbols; }, valid_symbols));
    s.push_back(make_setting<StringList>(
        "scanner.timeframes", [](Config & c) -> auto& { return c.scanner.timeframes; },
        [](const StringList& list) -> std::optional<std::string> {
          if (list.empty()) return "must name at least one timeframe";
          for (const auto& v : list) {
            if (auto problem = valid_interval(v)) return problem;
          }
          return std::nullopt;
        }));
    s.push_back(make_setting<int>(
        "scanner.every_seconds", [](Config & c) -> auto& { return c.scanner.every_seconds; },
        in_range(1, 86400)));
    s.push_back(make_setting<int>(
        "scanner.lookback_bars", [](Config & c) -> auto& { return c.scanner.lookback_bars; },
        in_range(30, 100000)));
    s.push_back(make_setting<std::string>(
        "scanner.entry_timeframe", [](Config & c) -> auto& { return c.scanner.entry_timeframe; },
        valid_interval));
    s.push_back(make_setting<std::string>(
        "scanner.bias_timeframe", [](Config & c) -> auto& { return c.scanner.bias_timeframe; },
        valid_interval));
    s.push_back(make_setting<double>(
        "scanner.min_confluence", [](Config & c) -> auto& { return c.scanner.min_confluence; },
        in_range(0.0, 1.0)));
    s.push_back(make_setting<double>(
        "scanner.stop_atr", [](Config & c) -> auto& { return c.scanner.stop_atr; },
        in_range(0.01, 100.0)));
    s.push_back(make_setting<double>(
        "scanner.reward_risk", [](Config & c) -> auto& { return c.scanner.reward_risk; },
        in_range(0.01, 100.0)));
    s.push_back(make_setting<int>(
        "scanner.max_hold_bars", [](Config & c) -> auto& { return c.scanner.max_hold_bars; },
        in_range(1, 100000)));
    s.push_back(make_setting<double>(
        "scanner.risk_per_trade", [](Config & c) -> auto& { return c.scanner.risk_per_trade; },
        in_range(0.01, 1e12)));
    s.push_back(make_setting<std::string>(
        "scanner.reference_symbol", [](Config & c) -> auto& { return c.scanner.reference_symbol; },
        [](const std::string& v) -> std::optional<std::string> {
          return v.empty() ? std::nullopt : valid_symbols({v});
        }));
    s.push_back(make_setting<StringList>(
        "scanner.sector", [](Config & c) -> auto& { return c.scanner.sector; }, valid_symbols));
    s.push_back(make_setting<double>(
        "scanner.weights.bias", [](Config & c) -> auto& { return c.scanner.weights.bias; },
        in_range(0.0, 1.0)));
    s.push_back(make_setting<double>(
        "scanner.weights.structure",
        [](Config & c) -> auto& { return c.scanner.weights.structure; }, in_range(0.0, 1.0)));
    s.push_back(make_setting<double>(
        "scanner.weights.order_block",
        [](Config & c) -> auto& { return c.scanner.weights.order_block; }, in_range(0.0, 1.0)));
    s.push_back(make_setting<double>(
        "scanner.weights.fvg", [](Config & c) -> auto& { return c.scanner.weights.fvg; },
        in_range(0.0, 1.0)));
    s.push_back(make_setting<double>(
        "scanner.weights.sweep", [](Config & c) -> auto& { return c.scanner.weights.sweep; },
        in_range(0.0, 1.0)));
    s.push_back(make_setting<double>(
        "scanner.weights.kill_zone",
        [](Config & c) -> auto& { return c.scanner.weights.kill_zone; }, in_range(0.0, 1.0)));
    s.push_back(make_setting<int>(
        "pairs.lookback_days", [](Config & c) -> auto& { return c.pairs.lookback_days; },
        in_range(1, 36500)));
    s.push_back(make_setting<std::string>(
        "pairs.interval", [](Config & c) -> auto& { return c.pairs.interval; }, valid_interval));
    s.push_back(make_setting<double>(
        "pairs.min_correlation", [](Config & c) -> auto& { return c.pairs.min_correlation; },
        in_range(-1.0, 1.0)));
    s.push_back(make_setting<double>(
        "pairs.max_coint_pvalue", [](Config & c) -> auto& { return c.pairs.max_coint_pvalue; },
        in_range(0.0, 1.0)));
    s.push_back(make_setting<double>(
        "pairs.min_score", [](Config & c) -> auto& { return c.pairs.min_score; },
        in_range(0.0, 1.0)));
    s.push_back(make_setting<std::string>(
        "pairs.correlate", [](Config & c) -> auto& { return c.pairs.correlate; },
        [](const std::string& v) -> std::optional<std::string> {
          if (v != "prices" && v != "log_returns") {
            return fmt::format("unknown '{}' (expected prices or log_returns)", v);
          }
          return std::nullopt;
        }));
    s.push_back(make_setting<std::string>(
        "pairs.universe", [](Config & c) -> auto& { return c.pairs.universe; },
        [](const std::string& v) -> std::optional<std::string> {
          if (v != "technology" && v != "healthcare" && v != "financial") {
            return fmt::format(
                "unknown universe '{}' (expected technology, healthcare or "
                "financial)",
                v);
          }
          return std::nullopt;
        }));
    s.push_back(make_setting<int>(
        "pairs.train_lookback_days",
        [](Config & c) -> auto& { return c.pairs.train_lookback_days; }, in_range(30, 36500)));
    s.push_back(make_setting<int>(
        "pairs.target_horizon", [](Config & c) -> auto& { return c.pairs.target_horizon; },
        in_range(1, 1000)));
    s.push_back(make_setting<double>(
        "pairs.reversion_share", [](Config & c) -> auto& { return c.pairs.reversion_share; },
        in_range(0.0, 1.0)));
    s.push_back(make_setting<double>(
        "pairs.entry_z", [](Config & c) -> auto& { return c.pairs.entry_z; },
        in_range(0.0, 100.0)));
    s.push_back(make_setting<double>(
        "pairs.exit_z", [](Config & c) -> auto& { return c.pairs.exit_z; }, in_range(0.0, 100.0)));
    s.push_back(make_setting<double>(
        "pairs.stop_z", [](Config & c) -> auto& { return c.pairs.stop_z; }, in_range(0.0, 100.0)));
    s.push_back(make_setting<double>(
        "pairs.risk_per_pair", [](Config & c) -> auto& { return c.pairs.risk_per_pair; },
        in_range(0.0, 1e12)));
    s.push_back(make_setting<int>(
        "pairs.max_open_pairs", [](Config & c) -> auto& { return c.pairs.max_open_pairs; },
        in_range(0, 100000)));
    s.push_back(make_setting<double>(
        "pairs.max_gross_exposure", [](Config & c) -> auto& { return c.pairs.max_gross_exposure; },
        in_range(0.0, 1e15)));
    s.push_back(make_setting<int>(
        "pairs.drift_window", [](Config & c) -> auto& { return c.pairs.drift_window; },
        in_range(3, 100000)));
    s.push_back(make_setting<StringList>(
        "pairs.technology", [](Config & c) -> auto& { return c.pairs.technology; }, valid_symbols));
    s.push_back(make_setting<StringList>(
        "pairs.healthcare", [](Config & c) -> auto& { return c.pairs.healthcare; }, valid_symbols));
    s.push_back(make_setting<StringList>(
        "pairs.financial", [](Config & c) -> auto& { return c.pairs.financial; }, valid_symbols));
    s.push_back(make_setting<StringList>(
        "replay.symbols", [](Config & c) -> auto& { return c.replay.symbols; }, valid_symbols));
    s.push_back(make_setting<std::string>(
        "replay.proxy", [](Config & c) -> auto& { return c.replay.proxy; },
        [](const std::string& v) { return valid_symbols({v}); }));
    s.push_back(make_setting<StringList>(
        "replay.reference_prices", [](Config & c) -> auto& { return c.replay.reference_prices; },
        valid_prices));
    return s;
  }();
  return registry;
}

const Setting* find_setting(std::string_view key) {
  for (const auto& setting : settings()) {
    if (setting.key == key) return &setting;
  }
  return nullptr;
}

}  // namespace quantloop::config_detail
