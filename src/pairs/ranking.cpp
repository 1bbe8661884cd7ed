#include "pairs/ranking.h"

#include <algorithm>
#include <map>

namespace quantloop::pairs {

std::vector<PairRank> rank_pairs(const std::vector<PairScore>& scores, int window) {
  window = std::max(1, window);
  // A pair is the same whichever way a scan directed it.
  std::map<std::pair<std::string, std::string>, std::vector<const PairScore*>> by_pair;
  for (const PairScore& s : scores)
    by_pair[std::minmax(s.y, s.x)].push_back(&s);
  std::vector<PairRank> ranks;
  for (const auto& [key, history] : by_pair) {
    PairRank r;
    r.y = history.back()->y;
    r.x = history.back()->x;
    r.last_score = history.back()->score;
    r.last_stage = history.back()->stage;
    r.scans = int(history.size());
    const std::size_t n = history.size(), w = std::size_t(window);
    for (std::size_t end = std::min(w, n); end <= n; ++end) {
      const std::size_t begin = end >= w ? end - w : 0;
      double sum = 0;
      for (std::size_t k = begin; k < end; ++k)
        sum += history[k]->score;
      r.rolling.push_back(sum / double(end - begin));
    }
    r.average = r.rolling.back();
    ranks.push_back(std::move(r));
  }
  std::sort(ranks.begin(), ranks.end(), [](const PairRank& a, const PairRank& b) {
    if (a.average != b.average) return a.average > b.average;
    if (a.last_score != b.last_score) return a.last_score > b.last_score;
    return std::tie(a.y, a.x) < std::tie(b.y, b.x);
  });
  for (std::size_t i = 0; i < ranks.size(); ++i)
    ranks[i].rank = int(i) + 1;
  return ranks;
}

}  // namespace quantloop::pairs
