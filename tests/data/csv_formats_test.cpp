#include "data/csv_formats.h"

#include <gtest/gtest.h>

#include <cmath>

#include "core/error.h"
#include "data/source_file.h"
#include "test_support.h"

namespace quantloop {
namespace {

using testing::bundled_data;
using testing::shared_data;

const std::string kPath = "sample.csv";

ParsedCsv parse(const std::string& text) {
  return parse_csv(text, detect_csv_format(text, kPath), kPath);
}

TEST(CsvFormats, DetectsEachFormatFromItsFirstLines) {
  EXPECT_EQ(detect_csv_format("Date,Open,High,Low,Close,Adj Close,Volume\n", kPath),
            CsvFormat::delimited);
  EXPECT_EQ(detect_csv_format("Price,Close,High,Low,Open,Volume\nTicker,A,A,A,A,A\n", kPath),
            CsvFormat::yfinance);
  EXPECT_EQ(detect_csv_format("Timestamps are UTC timezone,https://www.CryptoDataDownload.com\r\n",
                              kPath),
            CsvFormat::cryptodatadownload);
  EXPECT_EQ(detect_csv_format("20110103 090100;126.35;126.39;126.35;126.39;1579\r\n", kPath),
            CsvFormat::ninjatrader);
  EXPECT_EQ(detect_csv_format("2007-01-01 00:00,1.31908,1.32176,1.3165,1.3212,1995282", kPath),
            CsvFormat::metatrader);
  EXPECT_EQ(detect_csv_format("2007.01.01,00:00,1.31908,1.32176,1.3165,1.3212,1995282\n", kPath),
            CsvFormat::metatrader);
}

TEST(CsvFormats, UnknownFormatSuggestsTheFlags) {
  try {
    parse("hello world\n");
    FAIL();
  } catch (const Error& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("sample.csv"), std::string::npos);
    EXPECT_NE(message.find("'hello world'"), std::string::npos);
    EXPECT_NE(message.find("--format"), std::string::npos);
    EXPECT_NE(message.find("--columns"), std::string::npos);
  }
  EXPECT_THROW(detect_csv_format("\n\n", kPath), Error);
}

TEST(CsvFormats, YahooColumnsByNameWithSymbolsAndAdjClose) {
  const std::string text =
      "Date,Open,High,Low,Close,Adj Close,Volume,Name\n"
      "2012-12-06,75.56,79.04,74.08,78.17,70.70,294303100,AAPL\n"
      "2012-12-06,27.08,27.10,26.60,26.73,22.17,43480000,MSFT\n";
  const ParsedCsv parsed = parse(text);
  ASSERT_EQ(parsed.bars.size(), 2u);
  EXPECT_EQ(parsed.series, (std::vector<FileSeries>{{"AAPL", ""}, {"MSFT", ""}}));
  EXPECT_EQ(parsed.bars[1].symbol, 1u);
  EXPECT_EQ(parsed.bars[0].bar.adj_close, 70.70);
  EXPECT_EQ(parsed.bars[0].bar.volume, 294303100);
  EXPECT_EQ(parsed.bars[0].line, 2);
}

TEST(CsvFormats, MalformedLinesAreRejectedWithLineAndReason) {
  const std::string text =
      "Date,Open,High,Low,Close,Volume\n"
      "2024-01-02,1,2,0.5,1.5,10\n"
      "2024-01-03,1,2,0.5\n"
      "2024-13-04,1,2,0.5,1.5,10\n"
      "2024-01-05,abc,2,0.5,,10\n"
      "2024-01-08,nan,2,0.5,1.5,10\n"
      "2024-01-09,1,2,0.5,1.5,10\n";
  const ParsedCsv parsed = parse(text);
  EXPECT_EQ(parsed.bars.size(), 2u);
  ASSERT_EQ(parsed.rejected.size(), 4u);
  EXPECT_EQ(parsed.rejected[0].line, 3);
  EXPECT_EQ(parsed.rejected[0].reason, "expected 6 fields, found 4");
  EXPECT_EQ(parsed.rejected[1].reason, "unparseable date '2024-13-04'");
  EXPECT_EQ(parsed.rejected[2].reason, "open 'abc' is not a number; close is empty");
  EXPECT_EQ(parsed.rejected[3].reason, "open 'nan' is not a number");
  EXPECT_EQ(parsed.rejected[3].source, kPath);
  EXPECT_EQ(parsed.rejected[3].raw, "2024-01-08,nan,2,0.5,1.5,10");
}

TEST(CsvFormats, MissingRequiredColumnIsAnError) {
  EXPECT_THROW(parse("Date,Open,High,Low,Volume\n2024-01-02,1,2,0.5,15\n"), Error);
  EXPECT_THROW(parse("Date,Open,Low,Close\n2024-01-02,1,0.5,1.5\n"), Error);
}

TEST(CsvFormats, NinjaTraderStampsMarkTheBarEnd) {
  const ParsedCsv parsed = parse("20110103 090100;126.35;126.39;126.35;126.39;1579\r\n");
  ASSERT_EQ(parsed.bars.size(), 1u);
  EXPECT_TRUE(parsed.stamps_mark_bar_end);
  EXPECT_EQ(parsed.bars[0].bar.time, parse_timestamp("2011-01-03 09:01"));
}

// Every real file parses completely: the bar counts are PROVENANCE.md's data rows.
struct RealFile {
  std::string path;
  bool bundled;
  CsvFormat format;
  std::size_t bars;
  std::string symbol;  // what the file itself says, "" when it does not
};

void PrintTo(const RealFile& file, std::ostream* out) {
  *out << file.path;
}

class RealFiles : public ::testing::TestWithParam<RealFile> {};

TEST_P(RealFiles, ParseWithoutRejections) {
  const RealFile& file = GetParam();
  const std::string path =
      (file.bundled ? bundled_data(file.path) : shared_data(file.path)).string();
  const std::string text = read_source_file(path);
  EXPECT_EQ(detect_csv_format(text, path), file.format);
  const ParsedCsv parsed = parse_csv(text, file.format, path);
  EXPECT_EQ(parsed.bars.size(), file.bars);
  EXPECT_TRUE(parsed.rejected.empty()) << parsed.rejected.front().reason;
  EXPECT_EQ(parsed.series.front().symbol, file.symbol);
}

INSTANTIATE_TEST_SUITE_P(
    Provenance, RealFiles,
    ::testing::Values(
        RealFile{"daily/AAPL_data.csv", true, CsvFormat::delimited, 1260, "AAPL"},
        RealFile{"daily/sp500.csv.gz", true, CsvFormat::delimited, 5031, ""},
        RealFile{"intraday/nt-spy-minute-2011.csv", true, CsvFormat::ninjatrader, 14180, ""},
        RealFile{"intraday/nt-spy-minute-2011-03.csv", true, CsvFormat::ninjatrader, 17577, ""},
        RealFile{"intraday/Coinbase_BTCUSD_1h.csv", true, CsvFormat::cryptodatadownload, 20111,
                 "BTCUSD"},
        RealFile{"intraday/AAPL_1h.csv", true, CsvFormat::yfinance, 3302, "AAPL"},
        RealFile{"daily/orcl-1995-2014.txt", false, CsvFormat::delimited, 5036, ""},
        RealFile{"intraday/GBPUSD_H4.csv", false, CsvFormat::metatrader, 23316, ""},
        RealFile{"forex/EURUSD_D1.csv", false, CsvFormat::metatrader, 4523, ""},
        RealFile{"pairs/KO.csv", false, CsvFormat::delimited, 14481, ""}),
    [](const auto& info) {
      std::string name = info.param.path;
      for (char& c : name) {
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
      }
      return name;
    });

TEST(RealFiles, YfinanceColumnOrderAndUtcOffset) {
  const std::string path = bundled_data("intraday/AAPL_1h.csv").string();
  const std::string text = read_source_file(path);
  const ParsedCsv parsed = parse_csv(text, CsvFormat::yfinance, path);
  // 2024-01-02 14:30:00+00:00,186.1898956298828 (close),188.44000244140625 (high),
  // 186.00999450683594 (low),187.80099487304688 (open),21173291
  const Bar& first = parsed.bars.front().bar;
  EXPECT_EQ(first.time, parse_timestamp("2024-01-02 14:30"));
  EXPECT_EQ(first.open, 187.80099487304688);
  EXPECT_EQ(first.high, 188.44000244140625);
  EXPECT_EQ(first.low, 186.00999450683594);
  EXPECT_EQ(first.close, 186.1898956298828);
  EXPECT_EQ(first.volume, 21173291);
  EXPECT_TRUE(std::isnan(first.adj_close));
}

TEST(RealFiles, CryptoDataDownloadUsesBaseVolumeAndTwelveHourClock) {
  const std::string path = bundled_data("intraday/Coinbase_BTCUSD_1h.csv").string();
  const std::string text = read_source_file(path);
  const ParsedCsv parsed = parse_csv(text, CsvFormat::cryptodatadownload, path);
  // 2019-10-17 09-AM,BTCUSD,8051,8056.83,8021.23,8035.88,61.25,492394.56
  const Bar& newest = parsed.bars.front().bar;
  EXPECT_EQ(newest.time, parse_timestamp("2019-10-17 09:00"));
  EXPECT_EQ(newest.volume, 61.25);
  EXPECT_EQ(parsed.bars.front().line, 3);
}

}  // namespace
}  // namespace quantloop
