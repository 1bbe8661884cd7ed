#include "data/series_inference.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

namespace quantloop {
namespace {

TEST(SymbolFromFileName, TheSharedDataNames) {
  EXPECT_EQ(symbol_from_file_name("/x/AAPL_data.csv"), "AAPL");
  EXPECT_EQ(symbol_from_file_name("orcl-1995-2014.txt"), "ORCL");
  EXPECT_EQ(symbol_from_file_name("nt-spy-minute-2011-03.csv"), "SPY");
  EXPECT_EQ(symbol_from_file_name("EURUSD_D1.csv"), "EURUSD");
  EXPECT_EQ(symbol_from_file_name("GBPUSD_H4.csv"), "GBPUSD");
  EXPECT_EQ(symbol_from_file_name("sp500.csv.gz"), "^GSPC");
  EXPECT_EQ(symbol_from_file_name("nasdaq.csv.gz"), "^IXIC");
  EXPECT_EQ(symbol_from_file_name("Coinbase_BTCUSD_1h.csv"), "BTC-USD");
  EXPECT_FALSE(symbol_from_file_name("2011-03.csv").has_value());
  EXPECT_FALSE(symbol_from_file_name("data_minute.csv").has_value());
}

TEST(SymbolFromFileName, QuoteCurrenciesExchangesAndShareClassesStay) {
  EXPECT_EQ(symbol_from_file_name("BTC-USD.csv"), "BTC-USD");
  EXPECT_EQ(symbol_from_file_name("eth-usdt.csv"), "ETH-USDT");
  EXPECT_EQ(symbol_from_file_name("VOW3.DE.csv"), "VOW3.DE");
  EXPECT_EQ(symbol_from_file_name("BRK-B.csv"), "BRK-B");
  EXPECT_EQ(symbol_from_file_name("AAPL-prices.csv"), "AAPL");  // not a suffix: cut
  EXPECT_EQ(symbol_from_file_name("SPY-1d.csv"), "SPY");
}

std::vector<SourcedBar> at_times(std::vector<UnixSeconds> times) {
  std::vector<SourcedBar> bars;
  for (UnixSeconds t : times)
    bars.push_back({{t, 1, 1, 1, 1, 0, 0}, 0, 0, "", ""});
  return bars;
}

TEST(ModalSpacing, IgnoresSessionGapsAndOrder) {
  // Two sessions of 1h bars with an overnight gap, newest first.
  std::vector<UnixSeconds> times;
  for (int day = 0; day < 2; ++day) {
    for (int h = 0; h < 7; ++h)
      times.push_back(day * 86400 + 14 * 3600 + h * 3600);
  }
  std::reverse(times.begin(), times.end());
  EXPECT_EQ(modal_spacing(at_times(times)), 3600);
  // Sparse minute bars: gaps of several minutes are rarer than one-minute steps.
  EXPECT_EQ(modal_spacing(at_times({0, 60, 120, 600, 660, 720, 1500, 1560})), 60);
  EXPECT_EQ(modal_spacing(at_times({5})), 0);
}

TEST(InferInterval, ShortDailyAndWeeklyFilesByTheirDates) {
  constexpr UnixSeconds kDay = 86400;
  const UnixSeconds friday = 1578614400;  // 2020-01-10
  // Friday, Monday, Thursday: no two consecutive days, yet dates: daily.
  EXPECT_EQ(infer_interval(at_times({friday, friday + 3 * kDay, friday + 6 * kDay})),
            Interval::day());
  EXPECT_EQ(infer_interval(at_times({friday, friday + 14 * kDay, friday + 21 * kDay})),
            Interval::parse("1wk"));
  EXPECT_EQ(infer_interval(at_times({0, 3600, 7200})), Interval::hour());
  EXPECT_FALSE(infer_interval(at_times({600, 2 * kDay + 600})));  // not dates, no interval
  EXPECT_FALSE(infer_interval(at_times({friday})));
}

}  // namespace
}  // namespace quantloop
