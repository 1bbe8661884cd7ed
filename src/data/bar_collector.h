#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "data/csv_formats.h"

namespace quantloop {

// Gathers the bars and rejections of one file into a ParsedCsv: the shared last step of every
// file format's reader.
class BarCollector {
 public:
  BarCollector(ParsedCsv& out, const std::string& path) : out_(out), path_(path) {}

  void reject(std::int64_t line, std::string_view raw, std::string reason);

  // Adds the bar whose fields are open, high, low, close, volume and (optionally, else NaN)
  // adjusted close, or one rejection of the line listing every field that is not a number.
  void add(UnixSeconds time, std::array<std::string_view, 5> fields,
           std::optional<std::string_view> adj_close, std::int64_t line, std::uint32_t series,
           std::string_view raw);
  void add(const Bar& bar, std::int64_t line, std::uint32_t series, std::string_view raw);

  // The index of a series in out.series, added when new.
  std::uint32_t series_index(std::string_view symbol, std::string_view interval = {});

 private:
  ParsedCsv& out_;
  const std::string& path_;
  std::unordered_map<std::string, std::uint32_t> index_;  // "symbol\ninterval" -> index
};

// The rejection reason for a field that is not a number ("open is empty", "high 'x' is not a
// number").
std::string not_a_number(std::string_view name, std::string_view field);

}  // namespace quantloop
