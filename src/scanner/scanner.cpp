#include "scanner/scanner.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <nlohmann/json.hpp>

#include "core/calendar.h"
#include "core/error.h"
#include "scanner/confluence.h"
#include "scanner/paper_trades.h"
#include "scanner/scan_rows.h"
#include "scanner/signal_id.h"

namespace quantloop::scanner {

namespace {

std::size_t index_of(const std::vector<Interval>& timeframes, const std::string& name,
                     const char* key) {
  const Interval wanted = Interval::parse(name);
  const auto it = std::find(timeframes.begin(), timeframes.end(), wanted);
  if (it == timeframes.end()) {
    throw Error(fmt::format("scanner.{} {} is not one of scanner.timeframes", key, name));
  }
  return std::size_t(it - timeframes.begin());
}

}  // namespace

Scanner::Scanner(Store& store, const Config& config)
    : store_(store),
      config_(config.scanner),
      options_{config.concepts.swing_length, config.concepts.fvg_min_atr,
               config.concepts.max_age_bars},
      scoring_(store, config.scanner) {
  if (config_.symbols.empty()) throw Error("scanner.symbols is empty: nothing to scan");
  // The correlation and momentum columns read the peers' windows of the same scan: a peer not
  // scanned leaves them null (the reference) or out (the sector), which the user is told.
  const auto scanned = [&](const std::string& symbol) {
    return std::find(config_.symbols.begin(), config_.symbols.end(), symbol) !=
           config_.symbols.end();
  };
  if (!config_.reference_symbol.empty() && !scanned(config_.reference_symbol)) {
    spdlog::warn(
        "scanner.reference_symbol {} is not one of scanner.symbols: btc_correlation "
        "stays null",
        config_.reference_symbol);
  }
  std::vector<std::string> unscanned;
  for (const auto& peer : config_.sector)
    if (!scanned(peer)) unscanned.push_back(peer);
  if (!unscanned.empty()) {
    spdlog::warn("scanner.sector's {} not among scanner.symbols: sector_momentum leaves {} out",
                 fmt::join(unscanned, ", "), unscanned.size() == 1 ? "it" : "them");
  }
  for (const auto& name : config_.timeframes) {
    const Interval tf = Interval::parse(name);
    if (std::find(timeframes_.begin(), timeframes_.end(), tf) == timeframes_.end())
      timeframes_.push_back(tf);
  }
  entry_ = index_of(timeframes_, config_.entry_timeframe, "entry_timeframe");
  bias_ = index_of(timeframes_, config_.bias_timeframe, "bias_timeframe");
  for (const auto& symbol : config_.symbols) {
    symbols_.push_back({SymbolWindows(symbol, timeframes_, std::size_t(config_.lookback_bars)),
                        std::vector<std::optional<concepts::Concepts>>(timeframes_.size()),
                        {}});
  }
}

ScanResult Scanner::scan(UnixSeconds clock, const std::vector<std::string>& source_failures) {
  if (!last_clock_) last_clock_ = store_.last_scan_clock();
  if (last_clock_ && clock < *last_clock_) {
    throw Error(fmt::format(
        "a scan at {} is recorded already: a scan at {} would open trades before it and "
        "rewrite what later scans marked; nothing written (replay an earlier period into "
        "another database)",
        format_iso8601(*last_clock_), format_iso8601(clock)));
  }
  const auto started = std::chrono::steady_clock::now();
  ScanResult result;
  ScanRecord& record = result.record;
  record.clock = clock;
  record.previous_clock = last_clock_;
  record.failures = source_failures;
  read_symbols(clock, record);
  make_rows(record);
  for (std::size_t s = 0; s < symbols_.size(); ++s)
    make_signal(s, record);
  scoring_.score(record);
  mark_trades(clock, record);
  record.duration_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  record.created_at = now_utc();
  result.scan_id = store_.record_scan(record);
  last_clock_ = clock;
  return result;
}

void Scanner::read_symbols(UnixSeconds clock, ScanRecord& record) {
  for (SymbolState& state : symbols_) {
    state.failure.clear();
    std::vector<bool> changed;
    try {
      changed = state.windows.advance(store_, clock, now_utc());
    } catch (const Error& e) {
      state.failure = e.what();
      record.failures.push_back(state.failure);
      continue;
    }
    ++record.symbols;
    for (std::size_t i = 0; i < timeframes_.size(); ++i) {
      if (!state.windows.problem(i).empty()) {
        record.failures.push_back(
            fmt::format("{}: {}", state.windows.symbol(), state.windows.problem(i)));
        continue;
      }
      if (changed[i] || !state.concepts[i])
        state.concepts[i] = concepts::compute_concepts(state.windows.window(i), options_);
    }
  }
}

void Scanner::make_rows(ScanRecord& record) {
  // Every symbol's frames first: a row reads the reference's and the peers' as well.
  std::vector<std::vector<Frame>> frames(symbols_.size());
  for (std::size_t s = 0; s < symbols_.size(); ++s) {
    const SymbolState& state = symbols_[s];
    if (!state.failure.empty()) continue;
    for (std::size_t i = 0; i < timeframes_.size(); ++i) {
      Frame f{state.windows.symbol(), timeframes_[i], {}, nullptr, options_.max_age_bars};
      if (state.concepts[i]) {
        f.bars = state.windows.window(i);
        f.concepts = &*state.concepts[i];
      }
      frames[s].push_back(f);
    }
  }
  const auto frame_of = [&](const std::string& symbol, std::size_t i) -> const Frame* {
    for (std::size_t s = 0; s < symbols_.size(); ++s) {
      if (symbols_[s].windows.symbol() == symbol && !frames[s].empty() && frames[s][i].concepts)
        return &frames[s][i];
    }
    return nullptr;
  };
  for (std::size_t s = 0; s < symbols_.size(); ++s) {
    if (frames[s].empty()) continue;
    const Frame& bias = frames[s][bias_];
    for (std::size_t i = 0; i < timeframes_.size(); ++i) {
      const Frame& f = frames[s][i];
      if (!f.concepts) continue;  // a timeframe that cannot be made: in the failures
      std::vector<const Frame*> peers;
      for (const auto& peer : config_.sector) {
        if (peer == f.symbol) continue;
        if (const Frame* p = frame_of(peer, i)) peers.push_back(p);
      }
      FeatureContext context;
      context.confluence = choose_confluence(f, bias.concepts ? bias : Frame{}, config_.weights);
      context.reference =
          config_.reference_symbol.empty() ? nullptr : frame_of(config_.reference_symbol, i);
      context.peers = peers;
      record.conditions.push_back(market_condition(f));
      record.features.push_back(ml_features(f, context));
    }
  }
}

void Scanner::make_signal(std::size_t s, ScanRecord& record) {
  SymbolState& state = symbols_[s];
  if (!state.failure.empty() || !state.concepts[entry_] || !state.concepts[bias_]) return;
  const std::string& symbol = state.windows.symbol();
  const Frame entry{symbol, timeframes_[entry_], state.windows.window(entry_),
                    &*state.concepts[entry_], options_.max_age_bars};
  const Frame bias{symbol, timeframes_[bias_], state.windows.window(bias_), &*state.concepts[bias_],
                   options_.max_age_bars};
  if (entry.empty()) return;
  const ConfluenceChoice choice = choose_confluence(entry, bias, config_.weights);
  const Confluence& best = choice.best;
  const auto atr = entry.now().atr;
  if (best.direction == 0 || best.score < config_.min_confluence - 1e-9 || !atr || *atr <= 0)
    return;
  const Bar& bar = entry.bars.back();
  const UnixSeconds entry_time = bar.time + entry.timeframe.seconds();
  const std::string id = signal_id(symbol, entry.timeframe, bar.time, best.direction);
  if (signal_ids_.count(id)) return;
  for (const auto& made : store_.scanner_signal_ids(entry_time))
    signal_ids_.insert(made);
  if (signal_ids_.count(id)) return;
  signal_ids_.insert(id);

  const int d = best.direction;
  TradingSignal signal;
  signal.signal_id = id;
  signal.symbol = symbol;
  signal.direction = d > 0 ? "LONG" : "SHORT";
  signal.entry_price = bar.close;
  signal.stop_loss = bar.close - d * config_.stop_atr * *atr;
  signal.take_profit = bar.close + d * config_.reward_risk * std::abs(bar.close - signal.stop_loss);
  signal.confluence_score = 100 * best.score;
  std::vector<std::string> aligned;
  for (std::size_t i = 0; i < timeframes_.size(); ++i) {
    if (state.concepts[i] && !state.concepts[i]->bars.empty() &&
        state.concepts[i]->bars.back().market_structure == d)
      aligned.emplace_back(timeframes_[i].name());
  }
  signal.timeframes = fmt::format("{}", fmt::join(aligned, ","));
  signal.ict_concepts = nlohmann::json(best.factors).dump();
  signal.session = entry.now().session;
  signal.market_regime = entry.now().market_regime.value_or("");
  signal.directional_bias =
      bias.empty() ? "ranging" : std::string(concepts::structure_name(bias.now().market_structure));
  signal.signal_strength = choice.lead;
  signal.entry_time = entry_time;
  signal.status = "EXECUTED";
  signal.source = "ict";
  signal.quantity = config_.risk_per_trade / std::abs(bar.close - signal.stop_loss);
  record.signals.push_back(signal);

  PaperTrade trade;
  trade.signal_id = id;
  trade.symbol = symbol;
  trade.direction = d;
  trade.entry_price = trade.current_price = bar.close;
  trade.stop_loss = signal.stop_loss;
  trade.take_profit = signal.take_profit;
  trade.quantity = signal.quantity;
  trade.interval = std::string(state.windows.finest()->name());
  trade.opened_at = trade.marked_through = entry_time;
  trade.expires_at = entry_time + config_.max_hold_bars * entry.timeframe.seconds();
  trade.source = "ict";
  record.opened.push_back(trade);

  for (MlFeatures& f : record.features) {
    if (f.symbol == symbol && f.timeframe == entry.timeframe.name()) {
      f.signal_generated = true;
      f.signal_id = id;
    }
  }
}

void Scanner::mark_trades(UnixSeconds clock, ScanRecord& record) {
  const auto mark = [&](PaperTrade& t, bool opened_now) {
    const Interval fine = Interval::parse(t.interval);
    const UnixSeconds marked = t.marked_through;
    const UnixSeconds through = std::min(clock, t.expires_at);
    std::optional<TradeOutcome> outcome;
    if (through - fine.seconds() >= t.marked_through) {
      const auto bars =
          store_.read_bars(t.symbol, fine, t.marked_through, fine.last_complete_open(through));
      outcome = mark_trade(t, bars.bars, fine);
    }
    // Without the bar that ends at expiry (a gap, or a live feed still to store it), at its last
    // mark; live, once the grace has passed.
    if (!outcome && clock >= t.expires_at && now_utc() >= t.expires_at + late_bar_grace(fine))
      outcome = expire_trade(t);
    if (outcome) record.outcomes.push_back(*outcome);
    if (!opened_now && (outcome || t.marked_through != marked)) record.updated.push_back(t);
  };
  for (PaperTrade& t : record.opened)
    mark(t, true);
  for (PaperTrade t : store_.open_scanner_trades())
    mark(t, false);
}

}  // namespace quantloop::scanner
