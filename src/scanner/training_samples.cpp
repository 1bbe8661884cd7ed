#include "scanner/training_samples.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "core/error.h"
#include "scanner/dataset.h"
#include "scanner/resample.h"
#include "scanner/scanner_model.h"

namespace quantloop::scanner {

namespace {

constexpr double kTrainShare = 0.6, kValidationEnd = 0.8;

std::size_t column_of(const std::vector<std::string>& columns, const std::string& name) {
  const auto it = std::find(columns.begin(), columns.end(), name);
  if (it == columns.end()) throw Error(fmt::format("the dataset has no column {}", name));
  return std::size_t(it - columns.begin());
}

const std::string* text(const Value& v) {
  return std::get_if<std::string>(&v);
}
double number(const Value& v) {
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* i = std::get_if<std::int64_t>(&v)) return double(*i);
  return std::nan("");
}

}  // namespace

Samples read_samples(Store& store, const Config& config, const ModelInputs& inputs,
                     UnixSeconds from, UnixSeconds clock) {
  const auto columns = dataset_columns(config.scanner);
  const std::size_t at_clock = column_of(columns, "clock"),
                    at_symbol = column_of(columns, "symbol"),
                    at_signal = column_of(columns, "signal_id"),
                    at_outcome = column_of(columns, "trade_outcome"),
                    at_seconds = column_of(columns, "time_to_outcome"),
                    at_r = column_of(columns, "r_multiple"),
                    at_regime = column_of(columns, "future_market_regime");
  const Interval entry = Interval::parse(config.scanner.entry_timeframe);
  const UnixSeconds longest_hold = UnixSeconds(config.scanner.max_hold_bars) * entry.seconds();
  const auto& regimes = classes_of(ScannerModelKind::market_regime);
  std::map<std::string, UnixSeconds> last_bucket;
  Samples samples;
  DatasetQuery query;
  query.from = from;
  query.to = query.known_at = clock;
  each_dataset_row(store, config.scanner, query, [&](std::span<const Value> cells) {
    const UnixSeconds row_clock = *parse_timestamp(*text(cells[at_clock]));
    const UnixSeconds bucket = bucket_start(row_clock, entry);
    auto [last, fresh] = last_bucket.try_emplace(*text(cells[at_symbol]), bucket);
    const bool first_of_bucket = fresh || last->second != bucket;
    last->second = bucket;
    const std::string* regime = text(cells[at_regime]);
    if (first_of_bucket && regime) {
      const auto k = std::find(regimes.begin(), regimes.end(), *regime);
      if (k != regimes.end()) {
        samples.regime.push_back({row_clock, regime_known_by(row_clock, entry), inputs.of(cells),
                                  int(k - regimes.begin()), 0});
      }
    }
    const std::string* outcome = text(cells[at_outcome]);
    const double seconds = number(cells[at_seconds]), r = number(cells[at_r]);
    if (text(cells[at_signal]) && outcome && std::isfinite(seconds) && std::isfinite(r) &&
        row_clock <= clock - longest_hold) {
      samples.quality.push_back({row_clock, row_clock + UnixSeconds(seconds), inputs.of(cells),
                                 *outcome == "win" ? 1 : 0, r});
    }
  });
  return samples;
}

Segments split_in_time(const std::vector<Sample>& samples) {
  const std::size_t n = samples.size();
  const auto train_end = std::size_t(double(n) * kTrainShare);
  const auto validation_end = std::size_t(double(n) * kValidationEnd);
  Segments s;
  for (std::size_t i = 0; i < train_end; ++i) {
    s.train.push_back(i);
    s.selection_end = std::max(s.selection_end, samples[i].known_at);
  }
  const UnixSeconds trained_through = s.selection_end;
  for (std::size_t i = train_end; i < validation_end; ++i) {
    if (samples[i].clock <= trained_through) continue;
    s.validation.push_back(i);
    s.selection_end = std::max(s.selection_end, samples[i].known_at);
  }
  for (std::size_t i = validation_end; i < n; ++i) {
    if (samples[i].clock > s.selection_end) s.test.push_back(i);
  }
  return s;
}

models::TabularRows rows_of(const std::vector<Sample>& samples,
                            const std::vector<std::size_t>& which, std::size_t features) {
  models::TabularRows rows;
  rows.features = features;
  for (std::size_t i : which)
    rows.add(samples[i].x, samples[i].label);
  return rows;
}

}  // namespace quantloop::scanner
