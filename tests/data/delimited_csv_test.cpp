// The corpus of bar files users bring: every alias family, delimiter, date spelling, offset,
// epoch, pandas export, close-only and wide table, CRLF, BOM, quoting and trailing blank lines.
// Each variant is ingested with no flag into a real SQLite store and its bars are compared value
// by value with what the file says.
#include "data/delimited_csv.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "core/error.h"
#include "data/ingest.h"
#include "store/store.h"
#include "test_support.h"

namespace quantloop {
namespace {

using testing::TempDir;
using testing::write_file;

// A bar as a test expects it: UTC time text and values (adj NaN when the file has none).
struct Expected {
  std::string time;
  double open, high, low, close, volume;
  double adj_close = std::numeric_limits<double>::quiet_NaN();
};

struct Variant {
  std::string name;  // test name and file name stem
  std::string file;  // file name (its symbol when the content names none)
  std::string content;
  std::string symbol;  // the series the bars land in
  std::string interval;
  std::vector<Expected> bars;
};

void PrintTo(const Variant& v, std::ostream* out) {
  *out << v.name;
}

class Corpus : public ::testing::TestWithParam<Variant> {};

void expect_bars(Store& store, const std::string& symbol, const std::string& interval,
                 const std::vector<Expected>& expected) {
  const BarSeries series = store.read_bars(symbol, Interval::parse(interval), 0, 4102444800);
  ASSERT_EQ(series.bars.size(), expected.size()) << symbol;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const Bar& bar = series.bars[i];
    const Expected& e = expected[i];
    SCOPED_TRACE(e.time);
    EXPECT_EQ(format_utc(bar.time), e.time);
    EXPECT_DOUBLE_EQ(bar.open, e.open);
    EXPECT_DOUBLE_EQ(bar.high, e.high);
    EXPECT_DOUBLE_EQ(bar.low, e.low);
    EXPECT_DOUBLE_EQ(bar.close, e.close);
    EXPECT_DOUBLE_EQ(bar.volume, e.volume);
    if (std::isnan(e.adj_close)) {
      EXPECT_TRUE(std::isnan(bar.adj_close)) << bar.adj_close;
    } else {
      EXPECT_DOUBLE_EQ(bar.adj_close, e.adj_close);
    }
  }
}

TEST_P(Corpus, IngestsWithNoFlagAndKeepsEveryValue) {
  const Variant& v = GetParam();
  TempDir dir;
  write_file(dir.file(v.file), v.content);
  auto store = Store::open(dir.file("q.db"));
  const IngestReport report =
      ingest_csv_files(*store, Config{}, std::vector<std::string>{dir.file(v.file)}, {}, now_utc());
  EXPECT_EQ(report.counts.rejected, 0)
      << (report.rejected.empty() ? "" : report.rejected.front().reason);
  expect_bars(*store, v.symbol, v.interval, v.bars);
}

const Expected kDay2{"2020-01-02 00:00:00", 74.06, 75.15, 73.8, 75.09, 135480400};
const Expected kDay3{"2020-01-03 00:00:00", 74.29, 75.14, 74.13, 74.36, 146322800};
const Expected kDay6{"2020-01-06 00:00:00", 73.45, 74.99, 73.19, 74.95, 118387200};

INSTANTIATE_TEST_SUITE_P(
    Files, Corpus,
    ::testing::Values(
        Variant{"PandasIndexExport",
                "AAPL.csv",
                ",Open,High,Low,Close,Volume\n"
                "2020-01-02,74.06,75.15,73.8,75.09,135480400\n"
                "2020-01-03,74.29,75.14,74.13,74.36,146322800\n"
                "2020-01-06,73.45,74.99,73.19,74.95,118387200\n",
                "AAPL",
                "1d",
                {kDay2, kDay3, kDay6}},
        Variant{"PandasRangeIndexWithDateColumn",
                "AAPL.csv",
                ",Date,Open,High,Low,Close,Adj Close,Volume\n"
                "0,2020-01-02,74.06,75.15,73.8,75.09,73.06,135480400\n"
                "1,2020-01-03,74.29,75.14,74.13,74.36,72.35,146322800\n",
                "AAPL",
                "1d",
                {{"2020-01-02 00:00:00", 74.06, 75.15, 73.8, 75.09, 135480400, 73.06},
                 {"2020-01-03 00:00:00", 74.29, 75.14, 74.13, 74.36, 146322800, 72.35}}},
        Variant{"AbbreviatedNamesAnyOrderCompactDates",
                "MSFT.csv",
                "dt,c,o,h,l,v\n20200102,75.09,74.06,75.15,73.8,135480400\n"
                "20200103,74.36,74.29,75.14,74.13,146322800\n",
                "MSFT",
                "1d",
                {kDay2, kDay3}},
        Variant{"SemicolonsAndDecimalCommas",
                "SAP.csv",
                "Datum;Open;High;Low;Close;Volume\n"
                "2020-01-02;74,06;75,15;73,8;75,09;135480400\n"
                "2020-01-03;74,29;75,14;74,13;74,36;146322800\n",
                "SAP",
                "1d",
                {kDay2, kDay3}},
        Variant{"TabsWithDateTimeColumnName",
                "AAPL.tsv",
                "Datetime\tOp\tHi\tLo\tCl\tVol\n"
                "2020-01-02 14:30\t74.06\t75.15\t73.8\t75.09\t135480400\n"
                "2020-01-02 15:30\t74.29\t75.14\t74.13\t74.36\t146322800\n",
                "AAPL",
                "1h",
                {{"2020-01-02 14:30:00", 74.06, 75.15, 73.8, 75.09, 135480400},
                 {"2020-01-02 15:30:00", 74.29, 75.14, 74.13, 74.36, 146322800}}},
        Variant{"PipesAndIsoTWithZ",
                "ETH-USD.psv",
                "timestamp|open|high|low|close|volume\n"
                "2021-05-01T00:00:00Z|2770.1|2800|2760.5|2790.25|1234.5\n"
                "2021-05-01T00:05:00Z|2790.25|2795|2785|2788|980.25\n",
                "ETH-USD",
                "5m",
                {{"2021-05-01 00:00:00", 2770.1, 2800, 2760.5, 2790.25, 1234.5},
                 {"2021-05-01 00:05:00", 2790.25, 2795, 2785, 2788, 980.25}}},
        Variant{"OffsetsConvertedToUtc",
                "AAPL.csv",
                "Datetime,Open,High,Low,Close,Volume\n"
                "2024-01-02 09:30:00-05:00,187.15,188.44,186.01,186.19,21173291\n"
                "2024-01-02 10:30:00-05:00,186.19,186.5,185.5,185.9,12000000\n",
                "AAPL",
                "1h",
                {{"2024-01-02 14:30:00", 187.15, 188.44, 186.01, 186.19, 21173291},
                 {"2024-01-02 15:30:00", 186.19, 186.5, 185.5, 185.9, 12000000}}},
        Variant{"EpochMilliseconds",
                "BTC-USD.csv",
                "open_time,open,high,low,close,volume\n"
                "1609459200000,28923.63,29031.34,28690.17,28995.13,2311.811445\n"
                "1609462800000,28995.13,29470,28960.35,29409.99,3644.17081\n",
                "BTC-USD",
                "1h",
                {{"2021-01-01 00:00:00", 28923.63, 29031.34, 28690.17, 28995.13, 2311.811445},
                 {"2021-01-01 01:00:00", 28995.13, 29470, 28960.35, 29409.99, 3644.17081}}},
        Variant{"EpochSecondsTradingViewExport",
                "BTC-USD.csv",
                "time,open,high,low,close,Volume\n"
                "1609459200,28923.63,29031.34,28690.17,28995.13,2311.8\n"
                "1609462800,28995.13,29470,28960.35,29409.99,3644.1\n",
                "BTC-USD",
                "1h",
                {{"2021-01-01 00:00:00", 28923.63, 29031.34, 28690.17, 28995.13, 2311.8},
                 {"2021-01-01 01:00:00", 28995.13, 29470, 28960.35, 29409.99, 3644.1}}},
        Variant{"CloseOnly",
                "SPY.csv",
                "Date,Price\n2020-01-02,324.87\n2020-01-03,322.41\n",
                "SPY",
                "1d",
                {{"2020-01-02 00:00:00", 324.87, 324.87, 324.87, 324.87, 0},
                 {"2020-01-03 00:00:00", 322.41, 322.41, 322.41, 322.41, 0}}},
        Variant{"CrlfAndByteOrderMark",
                "AAPL.csv",
                "\xEF\xBB\xBF"
                "Date,Open,High,Low,Close,Volume\r\n"
                "2020-01-02,74.06,75.15,73.8,75.09,135480400\r\n"
                "2020-01-03,74.29,75.14,74.13,74.36,146322800\r\n",
                "AAPL",
                "1d",
                {kDay2, kDay3}},
        Variant{
            "NasdaqQuotedDollarsMonthFirst",
            "AAPL.csv",
            "Date,Close/Last,Volume,Open,High,Low\n"
            "01/06/2020,\"$74.95\",\"118,387,200\",\"$73.45\",\"$74.99\",\"$73.19\"\n"
            "01/03/2020,\"$74.36\",\"146,322,800\",\"$74.29\",\"$75.14\",\"$74.13\"\n"
            "01/02/2020,\"$75.09\",\"135,480,400\",\"$74.06\",\"$75.15\",\"$73.80\"\n"
            "12/31/2019,\"$73.41\",\"100,805,600\",\"$72.48\",\"$73.42\",\"$72.38\"\n",
            "AAPL",
            "1d",
            {{"2019-12-31 00:00:00", 72.48, 73.42, 72.38, 73.41, 100805600}, kDay2, kDay3, kDay6}},
        Variant{"TrailingBlankLines",
                "AAPL.csv",
                "Date,Open,High,Low,Close,Volume\n"
                "2020-01-02,74.06,75.15,73.8,75.09,135480400\n"
                "2020-01-03,74.29,75.14,74.13,74.36,146322800\n\n\n  \n",
                "AAPL",
                "1d",
                {kDay2, kDay3}},
        Variant{"SeparateDateAndTimeColumns",
                "EURUSD.csv",
                "<TICKER>,<DTYYYYMMDD>,<TIME>,<OPEN>,<HIGH>,<LOW>,<CLOSE>,<VOL>\n"
                "EURUSD,20200102,090000,1.1215,1.1220,1.1210,1.1218,412\n"
                "EURUSD,20200102,100000,1.1218,1.1225,1.1201,1.1203,388\n",
                "EURUSD",
                "1h",
                {{"2020-01-02 09:00:00", 1.1215, 1.1220, 1.1210, 1.1218, 412},
                 {"2020-01-02 10:00:00", 1.1218, 1.1225, 1.1201, 1.1203, 388}}},
        Variant{
            "InvestingComMonthNamesAndVolumeSuffixes",
            "GLD.csv",
            "\"Date\",\"Price\",\"Open\",\"High\",\"Low\",\"Vol.\",\"Change %\"\n"
            "\"Jan 03, 2020\",\"146.97\",\"145.98\",\"147.29\",\"145.90\",\"16.92M\",\"1.45%\"\n"
            "\"Jan 02, 2020\",\"144.87\",\"144.38\",\"145.10\",\"144.15\",\"7.89K\",\"0.38%\"\n",
            "GLD",
            "1d",
            {{"2020-01-02 00:00:00", 144.38, 145.10, 144.15, 144.87, 7890},
             {"2020-01-03 00:00:00", 145.98, 147.29, 145.90, 146.97, 16920000}}},
        Variant{"WideTableOneColumnPerSymbol",
                "closes.csv",
                "Date,AAPL,MSFT\n2020-01-02,75.09,160.62\n2020-01-03,74.36,158.62\n"
                "2020-01-06,74.95,\n",
                "MSFT",
                "1d",
                {{"2020-01-02 00:00:00", 160.62, 160.62, 160.62, 160.62, 0},
                 {"2020-01-03 00:00:00", 158.62, 158.62, 158.62, 158.62, 0}}},
        Variant{"DayFirstDecidedByTheColumn",
                "VOW3.DE.csv",
                "Date;Open;High;Low;Close;Volume\n"
                "10.01.2020;74,06;75,15;73,8;75,09;135480400\n"
                "13.01.2020;74,29;75,14;74,13;74,36;146322800\n"
                "14.01.2020;73,45;74,99;73,19;74,95;118387200\n",
                "VOW3.DE",
                "1d",
                {{"2020-01-10 00:00:00", 74.06, 75.15, 73.8, 75.09, 135480400},
                 {"2020-01-13 00:00:00", 74.29, 75.14, 74.13, 74.36, 146322800},
                 {"2020-01-14 00:00:00", 73.45, 74.99, 73.19, 74.95, 118387200}}},
        Variant{"YfinanceHistoryDailyWithExchangeOffset",
                "AAPL.csv",
                "Date,Open,High,Low,Close,Volume,Dividends,Stock Splits\n"
                "2020-01-02 00:00:00-05:00,74.06,75.15,73.8,75.09,135480400,0.0,0.0\n"
                "2020-01-03 00:00:00-05:00,74.29,75.14,74.13,74.36,146322800,0.0,0.0\n"
                "2020-01-06 00:00:00-05:00,73.45,74.99,73.19,74.95,118387200,0.0,0.0\n",
                "AAPL",
                "1d",
                {kDay2, kDay3, kDay6}},
        Variant{"HeaderlessBinanceKlinesInMicroseconds",
                "BTCUSDT-1h-2025-01.csv",
                "1735689600000000,93576.00,94509.42,93489.03,94401.14,755.99,1735693199999999,"
                "71158829.85,176552,391.58,36852806.80,0\n"
                "1735693200000000,94401.13,94528.79,94218.94,94366.43,504.65,1735696799999999,"
                "47627049.09,106214,232.57,21947989.35,0\n",
                "BTC-USDT",
                "1h",
                {{"2025-01-01 00:00:00", 93576.00, 94509.42, 93489.03, 94401.14, 755.99},
                 {"2025-01-01 01:00:00", 94401.13, 94528.79, 94218.94, 94366.43, 504.65}}},
        Variant{"SpreadsheetSerialDates",
                "SPY.csv",
                "Date,Open,High,Low,Close,Volume\n43833,323.54,324.89,322.53,324.87,59151200\n"
                "43836,321.16,323.64,321.1,322.41,77709700\n",
                "SPY",
                "1d",
                {{"2020-01-03 00:00:00", 323.54, 324.89, 322.53, 324.87, 59151200},
                 {"2020-01-06 00:00:00", 321.16, 323.64, 321.1, 322.41, 77709700}}},
        Variant{"MissingRowsOfNaNAndNullAreSkipped",
                "AAPL.csv",
                "Date,Open,High,Low,Close,Adj Close,Volume\n"
                "2020-01-02,74.06,75.15,73.8,75.09,,135480400\n"
                "2020-01-03,null,null,null,null,null,null\n"
                "2020-01-06,,,,,,\n"
                "2020-01-07,73.45,74.99,73.19,74.95,73.5,118387200\n"
                "2020-01-08,NaN,NaN,NaN,NaN,NaN,0\n"
                "2020-01-09,74.29,75.14,74.13,74.36,72.35,146322800\n",
                "AAPL",
                "1d",
                {kDay2,
                 {"2020-01-07 00:00:00", 73.45, 74.99, 73.19, 74.95, 118387200, 73.5},
                 {"2020-01-09 00:00:00", 74.29, 75.14, 74.13, 74.36, 146322800, 72.35}}}),
    [](const auto& info) { return info.param.name; });

class DelimitedFiles : public ::testing::Test {
 protected:
  IngestReport ingest(const std::string& content, CsvIngestOptions options = {},
                      const std::string& name = "AAPL.csv") {
    write_file(dir_.file(name), content);
    return ingest_csv_files(*store_, Config{}, std::vector<std::string>{dir_.file(name)}, options,
                            now_utc());
  }
  std::string error_of(const std::string& content, CsvIngestOptions options = {}) {
    try {
      ingest(content, options);
    } catch (const Error& e) {
      return e.what();
    }
    return "no error";
  }

  TempDir dir_;
  std::unique_ptr<Store> store_ = Store::open(dir_.file("q.db"));
};

TEST_F(DelimitedFiles, AmbiguousDayOrderIsAnErrorNamingTheFlagAndWritesNothing) {
  const std::string text = "Date,Close\n03/04/2020,1.5\n04/04/2020,1.6\n";
  const std::string message = error_of(text);
  EXPECT_TRUE(testing::contains(message, "AAPL.csv")) << message;
  EXPECT_TRUE(testing::contains(message, "'03/04/2020' (line 2)")) << message;
  EXPECT_TRUE(testing::contains(message, "--date-format")) << message;
  EXPECT_TRUE(store_->list_series().empty());

  CsvIngestOptions day_first;
  day_first.read.date_format = "%d/%m/%Y";
  ingest(text, day_first);
  const BarSeries bars = store_->read_bars("AAPL", Interval::day(), 0, 4102444800);
  ASSERT_EQ(bars.bars.size(), 2u);
  EXPECT_EQ(format_utc(bars.bars[0].time), "2020-04-03 00:00:00");
}

TEST_F(DelimitedFiles, ContradictoryDayOrderIsAnError) {
  const std::string message = error_of("Date,Close\n25/03/2020,1.5\n03/26/2020,1.6\n");
  EXPECT_TRUE(testing::contains(message, "contradict")) << message;
}

TEST_F(DelimitedFiles, ExplicitColumnsAndIgnoredVolume) {
  CsvIngestOptions options;
  options.read.columns = {{"date", "When"}, {"close", "Mid"}, {"volume", ""}};
  ingest("When,Bid,Mid,Ask,Volume\n2020-01-02,1.1,1.2,1.3,-5\n2020-01-03,1.2,1.25,1.3,-5\n",
         options);
  const BarSeries bars = store_->read_bars("AAPL", Interval::day(), 0, 4102444800);
  ASSERT_EQ(bars.bars.size(), 2u);
  EXPECT_EQ(bars.bars[1].close, 1.25);
  EXPECT_EQ(bars.bars[1].open, 1.25);
  EXPECT_EQ(bars.bars[1].volume, 0);
}

TEST_F(DelimitedFiles, AMappedColumnTheFileLacksIsAnError) {
  CsvIngestOptions options;
  options.read.columns = {{"close", "Mid"}};
  const std::string message = error_of("Date,Close\n2020-01-02,1\n", options);
  EXPECT_TRUE(testing::contains(message, "'Mid'")) << message;
}

TEST_F(DelimitedFiles, LocalTimesOfANamedZoneBecomeUtcAcrossDaylightSaving) {
  // A broker clock in Athens (EET/EEST): 2021-03-28 03:00-04:00 does not exist there.
  CsvIngestOptions options;
  options.time_zone = "Europe/Athens";
  const auto report = ingest(
      "Date,Open,High,Low,Close,Volume\n"
      "2021-03-28 01:00,1,1,1,1,1\n2021-03-28 02:00,1,1,1,1,1\n2021-03-28 03:00,1,1,1,1,1\n"
      "2021-03-28 04:00,1,1,1,1,1\n2021-03-28 05:00,1,1,1,1,1\n",
      options, "EURUSD.csv");
  ASSERT_EQ(report.counts.rejected, 1);
  EXPECT_TRUE(testing::contains(report.rejected[0].reason, "does not exist in Europe/Athens"));
  const BarSeries bars = store_->read_bars("EURUSD", Interval::hour(), 0, 4102444800);
  ASSERT_EQ(bars.bars.size(), 4u);
  EXPECT_EQ(format_utc(bars.bars[0].time), "2021-03-27 23:00:00");  // UTC+2
  EXPECT_EQ(format_utc(bars.bars[1].time), "2021-03-28 00:00:00");
  EXPECT_EQ(format_utc(bars.bars[2].time), "2021-03-28 01:00:00");  // 04:00 EEST = UTC+3
  EXPECT_EQ(format_utc(bars.bars[3].time), "2021-03-28 02:00:00");
}

TEST_F(DelimitedFiles, ARepeatedLocalHourIsReadInFileOrder) {
  // New York, 2024-11-03: 01:00-02:00 happens twice (EDT, then EST).
  CsvIngestOptions options;
  options.time_zone = "America/New_York";
  ingest(
      "Date,Close\n2024-11-03 00:30,1\n2024-11-03 01:30,2\n2024-11-03 01:30,3\n"
      "2024-11-03 02:30,4\n",
      options, "BTC-USD.csv");
  const BarSeries bars = store_->read_bars("BTC-USD", Interval::hour(), 0, 4102444800);
  ASSERT_EQ(bars.bars.size(), 4u);
  EXPECT_EQ(format_utc(bars.bars[1].time), "2024-11-03 05:30:00");
  EXPECT_EQ(bars.bars[1].close, 2);
  EXPECT_EQ(format_utc(bars.bars[2].time), "2024-11-03 06:30:00");
  EXPECT_EQ(bars.bars[2].close, 3);
  EXPECT_EQ(format_utc(bars.bars[3].time), "2024-11-03 07:30:00");
}

TEST_F(DelimitedFiles, DailyBarsKeepTheirDatesInAnyZoneAndZonedTimesRefuseOne) {
  CsvIngestOptions options;
  options.time_zone = "Asia/Tokyo";
  ingest("Date,Close\n2020-01-02,1\n2020-01-03,2\n", options);
  const BarSeries bars = store_->read_bars("AAPL", Interval::day(), 0, 4102444800);
  ASSERT_EQ(bars.bars.size(), 2u);
  EXPECT_EQ(format_utc(bars.bars[0].time), "2020-01-02 00:00:00");
  const std::string message =
      error_of("Date,Close\n2020-01-02T10:00Z,1\n2020-01-02T11:00Z,2\n", options);
  EXPECT_TRUE(testing::contains(message, "--tz")) << message;
}

TEST_F(DelimitedFiles, MalformedRowsAreRejectedWithReasons) {
  const auto report = ingest(
      "Date,Open,High,Low,Close,Volume\n"
      "2020-01-02,74.06,75.15,73.8,75.09,135480400\n"
      "2020-01-03,74.29,,74.13,74.36,146322800\n"
      "2020-01-06,73.45,74.99,73.19,74.95,118387200,extra\n"
      "someday,1,1,1,1,1\n"
      "2020-01-07,74.29,75.14,74.13,74.36,146322800\n");
  ASSERT_EQ(report.rejected.size(), 3u);
  EXPECT_EQ(report.rejected[0].reason, "high is empty");
  EXPECT_EQ(report.rejected[0].line, 3);
  EXPECT_EQ(report.rejected[1].reason, "expected 6 fields, found 7");
  EXPECT_EQ(report.rejected[2].reason, "unparseable date 'someday'");
  EXPECT_EQ(report.counts.inserted, 2);
}

TEST(NamedColumn, AnyNumericColumnByItsHeaderWithNegativeValues) {
  const NamedColumn column = read_named_column(
      "Date,spread,z\n2020-01-02,-0.25,1\n2020-01-03,,2\n2020-01-06,0.5e-1,x\n", "s.csv", "Spread");
  EXPECT_EQ(column.header, "spread");
  ASSERT_EQ(column.values.size(), 2u);
  EXPECT_EQ(column.values[0], -0.25);
  EXPECT_EQ(column.values[1], 0.05);
  EXPECT_EQ(format_utc(column.times[1]), "2020-01-06 00:00:00");
  EXPECT_THROW(read_named_column("Date,spread\n2020-01-02,1\n", "s.csv", "beta"), Error);
}

}  // namespace
}  // namespace quantloop
