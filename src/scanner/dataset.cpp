#include "scanner/dataset.h"

#include <algorithm>
#include <deque>
#include <limits>
#include <map>
#include <optional>

#include "concepts/concepts.h"
#include "core/interval.h"
#include "scanner/resample.h"

namespace quantloop::scanner {

namespace {

Value cell(const std::optional<double>& v) {
  return v ? Value(*v) : Value();
}
Value cell(const std::optional<int>& v) {
  return v ? Value(std::int64_t(*v)) : Value();
}
Value cell(const std::optional<std::int64_t>& v) {
  return v ? Value(*v) : Value();
}
Value cell(const std::optional<std::string>& v) {
  return v ? Value(*v) : Value();
}

std::optional<std::string> regime_of(const ScanRow& r) {
  return concepts::market_regime_of(r.features.trend_strength, r.features.volatility_regime);
}

// A timeframe's columns: the name after "<timeframe>_" and the cell of a stored row. One table,
// so that a name and its value cannot part.
struct Field {
  const char* name;
  Value (*of)(const ScanRow&);
};
const Field kFields[] = {
    {"price", [](const ScanRow& r) { return cell(r.condition.price); }},
    {"volume", [](const ScanRow& r) { return cell(r.condition.volume); }},
    {"volatility", [](const ScanRow& r) { return cell(r.condition.volatility); }},
    {"rsi", [](const ScanRow& r) { return cell(r.condition.rsi); }},
    {"market_structure", [](const ScanRow& r) { return Value(r.condition.market_structure); }},
    {"liquidity_swept",
     [](const ScanRow& r) { return Value(std::int64_t(r.condition.liquidity_swept)); }},
    {"order_blocks_count",
     [](const ScanRow& r) { return Value(std::int64_t(r.condition.order_blocks_count)); }},
    {"fvg_count", [](const ScanRow& r) { return Value(std::int64_t(r.condition.fvg_count)); }},
    {"session_high", [](const ScanRow& r) { return cell(r.condition.session_high); }},
    {"session_low", [](const ScanRow& r) { return cell(r.condition.session_low); }},
    {"institutional_level", [](const ScanRow& r) { return cell(r.condition.institutional_level); }},
    {"price_position", [](const ScanRow& r) { return cell(r.features.price_position); }},
    {"volume_profile", [](const ScanRow& r) { return cell(r.features.volume_profile); }},
    {"order_flow_imbalance",
     [](const ScanRow& r) { return cell(r.features.order_flow_imbalance); }},
    {"order_block_strength",
     [](const ScanRow& r) { return cell(r.features.order_block_strength); }},
    {"fvg_quality_score", [](const ScanRow& r) { return cell(r.features.fvg_quality_score); }},
    {"liquidity_density", [](const ScanRow& r) { return cell(r.features.liquidity_density); }},
    {"market_structure_score",
     [](const ScanRow& r) { return cell(r.features.market_structure_score); }},
    {"confluence_factors",
     [](const ScanRow& r) { return Value(std::int64_t(r.features.confluence_factors)); }},
    {"confluence_score", [](const ScanRow& r) { return Value(r.features.confluence_score); }},
    {"session_alignment", [](const ScanRow& r) { return Value(r.features.session_alignment); }},
    {"btc_correlation", [](const ScanRow& r) { return cell(r.features.btc_correlation); }},
    {"sector_momentum", [](const ScanRow& r) { return cell(r.features.sector_momentum); }},
    {"funding_rate", [](const ScanRow& r) { return cell(r.features.funding_rate); }},
    {"volatility_regime", [](const ScanRow& r) { return cell(r.features.volatility_regime); }},
    {"trend_strength", [](const ScanRow& r) { return cell(r.features.trend_strength); }},
    {"market_regime", [](const ScanRow& r) { return cell(regime_of(r)); }},
};
constexpr std::size_t kFieldCount = std::size(kFields);

// The targets, from the entry timeframe's row; the last is filled from a later scan.
const Field kTargets[] = {
    {"signal_generated",
     [](const ScanRow& r) { return Value(std::int64_t(r.features.signal_generated)); }},
    {"signal_id",
     [](const ScanRow& r) {
       return r.features.signal_id.empty() ? Value() : Value(r.features.signal_id);
     }},
    {"signal_quality", [](const ScanRow& r) { return cell(r.features.signal_quality); }},
    {"signal_confidence", [](const ScanRow& r) { return cell(r.features.signal_confidence); }},
    {"trade_outcome", [](const ScanRow& r) { return cell(r.features.trade_outcome); }},
    {"time_to_outcome", [](const ScanRow& r) { return cell(r.features.time_to_outcome); }},
    {"r_multiple", [](const ScanRow& r) { return cell(r.features.r_multiple); }},
};
constexpr const char* kFutureRegime = "future_market_regime";
constexpr std::size_t kLeading = 3;  // scan_id, clock, symbol

// A row waiting for its future regime: the scans whose last complete entry bar is its entry bar
// plus the horizon have clocks in [from, until).
struct PendingRow {
  std::vector<Value> cells;
  UnixSeconds from = 0, until = 0;
  bool resolved = false;
};

}  // namespace

// The configured timeframes, once each, by canonical name ("60m" is "1h").
std::vector<std::string> dataset_timeframes(const ScannerConfig& config) {
  std::vector<std::string> names;
  for (const auto& tf : config.timeframes) {
    std::string name(Interval::parse(tf).name());
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  }
  return names;
}

std::vector<std::string> dataset_columns(const ScannerConfig& config) {
  std::vector<std::string> columns{"scan_id", "clock", "symbol"};
  for (const auto& tf : dataset_timeframes(config))
    for (const Field& f : kFields)
      columns.push_back(tf + "_" + f.name);
  for (const Field& f : kTargets)
    columns.push_back(f.name);
  columns.push_back(kFutureRegime);
  return columns;
}

UnixSeconds regime_known_by(UnixSeconds row_clock, Interval entry) {
  return bucket_start(row_clock, entry) + (kRegimeHorizonBars + 1) * entry.seconds();
}

RowLayout::RowLayout(const ScannerConfig& config)
    : entry_(Interval::parse(config.entry_timeframe).name()) {
  const auto timeframes = dataset_timeframes(config);
  for (std::size_t i = 0; i < timeframes.size(); ++i)
    timeframe_index_.emplace(timeframes[i], i);
  width_ = dataset_columns(config).size();
  targets_at_ = kLeading + timeframes.size() * kFieldCount;
}

std::vector<Value> RowLayout::begin(std::int64_t scan_id, UnixSeconds clock,
                                    const std::string& symbol) const {
  std::vector<Value> cells(width_, Value());
  cells[0] = scan_id;
  cells[1] = format_iso8601(clock);
  cells[2] = symbol;
  return cells;
}

bool RowLayout::add(std::vector<Value>& cells, const ScanRow& r) const {
  const auto tf = timeframe_index_.find(r.condition.timeframe);
  if (tf == timeframe_index_.end()) return false;
  const std::size_t at = kLeading + tf->second * kFieldCount;
  for (std::size_t k = 0; k < kFieldCount; ++k)
    cells[at + k] = kFields[k].of(r);
  if (r.condition.timeframe == entry_) {
    for (std::size_t k = 0; k < std::size(kTargets); ++k)
      cells[targets_at_ + k] = kTargets[k].of(r);
  }
  return true;
}

void RowLayout::forget_trade_outcome(std::vector<Value>& cells) const {
  for (std::size_t k = 0; k < std::size(kTargets); ++k) {
    const std::string_view name = kTargets[k].name;
    if (name == "trade_outcome" || name == "time_to_outcome" || name == "r_multiple")
      cells[targets_at_ + k] = Value();
  }
}

void each_dataset_row(ScanStore& store, const ScannerConfig& config, const DatasetQuery& query,
                      const std::function<void(std::span<const Value>)>& on_row) {
  const Interval entry = Interval::parse(config.entry_timeframe);
  const UnixSeconds e = entry.seconds();
  const RowLayout layout(config);
  const UnixSeconds to = std::min(query.to, query.known_at);
  const UnixSeconds read_to = to > query.known_at - (kRegimeHorizonBars + 1) * e
                                  ? query.known_at
                                  : to + (kRegimeHorizonBars + 1) * e;

  // Rows in output order, numbered; `first` is the number of waiting.front(). A row waits for
  // its target until a scan of its symbol in its window, or a scan past its window (scans
  // stream by clock, and windows follow the rows' clocks): at most a horizon of scans waits.
  std::deque<PendingRow> waiting;
  std::int64_t first = 0;
  std::map<std::string, std::deque<std::int64_t>> waiting_by_symbol;
  const auto row_at = [&](std::int64_t number) -> PendingRow* {
    return number < first ? nullptr : &waiting[std::size_t(number - first)];
  };
  const auto emit_resolved = [&] {
    while (!waiting.empty() && waiting.front().resolved) {
      on_row(waiting.front().cells);
      waiting.pop_front();
      ++first;
    }
  };
  UnixSeconds expired_through = std::numeric_limits<UnixSeconds>::min();
  const auto expire_before = [&](UnixSeconds clock) {
    if (clock <= expired_through) return;
    expired_through = clock;
    for (PendingRow& row : waiting) {
      if (row.until > clock) break;
      row.resolved = true;  // no scan of its symbol in its window: null
    }
  };

  // The rows of one scan and symbol, gathered as they stream.
  std::optional<std::int64_t> scan_id;
  UnixSeconds clock = 0;
  std::string symbol;
  std::vector<Value> cells;
  std::optional<std::string> entry_regime;
  const auto flush = [&] {
    if (!scan_id) return;
    auto& pending = waiting_by_symbol[symbol];
    while (!pending.empty()) {
      PendingRow* row = row_at(pending.front());
      if (row && !row->resolved && row->from > clock) break;
      if (row && !row->resolved) {
        row->cells.back() = cell(entry_regime);
        row->resolved = true;
      }
      pending.pop_front();
    }
    if (clock <= to) {
      const UnixSeconds until = regime_known_by(clock, entry);
      waiting.push_back({std::move(cells), until - e, until, false});
      pending.push_back(first + std::int64_t(waiting.size()) - 1);
    }
    emit_resolved();
    scan_id.reset();
  };

  store.each_scan_row(query.from, read_to, query.symbol, [&](const ScanRow& r) {
    if (!scan_id || *scan_id != r.scan_id || symbol != r.condition.symbol) {
      flush();
      expire_before(r.clock);
      scan_id = r.scan_id;
      clock = r.clock;
      symbol = r.condition.symbol;
      cells = layout.begin(r.scan_id, r.clock, symbol);
      entry_regime.reset();
    }
    if (!layout.add(cells, r) || r.condition.timeframe != entry.name()) return;
    entry_regime = regime_of(r);
    // An outcome the clock has not seen yet is not known.
    const auto& f = r.features;
    const bool clocked = query.known_at != std::numeric_limits<UnixSeconds>::max();
    if (f.trade_outcome && clocked &&
        (!f.time_to_outcome || r.clock > query.known_at - *f.time_to_outcome))
      layout.forget_trade_outcome(cells);
  });
  flush();
  for (PendingRow& row : waiting)
    row.resolved = true;
  emit_resolved();
}

}  // namespace quantloop::scanner
