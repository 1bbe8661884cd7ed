#include "data/csv_formats.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <optional>

#include "core/error.h"
#include "data/bar_collector.h"
#include "data/csv_text.h"
#include "data/delimited_csv.h"
#include "data/written_time.h"

namespace quantloop {

namespace {

constexpr std::array<std::string_view, 5> kFormatNames{
    "delimited", "yfinance", "cryptodatadownload", "ninjatrader", "metatrader"};
constexpr std::array<std::string_view, 10> kColumnRoles{
    "date", "time", "open", "high", "low", "close", "adj_close", "volume", "symbol", "interval"};

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    c = char(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// yfinance's multi-level header: line 1 the price field of each column, line 2 its ticker.
void parse_yfinance(std::string_view text, const std::string& path, ParsedCsv& out) {
  BarCollector collect(out, path);
  LineReader lines(text);
  std::string_view fields_line, tickers_line, index_line;
  if (!lines.next(fields_line) || !lines.next(tickers_line) || !lines.next(index_line)) {
    throw Error(fmt::format("{}: yfinance file has fewer than 3 header lines", path));
  }
  std::vector<std::string_view> names, tickers;
  split_fields(fields_line, ',', names);
  split_fields(tickers_line, ',', tickers);
  if (names.size() != tickers.size() || !lower(tickers_line).starts_with("ticker")) {
    throw Error(fmt::format("{}:2: expected a Ticker line matching the Price line", path));
  }
  // Per ticker: column of open, high, low, close, volume, adj close.
  std::map<std::uint32_t, std::array<int, 6>> layout;
  for (int i = 1; i < int(names.size()); ++i) {
    const std::string name = lower(trim(names[i]));
    static const std::array<std::string_view, 6> kFields{"open",  "high",   "low",
                                                         "close", "volume", "adj close"};
    auto field = std::find(kFields.begin(), kFields.end(), name);
    if (field == kFields.end()) continue;
    auto [entry, _] = layout.try_emplace(collect.series_index(trim(tickers[i])),
                                         std::array<int, 6>{-1, -1, -1, -1, -1, -1});
    entry->second[field - kFields.begin()] = i;
  }
  for (const auto& [symbol, columns] : layout) {
    for (int k = 0; k < 5; ++k) {
      if (columns[k] < 0) {
        throw Error(fmt::format("{}:1: no {} column for {}", path,
                                std::array{"Open", "High", "Low", "Close", "Volume"}[k],
                                out.series[symbol].symbol));
      }
    }
  }
  std::vector<std::string_view> fields;
  std::string_view line;
  while (lines.next(line)) {
    if (trim(line).empty()) continue;
    const std::int64_t n = lines.line_number();
    split_fields(line, ',', fields);
    if (fields.size() != names.size()) {
      collect.reject(n, line,
                     fmt::format("expected {} fields, found {}", names.size(), fields.size()));
      continue;
    }
    auto written = read_written_time(fields[0]);
    auto time = written && written->day_order_known ? seconds_of(*written, DayOrder::month_first)
                                                    : std::nullopt;
    if (!time) {
      collect.reject(n, line, fmt::format("unparseable date '{}'", trim(fields[0])));
      continue;
    }
    (written->zoned ? out.zoned_times : out.naive_times) = true;
    for (const auto& [symbol, c] : layout) {
      const std::size_t before = out.bars.size();
      collect.add(*time, {fields[c[0]], fields[c[1]], fields[c[2]], fields[c[3]], fields[c[4]]},
                  c[5] < 0 ? std::nullopt : std::optional<std::string_view>(fields[c[5]]), n,
                  symbol, line);
      if (out.bars.size() > before) out.bars.back().written_offset = written->offset_seconds;
    }
  }
}

// The time of a headerless line: in its first field, or (MetaTrader 4) its date and time in the
// first two. Sets `first_price` to the field after it.
std::optional<WrittenTime> headerless_time(const std::vector<std::string_view>& fields,
                                           std::size_t& first_price) {
  if (fields.size() >= 7) {
    auto split = read_written_time(fields[0], fields[1]);
    if (split && split->day_order_known) {
      first_price = 2;
      return split;
    }
  }
  first_price = 1;
  auto written = fields.empty() ? std::nullopt : read_written_time(fields[0]);
  if (written && !written->day_order_known) return std::nullopt;
  return written;
}

// Headerless formats: a timestamp (one or two fields) then open, high, low, close, volume, and
// perhaps more fields, which are ignored (Binance's close time and trade counts, Kraken's trades).
void parse_headerless(std::string_view text, CsvFormat format, const std::string& path,
                      ParsedCsv& out) {
  BarCollector collect(out, path);
  const std::uint32_t symbol = collect.series_index("");
  const char delimiter = format == CsvFormat::ninjatrader ? ';' : ',';
  LineReader lines(text);
  std::string_view line;
  std::vector<std::string_view> fields;
  while (lines.next(line)) {
    if (trim(line).empty()) continue;
    const std::int64_t n = lines.line_number();
    split_fields(line, delimiter, fields);
    std::size_t first_price = 1;
    const auto written = headerless_time(fields, first_price);
    if (fields.size() < first_price + 5) {
      collect.reject(
          n, line,
          fmt::format("expected at least {} fields, found {}", first_price + 5, fields.size()));
      continue;
    }
    if (!written) {
      collect.reject(n, line, fmt::format("unparseable timestamp '{}'", trim(fields[0])));
      continue;
    }
    (written->zoned ? out.zoned_times : out.naive_times) = true;
    collect.add(*seconds_of(*written, DayOrder::month_first),
                {fields[first_price], fields[first_price + 1], fields[first_price + 2],
                 fields[first_price + 3], fields[first_price + 4]},
                std::nullopt, n, symbol, line);
  }
  out.stamps_mark_bar_end = format == CsvFormat::ninjatrader;
}

// Whether a headerless line is a time and at least five numbers (open, high, low, close,
// volume).
bool headerless_bar_line(std::string_view line, char delimiter) {
  std::vector<std::string_view> fields;
  split_fields(line, delimiter, fields);
  std::size_t first_price = 1;
  if (!headerless_time(fields, first_price) || fields.size() < first_price + 5) return false;
  for (std::size_t k = first_price; k < first_price + 5; ++k) {
    if (!parse_number(fields[k])) return false;
  }
  return true;
}

}  // namespace

std::string_view to_string(CsvFormat format) {
  return kFormatNames[static_cast<int>(format)];
}

CsvFormat parse_csv_format(std::string_view name) {
  if (name == "yahoo") return CsvFormat::delimited;
  for (std::size_t i = 0; i < kFormatNames.size(); ++i) {
    if (kFormatNames[i] == name) return static_cast<CsvFormat>(i);
  }
  throw Error(fmt::format("unknown format '{}' (expected one of {})", name, csv_format_names()));
}

std::string csv_column_roles() {
  std::string roles;
  for (auto role : kColumnRoles)
    roles += (roles.empty() ? "" : ", ") + std::string(role);
  return roles;
}

void check_csv_column_role(std::string_view role) {
  if (std::find(kColumnRoles.begin(), kColumnRoles.end(), role) == kColumnRoles.end()) {
    throw Error(
        fmt::format("unknown column role '{}' (expected one of {})", role, csv_column_roles()));
  }
}

std::string csv_format_names() {
  std::string names;
  for (auto name : kFormatNames)
    names += (names.empty() ? "" : ", ") + std::string(name);
  return names;
}

CsvFormat detect_csv_format(std::string_view text, const std::string& path) {
  LineReader lines(text);
  std::string_view first, second;
  while (lines.next(first) && trim(first).empty()) {
  }
  if (trim(first).empty()) throw Error(fmt::format("{}: file is empty", path));
  lines.next(second);
  const std::string head = lower(first);
  if (head.starts_with("timestamps are") || head.find("cryptodatadownload") != std::string::npos) {
    return CsvFormat::cryptodatadownload;
  }
  if (head.starts_with("price,") && lower(second).starts_with("ticker,")) {
    return CsvFormat::yfinance;
  }
  if (head.find("symbol") != std::string::npos && head.find("volume_") != std::string::npos) {
    return CsvFormat::cryptodatadownload;
  }
  if (headerless_bar_line(first, ';')) return CsvFormat::ninjatrader;
  if (headerless_bar_line(first, ',')) return CsvFormat::metatrader;
  return CsvFormat::delimited;
}

ParsedCsv parse_csv(std::string_view text, CsvFormat format, const std::string& path,
                    const CsvReadOptions& options) {
  ParsedCsv out;
  // One bar per line: reserving avoids regrowing (and page-faulting) a large vector.
  out.bars.reserve(std::size_t(std::count(text.begin(), text.end(), '\n')) + 1);
  switch (format) {
    case CsvFormat::delimited:
    case CsvFormat::cryptodatadownload:
      parse_delimited(text, path, options, format == CsvFormat::cryptodatadownload, out);
      break;
    case CsvFormat::yfinance:
      parse_yfinance(text, path, out);
      break;
    case CsvFormat::ninjatrader:
    case CsvFormat::metatrader:
      parse_headerless(text, format, path, out);
      break;
  }
  if (out.series.empty()) out.series.emplace_back();
  return out;
}

}  // namespace quantloop
