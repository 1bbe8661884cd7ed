#include "signals/pair_signals.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>

#include "core/calendar.h"
#include "core/error.h"
#include "core/interval.h"
#include "pairs/pair_classifier.h"
#include "stats/distributions.h"
#include "stats/moments.h"
#include "stats/spread_forecast.h"
#include "stats/transforms.h"

namespace quantloop::signals {

namespace {

constexpr double kNan = std::numeric_limits<double>::quiet_NaN();
// Bars read per pair: the drift window, and the history a pair GRU's features need.
constexpr int kHistoryBars = 120;

class StoreFeed final : public BarFeed {
 public:
  explicit StoreFeed(Store& store) : store_(store) {}
  BarSeries last_bars(const std::string& symbol, Interval interval, UnixSeconds last_start,
                      std::size_t count) override {
    return store_.read_last_bars(symbol, interval, last_start, count);
  }
  bool is_proxy(const std::string&) const override { return false; }

 private:
  Store& store_;
};

struct PairBars {
  std::vector<UnixSeconds> times;
  std::vector<double> y, x;
  bool proxy = false;  // a stand-in's bars for y or x
};

PairBars read_pair(BarFeed& feed, const std::string& y, const std::string& x, Interval interval,
                   UnixSeconds at, int count) {
  const UnixSeconds last_start = interval.last_complete_open(at);
  const BarSeries ys = feed.last_bars(y, interval, last_start, std::size_t(count));
  const BarSeries xs = feed.last_bars(x, interval, last_start, std::size_t(count));
  stats::AlignedPair aligned = stats::align_closes(ys.bars, xs.bars);
  PairBars out;
  out.proxy = feed.is_proxy(y) || feed.is_proxy(x);
  out.times = std::move(aligned.times);
  out.y = std::move(aligned.first);
  out.x = std::move(aligned.second);
  return out;
}

std::vector<double> log_returns(const std::vector<double>& prices) {
  std::vector<double> out;
  for (std::size_t k = 1; k < prices.size(); ++k)
    out.push_back(std::log(prices[k] / prices[k - 1]));
  return out;
}

// The correlation of the last n values of a and b.
double correlation(const std::vector<double>& a, const std::vector<double>& b, std::size_t n) {
  return stats::pearson(std::span(a).last(n), std::span(b).last(n));
}

// The trading sessions of the bar that closed at `close`, by its open time on each venue's own
// clock; empty for daily and longer bars, which span them all.
std::string session_of(UnixSeconds close, Interval interval) {
  if (interval.seconds() >= kSecondsPerDay) return {};
  return market_sessions(close - interval.seconds());
}

// The GARCH(1,1) forecast of the spread's change for the bar after the last one read: the
// scan's forecast for the bar after its last (`scan_end`), carried through every bar since with
// the scan's parameters and reversion regression. The bars read reach back to the scan
// (bars_to_read); a scan that did not record its regression leaves its own forecast.
double garch_variance_now(const PairCandidate& c, const PairBars& bars, UnixSeconds scan_end,
                          std::vector<std::string>& notes) {
  if (!std::isfinite(c.reversion_intercept) || !std::isfinite(c.reversion_slope))
    return c.next_variance;
  const auto start = stats::carry_start(bars.times, scan_end);
  if (!start) {
    notes.push_back(
        fmt::format("{}/{}: no common bar at or before the scan's last ({}): its "
                    "GARCH forecast is used as it was",
                    c.y, c.x, format_iso8601(scan_end)));
    return c.next_variance;
  }
  std::vector<double> spread;
  for (std::size_t k = *start; k < bars.times.size(); ++k)
    spread.push_back(bars.y[k] - c.intercept - c.hedge_ratio * bars.x[k]);
  const stats::FittedSpread model{c.intercept,
                                  c.hedge_ratio,
                                  {c.reversion_intercept, c.reversion_slope},
                                  {c.garch_mu, c.garch_omega, c.garch_alpha, c.garch_beta},
                                  c.next_variance};
  return stats::carried_variance(model, spread).back();
}

// Bars to read for a pair at `at`: the drift window, a pair GRU's history, and every bar since
// the scan's last (the GARCH carry starts there), counted generously as calendar time.
int bars_to_read(const PairsConfig& config, const ActivePair& pair, Interval interval,
                 UnixSeconds at) {
  const UnixSeconds since_scan = std::max<UnixSeconds>(0, at - pair.scan_data_end);
  return std::max({kHistoryBars, config.drift_window + 1,
                   int(std::min<UnixSeconds>(since_scan / interval.seconds() + 2, 1'000'000))});
}

// The GARCH's forecast against its long-run variance.
std::string regime_of(const PairCandidate& c, double variance) {
  const double long_run =
      stats::unconditional_variance({c.garch_mu, c.garch_omega, c.garch_alpha, c.garch_beta});
  if (!std::isfinite(long_run)) return "normal";
  const double ratio = variance / long_run;
  return ratio < 0.8 ? "calm" : ratio > 1.25 ? "volatile" : "normal";
}

// The latest pair GRU of y on x trained by the clock: its reversion probability at the last bar.
double reversion_probability(Store& store, const std::string& y, const std::string& x,
                             UnixSeconds at, const PairBars& bars,
                             std::vector<std::string>& notes) {
  const std::vector<PairModelPerformance> models = store.pair_performance_of(y, x, at);
  for (auto it = models.rbegin(); it != models.rend(); ++it) {
    if (it->y != y || it->x != x) continue;
    const auto stored = store.pair_classifier(it->id);
    if (!stored) return kNan;
    try {
      return pairs::predict_reversion(nlohmann::json::parse(stored->first), stored->second,
                                      bars.times, bars.y, bars.x, 1)
          .back();
    } catch (const Error& e) {
      notes.push_back(
          fmt::format("{}/{}: the pair GRU {} did not predict: {}", y, x, it->id, e.what()));
      return kNan;
    }
  }
  return kNan;
}

// Marks a trade to the spread now; a proxy's bars mark it "proxy" for good.
void mark(PaperTrade& trade, double spread, bool proxy) {
  trade.current_price = spread;
  trade.pnl = trade.direction * trade.quantity * (spread - trade.entry_price);
  if (proxy) trade.data_source = "proxy";
}

TradingSignal exit_signal(const PaperTrade& trade, const std::string& kind, UnixSeconds close,
                          double spread, const std::string& reason) {
  TradingSignal s;
  s.signal_id = fmt::format("{}-{}-{}", trade.symbol, close, kind);
  s.symbol = trade.symbol;
  s.direction = "EXIT";
  s.entry_price = spread;
  s.stop_loss = trade.stop_loss;
  s.take_profit = trade.take_profit;
  s.directional_bias = "flat";
  s.entry_time = close;
  s.status = "CLOSED";
  s.reason = reason;
  s.hedge_ratio = trade.hedge_ratio;
  s.intercept = trade.intercept;
  s.quantity = trade.quantity;
  s.confluence_score = kNan;
  s.signal_strength = kNan;
  s.zscore = kNan;
  s.garch_sigma = kNan;
  s.data_source = trade.data_source;
  return s;
}

void close_trade(PaperTrade& trade, const TradingSignal& exit, SignalsBatch& batch) {
  trade.status = "CLOSED";
  trade.closed_at = exit.entry_time;
  trade.exit_signal_id = exit.signal_id;
  batch.signals.push_back(exit);
}

}  // namespace

SignalsRun run_pair_signals(Store& store, const PairsConfig& config, UnixSeconds at,
                            BarFeed* feed) {
  StoreFeed store_feed(store);
  BarFeed& bars_feed = feed ? *feed : store_feed;
  SignalsRun run;
  SignalsBatch& batch = run.batch;
  batch.clock = at;
  batch.created_at = now_utc();
  // The scan a run trades on is the latest made at or before its clock, never a later one.
  const std::vector<ActivePair> active = store.active_pairs(at);
  std::vector<PaperTrade> open = store.open_trades();
  if (active.empty() && open.empty()) {
    throw Error(fmt::format(
        "no active pair at {} and no open trade: run quantloop pairs scan first (a scan whose "
        "--as-of is at or before it)",
        format_iso8601(at)));
  }
  std::map<std::string, PaperTrade*> trade_of;
  for (PaperTrade& t : open)
    trade_of[t.symbol] = &t;
  int open_count = int(open.size());
  double exposure = 0;  // gross notional of the open trades, at this run's prices
  std::set<std::string> active_symbols;
  for (const ActivePair& p : active)
    active_symbols.insert(p.candidate.y + "/" + p.candidate.x);

  struct Evaluated {
    const ActivePair* pair;
    PairBars bars;
  };
  std::vector<Evaluated> evaluated;
  for (const ActivePair& p : active) {
    const Interval interval = Interval::parse(p.interval);
    Evaluated e{&p, read_pair(bars_feed, p.candidate.y, p.candidate.x, interval, at,
                              bars_to_read(config, p, interval, at))};
    if (e.bars.times.size() < std::size_t(config.drift_window) + 1) {
      run.notes.push_back(
          fmt::format("{}/{}: {} common {} bars before {}, the drift check needs "
                      "{}",
                      p.candidate.y, p.candidate.x, e.bars.times.size(), p.interval,
                      format_iso8601(at), config.drift_window));
      continue;
    }
    evaluated.push_back(std::move(e));
  }
  // The gross notional of every open trade at this run's prices, its pair evaluated or not.
  for (const PaperTrade& t : open) {
    const Evaluated* pair = nullptr;
    for (const Evaluated& e : evaluated) {
      if (e.pair->candidate.y + "/" + e.pair->candidate.x == t.symbol) pair = &e;
    }
    const auto slash = t.symbol.find('/');
    const PairBars bars =
        pair ? pair->bars
             : read_pair(bars_feed, t.symbol.substr(0, slash), t.symbol.substr(slash + 1),
                         Interval::parse(t.interval), at, 1);
    if (bars.times.empty()) {
      run.notes.push_back(fmt::format(
          "{}: no bar to price its open trade at: its entry price counts in the exposure",
          t.symbol));
      exposure += t.quantity * std::abs(t.entry_price);
      continue;
    }
    exposure += t.quantity * (bars.y.back() + std::abs(t.hedge_ratio) * bars.x.back());
  }

  for (const Evaluated& e : evaluated) {
    const PairCandidate& c = e.pair->candidate;
    const Interval interval = Interval::parse(e.pair->interval);
    const std::string symbol = c.y + "/" + c.x;
    const UnixSeconds close = e.bars.times.back() + interval.seconds();
    const double y = e.bars.y.back(), x = e.bars.x.back();
    const double spread = y - c.intercept - c.hedge_ratio * x;
    const double z = (spread - c.spread_mean) / c.spread_sd;
    const double variance = garch_variance_now(c, e.bars, e.pair->scan_data_end, run.notes);
    const double sigma = std::sqrt(variance);
    PaperTrade* trade = trade_of.count(symbol) ? trade_of[symbol] : nullptr;
    // An open trade holds the spread it was opened on (a later scan may hedge the pair
    // differently): it is marked and stopped on that spread.
    const double held = trade ? y - trade->intercept - trade->hedge_ratio * x : spread;

    // The correlation the scan gated on: of prices, or of log returns.
    const double r = e.pair->correlate_returns
                         ? correlation(log_returns(e.bars.y), log_returns(e.bars.x),
                                       std::size_t(config.drift_window))
                         : correlation(e.bars.y, e.bars.x, std::size_t(config.drift_window));
    if (!(r >= config.min_correlation)) {
      const std::string reason =
          fmt::format("correlation drift: {:.3f} over the last {} bars, under {}", r,
                      config.drift_window, config.min_correlation);
      batch.deactivated.push_back({e.pair->scan_id, c.y, c.x, at, reason});
      if (trade) {
        mark(*trade, held, e.bars.proxy);
        close_trade(*trade, exit_signal(*trade, "drift", close, held, reason), batch);
        batch.updated.push_back(*trade);
        --open_count;
      } else {
        run.notes.push_back(fmt::format("{}: deactivated, {}", symbol, reason));
      }
      continue;
    }

    if (trade) {
      mark(*trade, held, e.bars.proxy);
      // Both exits on the spread the trade holds: its take-profit level (its scan's mean less
      // exit_z deviations: z back inside exit_z while the scan is the same) and its stop.
      const bool profit =
          trade->direction > 0 ? held >= trade->take_profit : held <= trade->take_profit;
      const bool stop = trade->direction > 0 ? held <= trade->stop_loss : held >= trade->stop_loss;
      if (profit || stop) {
        const std::string reason =
            stop ? fmt::format("stop: the spread {:.4f} crossed {:.4f}", held, trade->stop_loss)
                 : fmt::format("take profit: the spread {:.4f} back to {:.4f} (z {:.3f})", held,
                               trade->take_profit, z);
        TradingSignal exit = exit_signal(*trade, stop ? "stop" : "exit", close, held, reason);
        exit.zscore = z;
        exit.signal_strength = std::abs(z);
        exit.garch_sigma = sigma;
        close_trade(*trade, exit, batch);
        --open_count;
      }
      batch.updated.push_back(*trade);
      continue;
    }

    if (!(std::abs(z) > config.entry_z && std::abs(z) <= config.stop_z)) continue;
    const int direction = z > 0 ? -1 : 1;
    const double distance = std::max((config.stop_z - std::abs(z)) * c.spread_sd, 2 * sigma);
    const double probability = reversion_probability(store, c.y, c.x, at, e.bars, run.notes);
    TradingSignal s;
    s.signal_id = fmt::format("{}-{}-entry", symbol, close);
    s.symbol = symbol;
    s.direction = direction > 0 ? "LONG_SPREAD" : "SHORT_SPREAD";
    s.entry_price = spread;
    s.stop_loss = spread - direction * distance;
    s.take_profit = c.spread_mean - direction * config.exit_z * c.spread_sd;
    const double confidence =
        std::isfinite(probability) ? probability : 2 * stats::normal_cdf(std::abs(z)) - 1;
    s.confluence_score = 100 * confidence;
    s.timeframes = e.pair->interval;
    s.session = session_of(close, interval);
    s.market_regime = regime_of(c, variance);
    s.directional_bias = direction > 0 ? "long" : "short";
    s.signal_strength = std::abs(z);
    s.entry_time = close;
    s.zscore = z;
    s.hedge_ratio = c.hedge_ratio;
    s.intercept = c.intercept;
    s.garch_sigma = sigma;
    s.reversion_probability = probability;
    s.quantity = config.risk_per_pair / distance;
    s.data_source = e.bars.proxy ? "proxy" : "real";
    const double notional = s.quantity * (y + std::abs(c.hedge_ratio) * x);
    if (open_count >= config.max_open_pairs) {
      s.status = "REFUSED";
      s.reason = fmt::format("{} pairs open, the limit (pairs.max_open_pairs) is {}", open_count,
                             config.max_open_pairs);
    } else if (exposure + notional > config.max_gross_exposure) {
      s.status = "REFUSED";
      s.reason = fmt::format(
          "gross exposure {:.0f} + {:.0f} would pass pairs.max_gross_exposure "
          "{:.0f}",
          exposure, notional, config.max_gross_exposure);
    } else {
      s.status = "EXECUTED";
      PaperTrade t;
      t.signal_id = s.signal_id;
      t.symbol = symbol;
      t.direction = direction;
      t.entry_price = t.current_price = spread;
      t.stop_loss = s.stop_loss;
      t.take_profit = s.take_profit;
      t.quantity = s.quantity;
      t.hedge_ratio = c.hedge_ratio;
      t.intercept = c.intercept;
      t.interval = e.pair->interval;
      t.opened_at = close;
      t.data_source = s.data_source;
      batch.opened.push_back(t);
      ++open_count;
      exposure += notional;
    }
    batch.signals.push_back(std::move(s));
  }

  // Trades of pairs that left the active set (a newer scan did not select them) close at the
  // spread they hold, on the bars complete by the clock.
  for (PaperTrade& t : open) {
    if (active_symbols.count(t.symbol) || t.status != "OPEN") continue;
    const auto slash = t.symbol.find('/');
    const Interval interval = Interval::parse(t.interval);
    const PairBars bars = read_pair(bars_feed, t.symbol.substr(0, slash),
                                    t.symbol.substr(slash + 1), interval, at, 5);
    if (bars.times.empty()) {
      run.notes.push_back(
          fmt::format("{}: left the active set; no bar to close its trade at", t.symbol));
      continue;
    }
    const double spread = bars.y.back() - t.intercept - t.hedge_ratio * bars.x.back();
    mark(t, spread, bars.proxy);
    close_trade(t,
                exit_signal(t, "inactive", bars.times.back() + interval.seconds(), spread,
                            "the pair left the active set"),
                batch);
    batch.updated.push_back(t);
  }
  store.record_signals(batch);
  for (const PaperTrade& t : open) {
    if (t.status == "OPEN") run.open.push_back(t);
  }
  for (const PaperTrade& t : batch.opened)
    run.open.push_back(t);
  return run;
}

}  // namespace quantloop::signals
