#include "data/series_inference.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <filesystem>
#include <map>
#include <vector>

#include "core/asset_type.h"

namespace quantloop {

namespace {

// Words in market data file names that are not symbols.
constexpr std::array<std::string_view, 30> kNoise{
    "data",   "nt",        "minute", "minutes",   "min",     "daily",   "hourly",  "intraday",
    "d1",     "h1",        "h4",     "m1",        "m5",      "m15",     "m30",     "w1",
    "1h",     "1d",        "1m",     "4h",        "ohlc",    "ohlcv",   "prices",  "historical",
    "yahoo",  "yfinance",  "coinbase", "binance", "bitstamp", "kraken"};

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

}  // namespace

std::optional<std::string> symbol_from_file_name(std::string_view path) {
  std::string name = std::filesystem::path(path).filename().string();
  for (std::string_view suffix : {".gz", ".csv", ".txt", ".tsv"}) {
    if (name.ends_with(suffix)) name.resize(name.size() - suffix.size());
  }
  std::string word;
  auto take = [&]() -> std::optional<std::string> {
    std::string lowered;
    for (char c : word) lowered += char(std::tolower(static_cast<unsigned char>(c)));
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
  for (const auto& bar : bars) times.push_back(bar.bar.time);
  std::sort(times.begin(), times.end());
  times.erase(std::unique(times.begin(), times.end()), times.end());
  std::map<UnixSeconds, std::size_t> counts;
  for (std::size_t i = 1; i < times.size(); ++i) ++counts[times[i] - times[i - 1]];
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

}  // namespace quantloop
