#include "scanner/scanner_scoring.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>

#include "core/error.h"
#include "core/interval.h"

namespace quantloop::scanner {

ScanScoring::ScanScoring(RegistryStore& store, const ScannerConfig& config)
    : store_(store),
      entry_(Interval::parse(config.entry_timeframe).name()),
      layout_(config),
      inputs_(config) {}

const ScannerModel* ScanScoring::current(ScannerModelKind kind, UnixSeconds clock) {
  const std::string series = series_of(kind);
  Current& c = current_[std::size_t(kind)];
  const std::optional<int> version = store_.alias_at(series, entry_, "champion", clock);
  if (!version) return nullptr;
  if (*version != c.version) {
    c = {*version, std::nullopt};
    const std::string source = fmt::format("{} {} v{}", series, entry_, *version);
    try {
      const auto stored = store_.model_version(series, entry_, *version);
      if (!stored) throw Error("not stored");
      ScannerModel model = ScannerModel::from_artifact(stored->artifact, source);
      // Version 0 knows nothing of a row: its class rates would look like a score.
      if (model.is_baseline()) return nullptr;
      if (model.inputs() != inputs_.names()) {
        throw Error(fmt::format(
            "it reads other inputs than the scanner's configuration gives now (scanner.timeframes "
            "changed): make a version trained on this configuration the champion (quantloop "
            "models promote {} --interval {} --version N)",
            series, entry_));
      }
      c.model = std::move(model);
    } catch (const Error& e) {
      spdlog::warn("{} cannot score scans, its columns stay null: {}", source, e.what());
    }
  }
  return c.model ? &*c.model : nullptr;
}

void ScanScoring::score(ScanRecord& record) {
  const ScannerModel* quality = current(ScannerModelKind::signal_quality, record.clock);
  const ScannerModel* regime = current(ScannerModelKind::market_regime, record.clock);
  if (!quality && !regime) return;
  // Each symbol's rows side by side, as the dataset lays them out.
  std::map<std::string, std::vector<Value>> cells;
  for (std::size_t j = 0; j < record.features.size(); ++j) {
    const ScanRow row{0, record.clock, record.conditions[j], record.features[j]};
    auto [it, fresh] = cells.try_emplace(row.features.symbol);
    if (fresh) it->second = layout_.begin(0, record.clock, row.features.symbol);
    layout_.add(it->second, row);
  }
  models::TabularRows all, signals;
  std::vector<MlFeatures*> all_rows, signal_rows;
  for (MlFeatures& f : record.features) {
    if (f.timeframe != entry_) continue;
    const std::vector<float> x = inputs_.of(cells.at(f.symbol));
    all.add(x, 0);
    all_rows.push_back(&f);
    if (f.signal_generated) {
      signals.add(x, 0);
      signal_rows.push_back(&f);
    }
  }
  try {
    if (regime && !all_rows.empty()) {
      const auto p = regime->probabilities(all);
      const std::size_t classes = classes_of(ScannerModelKind::market_regime).size();
      for (std::size_t r = 0; r < all_rows.size(); ++r) {
        const auto row = p.begin() + std::ptrdiff_t(r * classes);
        all_rows[r]->signal_confidence = *std::max_element(row, row + std::ptrdiff_t(classes));
      }
      record.market_regime_version = current_[std::size_t(ScannerModelKind::market_regime)].version;
    }
    if (quality && !signal_rows.empty()) {
      const auto p = quality->probabilities(signals);
      const std::size_t classes = classes_of(ScannerModelKind::signal_quality).size();
      for (std::size_t r = 0; r < signal_rows.size(); ++r)
        signal_rows[r]->signal_quality = p[r * classes + 1];  // class 1: win
      record.signal_quality_version =
          current_[std::size_t(ScannerModelKind::signal_quality)].version;
    }
  } catch (const Error& e) {
    spdlog::warn("the scanner models could not score the scan at {}: {}",
                 format_iso8601(record.clock), e.what());
  }
}

}  // namespace quantloop::scanner
