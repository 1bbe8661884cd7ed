#include "data/series_inference.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <filesystem>
#include <map>
#include <vector>

#include "core/asset_type.h"
#include "core/interval.h"

namespace quantloop {

namespace {

// Words in market data file names that are not symbols.
constexpr std::array<std::string_view, 30> kNoise{
    "data",  "nt",       "minute",   "minutes", "min",      "daily", "hourly", "intraday",
    "d1",    "h1",       "h4",       "m1",      "m5",       "m15",   "m30",    "w1",
    "1h",    "1d",       "1m",       "4h",      "ohlc",     "ohlcv", "prices", "historical",
    "yahoo", "yfinance", "coinbase", "binance", "bitstamp", "kraken"};

struct Alias {
  std::string_view name;
  std::string_view symbol;
};
constexpr std::array<Alias, 7> kAliases{{{"sp500", "^GSPC"},
                                         {"spx", "^GSPC"},
                                         {"gspc", "^GSPC"},
                                         {"nasdaq", "^IXIC"},
                                         {"ixic", "^IXIC"},
                                         {"dji", "^DJI"},
                                         {"dow", "^DJI"}}};

bool all_digits(std::string_view word) {
  return std::all_of(word.begin(), word.end(), [](char c) { return std::isdigit(c); });
}

bool is_noise(std::string_view word) {
  std::string lowered;
  for (char c : word)
    lowered += char(std::tolower(static_cast<unsigned char>(c)));
  return std::find(kNoise.begin(), kNoise.end(), lowered) != kNoise.end();
}

// "BTC-USD", "VOW3.DE", "BRK-B": a symbol with a quote currency or an exchange or share-class
// suffix, which splitting on '-' and '.' would cut short.
std::optional<std::string> two_part_symbol(std::string_view stem) {
  const std::size_t separator = stem.find_first_of("-.");
  if (separator == std::string_view::npos || separator == 0) return std::nullopt;
  const std::string_view base = stem.substr(0, separator), suffix = stem.substr(separator + 1);
  if (suffix.empty() || suffix.find_first_of("-._ ") != std::string_view::npos) return std::nullopt;
  if (!std::all_of(stem.begin(), stem.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.';
      })) {
    return std::nullopt;
  }
  if (all_digits(base) || all_digits(suffix) || is_noise(base) || is_noise(suffix))
    return std::nullopt;
  std::string upper_suffix;
  for (char c : suffix)
    upper_suffix += char(std::toupper(static_cast<unsigned char>(c)));
  const bool quote = is_fiat_currency(upper_suffix) || upper_suffix == "USDT" ||
                     upper_suffix == "USDC" || upper_suffix == "BTC" || upper_suffix == "ETH";
  if (!quote && suffix.size() > 2) return std::nullopt;
  return canonical_symbol(stem);
}

}  // namespace

std::optional<std::string> symbol_from_file_name(std::string_view path) {
  std::string name = std::filesystem::path(path).filename().string();
  for (std::string_view suffix : {".gz", ".csv", ".txt", ".tsv", ".psv"}) {
    if (name.ends_with(suffix)) name.resize(name.size() - suffix.size());
  }
  if (auto whole = two_part_symbol(name)) return whole;
  std::string word;
  auto take = [&]() -> std::optional<std::string> {
    std::string lowered;
    for (char c : word)
      lowered += char(std::tolower(static_cast<unsigned char>(c)));
    word.clear();
    if (lowered.empty() || all_digits(lowered)) return std::nullopt;
    for (const auto& alias : kAliases) {
      if (alias.name == lowered) return std::string(alias.symbol);
    }
    if (std::find(kNoise.begin(), kNoise.end(), lowered) != kNoise.end()) return std::nullopt;
    return canonical_symbol(lowered);
  };
  for (char c : name + "_") {
    if (c == '_' || c == '-' || c == '.' || c == ' ') {
      if (auto symbol = take()) return symbol;
    } else {
      word += c;
    }
  }
  return std::nullopt;
}

UnixSeconds modal_spacing(std::span<const SourcedBar> bars) {
  std::vector<UnixSeconds> times;
  times.reserve(bars.size());
  for (const auto& bar : bars)
    times.push_back(bar.bar.time);
  std::sort(times.begin(), times.end());
  times.erase(std::unique(times.begin(), times.end()), times.end());
  std::map<UnixSeconds, std::size_t> counts;
  for (std::size_t i = 1; i < times.size(); ++i)
    ++counts[times[i] - times[i - 1]];
  UnixSeconds best = 0;
  std::size_t best_count = 0;
  for (const auto& [spacing, count] : counts) {
    if (count > best_count) {
      best = spacing;
      best_count = count;
    }
  }
  return best;
}

std::optional<Interval> infer_interval(std::span<const SourcedBar> bars) {
  const UnixSeconds spacing = modal_spacing(bars);
  if (spacing == 0) return std::nullopt;
  if (auto interval = Interval::from_seconds(spacing)) return interval;
  bool dates = true, weeks = true;
  for (const SourcedBar& bar : bars) {
    const UnixSeconds local = bar.bar.time + bar.written_offset;  // the date as written
    dates = dates && local % kSecondsPerDay == 0;
    weeks = weeks && (bar.bar.time - bars.front().bar.time) % (7 * kSecondsPerDay) == 0;
  }
  if (!dates) return std::nullopt;
  return weeks ? Interval::parse("1wk") : Interval::day();
}

}  // namespace quantloop
