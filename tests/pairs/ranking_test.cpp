#include "pairs/ranking.h"

#include <gtest/gtest.h>

namespace quantloop::pairs {
namespace {

TEST(Ranking, ByTheMeanOfTheLastThreeScoresWhicheverWayAScanDirectedThePair) {
  std::vector<PairScore> scores;
  const std::vector<std::vector<double>> by_scan{// A/B, C/D, E/F
                                                 {0.9, 0.1, 0.5},
                                                 {0.2, 0.8, 0.5},
                                                 {0.2, 0.8, 0.5},
                                                 {0.3, 0.9, 0.5}};
  for (std::size_t scan = 0; scan < by_scan.size(); ++scan) {
    const auto& s = by_scan[scan];
    // The second scan directed A/B the other way.
    scores.push_back(
        {std::int64_t(scan), 0, scan == 1 ? "B" : "A", scan == 1 ? "A" : "B", "score", s[0]});
    scores.push_back({std::int64_t(scan), 0, "C", "D", "selected", s[1]});
    if (scan >= 2) scores.push_back({std::int64_t(scan), 0, "E", "F", "score", s[2]});
  }
  const auto ranks = rank_pairs(scores, 3);
  ASSERT_EQ(ranks.size(), 3u);
  EXPECT_EQ(ranks[0].y, "C");
  EXPECT_NEAR(ranks[0].average, (0.8 + 0.8 + 0.9) / 3, 1e-12);
  EXPECT_EQ(ranks[0].rank, 1);
  EXPECT_EQ(ranks[0].last_stage, "selected");
  ASSERT_EQ(ranks[0].rolling.size(), 2u);  // the windows ending at the third and fourth scans
  EXPECT_NEAR(ranks[0].rolling[0], (0.1 + 0.8 + 0.8) / 3, 1e-12);
  // E/F was seen twice: its mean so far.
  EXPECT_EQ(ranks[1].y, "E");
  EXPECT_NEAR(ranks[1].average, 0.5, 1e-12);
  EXPECT_EQ(ranks[1].scans, 2);
  // A/B is one pair across both directions, named as its latest scan directed it.
  EXPECT_EQ(ranks[2].y, "A");
  EXPECT_EQ(ranks[2].scans, 4);
  EXPECT_NEAR(ranks[2].average, (0.2 + 0.2 + 0.3) / 3, 1e-12);
  EXPECT_NEAR(ranks[2].last_score, 0.3, 1e-12);
  EXPECT_TRUE(rank_pairs({}).empty());
}

}  // namespace
}  // namespace quantloop::pairs
