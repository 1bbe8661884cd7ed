#include "pairs/performance_history.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "pairs/ranking.h"

namespace quantloop::pairs {

namespace {

constexpr int kHistoryDays = 90;
constexpr int kTrendPeriods[] = {7, 30};

using PairKey = std::pair<std::string, std::string>;  // the symbols in name order

struct Point {
  UnixSeconds at;
  double value;
};

PairTrend trend_of(const std::vector<Point>& points, UnixSeconds at, int days) {
  PairTrend t;
  t.period_days = days;
  std::vector<Point> in;
  for (const Point& p : points) {
    if (p.at > at - days * kSecondsPerDay && p.at <= at && std::isfinite(p.value)) in.push_back(p);
  }
  t.observations = int(in.size());
  if (in.empty()) return t;
  t.first_at = in.front().at;
  t.last_at = in.back().at;
  double mean_t = 0, mean_v = 0;
  for (const Point& p : in) {
    mean_t += double(p.at - at) / kSecondsPerDay / double(in.size());
    mean_v += p.value / double(in.size());
  }
  t.average = mean_v;
  double sxx = 0, sxy = 0;
  for (const Point& p : in) {
    const double dt = double(p.at - at) / kSecondsPerDay - mean_t;
    sxx += dt * dt;
    sxy += dt * (p.value - mean_v);
  }
  if (in.size() >= 2 && sxx > 0) t.slope_per_day = sxy / sxx;
  return t;
}

}  // namespace

void refresh_pair_rankings(Store& store, UnixSeconds at, int scans, int window) {
  const UnixSeconds since = at - kHistoryDays * kSecondsPerDay;
  // Only the candidates past the correlation gate are read (a scan of 100 symbols has 4,950
  // pairs, and 90 days of them would be most of the work): a pair is ranked and trended when it
  // passed the gate once, and its other scans of both symbols count with the gate's score, 0.
  const std::vector<PairScore> passed = store.passed_pair_scores(since, at);
  const std::vector<PairModelPerformance> models = store.pair_performance(since, at);
  std::set<PairKey> screened;
  std::map<std::pair<std::int64_t, PairKey>, const PairScore*> in_scan;
  for (const PairScore& s : passed) {
    const PairKey key = std::minmax(s.y, s.x);
    screened.insert(key);
    in_scan[{s.scan_id, key}] = &s;
  }
  std::vector<PairScan> history = store.pair_scans(since);  // newest first
  std::erase_if(history, [at](const PairScan& s) { return s.as_of > at; });
  std::vector<PairScore> scores, recent;  // every screened pair's, oldest scan first
  for (auto scan = history.rbegin(); scan != history.rend(); ++scan) {
    const std::set<std::string> symbols(scan->symbols.begin(), scan->symbols.end());
    const bool latest = scan - history.rbegin() >= std::ptrdiff_t(history.size()) - scans;
    for (const PairKey& key : screened) {
      if (!symbols.count(key.first) || !symbols.count(key.second)) continue;
      const auto found = in_scan.find({scan->id, key});
      scores.push_back(found != in_scan.end()
                           ? *found->second
                           : PairScore{scan->id, scan->as_of, key.first, key.second, "correlation",
                                       0.0, std::nan("")});
      if (latest) recent.push_back(scores.back());
    }
  }

  std::map<PairKey, PairRanking> rankings;
  std::map<PairKey, std::vector<Point>> score_points, f1_points;
  for (const PairRank& r : rank_pairs(recent, window)) {
    PairRanking& out = rankings[std::minmax(r.y, r.x)];
    out.y = r.y;
    out.x = r.x;
    out.rank_score = r.rank;
    out.composite_score = r.average;
    out.scans = r.scans;
  }
  for (const PairScore& s : scores)
    score_points[std::minmax(s.y, s.x)].push_back({s.as_of, s.score});
  std::map<PairKey, const PairModelPerformance*> latest_model;
  for (const PairModelPerformance& m : models) {  // oldest first: the last one stays
    const PairKey key = std::minmax(m.y, m.x);
    latest_model[key] = &m;
    f1_points[key].push_back({m.as_of, m.f1});
  }
  std::vector<std::pair<double, PairKey>> by_f1;
  for (const auto& [key, m] : latest_model) {
    PairRanking& out = rankings[key];
    if (out.y.empty()) {
      out.y = m->y;
      out.x = m->x;
    }
    out.f1 = m->f1;
    out.baseline_f1 = m->baseline_f1;
    out.performance_id = m->id;
    by_f1.emplace_back(m->f1, key);
  }
  std::stable_sort(by_f1.begin(), by_f1.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  for (std::size_t i = 0; i < by_f1.size(); ++i)
    rankings[by_f1[i].second].rank_f1 = int(i) + 1;

  std::vector<PairRanking> ranking_rows;
  std::vector<PairTrend> trends;
  for (const auto& [key, ranking] : rankings) {
    ranking_rows.push_back(ranking);
    for (const auto& [metric, points] :
         {std::pair{"composite_score", &score_points}, std::pair{"f1_score", &f1_points}}) {
      const auto found = points->find(key);
      if (found == points->end()) continue;
      for (int days : kTrendPeriods) {
        PairTrend t = trend_of(found->second, at, days);
        if (t.observations == 0) continue;
        t.y = ranking.y;
        t.x = ranking.x;
        t.metric = metric;
        t.computed_at = at;
        trends.push_back(std::move(t));
      }
    }
  }
  store.record_pair_rankings(at, ranking_rows, trends);
}

}  // namespace quantloop::pairs
