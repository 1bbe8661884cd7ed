// Internal to quantloop_core: how configuration values are read from TOML and from text
// (environment, flags) and written back, shared by the settings and the [schedule.NAME]
// sections.
#pragma once

#include <fmt/format.h>
#include <toml++/toml.h>

#include <charconv>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace quantloop::config_detail {

using StringList = std::vector<std::string>;

[[noreturn]] inline void fail(const std::string& where, const std::string& key,
                              const std::string& why) {
  throw Error(fmt::format("{}: {}: {}", where, key, why));
}

inline std::string quote(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

// Conversions of each value type from TOML and from text (environment, flags).
template <typename T>
struct Codec;

template <>
struct Codec<std::string> {
  static constexpr const char* kType = "a string";
  static std::optional<std::string> from_toml(const toml::node& node) {
    if (auto v = node.value<std::string>(); v && node.is_string()) return *v;
    return std::nullopt;
  }
  static std::optional<std::string> from_text(std::string_view text) { return std::string(text); }
  static std::string show(const std::string& value) { return quote(value); }
};

template <>
struct Codec<bool> {
  static constexpr const char* kType = "true or false";
  static std::optional<bool> from_toml(const toml::node& node) {
    if (!node.is_boolean()) return std::nullopt;
    return node.value<bool>();
  }
  static std::optional<bool> from_text(std::string_view text) {
    if (text == "true") return true;
    if (text == "false") return false;
    return std::nullopt;
  }
  static std::string show(bool value) { return value ? "true" : "false"; }
};

template <>
struct Codec<int> {
  static constexpr const char* kType = "an integer";
  static std::optional<int> from_toml(const toml::node& node) {
    if (!node.is_integer()) return std::nullopt;
    return node.value<int>();
  }
  static std::optional<int> from_text(std::string_view text) {
    int value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return value;
  }
  static std::string show(int value) { return std::to_string(value); }
};

template <>
struct Codec<double> {
  static constexpr const char* kType = "a number";
  static std::optional<double> from_toml(const toml::node& node) {
    if (!node.is_number()) return std::nullopt;
    return node.value<double>();
  }
  static std::optional<double> from_text(std::string_view text) {
    double value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return value;
  }
  static std::string show(double value) { return fmt::format("{}", value); }
};

template <>
struct Codec<StringList> {
  static constexpr const char* kType = "an array of strings";
  static std::optional<StringList> from_toml(const toml::node& node) {
    const toml::array* array = node.as_array();
    if (!array) return std::nullopt;
    StringList list;
    for (const toml::node& element : *array) {
      if (!element.is_string()) return std::nullopt;
      list.push_back(*element.value<std::string>());
    }
    return list;
  }
  // Comma-separated; empty text is an empty list.
  static std::optional<StringList> from_text(std::string_view text) {
    StringList list;
    while (!text.empty()) {
      auto comma = text.find(',');
      std::string_view item = text.substr(0, comma);
      while (!item.empty() && item.front() == ' ')
        item.remove_prefix(1);
      while (!item.empty() && item.back() == ' ')
        item.remove_suffix(1);
      if (item.empty()) return std::nullopt;
      list.emplace_back(item);
      if (comma == std::string_view::npos) break;
      text.remove_prefix(comma + 1);
    }
    return list;
  }
  static std::string show(const StringList& list) {
    std::string out = "[";
    for (std::size_t i = 0; i < list.size(); ++i)
      out += (i ? ", " : "") + quote(list[i]);
    return out + "]";
  }
};

}  // namespace quantloop::config_detail
