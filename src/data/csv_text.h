#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace quantloop {

// Iterates the lines of a text: LF or CRLF endings, a final line without newline, a UTF-8
// byte-order mark at the start. Line numbers are 1-based.
class LineReader {
 public:
  explicit LineReader(std::string_view text);
  // The next line without its ending; false at the end of the text.
  bool next(std::string_view& line);
  std::int64_t line_number() const { return line_number_; }

 private:
  std::string_view text_;
  std::size_t position_ = 0;
  std::int64_t line_number_ = 0;
};

// Splits on `delimiter` into `fields` (reused), without quoting: for the vendor formats, which
// never quote.
void split_fields(std::string_view line, char delimiter, std::vector<std::string_view>& fields);

// Splits lines of delimited text as RFC 4180 reads them within one line: a field in double
// quotes may hold the delimiter, and "" inside it is one quote. Fields are views into the line
// (or into the splitter, for unescaped quotes): valid until the next split().
class FieldSplitter {
 public:
  const std::vector<std::string_view>& split(std::string_view line, char delimiter);

 private:
  std::vector<std::string_view> fields_;
  std::deque<std::string> unescaped_;
};

// The delimiter of a header line: whichever of , ; tab | appears most often outside quotes
// (',' on a tie or when none does).
char sniff_delimiter(std::string_view line);

std::string_view trim(std::string_view text);

// A decimal or scientific number ("nan", "inf" and empty fields are nullopt: a bar with them
// is malformed, not a number).
std::optional<double> parse_number(std::string_view text);

}  // namespace quantloop
