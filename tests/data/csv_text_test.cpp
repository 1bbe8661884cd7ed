#include "data/csv_text.h"

#include <gtest/gtest.h>

namespace quantloop {
namespace {

std::vector<std::string> lines_of(std::string_view text) {
  LineReader reader(text);
  std::vector<std::string> lines;
  std::string_view line;
  while (reader.next(line)) lines.emplace_back(line);
  return lines;
}

TEST(LineReader, HandlesCrlfBomAndAMissingFinalNewline) {
  EXPECT_EQ(lines_of("a\r\nb\r\nc"), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(lines_of("\xEF\xBB\xBFx\ny\n"), (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(lines_of(""), std::vector<std::string>{});
  LineReader reader("one\ntwo\n");
  std::string_view line;
  reader.next(line);
  reader.next(line);
  EXPECT_EQ(reader.line_number(), 2);
}

TEST(ParseNumber, AcceptsDecimalsAndRejectsNonNumbers) {
  EXPECT_EQ(parse_number("166.46000700000002"), 166.46000700000002);
  EXPECT_EQ(parse_number(" 1e-3 "), 0.001);
  EXPECT_EQ(parse_number("+5"), 5.0);
  for (const char* bad : {"", "  ", "abc", "1.2.3", "nan", "NaN", "inf", "12x"}) {
    EXPECT_FALSE(parse_number(bad).has_value()) << bad;
  }
}

TEST(Dates, EveryFormatsSpelling) {
  EXPECT_EQ(parse_flexible_date("1/4/1999"), parse_timestamp("1999-01-04"));
  EXPECT_EQ(parse_flexible_date("12/31/2018"), parse_timestamp("2018-12-31"));
  EXPECT_EQ(parse_flexible_date("2024-01-02 14:30:00+00:00"), parse_timestamp("2024-01-02 14:30"));
  EXPECT_EQ(parse_compact_timestamp("20110103 090100"), parse_timestamp("2011-01-03 09:01"));
  EXPECT_EQ(parse_hour_am_pm("2019-10-17 09-AM"), parse_timestamp("2019-10-17 09:00"));
  EXPECT_EQ(parse_hour_am_pm("2017-07-01 12-AM"), parse_timestamp("2017-07-01 00:00"));
  EXPECT_EQ(parse_hour_am_pm("2017-07-01 12-PM"), parse_timestamp("2017-07-01 12:00"));
  EXPECT_EQ(parse_hour_am_pm("2017-07-01 01-PM"), parse_timestamp("2017-07-01 13:00"));
  EXPECT_EQ(parse_metatrader_timestamp("2021-06-15 08:00"), parse_timestamp("2021-06-15 08:00"));
  EXPECT_EQ(parse_metatrader_timestamp("2021.06.15 08:00"), parse_timestamp("2021-06-15 08:00"));
}

TEST(Dates, RejectImpossibleValues) {
  EXPECT_FALSE(parse_flexible_date("2/30/2020"));
  EXPECT_FALSE(parse_flexible_date("13/1/2020"));
  EXPECT_FALSE(parse_compact_timestamp("20110230 090100"));
  EXPECT_FALSE(parse_compact_timestamp("20110103 250100"));
  EXPECT_FALSE(parse_hour_am_pm("2019-10-17 13-PM"));
  EXPECT_FALSE(parse_hour_am_pm("2019-10-17 00-AM"));
  EXPECT_FALSE(parse_metatrader_timestamp("2021-06-15T08:00"));
}

}  // namespace
}  // namespace quantloop
