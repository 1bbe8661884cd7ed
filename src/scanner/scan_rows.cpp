#include "scanner/scan_rows.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "stats/moments.h"

namespace quantloop::scanner {

namespace {

constexpr std::size_t kMomentumBars = 20;

// Distance from a price to a zone, 0 inside.
double distance(double price, double bottom, double top) {
  return price > top ? price - top : price < bottom ? bottom - price : 0;
}

std::optional<double> nearest_block_strength(const Frame& f) {
  const double close = f.bars.back().close;
  const concepts::OrderBlock* nearest = nullptr;
  double best = std::numeric_limits<double>::infinity();
  for (const auto& b : f.concepts->order_blocks) {
    if (!concepts::active_at(b, f.last(), f.max_age_bars)) continue;
    const double d = distance(close, b.bottom, b.top);
    if (d < best) {
      best = d;
      nearest = &b;
    }
  }
  return nearest ? nearest->strength : std::nullopt;
}

// The nearest active gap's size in ATRs times the share of it price has not traded into.
std::optional<double> fvg_quality(const Frame& f) {
  const auto atr = f.now().atr;
  if (!atr || *atr <= 0) return std::nullopt;
  const double close = f.bars.back().close;
  const concepts::Gap* nearest = nullptr;
  double best = std::numeric_limits<double>::infinity();
  for (const auto& g : f.concepts->fvgs) {
    if (!concepts::active_at(g, f.last(), f.max_age_bars)) continue;
    const double d = distance(close, g.bottom, g.top);
    if (d < best) {
      best = d;
      nearest = &g;
    }
  }
  if (!nearest) return std::nullopt;
  const concepts::Gap& g = *nearest;
  const double size = g.top - g.bottom;
  double share = 1;
  if (size > 0) {
    for (std::size_t k = g.bar + 1; k <= f.last(); ++k) {
      const double reached =
          g.direction > 0 ? (f.bars[k].low - g.bottom) / size : (g.top - f.bars[k].high) / size;
      share = std::min(share, std::clamp(reached, 0.0, 1.0));
    }
  }
  return size / *atr * share;
}

double session_alignment(const concepts::BarConcepts& now) {
  if (now.kill_zone) return 1;
  return now.session == "off_hours" ? 0 : 0.5;
}

std::optional<double> momentum(const Frame& f) {
  if (f.bars.size() <= kMomentumBars) return std::nullopt;
  const double then = f.bars[f.bars.size() - 1 - kMomentumBars].close;
  if (then <= 0) return std::nullopt;
  return f.bars.back().close / then - 1;
}

}  // namespace

MarketCondition market_condition(const Frame& f) {
  MarketCondition c;
  c.symbol = f.symbol;
  c.timeframe = std::string(f.timeframe.name());
  c.market_structure = "ranging";
  if (f.empty()) return c;
  const Bar& bar = f.bars.back();
  const concepts::BarConcepts& now = f.now();
  c.price = bar.close;
  c.volume = bar.volume;
  c.volatility = now.volatility;
  c.rsi = now.rsi;
  c.market_structure = std::string(concepts::structure_name(now.market_structure));
  const std::size_t first = f.first_recent();
  c.liquidity_swept = std::any_of(f.concepts->sweeps.begin(), f.concepts->sweeps.end(),
                                  [&](const concepts::Sweep& s) { return s.bar >= first; });
  c.order_blocks_count = now.active_order_blocks;
  c.fvg_count = now.active_fvgs;
  c.session_high = now.session_high;
  c.session_low = now.session_low;
  c.institutional_level = now.institutional_level;
  return c;
}

MlFeatures ml_features(const Frame& f, const FeatureContext& context) {
  MlFeatures m;
  m.symbol = f.symbol;
  m.timeframe = std::string(f.timeframe.name());
  if (f.empty()) return m;
  const concepts::BarConcepts& now = f.now();
  m.price_position = now.price_position;
  m.volume_profile = now.volume_profile;
  m.order_flow_imbalance = now.order_flow_imbalance;
  m.order_block_strength = nearest_block_strength(f);
  m.fvg_quality_score = fvg_quality(f);
  m.liquidity_density = now.liquidity_density;
  double structure = now.market_structure;
  const auto& events = f.concepts->structure;
  if (!events.empty() && events.back().change_of_character) structure /= 2;
  m.market_structure_score = structure;
  m.confluence_factors = int(context.confluence.best.factors.size());
  m.confluence_score = context.confluence.best.score;
  m.session_alignment = session_alignment(now);
  if (context.reference) m.btc_correlation = log_return_correlation(f, *context.reference);
  double sum = 0;
  int counted = 0;
  for (const Frame* peer : context.peers) {
    if (const auto r = momentum(*peer)) {
      sum += *r;
      ++counted;
    }
  }
  if (counted > 0) m.sector_momentum = sum / counted;
  m.volatility_regime = now.volatility_regime;
  m.trend_strength = now.trend_strength;
  return m;
}

std::optional<double> log_return_correlation(const Frame& a, const Frame& b, std::size_t returns) {
  // Walk both windows back from their last bars over the times both hold.
  std::vector<double> ra, rb;
  std::size_t i = a.bars.size(), j = b.bars.size();
  const Bar* next_a = nullptr;
  const Bar* next_b = nullptr;
  while (i > 0 && j > 0 && ra.size() < returns) {
    const Bar& x = a.bars[i - 1];
    const Bar& y = b.bars[j - 1];
    if (x.time > y.time) {
      --i;
      continue;
    }
    if (y.time > x.time) {
      --j;
      continue;
    }
    if (next_a && x.close > 0 && y.close > 0) {
      ra.push_back(std::log(next_a->close / x.close));
      rb.push_back(std::log(next_b->close / y.close));
    }
    next_a = &x;
    next_b = &y;
    --i;
    --j;
  }
  if (ra.size() < returns) return std::nullopt;
  const double r = stats::pearson(ra, rb);
  return std::isnan(r) ? std::nullopt : std::optional<double>(r);
}

}  // namespace quantloop::scanner
