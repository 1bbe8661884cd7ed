#include "stats/transforms.h"

#include <gtest/gtest.h>

#include <cmath>

#include "core/error.h"

namespace quantloop::stats {
namespace {

TEST(Transforms, ReturnsAndScaling) {
  const std::vector<double> prices{100, 110, 99};
  const auto simple = transform(prices, Returns::simple, 100);
  ASSERT_EQ(simple.size(), 2u);
  EXPECT_NEAR(simple[0], 10, 1e-12);
  EXPECT_NEAR(simple[1], -10, 1e-12);
  const auto logs = transform(prices, Returns::log);
  EXPECT_DOUBLE_EQ(logs[0], std::log(1.1));
  EXPECT_EQ(transform(prices, Returns::none, 2).size(), 3u);
  EXPECT_THROW(transform(std::vector<double>{1, 0, 2}, Returns::log), Error);
  EXPECT_THROW(parse_returns("percent"), Error);
}

TEST(Transforms, AlignInnerJoinsOnTimesAndDropsNan) {
  const std::vector<UnixSeconds> ta{1, 2, 3, 5, 8}, tb{2, 3, 4, 5, 9};
  const std::vector<double> a{10, 20, 30, 50, 80}, b{2, std::nan(""), 4, 5, 9};
  const auto joined = align(ta, a, tb, b);
  EXPECT_EQ(joined.times, (std::vector<UnixSeconds>{2, 5}));
  EXPECT_EQ(joined.first, (std::vector<double>{20, 50}));
  EXPECT_EQ(joined.second, (std::vector<double>{2, 5}));
}

}  // namespace
}  // namespace quantloop::stats
