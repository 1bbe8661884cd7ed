#include "cli/output.h"

#include <fmt/format.h>

#include <cmath>

namespace quantloop::cli {

namespace {

bool is_number(const Value& value) {
  return std::holds_alternative<std::int64_t>(value) || std::holds_alternative<double>(value);
}

// Display width in terminal columns (UTF-8 continuation bytes take none).
std::size_t width(const std::string& text) {
  std::size_t columns = 0;
  for (unsigned char c : text)
    columns += (c & 0xC0) != 0x80;
  return columns;
}

std::string repeat(const std::string& piece, std::size_t count) {
  std::string out;
  for (std::size_t i = 0; i < count; ++i)
    out += piece;
  return out;
}

}  // namespace

std::string display(const Value& value) {
  return std::visit(
      [](const auto& v) -> std::string {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          return "";
        } else if constexpr (std::is_same_v<T, double>) {
          if (!std::isfinite(v)) return fmt::format("{}", v);
          if (std::abs(v) >= 1e6) return fmt::format("{:.0f}", v);
          std::string text = fmt::format("{:.4f}", v);
          while (text.ends_with('0'))
            text.pop_back();
          if (text.ends_with('.')) text.pop_back();
          return text;
        } else if constexpr (std::is_same_v<T, std::int64_t>) {
          return std::to_string(v);
        } else if constexpr (std::is_same_v<T, Blob>) {
          return fmt::format("<{} bytes>", v.bytes.size());
        } else {
          return v;
        }
      },
      value);
}

std::string csv_field(const Value& value) {
  if (auto* d = std::get_if<double>(&value)) return fmt::format("{}", *d);
  std::string text = display(value);
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

void print_table(std::ostream& out, const ResultTable& table, const std::string& title) {
  const std::size_t n = table.columns.size();
  std::vector<std::size_t> widths(n);
  std::vector<bool> numeric(n, true);
  std::vector<std::vector<std::string>> cells;
  for (std::size_t c = 0; c < n; ++c)
    widths[c] = width(table.columns[c]);
  for (const auto& row : table.rows) {
    auto& texts = cells.emplace_back();
    for (std::size_t c = 0; c < n; ++c) {
      texts.push_back(display(row[c]));
      widths[c] = std::max(widths[c], width(texts.back()));
      if (!is_number(row[c]) && !std::holds_alternative<std::monostate>(row[c])) numeric[c] = false;
    }
  }
  auto rule = [&](const char* left, const char* middle, const char* right) {
    std::string line = left;
    for (std::size_t c = 0; c < n; ++c) {
      line += repeat("─", widths[c] + 2) + (c + 1 < n ? middle : right);
    }
    out << line << '\n';
  };
  auto line = [&](const std::vector<std::string>& texts, bool header) {
    std::string text = "│";
    for (std::size_t c = 0; c < n; ++c) {
      const std::string pad(widths[c] - width(texts[c]), ' ');
      text += " " + (numeric[c] && !header ? pad + texts[c] : texts[c] + pad) + " │";
    }
    out << text << '\n';
  };
  if (!title.empty()) out << title << '\n';
  rule("┌", "┬", "┐");
  line(table.columns, true);
  rule("├", "┼", "┤");
  for (const auto& texts : cells)
    line(texts, false);
  rule("└", "┴", "┘");
  if (table.rows.empty()) out << "(no rows)\n";
}

void print_csv(std::ostream& out, const ResultTable& table) {
  for (std::size_t c = 0; c < table.columns.size(); ++c) {
    out << (c ? "," : "") << csv_field(table.columns[c]);
  }
  out << '\n';
  for (const auto& row : table.rows) {
    for (std::size_t c = 0; c < row.size(); ++c)
      out << (c ? "," : "") << csv_field(row[c]);
    out << '\n';
  }
}

void print_result(std::ostream& out, const ResultTable& table, OutputFormat format,
                  const std::string& title) {
  switch (format) {
    case OutputFormat::table:
      print_table(out, table, title);
      break;
    case OutputFormat::json:
      out << to_json(table).dump(2) << '\n';
      break;
    case OutputFormat::csv:
      print_csv(out, table);
      break;
  }
}

Value finite_cell(double v) {
  return std::isfinite(v) ? Value{v} : Value{};
}

nlohmann::json finite_json(double v) {
  return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json();
}

std::string human_bytes(std::int64_t bytes) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  double value = double(bytes);
  int unit = 0;
  while (value >= 1024 && unit < 4) {
    value /= 1024;
    ++unit;
  }
  return unit == 0 ? fmt::format("{} B", bytes) : fmt::format("{:.1f} {}", value, units[unit]);
}

std::string last_message_line(const std::string& text) {
  // Not CLI11's pointer to --help, not a table's rule or row, not an empty line.
  const auto says_something = [](const std::string& line) {
    return !line.empty() && !line.starts_with("Run with --help") && !line.starts_with("\u2502") &&
           !line.starts_with("\u2514") && !line.starts_with("\u250c") &&
           !line.starts_with("\u251c");
  };
  std::string rest = text;
  while (true) {
    const auto newline = rest.rfind('\n');
    std::string line = newline == std::string::npos ? rest : rest.substr(newline + 1);
    if (newline == std::string::npos || says_something(line)) return line;
    rest.resize(newline);
  }
}

}  // namespace quantloop::cli
