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

const std::vector<std::string_view>& FieldSplitter::split(std::string_view line, char delimiter) {
  if (line.find('"') == std::string_view::npos) {
    split_fields(line, delimiter, fields_);
    return fields_;
  }
  fields_.clear();
  unescaped_.clear();
  std::size_t pos = 0;
  while (true) {
    std::size_t start = pos;
    while (start < line.size() && line[start] == ' ')
      ++start;
    if (start < line.size() && line[start] == '"') {
      // A quoted field: up to the closing quote; "" is an escaped quote.
      std::size_t end = start + 1;
      bool escaped = false;
      while (end < line.size()) {
        if (line[end] == '"') {
          if (end + 1 < line.size() && line[end + 1] == '"') {
            escaped = true;
            end += 2;
            continue;
          }
          break;
        }
        ++end;
      }
      std::string_view inner = line.substr(start + 1, end - start - 1);
      if (escaped) {
        std::string& text = unescaped_.emplace_back();
        for (std::size_t i = 0; i < inner.size(); ++i) {
          text += inner[i];
          if (inner[i] == '"') ++i;
        }
        inner = text;
      }
      fields_.push_back(inner);
      pos = line.find(delimiter, std::min(end + 1, line.size()));
    } else {
      pos = line.find(delimiter, start);
      fields_.push_back(
          line.substr(start, pos == std::string_view::npos ? std::string_view::npos : pos - start));
    }
    if (pos == std::string_view::npos) return fields_;
    ++pos;
  }
}

char sniff_delimiter(std::string_view line) {
  constexpr std::string_view kCandidates = ",;\t|";
  std::size_t counts[4] = {0, 0, 0, 0};
  bool quoted = false;
  for (char c : line) {
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    const std::size_t k = kCandidates.find(c);
    if (k != std::string_view::npos) ++counts[k];
  }
  std::size_t best = 0;
  for (std::size_t k = 1; k < 4; ++k) {
    if (counts[k] > counts[best]) best = k;
  }
  return kCandidates[best];
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
  auto [end, ec] =
      std::from_chars(text.data(), text.data() + text.size(), value, std::chars_format::general);
  // from_chars also accepts "nan" and "inf"; in a bar file they mean a missing value.
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

}  // namespace quantloop
