// A scanner paper trade marked bar by bar: the stop before the target in a bar that reaches
// both, a gap through the stop fills at the open, expiry at the close of the last bar.
#include "scanner/paper_trades.h"

#include <gtest/gtest.h>

namespace quantloop::scanner {
namespace {

const UnixSeconds kOpen = *parse_timestamp("2024-03-04 10:00");

PaperTrade long_trade() {
  PaperTrade t;
  t.signal_id = "s";
  t.direction = +1;
  t.entry_price = t.current_price = 100;
  t.stop_loss = 97;
  t.take_profit = 106;
  t.quantity = 1000.0 / 3;
  t.opened_at = t.marked_through = kOpen;
  t.expires_at = kOpen + 10 * 60;
  return t;
}

Bar minute(int k, double o, double h, double l, double c) {
  return Bar{kOpen + 60 * k, o, h, l, c, 1, c};
}

TEST(PaperTrades, AStopAndATargetInOneBarIsALoss) {
  PaperTrade t = long_trade();
  const std::vector<Bar> bars{minute(0, 100, 101, 99, 100.5), minute(1, 100.5, 107, 96, 101)};
  const auto outcome = mark_trade(t, bars, Interval::minute());
  ASSERT_TRUE(outcome);
  EXPECT_EQ(outcome->outcome, "loss");
  EXPECT_EQ(t.status, "CLOSED");
  EXPECT_EQ(t.current_price, 97);
  EXPECT_NEAR(outcome->r_multiple, -1, 1e-12);
  EXPECT_EQ(outcome->seconds, 120);
  EXPECT_EQ(t.closed_at, kOpen + 120);
}

TEST(PaperTrades, ATargetIsAWinOfTheRewardRisk) {
  PaperTrade t = long_trade();
  const std::vector<Bar> bars{minute(0, 100, 101, 99, 100.5), minute(1, 100.5, 106, 99, 105)};
  const auto outcome = mark_trade(t, bars, Interval::minute());
  ASSERT_TRUE(outcome);
  EXPECT_EQ(outcome->outcome, "win");
  EXPECT_NEAR(outcome->r_multiple, 2, 1e-12);
}

TEST(PaperTrades, AGapThroughTheStopFillsAtTheOpen) {
  PaperTrade t = long_trade();
  const auto outcome =
      mark_trade(t, std::vector<Bar>{minute(0, 95, 96, 94, 95.5)}, Interval::minute());
  ASSERT_TRUE(outcome);
  EXPECT_EQ(t.current_price, 95);
  EXPECT_NEAR(outcome->r_multiple, -5.0 / 3, 1e-12);
}

TEST(PaperTrades, MarksUpToTheLastBarAndExpiresAtItsClose) {
  PaperTrade t = long_trade();
  std::vector<Bar> bars;
  for (int k = 0; k < 12; ++k)
    bars.push_back(minute(k, 100, 101, 99, 100 + 0.1 * k));
  // Marked in two scans: the first sees three bars.
  EXPECT_FALSE(mark_trade(t, std::span(bars).first(3), Interval::minute()));
  EXPECT_EQ(t.marked_through, kOpen + 180);
  EXPECT_EQ(t.status, "OPEN");
  EXPECT_NEAR(t.current_price, 100.2, 1e-12);
  const auto outcome = mark_trade(t, bars, Interval::minute());  // bars already marked skipped
  ASSERT_TRUE(outcome);
  EXPECT_EQ(outcome->outcome, "expired");
  EXPECT_NEAR(t.current_price, 100.9, 1e-12);  // the tenth bar's close; the rest not marked
  EXPECT_EQ(t.closed_at, t.expires_at);
  EXPECT_NEAR(outcome->r_multiple, 0.9 / 3, 1e-12);
}

TEST(PaperTrades, AShortMirrorsALong) {
  PaperTrade t = long_trade();
  t.direction = -1;
  t.stop_loss = 103;
  t.take_profit = 94;
  const auto outcome =
      mark_trade(t, std::vector<Bar>{minute(0, 100, 102, 93.5, 94.5)}, Interval::minute());
  ASSERT_TRUE(outcome);
  EXPECT_EQ(outcome->outcome, "win");
  EXPECT_NEAR(t.pnl, 1000.0 / 3 * 6, 1e-9);
}

TEST(PaperTrades, AnExpiryWithoutABarClosesAtTheLastMark) {
  PaperTrade t = long_trade();
  EXPECT_FALSE(mark_trade(t, std::vector<Bar>{minute(0, 100, 101, 99, 100.4)}, Interval::minute()));
  const auto outcome = expire_trade(t);
  EXPECT_EQ(outcome.outcome, "expired");
  EXPECT_EQ(t.current_price, 100.4);
  EXPECT_EQ(outcome.seconds, 600);
}

}  // namespace
}  // namespace quantloop::scanner
