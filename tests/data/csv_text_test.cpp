#include "data/csv_text.h"

#include <gtest/gtest.h>

namespace quantloop {
namespace {

std::vector<std::string> lines_of(std::string_view text) {
  LineReader reader(text);
  std::vector<std::string> lines;
  std::string_view line;
  while (reader.next(line))
    lines.emplace_back(line);
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

std::vector<std::string> split(std::string_view line, char delimiter) {
  FieldSplitter splitter;
  const auto& fields = splitter.split(line, delimiter);
  return {fields.begin(), fields.end()};
}

TEST(FieldSplitter, QuotedFieldsHoldDelimitersAndEscapedQuotes) {
  EXPECT_EQ(split("a,b,,c", ','), (std::vector<std::string>{"a", "b", "", "c"}));
  EXPECT_EQ(split("\"Jan 4, 2020\",\"1,234.50\",7", ','),
            (std::vector<std::string>{"Jan 4, 2020", "1,234.50", "7"}));
  EXPECT_EQ(split("\"say \"\"hi\"\"\";2", ';'), (std::vector<std::string>{"say \"hi\"", "2"}));
  EXPECT_EQ(split("\"\",x", ','), (std::vector<std::string>{"", "x"}));
  EXPECT_EQ(split("x,\"last\"", ','), (std::vector<std::string>{"x", "last"}));
}

TEST(SniffDelimiter, PicksTheMostFrequentOutsideQuotes) {
  EXPECT_EQ(sniff_delimiter("Date,Open,High"), ',');
  EXPECT_EQ(sniff_delimiter("Date;Open;High"), ';');
  EXPECT_EQ(sniff_delimiter("Date\tOpen\tHigh"), '\t');
  EXPECT_EQ(sniff_delimiter("Date|Open|High"), '|');
  EXPECT_EQ(sniff_delimiter("\"a,b,c\";x;y"), ';');
  EXPECT_EQ(sniff_delimiter("nothing"), ',');
}

}  // namespace
}  // namespace quantloop
