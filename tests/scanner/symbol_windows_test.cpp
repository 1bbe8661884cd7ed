// A symbol's windows as a live feed fills them: a fine bar stored after its time is still read,
// a resampled bar waits for its last fine bar (or for the grace, when it never comes), and a fine
// bar stored after its bucket was taken is in the fine window only.
#include "scanner/symbol_windows.h"

#include <gtest/gtest.h>

#include "data/ingest.h"
#include "store/store.h"
#include "test_support.h"

namespace quantloop::scanner {
namespace {

using quantloop::testing::TempDir;

const UnixSeconds k0900 = *parse_timestamp("2024-03-06 09:00");
UnixSeconds at(int minutes, int seconds = 0) {
  return k0900 + 60 * minutes + seconds;
}

// Stores the 1-minute bars opening at minutes [from, to) after 09:00; bar k closes at 100 + k.
void store_minutes(Store& store, int from, int to) {
  BarSeries series{"BTC-USD", AssetType::crypto, Interval::minute(), {}};
  for (int k = from; k < to; ++k) {
    const double c = 100 + k;
    series.bars.push_back(Bar{at(k), c - 0.5, c + 1, c - 1, c, 10, c});
  }
  ingest_series(store, {series}, "1d", at(to));
}

TEST(SymbolWindows, AFineBarStoredLateIsReadAndItsBucketWaitsForIt) {
  TempDir dir;
  auto store = Store::open(dir.file("q.db"));
  const Interval m5 = Interval::parse("5m");
  SymbolWindows windows("BTC-USD", {Interval::minute(), m5}, 100);
  store_minutes(*store, 0, 64);  // through 10:03; the 10:04 bar is late
  windows.advance(*store, at(65), at(65));
  EXPECT_EQ(windows.window(0).back().time, at(63));
  EXPECT_EQ(windows.window(1).back().time, at(55));  // the 10:00 bucket waits for 10:04

  store_minutes(*store, 64, 65);
  const auto changed = windows.advance(*store, at(65, 30), at(65, 30));
  EXPECT_TRUE(changed[0]);
  EXPECT_TRUE(changed[1]);
  EXPECT_EQ(windows.window(0).back().time, at(64));
  ASSERT_EQ(windows.window(1).back().time, at(60));
  EXPECT_EQ(windows.window(1).back().close, 164);
  EXPECT_EQ(windows.window(1).back().volume, 50);

  // The 10:05 bucket's last bar (10:09) never comes in time: taken without it once the grace
  // (two 1-minute bars) has passed since 10:10.
  store_minutes(*store, 65, 69);
  windows.advance(*store, at(70), at(70));
  windows.advance(*store, at(71, 59), at(71, 59));
  EXPECT_EQ(windows.window(1).back().time, at(60));
  windows.advance(*store, at(72), at(72));
  ASSERT_EQ(windows.window(1).back().time, at(65));
  EXPECT_EQ(windows.window(1).back().close, 168);
  const std::size_t coarse_bars = windows.window(1).size();

  // Stored after its bucket was taken: in the 1-minute window, not a second 10:05 bar.
  store_minutes(*store, 69, 70);
  windows.advance(*store, at(72, 30), at(72, 30));
  EXPECT_EQ(windows.window(0).back().time, at(69));
  EXPECT_EQ(windows.window(1).size(), coarse_bars);
  EXPECT_EQ(windows.window(1).back().time, at(65));
}

// Replayed later (the wall clock far past), a bucket missing its last fine bar is taken as soon
// as it is complete: what was stored by then is all there will be.
TEST(SymbolWindows, ReplayedAGapDelaysNothing) {
  TempDir dir;
  auto store = Store::open(dir.file("q.db"));
  store_minutes(*store, 0, 64);
  store_minutes(*store, 65, 70);  // 10:04 never stored
  SymbolWindows windows("BTC-USD", {Interval::minute(), Interval::parse("5m")}, 100);
  windows.advance(*store, at(65), kEndOfTime);
  ASSERT_EQ(windows.window(1).back().time, at(60));
  EXPECT_EQ(windows.window(1).back().close, 163);
}

}  // namespace
}  // namespace quantloop::scanner
