#include "data/delimited_csv.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>

#include "core/error.h"
#include "core/interval.h"
#include "data/bar_collector.h"
#include "data/csv_text.h"
#include "data/written_time.h"

namespace quantloop {

namespace {

constexpr int kHeaderSearchLines = 30;

enum class Role {
  none,
  date,
  time,
  open,
  high,
  low,
  close,
  adj_close,
  volume,
  base_volume,
  tick_volume,
  symbol,
  interval,
  ignored
};

// Lower-case letters and digits only: "Adj. Close" -> "adjclose", "<DTYYYYMMDD>" ->
// "dtyyyymmdd", "Close/Last" -> "closelast".
std::string normalized(std::string_view name) {
  std::string key;
  for (char c : name) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      key += char(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  return key;
}

bool one_of(const std::string& key, std::initializer_list<std::string_view> names) {
  return std::find(names.begin(), names.end(), key) != names.end();
}

Role role_of(const std::string& key) {
  if (one_of(key, {"date", "dt", "datum", "fecha", "datetime", "timestamp", "day", "dtyyyymmdd",
                   "gmttime", "localtime", "opentime", "timeopen", "tradedate", "dateutc",
                   "datetimeutc"})) {
    return Role::date;
  }
  if (key == "time") return Role::time;
  if (one_of(key, {"open", "o", "op", "openprice", "openingprice"})) return Role::open;
  if (one_of(key, {"high", "h", "hi", "highprice"})) return Role::high;
  if (one_of(key, {"low", "l", "lo", "lowprice"})) return Role::low;
  if (one_of(key, {"close", "c", "cl", "price", "last", "closelast", "closeprice", "closingprice",
                   "lastprice"})) {
    return Role::close;
  }
  if (one_of(key, {"adjclose", "adjustedclose", "adjcl"})) return Role::adj_close;
  if (one_of(key, {"volume", "v", "vol"})) return Role::volume;
  if (one_of(key, {"tickvol", "tickvolume", "tickvolumes"})) return Role::tick_volume;
  if (key.starts_with("volume") && !one_of(key, {"volumeusd", "volumeusdt", "volumeusdc",
                                                 "volumeeur", "volumequote", "volumefrom"})) {
    return Role::base_volume;  // "volume btc": the base currency's volume
  }
  if (one_of(key, {"symbol", "ticker", "name"})) return Role::symbol;
  if (key == "interval") return Role::interval;
  if (key.starts_with("unnamed") || one_of(key, {"index", "id"})) return Role::ignored;
  return Role::none;
}

// Whether a column name reads as a ticker (upper case, digits and . - ^ =, with a letter): a
// table's only value column names its symbol only then ("SPY", not "spread" or "Value").
bool names_a_symbol(std::string_view name) {
  name = trim(name);
  if (name.empty() || name.size() > 16) return false;
  bool letter = false;
  for (char c : name) {
    if (std::isupper(static_cast<unsigned char>(c))) {
      letter = true;
    } else if (!std::isdigit(static_cast<unsigned char>(c)) && c != '.' && c != '-' && c != '^' &&
               c != '=') {
      return false;
    }
  }
  return letter;
}

// A cell of a numeric column.
struct Cell {
  enum Kind { number, missing, bad } kind = bad;
  double value = 0;
};

bool is_missing(std::string_view text) {
  if (text.empty()) return true;
  if (std::isdigit(static_cast<unsigned char>(text.front())) || text.size() > 4) return false;
  const std::string key = normalized(text);
  return text == "-" || text == "--" || one_of(key, {"null", "nan", "na", "none"}) ||
         text == "#N/A";
}

// Digits with thousands separators "1,234,567" (optionally ".5" after).
bool grouped_thousands(std::string_view text, char separator) {
  const std::size_t first = text.find(separator);
  if (first == 0 || first > 3) return false;
  std::size_t pos = first;
  while (pos < text.size() && text[pos] == separator) {
    for (std::size_t k = 1; k <= 3; ++k) {
      if (pos + k >= text.size() || !std::isdigit(static_cast<unsigned char>(text[pos + k]))) {
        return false;
      }
    }
    pos += 4;
  }
  return pos == text.size() || text[pos] != separator;
}

// A price or volume as spreadsheets and vendors write them: "$1,234.50", "1.234,5" (in
// ;-separated files), "-0.25", "1.2e3"; with `suffixes`, "1.23M" and "45K".
Cell read_cell(std::string_view text, char delimiter, bool suffixes) {
  if (!text.empty() && std::isdigit(static_cast<unsigned char>(text.front())) &&
      std::isdigit(static_cast<unsigned char>(text.back()))) {
    // The common case, a plain number: skip the spreadsheet spellings.
    double value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec == std::errc() && end == text.data() + text.size() && std::isfinite(value)) {
      return {Cell::number, value};
    }
  }
  text = trim(text);
  if (is_missing(text)) return {Cell::missing, 0};
  double scale = 1;
  if (suffixes && !text.empty()) {
    const char last = char(std::toupper(static_cast<unsigned char>(text.back())));
    if (last == 'K' || last == 'M' || last == 'B') {
      scale = last == 'K' ? 1e3 : last == 'M' ? 1e6 : 1e9;
      text.remove_suffix(1);
    }
  }
  std::string cleaned;
  bool negative = false;
  if (text.starts_with('-')) {
    negative = true;
    text.remove_prefix(1);
  }
  if (text.starts_with('$')) text.remove_prefix(1);
  if (text.find(',') == std::string_view::npos) {
    auto value = parse_number(text);
    if (!value) return {Cell::bad, 0};
    return {Cell::number, (negative ? -*value : *value) * scale};
  }
  const std::size_t dot = text.find('.');
  const std::size_t comma = text.rfind(',');
  const bool decimal_comma =
      delimiter == ';' || delimiter == '\t' || delimiter == '|'
          ? (dot == std::string_view::npos ? !grouped_thousands(text, ',') || delimiter == ';'
                                           : dot < comma)
          : false;
  for (char c : text) {
    if (decimal_comma) {
      if (c == '.') continue;  // thousands
      cleaned += c == ',' ? '.' : c;
    } else if (c != ',') {
      cleaned += c;
    }
  }
  if (!decimal_comma && !grouped_thousands(text, ',')) return {Cell::bad, 0};
  auto value = parse_number(cleaned);
  if (!value) return {Cell::bad, 0};
  return {Cell::number, (negative ? -*value : *value) * scale};
}

// The columns a header names, by role.
struct Layout {
  std::int64_t header_line = 0;
  char delimiter = ',';
  std::vector<std::string> names;  // as written
  int date = -1, time = -1, open = -1, high = -1, low = -1, close = -1, adj_close = -1, volume = -1,
      symbol = -1, interval = -1;
  std::vector<int> candidates;  // unnamed numeric columns: a wide table's symbols
  std::size_t width() const { return names.size(); }
};

// Finds the column `wanted` names (a header name or a 1-based number), or -1.
int find_named(const std::vector<std::string>& names, std::string_view wanted) {
  wanted = trim(wanted);
  if (!wanted.empty() && std::all_of(wanted.begin(), wanted.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c));
      })) {
    int number = 0;
    std::from_chars(wanted.data(), wanted.data() + wanted.size(), number);
    return number >= 1 && number <= int(names.size()) ? number - 1 : -1;
  }
  auto equal_ignoring_case = [](std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
             return std::tolower(static_cast<unsigned char>(x)) ==
                    std::tolower(static_cast<unsigned char>(y));
           });
  };
  for (int i = 0; i < int(names.size()); ++i) {
    if (equal_ignoring_case(trim(names[i]), wanted)) return i;
  }
  const std::string key = normalized(wanted);
  for (int i = 0; i < int(names.size()); ++i) {
    if (!key.empty() && normalized(names[i]) == key) return i;
  }
  return -1;
}

int* slot(Layout& layout, std::string_view role) {
  if (role == "date") return &layout.date;
  if (role == "time") return &layout.time;
  if (role == "open") return &layout.open;
  if (role == "high") return &layout.high;
  if (role == "low") return &layout.low;
  if (role == "close") return &layout.close;
  if (role == "adj_close") return &layout.adj_close;
  if (role == "volume") return &layout.volume;
  if (role == "symbol") return &layout.symbol;
  if (role == "interval") return &layout.interval;
  return nullptr;
}

// Roles of a candidate header line by name; nothing when the line is no header.
std::optional<Layout> layout_of(std::string_view line, const CsvReadOptions& options,
                                bool cryptodatadownload, FieldSplitter& splitter) {
  Layout layout;
  layout.delimiter = sniff_delimiter(line);
  for (std::string_view field : splitter.split(line, layout.delimiter)) {
    layout.names.emplace_back(trim(field));
  }
  if (layout.names.size() < 2) return std::nullopt;
  std::vector<bool> taken(layout.names.size(), false);
  for (const auto& [role, name] : options.columns) {
    if (name.empty()) continue;
    const int index = find_named(layout.names, name);
    if (index < 0) return std::nullopt;  // not the header the user described
    *slot(layout, role) = index;
    taken[std::size_t(index)] = true;
  }
  auto explicit_role = [&](std::string_view role) {
    return options.columns.contains(std::string(role));
  };
  int date_alias = -1, time_alias = -1, plain_volume = -1, base_volume = -1, tick_volume = -1;
  for (int i = 0; i < int(layout.names.size()); ++i) {
    if (taken[std::size_t(i)]) continue;
    const std::string key = normalized(layout.names[std::size_t(i)]);
    const Role role = role_of(key);
    auto assign = [&](int& target, std::string_view name) {
      if (!explicit_role(name) && target < 0) target = i;
    };
    switch (role) {
      case Role::date:
        if (date_alias < 0) date_alias = i;
        break;
      case Role::time:
        if (time_alias < 0) time_alias = i;
        break;
      case Role::open:
        assign(layout.open, "open");
        break;
      case Role::high:
        assign(layout.high, "high");
        break;
      case Role::low:
        assign(layout.low, "low");
        break;
      case Role::close:
        assign(layout.close, "close");
        break;
      case Role::adj_close:
        assign(layout.adj_close, "adj_close");
        break;
      case Role::volume:
        if (plain_volume < 0) plain_volume = i;
        break;
      case Role::base_volume:
        if (base_volume < 0) base_volume = i;
        break;
      case Role::tick_volume:
        if (tick_volume < 0) tick_volume = i;
        break;
      case Role::symbol:
        assign(layout.symbol, "symbol");
        break;
      case Role::interval:
        assign(layout.interval, "interval");
        break;
      case Role::none:
        if (!key.empty()) layout.candidates.push_back(i);
        break;
      case Role::ignored:
        break;
    }
  }
  if (!explicit_role("date")) {
    if (date_alias >= 0) {
      layout.date = date_alias;
    } else if (time_alias >= 0) {
      layout.date = time_alias;  // "time" alone holds the whole timestamp
      time_alias = -1;
    } else if (layout.names[0].empty()) {
      layout.date = 0;  // pandas' to_csv() writes the index with an empty header cell
    }
  }
  if (!explicit_role("time") && time_alias >= 0 && time_alias != layout.date) {
    layout.time = time_alias;
  }
  if (!explicit_role("volume")) {
    // CryptoDataDownload's plain "volume" is in the quote currency: prefer the base volume.
    layout.volume = cryptodatadownload && base_volume >= 0 ? base_volume
                    : plain_volume >= 0                    ? plain_volume
                    : base_volume >= 0                     ? base_volume
                                                           : tick_volume;
  }
  if (layout.date < 0) return std::nullopt;
  // A header names something to read beside the time; a data line names nothing.
  const bool has_price = layout.close >= 0 || layout.adj_close >= 0 || layout.open >= 0;
  if (!has_price && layout.candidates.empty()) return std::nullopt;
  if (!has_price) {
    for (int candidate : layout.candidates) {
      const std::string_view name = layout.names[std::size_t(candidate)];
      if ((name.find('.') != std::string_view::npos && parse_number(name)) ||
          read_written_time(name)) {
        return std::nullopt;  // ",1.5,2.5" or "2020-01-02": a data line, not a header
      }
    }
  }
  return layout;
}

// Reads the times of one file and decides its day/month order at the end.
class TimeColumn {
 public:
  TimeColumn(const Layout& layout, const CsvReadOptions& options, const std::string& path)
      : date_(layout.date),
        time_(layout.time),
        decided_(layout.time < 0 || options.date_format.has_value()),  // --date-format: the user's
        format_(options.date_format),
        path_(path) {}

  // The time of a row; nothing when it cannot be read, with the reason in `problem`.
  std::optional<WrittenTime> read(const std::vector<std::string_view>& fields, std::int64_t line,
                                  std::string& problem) {
    const std::string_view date = fields[std::size_t(date_)];
    if (!decided_) {
      // A "time" column beside the date holds the time of day, unless the date has it already.
      if (!read_written_time(date, fields[std::size_t(time_)]) && read_written_time(date)) {
        time_ = -1;
      }
      decided_ = true;
    }
    const std::string_view time_of_day = time_ >= 0 ? fields[std::size_t(time_)] : "";
    std::optional<WrittenTime> written;
    if (format_) {
      written = time_of_day.empty()
                    ? read_written_time_as(date, *format_)
                    : read_written_time_as(
                          std::string(trim(date)) + " " + std::string(trim(time_of_day)), *format_);
    } else {
      written = read_written_time(date, time_of_day);
    }
    if (!written) {
      problem = time_of_day.empty()
                    ? fmt::format("unparseable date '{}'", trim(date))
                    : fmt::format("unparseable date '{} {}'", trim(date), trim(time_of_day));
      return written;
    }
    if (!written->day_order_known) {
      if (written->month > 12 && !first_over_12_)
        first_over_12_ = Example{std::string(trim(date)), line};
      if (written->day > 12 && !second_over_12_)
        second_over_12_ = Example{std::string(trim(date)), line};
      if (!unresolved_) unresolved_ = Example{std::string(trim(date)), line};
      evidence_.add(*written);
    }
    return written;
  }

  // The column's order; throws Error when the column cannot tell or contradicts itself.
  DayOrder order() const {
    if (auto order = decide_day_order(evidence_)) return *order;
    if (first_over_12_ && second_over_12_) {
      throw Error(fmt::format(
          "{}: the dates contradict each other: '{}' (line {}) is day-first and '{}' (line {}) "
          "month-first; fix the file or pass --date-format",
          path_, first_over_12_->text, first_over_12_->line, second_over_12_->text,
          second_over_12_->line));
    }
    throw Error(fmt::format(
        "{}: cannot tell whether dates like '{}' (line {}) are day-first or month-first: no date "
        "in the file has a day above 12; pass --date-format '%d/%m/%Y' (day first) or "
        "--date-format '%m/%d/%Y' (month first), with the file's own separator",
        path_, unresolved_->text, unresolved_->line));
  }

 private:
  struct Example {
    std::string text;
    std::int64_t line = 0;
  };
  int date_, time_;
  bool decided_;
  std::optional<std::string> format_;
  const std::string& path_;
  DayOrderEvidence evidence_;
  std::optional<Example> first_over_12_, second_over_12_, unresolved_;
};

std::string header_list(const Layout& layout) {
  std::string list;
  for (const auto& name : layout.names)
    list += (list.empty() ? "'" : ", '") + name + "'";
  return list;
}

// Finds the header; throws Error saying what the file's first line is and which flag helps.
Layout find_header(LineReader& lines, const std::string& path, const CsvReadOptions& options,
                   bool cryptodatadownload, FieldSplitter& splitter) {
  std::string_view line, first;
  for (int seen = 0; seen < kHeaderSearchLines && lines.next(line);) {
    if (trim(line).empty()) continue;
    if (first.empty()) first = line;
    ++seen;
    if (auto layout = layout_of(line, options, cryptodatadownload, splitter)) {
      layout->header_line = lines.line_number();
      return *layout;
    }
  }
  if (first.empty()) throw Error(fmt::format("{}: file is empty", path));
  if (!options.columns.empty()) {
    std::string named;
    for (const auto& [role, name] : options.columns) {
      if (!name.empty()) named += fmt::format("{}'{}'", named.empty() ? "" : ", ", name);
    }
    throw Error(
        fmt::format("{}: no line of the first {} names the columns --columns gives ({}); "
                    "the first line is '{}'",
                    path, kHeaderSearchLines, named, first.substr(0, 120)));
  }
  throw Error(fmt::format(
      "{}: no header line naming a date or time column and a price column in the first {} "
      "lines; the first line is '{}'. Name the columns with --columns date=NAME,close=NAME, or "
      "pass --format (one of {})",
      path, kHeaderSearchLines, first.substr(0, 120), csv_format_names()));
}

// Drops the bars whose written time has no instant in the decided order, and stamps the rest.
void stamp_times(ParsedCsv& out, std::vector<WrittenTime>& written, DayOrder order,
                 std::size_t first_bar) {
  std::size_t kept = first_bar;
  for (std::size_t i = first_bar; i < out.bars.size(); ++i) {
    const WrittenTime& w = written[i - first_bar];
    auto time = seconds_of(w, order);
    if (!time) {
      out.rejected.push_back({std::string(out.bars[i].source),
                              out.bars[i].line,
                              {},
                              {},
                              std::string(out.bars[i].raw.substr(0, 500)),
                              "no such date in the file's day/month order"});
      continue;
    }
    out.bars[i].bar.time = *time;
    out.bars[i].written_offset = w.offset_seconds;
    (w.zoned ? out.zoned_times : out.naive_times) = true;
    if (kept != i) out.bars[kept] = out.bars[i];
    ++kept;
  }
  out.bars.resize(kept);
}

}  // namespace

void parse_delimited(std::string_view text, const std::string& path, const CsvReadOptions& options,
                     bool cryptodatadownload, ParsedCsv& out) {
  BarCollector collect(out, path);
  LineReader lines(text);
  FieldSplitter splitter;
  Layout layout = find_header(lines, path, options, cryptodatadownload, splitter);
  const bool has_ohlc = layout.close >= 0 || layout.adj_close >= 0 || layout.open >= 0;
  if (has_ohlc && layout.close < 0) {
    if (layout.adj_close < 0) {
      throw Error(
          fmt::format("{}:{}: the header names no close or price column (columns: {}); "
                      "name it with --columns close=NAME",
                      path, layout.header_line, header_list(layout)));
    }
    layout.close = layout.adj_close;  // an adjusted close is the only close there is
  }
  const int partial_ohlc = (layout.open >= 0) + (layout.high >= 0) + (layout.low >= 0);
  if (partial_ohlc == 1 || partial_ohlc == 2) {
    const char* missing = layout.open < 0 ? "open" : layout.high < 0 ? "high" : "low";
    throw Error(
        fmt::format("{}:{}: the header has some of open, high and low but no {} column "
                    "(columns: {}); name it with --columns {}=NAME",
                    path, layout.header_line, missing, header_list(layout), missing));
  }
  // Wide tables: every unnamed column is a symbol; close-only tables read like them.
  std::vector<int> wide;
  std::vector<std::uint32_t> wide_series;
  const std::size_t first_bar = out.bars.size();
  std::vector<WrittenTime> written;
  written.reserve(out.bars.capacity() - first_bar);
  TimeColumn times(layout, options, path);
  bool decided_wide = has_ohlc;
  const std::uint32_t unnamed =
      has_ohlc && layout.symbol < 0 && layout.interval < 0 ? collect.series_index("") : 0;
  std::string problems;
  std::string_view line;
  int needed =
      std::max({layout.date, layout.time, layout.open, layout.high, layout.low, layout.close,
                layout.adj_close, layout.volume, layout.symbol, layout.interval});
  while (lines.next(line)) {
    if (trim(line).empty()) continue;
    const std::int64_t n = lines.line_number();
    const auto& fields = splitter.split(line, layout.delimiter);
    if (fields.size() > layout.width() || int(fields.size()) <= needed) {
      collect.reject(n, line,
                     fmt::format("expected {} fields, found {}", layout.width(), fields.size()));
      continue;
    }
    if (!decided_wide) {
      for (int candidate : layout.candidates) {
        if (std::size_t(candidate) >= fields.size()) continue;
        const Cell cell = read_cell(fields[std::size_t(candidate)], layout.delimiter, false);
        if (cell.kind == Cell::bad) continue;  // text: not a price column
        wide.push_back(candidate);
        needed = std::max(needed, candidate);
      }
      for (int column : wide) {
        // Many columns: one symbol each. One column: the file's symbol unless it names one.
        const std::string& name = layout.names[std::size_t(column)];
        wide_series.push_back(
            collect.series_index(wide.size() > 1 || names_a_symbol(name) ? name : ""));
      }
      if (wide.empty()) {
        throw Error(
            fmt::format("{}:{}: the header names no price column (columns: {}); name it "
                        "with --columns close=NAME",
                        path, layout.header_line, header_list(layout)));
      }
      decided_wide = true;
    }
    const auto when = times.read(fields, n, problems);
    if (!when) {
      collect.reject(n, line, problems);
      continue;
    }
    if (!has_ohlc) {
      for (std::size_t k = 0; k < wide.size(); ++k) {
        const Cell cell = read_cell(fields[std::size_t(wide[k])], layout.delimiter, false);
        if (cell.kind == Cell::missing) {
          ++out.missing_rows;
        } else if (cell.kind == Cell::bad) {
          collect.reject(
              n, line,
              not_a_number(layout.names[std::size_t(wide[k])], fields[std::size_t(wide[k])]));
        } else {
          collect.add({0, cell.value, cell.value, cell.value, cell.value, 0, std::nan("")}, n,
                      wide_series[k], line);
          written.push_back(*when);
        }
      }
      continue;
    }
    std::uint32_t series = unnamed;
    if (layout.symbol >= 0 || layout.interval >= 0) {
      std::string interval;
      if (layout.interval >= 0) {
        const std::string_view written_interval = trim(fields[std::size_t(layout.interval)]);
        auto parsed = Interval::try_parse(written_interval);
        if (!parsed) {
          collect.reject(n, line, fmt::format("unknown interval '{}'", written_interval));
          continue;
        }
        interval = parsed->name();
      }
      series = collect.series_index(
          layout.symbol >= 0 ? trim(fields[std::size_t(layout.symbol)]) : "", interval);
    }
    // Open, high, low, close, volume, adjusted close.
    static constexpr std::array<std::string_view, 6> kNames{"open",  "high",   "low",
                                                            "close", "volume", "adj close"};
    const std::array<int, 6> columns{layout.open,  layout.high,   layout.low,
                                     layout.close, layout.volume, layout.adj_close};
    std::array<Cell, 6> cells;
    int present = 0, missing = 0;
    problems.clear();
    for (std::size_t k = 0; k < 6; ++k) {
      if (columns[k] < 0) continue;
      cells[k] = read_cell(fields[std::size_t(columns[k])], layout.delimiter, k == 4);
      if (k == 4 || k == 5) continue;
      ++present;
      missing += cells[k].kind == Cell::missing;
    }
    if (missing == present) {
      ++out.missing_rows;  // a row with no prices at all: the provider had none
      continue;
    }
    for (std::size_t k = 0; k < 6; ++k) {
      if (columns[k] < 0 || cells[k].kind == Cell::number) continue;
      if (k == 5 && cells[k].kind == Cell::missing) continue;  // no adjusted close for this bar
      problems += problems.empty() ? "" : "; ";
      problems += not_a_number(kNames[k], fields[std::size_t(columns[k])]);
    }
    if (!problems.empty()) {
      collect.reject(n, line, problems);
      continue;
    }
    const double close = cells[3].value;
    collect.add(
        {0, layout.open >= 0 ? cells[0].value : close, layout.high >= 0 ? cells[1].value : close,
         layout.low >= 0 ? cells[2].value : close, close, layout.volume >= 0 ? cells[4].value : 0,
         layout.adj_close >= 0 && cells[5].kind == Cell::number ? cells[5].value : std::nan("")},
        n, series, line);
    written.push_back(*when);
  }
  stamp_times(out, written, written.empty() ? DayOrder::month_first : times.order(), first_bar);
}

NamedColumn read_named_column(std::string_view text, const std::string& path,
                              std::string_view column, const CsvReadOptions& options) {
  LineReader lines(text);
  FieldSplitter splitter;
  const Layout layout = find_header(lines, path, options, false, splitter);
  const int index = find_named(layout.names, column);
  if (index < 0) {
    throw Error(fmt::format("{}:{}: no column '{}' (columns: {})", path, layout.header_line, column,
                            header_list(layout)));
  }
  NamedColumn out;
  out.header = layout.names[std::size_t(index)];
  TimeColumn times(layout, options, path);
  std::vector<WrittenTime> written;
  std::vector<std::int64_t> line_numbers;
  std::string_view line;
  std::string problem;
  const int needed = std::max({layout.date, layout.time, index});
  while (lines.next(line)) {
    if (trim(line).empty()) continue;
    const std::int64_t n = lines.line_number();
    const auto& fields = splitter.split(line, layout.delimiter);
    auto reject = [&](std::string reason) {
      out.rejected.push_back(
          {path, n, {}, {}, std::string(line.substr(0, 500)), std::move(reason)});
    };
    if (fields.size() > layout.width() || int(fields.size()) <= needed) {
      reject(fmt::format("expected {} fields, found {}", layout.width(), fields.size()));
      continue;
    }
    const auto when = times.read(fields, n, problem);
    if (!when) {
      reject(problem);
      continue;
    }
    const Cell cell = read_cell(fields[std::size_t(index)], layout.delimiter, false);
    if (cell.kind == Cell::missing) continue;
    if (cell.kind == Cell::bad) {
      reject(not_a_number(out.header, fields[std::size_t(index)]));
      continue;
    }
    written.push_back(*when);
    line_numbers.push_back(n);
    out.values.push_back(cell.value);
  }
  const DayOrder order = written.empty() ? DayOrder::month_first : times.order();
  for (std::size_t i = 0; i < written.size(); ++i) {
    auto time = seconds_of(written[i], order);
    if (!time) {
      throw Error(
          fmt::format("{}:{}: no such date in the file's day/month order", path, line_numbers[i]));
    }
    out.times.push_back(*time);
  }
  return out;
}

}  // namespace quantloop
