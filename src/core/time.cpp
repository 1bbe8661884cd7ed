#include "core/time.h"

#include <fmt/format.h>

#include <chrono>

namespace quantloop {

namespace chrono = std::chrono;

std::int64_t days_from_civil(const CivilDate& date) {
  const chrono::year_month_day ymd{chrono::year{date.year}, chrono::month{unsigned(date.month)},
                                   chrono::day{unsigned(date.day)}};
  return chrono::sys_days{ymd}.time_since_epoch().count();
}

CivilDate civil_from_days(std::int64_t days) {
  const chrono::year_month_day ymd{chrono::sys_days{chrono::days{days}}};
  return {int(ymd.year()), int(unsigned(ymd.month())), int(unsigned(ymd.day()))};
}

UnixSeconds unix_from_civil(const CivilTime& time) {
  return days_from_civil(time.date) * kSecondsPerDay + time.hour * kSecondsPerHour +
         time.minute * kSecondsPerMinute + time.second;
}

static std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

CivilTime civil_from_unix(UnixSeconds t) {
  const std::int64_t days = floor_div(t, kSecondsPerDay);
  const std::int64_t rest = t - days * kSecondsPerDay;
  return {civil_from_days(days), int(rest / kSecondsPerHour), int(rest % kSecondsPerHour / 60),
          int(rest % 60)};
}

int weekday(const CivilDate& date) {
  // 1970-01-01 was a Thursday (3 when Monday is 0).
  const std::int64_t days = days_from_civil(date);
  return int(((days % 7) + 7 + 3) % 7);
}

int weekday_of(UnixSeconds t) {
  return weekday(civil_from_unix(t).date);
}

int hour_of(UnixSeconds t) {
  return civil_from_unix(t).hour;
}

UnixSeconds floor_to_day(UnixSeconds t) {
  return floor_div(t, kSecondsPerDay) * kSecondsPerDay;
}

void write_utc(UnixSeconds t, char* out) {
  const CivilTime c = civil_from_unix(t);
  auto two = [](char* p, int v) {
    p[0] = char('0' + v / 10);
    p[1] = char('0' + v % 10);
  };
  const int year = c.date.year < 0 ? 0 : c.date.year % 10000;
  two(out, year / 100);
  two(out + 2, year % 100);
  out[4] = '-';
  two(out + 5, c.date.month);
  out[7] = '-';
  two(out + 8, c.date.day);
  out[10] = ' ';
  two(out + 11, c.hour);
  out[13] = ':';
  two(out + 14, c.minute);
  out[16] = ':';
  two(out + 17, c.second);
}

std::string format_utc(UnixSeconds t) {
  std::string text(19, ' ');
  write_utc(t, text.data());
  return text;
}

std::string format_date(const CivilDate& date) {
  return fmt::format("{:04d}-{:02d}-{:02d}", date.year, date.month, date.day);
}

std::string format_iso8601(UnixSeconds t) {
  std::string text = format_utc(t);
  text[10] = 'T';
  return text + "Z";
}

namespace {

// Reads exactly `width` digits at `pos`; advances pos.
bool read_digits(std::string_view text, std::size_t& pos, int width, int& value) {
  if (pos + width > text.size()) return false;
  value = 0;
  for (int i = 0; i < width; ++i) {
    const char c = text[pos + i];
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  pos += width;
  return true;
}

bool valid_date(const CivilDate& d) {
  if (d.month < 1 || d.month > 12 || d.day < 1) return false;
  const chrono::year_month_day ymd{chrono::year{d.year}, chrono::month{unsigned(d.month)},
                                   chrono::day{unsigned(d.day)}};
  return ymd.ok();
}

}  // namespace

std::optional<UnixSeconds> parse_timestamp(std::string_view text) {
  CivilTime t;
  std::size_t pos = 0;
  if (!read_digits(text, pos, 4, t.date.year) || pos >= text.size() || text[pos++] != '-' ||
      !read_digits(text, pos, 2, t.date.month) || pos >= text.size() || text[pos++] != '-' ||
      !read_digits(text, pos, 2, t.date.day) || !valid_date(t.date)) {
    return std::nullopt;
  }
  if (pos < text.size() && (text[pos] == ' ' || text[pos] == 'T')) {
    ++pos;
    if (!read_digits(text, pos, 2, t.hour) || pos >= text.size() || text[pos++] != ':' ||
        !read_digits(text, pos, 2, t.minute)) {
      return std::nullopt;
    }
    if (pos < text.size() && text[pos] == ':') {
      ++pos;
      if (!read_digits(text, pos, 2, t.second)) return std::nullopt;
      if (pos < text.size() && text[pos] == '.') {
        ++pos;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9')
          ++pos;
      }
    }
    if (t.hour > 23 || t.minute > 59 || t.second > 59) return std::nullopt;
  }
  UnixSeconds result = unix_from_civil(t);
  if (pos < text.size() && text[pos] == 'Z') {
    ++pos;
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    const int sign = text[pos++] == '+' ? 1 : -1;
    int hours = 0, minutes = 0;
    if (!read_digits(text, pos, 2, hours)) return std::nullopt;
    if (pos < text.size() && text[pos] == ':') ++pos;
    if (!read_digits(text, pos, 2, minutes) || hours > 23 || minutes > 59) return std::nullopt;
    result -= sign * (hours * kSecondsPerHour + minutes * kSecondsPerMinute);
  }
  if (pos != text.size()) return std::nullopt;
  return result;
}

UnixSeconds now_utc() {
  return chrono::duration_cast<chrono::seconds>(chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace quantloop
