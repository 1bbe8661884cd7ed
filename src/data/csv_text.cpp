#include "data/csv_text.h"

#include <charconv>
#include <cmath>

namespace quantloop {

LineReader::LineReader(std::string_view text) : text_(text) {
  if (text_.starts_with("\xEF\xBB\xBF")) position_ = 3;
}

bool LineReader::next(std::string_view& line) {
  if (position_ >= text_.size()) return false;
  std::size_t end = text_.find('\n', position_);
  if (end == std::string_view::npos) end = text_.size();
  line = text_.substr(position_, end - position_);
  if (line.ends_with('\r')) line.remove_suffix(1);
  position_ = end + 1;
  ++line_number_;
  return true;
}

void split_fields(std::string_view line, char delimiter, std::vector<std::string_view>& fields) {
  fields.clear();
  std::size_t start = 0;
  while (true) {
    const std::size_t end = line.find(delimiter, start);
    if (end == std::string_view::npos) {
      fields.push_back(line.substr(start));
      return;
    }
    fields.push_back(line.substr(start, end - start));
    start = end + 1;
  }
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t' || text.front() == '"')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '"')) {
    text.remove_suffix(1);
  }
  return text;
}

std::optional<double> parse_number(std::string_view text) {
  text = trim(text);
  if (text.starts_with('+')) text.remove_prefix(1);
  if (text.empty()) return std::nullopt;
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value,
                                   std::chars_format::general);
  // from_chars also accepts "nan" and "inf"; in a bar file they mean a missing value.
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

namespace {

bool read_number(std::string_view& text, int min_digits, int max_digits, int& value) {
  int digits = 0;
  value = 0;
  while (digits < max_digits && !text.empty() && text.front() >= '0' && text.front() <= '9') {
    value = value * 10 + (text.front() - '0');
    text.remove_prefix(1);
    ++digits;
  }
  return digits >= min_digits;
}

bool expect(std::string_view& text, char c) {
  if (text.empty() || text.front() != c) return false;
  text.remove_prefix(1);
  return true;
}

std::optional<UnixSeconds> make_time(int year, int month, int day, int hour, int minute,
                                     int second) {
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) {
    return std::nullopt;
  }
  const CivilDate date{year, month, day};
  // Reject dates like February 30th: they do not survive the round trip.
  if (civil_from_days(days_from_civil(date)) != date) return std::nullopt;
  return unix_from_civil({date, hour, minute, second});
}

}  // namespace

std::optional<UnixSeconds> parse_flexible_date(std::string_view text) {
  text = trim(text);
  if (text.find('/') != std::string_view::npos) {
    int month = 0, day = 0, year = 0;
    if (!read_number(text, 1, 2, month) || !expect(text, '/') || !read_number(text, 1, 2, day) ||
        !expect(text, '/') || !read_number(text, 4, 4, year) || !text.empty()) {
      return std::nullopt;
    }
    return make_time(year, month, day, 0, 0, 0);
  }
  return parse_timestamp(text);
}

std::optional<UnixSeconds> parse_compact_timestamp(std::string_view text) {
  text = trim(text);
  int ymd = 0, hms = 0;
  std::string_view rest = text;
  if (!read_number(rest, 8, 8, ymd) || !expect(rest, ' ') || !read_number(rest, 6, 6, hms) ||
      !rest.empty()) {
    return std::nullopt;
  }
  return make_time(ymd / 10000, ymd / 100 % 100, ymd % 100, hms / 10000, hms / 100 % 100,
                   hms % 100);
}

std::optional<UnixSeconds> parse_hour_am_pm(std::string_view text) {
  text = trim(text);
  int year = 0, month = 0, day = 0, hour = 0;
  if (!read_number(text, 4, 4, year) || !expect(text, '-') || !read_number(text, 2, 2, month) ||
      !expect(text, '-') || !read_number(text, 2, 2, day) || !expect(text, ' ') ||
      !read_number(text, 1, 2, hour) || !expect(text, '-') || text.size() != 2) {
    return std::nullopt;
  }
  if (hour < 1 || hour > 12) return std::nullopt;
  if (text == "AM") {
    hour %= 12;  // 12-AM is midnight
  } else if (text == "PM") {
    hour = hour % 12 + 12;  // 12-PM is noon
  } else {
    return std::nullopt;
  }
  return make_time(year, month, day, hour, 0, 0);
}

std::optional<UnixSeconds> parse_metatrader_timestamp(std::string_view text) {
  text = trim(text);
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!read_number(text, 4, 4, year)) return std::nullopt;
  const char separator = text.empty() ? '\0' : text.front();
  if ((separator != '-' && separator != '.') || !expect(text, separator) ||
      !read_number(text, 2, 2, month) || !expect(text, separator) ||
      !read_number(text, 2, 2, day)) {
    return std::nullopt;
  }
  if (!text.empty()) {
    if (!expect(text, ' ') || !read_number(text, 2, 2, hour) || !expect(text, ':') ||
        !read_number(text, 2, 2, minute)) {
      return std::nullopt;
    }
    if (!text.empty() && (!expect(text, ':') || !read_number(text, 2, 2, second))) {
      return std::nullopt;
    }
  }
  if (!text.empty()) return std::nullopt;
  return make_time(year, month, day, hour, minute, second);
}

}  // namespace quantloop
