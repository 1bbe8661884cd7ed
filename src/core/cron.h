#pragma once

#include <bitset>
#include <string>
#include <string_view>

#include "core/time.h"

namespace quantloop {

// A five-field cron expression (minute hour day-of-month month day-of-week), as crontab(5)
// reads it: `*`, numbers, ranges `a-b`, steps `*/n` and `a-b/n`, lists `a,b`, month and day
// names (JAN-DEC, SUN-SAT, either case), 0 or 7 for Sunday, and the macros @hourly, @daily
// (@midnight), @weekly, @monthly, @yearly (@annually). When both day fields are restricted a
// day matches either of them (Vixie cron's rule, which systemd's OnCalendar does not share).
class CronExpression {
 public:
  // Throws Error naming the field and the reason ("hour: 24 is out of range 0-23").
  static CronExpression parse(std::string_view text);

  // Whether a wall-clock date and time (in whatever zone the schedule reads) matches.
  bool matches_day(const CivilDate& date) const;
  bool matches_hour(int hour) const { return hours_[std::size_t(hour)]; }
  bool matches_minute(int minute) const { return minutes_[std::size_t(minute)]; }

  // The fields one by one (for writing the expression in another syntax).
  bool matches_day_of_month(int day) const { return days_[std::size_t(day)]; }
  bool matches_month(int month) const { return months_[std::size_t(month)]; }
  bool matches_weekday(int sunday_is_0) const { return weekdays_[std::size_t(sunday_is_0)]; }
  bool days_restricted() const { return days_restricted_; }
  bool weekdays_restricted() const { return weekdays_restricted_; }

  const std::string& text() const { return text_; }

 private:
  std::string text_;
  std::bitset<60> minutes_;
  std::bitset<24> hours_;
  std::bitset<32> days_;     // 1-31
  std::bitset<13> months_;   // 1-12
  std::bitset<7> weekdays_;  // 0 = Sunday, as cron counts
  bool days_restricted_ = false;
  bool weekdays_restricted_ = false;
};

}  // namespace quantloop
