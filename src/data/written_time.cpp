#include "data/written_time.h"

#include <date/date.h>

#include <array>
#include <cctype>
#include <chrono>
#include <cmath>
#include <sstream>

namespace quantloop {

namespace {

// A cursor over the text being read.
class Reader {
 public:
  explicit Reader(std::string_view text) : text_(text) {}

  bool done() const { return pos_ >= text_.size(); }
  char peek() const { return done() ? '\0' : text_[pos_]; }
  std::string_view rest() const { return text_.substr(pos_); }
  std::size_t position() const { return pos_; }
  void rewind(std::size_t position) { pos_ = position; }

  bool accept(char c) {
    if (peek() != c) return false;
    ++pos_;
    return true;
  }
  bool accept_any(std::string_view chars, char& which) {
    if (done() || chars.find(text_[pos_]) == std::string_view::npos) return false;
    which = text_[pos_++];
    return true;
  }
  void skip_spaces() {
    while (!done() && text_[pos_] == ' ')
      ++pos_;
  }
  // Between min and max digits; returns how many were read (0 when fewer than min).
  int digits(int min, int max, int& value) {
    const std::size_t start = pos_;
    value = 0;
    while (!done() && int(pos_ - start) < max &&
           std::isdigit(static_cast<unsigned char>(text_[pos_]))) {
      value = value * 10 + (text_[pos_++] - '0');
    }
    if (int(pos_ - start) < min) {
      pos_ = start;
      return 0;
    }
    return int(pos_ - start);
  }
  // A run of letters, lower-cased.
  std::string word() {
    std::string out;
    while (!done() && std::isalpha(static_cast<unsigned char>(text_[pos_]))) {
      out += char(std::tolower(static_cast<unsigned char>(text_[pos_++])));
    }
    return out;
  }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t' || text.front() == '"')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '"')) {
    text.remove_suffix(1);
  }
  return text;
}

bool valid_ymd(int year, int month, int day) {
  if (month < 1 || month > 12 || day < 1) return false;
  return std::chrono::year_month_day{std::chrono::year{year}, std::chrono::month{unsigned(month)},
                                     std::chrono::day{unsigned(day)}}
      .ok();
}

// 1-12 for an English month name or its three-letter abbreviation, else 0.
int month_named(const std::string& word) {
  static constexpr std::array<std::string_view, 12> kNames{
      "january", "february", "march",     "april",   "may",      "june",
      "july",    "august",   "september", "october", "november", "december"};
  if (word.size() < 3) return 0;
  for (std::size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i].starts_with(word) || (word == "sept" && i == 8)) return int(i) + 1;
  }
  return 0;
}

// A plain number in a date column: 8 digits are YYYYMMDD (handled by the caller); from 1e8 an
// epoch in seconds, milliseconds from 1e11 (year 5138 in seconds), microseconds from 1e14,
// nanoseconds from 1e17; from 20000 to 80000 a spreadsheet's serial date (days since
// 1899-12-30, the fraction the time of day: 1954 to 2119, where no epoch lies).
std::optional<WrittenTime> read_plain_number(std::string_view text) {
  double value = 0;
  try {
    std::size_t used = 0;
    value = std::stod(std::string(text), &used);
    if (used != text.size()) return std::nullopt;
  } catch (const std::exception&) {
    return std::nullopt;
  }
  if (!std::isfinite(value)) return std::nullopt;
  double seconds = 0;
  WrittenTime out;
  if (value >= 20000 && value < 80000) {
    constexpr double kSerialEpochDays = -25569;  // 1899-12-30 relative to 1970-01-01
    seconds = (value + kSerialEpochDays) * double(kSecondsPerDay);
    out.zoned = false;  // a spreadsheet's wall clock
  } else if (value >= 1e8) {
    seconds = value >= 1e17   ? value / 1e9
              : value >= 1e14 ? value / 1e6
              : value >= 1e11 ? value / 1e3
                              : value;
    out.zoned = true;
  } else {
    return std::nullopt;
  }
  if (seconds >= 1e11) return std::nullopt;
  const auto whole = UnixSeconds(std::floor(seconds + 1e-6));  // serial fractions round down
  const CivilTime civil = civil_from_unix(whole);
  out.year = civil.date.year;
  out.month = civil.date.month;
  out.day = civil.date.day;
  out.seconds_of_day = civil.hour * 3600 + civil.minute * 60 + civil.second;
  out.has_time = out.seconds_of_day != 0 || out.zoned;
  return out;
}

// The date part; leaves the reader after it.
bool read_date(Reader& in, WrittenTime& out) {
  const std::size_t start = in.position();
  int first = 0;
  const int first_digits = in.digits(1, 8, first);
  if (first_digits == 8) {  // YYYYMMDD
    out.year = first / 10000;
    out.month = first / 100 % 100;
    out.day = first % 100;
    return valid_ymd(out.year, out.month, out.day);
  }
  char separator = 0;
  if (first_digits == 4 && in.accept_any("-/.", separator)) {  // year first
    int month = 0, day = 0;
    if (in.digits(1, 2, month) == 0) {
      month = month_named(in.word());  // 2020-Mar-04
      if (month == 0) return false;
    }
    if (!in.accept(separator) || in.digits(1, 2, day) == 0) return false;
    out.year = first;
    out.month = month;
    out.day = day;
    return valid_ymd(out.year, out.month, out.day);
  }
  if (first_digits >= 1 && first_digits <= 2) {
    if (in.accept_any("/.-", separator)) {
      int second = 0, year = 0;
      const std::size_t month_position = in.position();
      if (in.digits(1, 2, second) > 0) {  // 3/4/2020: the order is the column's to decide
        if (!in.accept(separator) || in.digits(4, 4, year) == 0) return false;
        if (first < 1 || second < 1 || first > 31 || second > 31) return false;
        if (!valid_ymd(year, first, second) && !valid_ymd(year, second, first)) return false;
        out.year = year;
        out.month = first;
        out.day = second;
        out.day_order_known = first == second;
        return true;
      }
      in.rewind(month_position);
      const int month = month_named(in.word());  // 04-Mar-2020
      if (month == 0 || !in.accept(separator) || in.digits(4, 4, year) == 0) return false;
      out.year = year;
      out.month = month;
      out.day = first;
      return valid_ymd(year, month, first);
    }
    in.skip_spaces();  // 4 Mar 2020, 4 March, 2020
    const int month = month_named(in.word());
    int year = 0;
    in.accept(',');
    in.skip_spaces();
    if (month == 0 || in.digits(4, 4, year) == 0) return false;
    out.year = year;
    out.month = month;
    out.day = first;
    return valid_ymd(year, month, first);
  }
  in.rewind(start);
  const int month = month_named(in.word());  // Mar 4, 2020
  int day = 0, year = 0;
  in.accept('.');
  in.skip_spaces();
  if (month == 0 || in.digits(1, 2, day) == 0) return false;
  in.accept(',');
  in.skip_spaces();
  if (in.digits(4, 4, year) == 0) return false;
  out.year = year;
  out.month = month;
  out.day = day;
  return valid_ymd(year, month, day);
}

// A time of day: 14:30[:05[.123]], 143005, with an optional AM/PM (also CryptoDataDownload's
// "09-AM").
bool read_time_of_day(Reader& in, WrittenTime& out) {
  int hour = 0, minute = 0, second = 0;
  const int hour_digits = in.digits(1, 6, hour);
  bool hour_only = false;
  if (hour_digits == 6) {  // HHMMSS
    second = hour % 100;
    minute = hour / 100 % 100;
    hour /= 10000;
  } else if (hour_digits == 0 || hour_digits > 2) {
    return false;
  } else if (in.accept(':')) {
    if (in.digits(2, 2, minute) == 0) return false;
    if (in.accept(':')) {
      if (in.digits(2, 2, second) == 0) return false;
      if (in.accept('.') || in.accept(',')) {
        int ignored = 0;
        if (in.digits(1, 9, ignored) == 0) return false;  // whole seconds: bars start on them
      }
    }
  } else {
    hour_only = true;  // only with AM or PM: "09-AM"
  }
  const std::size_t before_meridiem = in.position();
  if (!in.accept('-')) in.skip_spaces();
  const std::string meridiem = in.word();
  if (meridiem == "am" || meridiem == "pm") {
    if (hour < 1 || hour > 12) return false;
    hour = hour % 12 + (meridiem == "pm" ? 12 : 0);
  } else if (hour_only) {
    return false;
  } else {
    in.rewind(before_meridiem);
  }
  if (hour > 23 || minute > 59 || second > 59) return false;
  out.seconds_of_day = hour * 3600 + minute * 60 + second;
  out.has_time = true;
  return true;
}

// Z, +05:30, -0400, +01, UTC, GMT.
bool read_zone(Reader& in, WrittenTime& out) {
  in.skip_spaces();
  if (in.done()) return true;
  if (in.accept('Z') || in.accept('z')) {
    out.zoned = true;
    return in.done();
  }
  char sign = 0;
  if (in.accept_any("+-", sign)) {
    int hours = 0, minutes = 0;
    const int digits = in.digits(2, 4, hours);
    if (digits == 4) {
      minutes = hours % 100;
      hours /= 100;
    } else if (digits == 2) {
      if (in.accept(':') && in.digits(2, 2, minutes) == 0) return false;
    } else {
      return false;
    }
    if (hours > 23 || minutes > 59) return false;
    out.offset_seconds = (sign == '+' ? 1 : -1) * (hours * 3600 + minutes * 60);
    out.zoned = true;
    return in.done();
  }
  const std::string name = in.word();
  if (name == "utc" || name == "gmt") {
    out.zoned = true;
    return in.done();
  }
  return false;
}

// Digits with at most one decimal point: an epoch (or YYYYMMDD).
bool is_plain_number(std::string_view text) {
  if (text.empty()) return false;
  int points = 0;
  for (char c : text) {
    if (c == '.') {
      ++points;
    } else if (!std::isdigit(static_cast<unsigned char>(c))) {
      return false;
    }
  }
  return points <= 1;
}

}  // namespace

std::optional<WrittenTime> read_written_time(std::string_view date, std::string_view time_of_day) {
  date = trimmed(date);
  time_of_day = trimmed(time_of_day);
  if (date.empty()) return std::nullopt;
  if (is_plain_number(date) && date.size() != 8) {
    if (!time_of_day.empty()) return std::nullopt;
    return read_plain_number(date);
  }
  WrittenTime out;
  Reader in(date);
  if (!read_date(in, out)) return std::nullopt;
  if (!in.done()) {
    if (!in.accept('T') && !in.accept('t')) {
      if (in.peek() != ' ') return std::nullopt;
      in.skip_spaces();
    }
    const std::size_t time_start = in.position();
    if (!read_time_of_day(in, out)) {
      in.rewind(time_start);  // "2020-03-04 UTC"
      out.has_time = false;
    }
  }
  if (!read_zone(in, out)) return std::nullopt;
  if (!time_of_day.empty()) {
    if (out.has_time) return std::nullopt;
    Reader clock(time_of_day);
    if (!read_time_of_day(clock, out) || !read_zone(clock, out)) return std::nullopt;
  }
  return out;
}

std::optional<WrittenTime> read_written_time_as(std::string_view text, const std::string& format) {
  std::istringstream stream{std::string(trimmed(text))};
  WrittenTime out;
  std::chrono::minutes offset{0};
  std::string abbreviation;
  date::local_seconds local;
  stream >> date::parse(format, local, abbreviation, offset);
  if (stream.fail()) return std::nullopt;
  stream >> std::ws;
  if (!stream.eof()) return std::nullopt;  // text left over: not this format
  const date::local_days day = date::floor<date::days>(local);
  const date::year_month_day ymd{day};
  out.year = int(ymd.year());
  out.month = int(unsigned(ymd.month()));
  out.day = int(unsigned(ymd.day()));
  out.seconds_of_day = int((local - day).count());
  out.has_time = format.find("%H") != std::string::npos || format.find("%I") != std::string::npos ||
                 format.find("%T") != std::string::npos || format.find("%R") != std::string::npos;
  out.zoned = format.find("%z") != std::string::npos || format.find("%Ez") != std::string::npos;
  out.offset_seconds = int(offset.count()) * 60;
  return out;
}

std::optional<UnixSeconds> seconds_of(const WrittenTime& written, DayOrder order) {
  int month = written.month, day = written.day;
  if (!written.day_order_known && order == DayOrder::day_first) std::swap(month, day);
  if (!valid_ymd(written.year, month, day)) return std::nullopt;
  return days_from_civil({written.year, month, day}) * kSecondsPerDay + written.seconds_of_day -
         written.offset_seconds;
}

void DayOrderEvidence::add(const WrittenTime& written) {
  if (written.day_order_known) return;
  largest_first = std::max(largest_first, written.month);
  largest_second = std::max(largest_second, written.day);
  any_differ = true;
}

std::optional<DayOrder> decide_day_order(const DayOrderEvidence& evidence) {
  if (!evidence.any_differ) return DayOrder::month_first;  // nothing depends on it
  const bool first_is_day = evidence.largest_first > 12;
  const bool second_is_day = evidence.largest_second > 12;
  if (first_is_day == second_is_day) return std::nullopt;
  return first_is_day ? DayOrder::day_first : DayOrder::month_first;
}

}  // namespace quantloop
