#include "data/csv_formats.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <fmt/format.h>
#include <map>
#include <optional>

#include "core/error.h"
#include "data/csv_text.h"

namespace quantloop {

namespace {

constexpr std::array<std::string_view, 5> kFormatNames{"yahoo", "yfinance", "cryptodatadownload",
                                                       "ninjatrader", "metatrader"};

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = char(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string clip(std::string_view text) {
  return std::string(text.substr(0, 500));
}

// Collects the rejections and the bars of one file.
class Collector {
 public:
  Collector(ParsedCsv& out, const std::string& path) : out_(out), path_(path) {}

  void reject(std::int64_t line, std::string_view raw, std::string reason) {
    out_.rejected.push_back({path_, line, {}, {}, clip(raw), std::move(reason)});
  }

  // Adds the bar whose fields are open, high, low, close, volume and (optionally, else NaN)
  // adjusted close, or one rejection of the line listing every field that is not a number.
  void add(UnixSeconds time, std::array<std::string_view, 5> fields,
           std::optional<std::string_view> adj_close, std::int64_t line, std::uint32_t symbol,
           std::string_view raw) {
    static constexpr std::array<std::string_view, 6> kNames{"open",   "high",  "low",
                                                            "close",  "volume", "adj close"};
    std::array<double, 6> values{0, 0, 0, 0, 0, std::nan("")};
    std::string problems;
    for (std::size_t i = 0; i < 6; ++i) {
      if (i == 5 && !adj_close) break;
      const std::string_view field = i < 5 ? fields[i] : *adj_close;
      if (auto value = parse_number(field)) {
        values[i] = *value;
        continue;
      }
      problems += problems.empty() ? "" : "; ";
      problems += trim(field).empty() ? fmt::format("{} is empty", kNames[i])
                                      : fmt::format("{} '{}' is not a number", kNames[i],
                                                    trim(field));
    }
    if (!problems.empty()) {
      reject(line, raw, std::move(problems));
      return;
    }
    out_.bars.push_back({{time, values[0], values[1], values[2], values[3], values[4], values[5]},
                         line,
                         symbol,
                         raw,
                         path_});
  }

  std::uint32_t symbol_index(std::string_view symbol) {
    auto it = std::find(out_.symbols.begin(), out_.symbols.end(), symbol);
    if (it != out_.symbols.end()) return std::uint32_t(it - out_.symbols.begin());
    out_.symbols.emplace_back(symbol);
    return std::uint32_t(out_.symbols.size() - 1);
  }

 private:
  ParsedCsv& out_;
  const std::string& path_;
};

// Column positions of a headed file.
struct HeadedColumns {
  int date = -1, open = -1, high = -1, low = -1, close = -1, adj_close = -1, volume = -1,
      symbol = -1;
};

HeadedColumns find_columns(const std::vector<std::string_view>& header, CsvFormat format) {
  HeadedColumns c;
  int plain_volume = -1, base_volume = -1;
  for (int i = 0; i < int(header.size()); ++i) {
    const std::string name = lower(trim(header[i]));
    if (name == "date" || name == "datetime" || name == "timestamp" || name == "time") {
      if (c.date < 0) c.date = i;
    } else if (name == "open") {
      c.open = i;
    } else if (name == "high") {
      c.high = i;
    } else if (name == "low") {
      c.low = i;
    } else if (name == "close") {
      c.close = i;
    } else if (name == "adj close" || name == "adj_close" || name == "adjclose") {
      c.adj_close = i;
    } else if (name == "volume") {
      plain_volume = i;
    } else if (name.starts_with("volume_") && name != "volume_usd" && name != "volume_usdt") {
      base_volume = i;
    } else if (name == "name" || name == "symbol" || name == "ticker") {
      c.symbol = i;
    }
  }
  // CryptoDataDownload's "volume" is in the quote currency; the base volume is the bar volume.
  c.volume = (format == CsvFormat::cryptodatadownload && base_volume >= 0) ? base_volume
                                                                           : plain_volume;
  if (c.volume < 0) c.volume = base_volume;
  return c;
}

bool is_header(std::string_view line) {
  const std::string text = lower(line);
  return (text.find("date") != std::string::npos || text.find("time") != std::string::npos) &&
         text.find("close") != std::string::npos;
}

void parse_headed(std::string_view text, CsvFormat format, const std::string& path,
                  ParsedCsv& out) {
  Collector collect(out, path);
  LineReader lines(text);
  std::string_view line;
  std::vector<std::string_view> fields;
  HeadedColumns columns;
  bool have_header = false;
  while (!have_header && lines.next(line)) {
    if (is_header(line)) {
      split_fields(line, ',', fields);
      columns = find_columns(fields, format);
      have_header = true;
    }
  }
  if (!have_header) throw Error(fmt::format("{}: no header line with Date and Close columns", path));
  for (auto [index, name] : {std::pair{columns.date, "date"}, {columns.open, "open"},
                             {columns.high, "high"}, {columns.low, "low"},
                             {columns.close, "close"}, {columns.volume, "volume"}}) {
    if (index < 0) {
      throw Error(fmt::format("{}:{}: header has no {} column", path, lines.line_number(), name));
    }
  }
  const std::size_t width = fields.size();
  const std::uint32_t unnamed = columns.symbol < 0 ? collect.symbol_index("") : 0;
  while (lines.next(line)) {
    if (trim(line).empty()) continue;
    const std::int64_t n = lines.line_number();
    split_fields(line, ',', fields);
    if (fields.size() != width) {
      collect.reject(n, line, fmt::format("expected {} fields, found {}", width, fields.size()));
      continue;
    }
    std::optional<UnixSeconds> time = format == CsvFormat::cryptodatadownload
                                          ? parse_hour_am_pm(fields[columns.date])
                                          : std::nullopt;
    if (!time) time = parse_flexible_date(fields[columns.date]);
    if (!time) {
      collect.reject(n, line, fmt::format("unparseable date '{}'", trim(fields[columns.date])));
      continue;
    }
    const std::uint32_t symbol =
        columns.symbol < 0 ? unnamed : collect.symbol_index(trim(fields[columns.symbol]));
    collect.add(*time,
                {fields[columns.open], fields[columns.high], fields[columns.low],
                 fields[columns.close], fields[columns.volume]},
                columns.adj_close < 0 ? std::nullopt
                                      : std::optional<std::string_view>(fields[columns.adj_close]),
                n, symbol, line);
  }
}

// yfinance's multi-level header: line 1 the price field of each column, line 2 its ticker.
void parse_yfinance(std::string_view text, const std::string& path, ParsedCsv& out) {
  Collector collect(out, path);
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
    static const std::array<std::string_view, 6> kFields{"open",   "high",      "low",
                                                         "close",  "volume",    "adj close"};
    auto field = std::find(kFields.begin(), kFields.end(), name);
    if (field == kFields.end()) continue;
    auto [entry, _] = layout.try_emplace(collect.symbol_index(trim(tickers[i])),
                                         std::array<int, 6>{-1, -1, -1, -1, -1, -1});
    entry->second[field - kFields.begin()] = i;
  }
  for (const auto& [symbol, columns] : layout) {
    for (int k = 0; k < 5; ++k) {
      if (columns[k] < 0) {
        throw Error(fmt::format("{}:1: no {} column for {}", path,
                                std::array{"Open", "High", "Low", "Close", "Volume"}[k],
                                out.symbols[symbol]));
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
    auto time = parse_flexible_date(fields[0]);
    if (!time) {
      collect.reject(n, line, fmt::format("unparseable date '{}'", trim(fields[0])));
      continue;
    }
    for (const auto& [symbol, c] : layout) {
      collect.add(*time, {fields[c[0]], fields[c[1]], fields[c[2]], fields[c[3]], fields[c[4]]},
                  c[5] < 0 ? std::nullopt : std::optional<std::string_view>(fields[c[5]]), n,
                  symbol, line);
    }
  }
}

// Headerless formats: a timestamp (one or two fields) then open, high, low, close, volume.
void parse_headerless(std::string_view text, CsvFormat format, const std::string& path,
                      ParsedCsv& out) {
  Collector collect(out, path);
  const std::uint32_t symbol = collect.symbol_index("");
  const char delimiter = format == CsvFormat::ninjatrader ? ';' : ',';
  LineReader lines(text);
  std::string_view line;
  std::vector<std::string_view> fields;
  std::string joined;
  while (lines.next(line)) {
    if (trim(line).empty()) continue;
    const std::int64_t n = lines.line_number();
    split_fields(line, delimiter, fields);
    std::optional<UnixSeconds> time;
    std::size_t first_price = 1;
    if (format == CsvFormat::ninjatrader) {
      time = parse_compact_timestamp(fields[0]);
    } else if (fields.size() == 7) {  // MetaTrader 4: date and time in separate fields
      joined = std::string(trim(fields[0])) + " " + std::string(trim(fields[1]));
      time = parse_metatrader_timestamp(joined);
      first_price = 2;
    } else {
      time = parse_metatrader_timestamp(fields[0]);
    }
    if (fields.size() != first_price + 5) {
      collect.reject(n, line,
                     fmt::format("expected {} fields, found {}", first_price + 5, fields.size()));
      continue;
    }
    if (!time) {
      collect.reject(n, line, fmt::format("unparseable timestamp '{}'", trim(fields[0])));
      continue;
    }
    collect.add(*time,
                {fields[first_price], fields[first_price + 1], fields[first_price + 2],
                 fields[first_price + 3], fields[first_price + 4]},
                std::nullopt, n, symbol, line);
  }
  out.stamps_mark_bar_end = format == CsvFormat::ninjatrader;
}

}  // namespace

std::string_view to_string(CsvFormat format) { return kFormatNames[static_cast<int>(format)]; }

CsvFormat parse_csv_format(std::string_view name) {
  for (std::size_t i = 0; i < kFormatNames.size(); ++i) {
    if (kFormatNames[i] == name) return static_cast<CsvFormat>(i);
  }
  throw Error(fmt::format("unknown format '{}' (expected one of {})", name, csv_format_names()));
}

std::string csv_format_names() {
  std::string names;
  for (auto name : kFormatNames) names += (names.empty() ? "" : ", ") + std::string(name);
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
  if (is_header(first)) {
    if (head.find("symbol") != std::string::npos && head.find("volume_") != std::string::npos) {
      return CsvFormat::cryptodatadownload;
    }
    return CsvFormat::yahoo;
  }
  std::vector<std::string_view> fields;
  split_fields(first, ';', fields);
  if (fields.size() == 6 && parse_compact_timestamp(fields[0])) return CsvFormat::ninjatrader;
  split_fields(first, ',', fields);
  if ((fields.size() == 6 && parse_metatrader_timestamp(fields[0])) ||
      (fields.size() == 7 &&
       parse_metatrader_timestamp(std::string(trim(fields[0])) + " " + std::string(trim(fields[1]))))) {
    return CsvFormat::metatrader;
  }
  throw Error(fmt::format("{}: cannot tell the format from the first line '{}'; pass --format "
                          "(one of {})",
                          path, clip(first.substr(0, 80)), csv_format_names()));
}

ParsedCsv parse_csv(std::string_view text, CsvFormat format, const std::string& path) {
  ParsedCsv out;
  // One bar per line: reserving avoids regrowing (and page-faulting) a large vector.
  out.bars.reserve(std::size_t(std::count(text.begin(), text.end(), '\n')) + 1);
  switch (format) {
    case CsvFormat::yahoo:
    case CsvFormat::cryptodatadownload:
      parse_headed(text, format, path, out);
      break;
    case CsvFormat::yfinance:
      parse_yfinance(text, path, out);
      break;
    case CsvFormat::ninjatrader:
    case CsvFormat::metatrader:
      parse_headerless(text, format, path, out);
      break;
  }
  if (out.symbols.empty()) out.symbols.emplace_back();
  return out;
}

}  // namespace quantloop
