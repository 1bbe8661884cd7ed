#pragma once
// The independent Python implementation's output (reference/concepts.json.gz) and the
// value-for-value comparison of quantloop's concepts JSON with it; shared by the library's
// and the command's tests.

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "core/time.h"
#include "data/source_file.h"
#include "test_support.h"

namespace quantloop::concepts {

inline const nlohmann::json& reference() {
  static const nlohmann::json document = nlohmann::json::parse(read_source_file(
      (testing::source_dir() / "tests" / "concepts" / "reference" / "concepts.json.gz").string()));
  return document;
}

inline bool is_time(const std::string& key) {
  static const std::set<std::string> keys{"time",         "known_at",  "swing_time",    "bar_time",
                                          "mitigated_at", "filled_at", "invalidated_at"};
  return keys.count(key) > 0;
}

// One object of ours against the reference's (times there as Unix seconds).
inline void expect_same(const nlohmann::json& ours, const nlohmann::json& theirs,
                        const std::string& where) {
  for (const auto& [key, want] : theirs.items()) {
    ASSERT_TRUE(ours.contains(key)) << where << ": no " << key;
    const nlohmann::json& got = ours[key];
    const std::string at = where + "." + key;
    if (want.is_null()) {
      EXPECT_TRUE(got.is_null()) << at << ": " << got;
    } else if (is_time(key)) {
      ASSERT_TRUE(got.is_string()) << at << ": " << got;
      EXPECT_EQ(*parse_timestamp(got.get<std::string>()), want.get<std::int64_t>()) << at;
    } else if (want.is_number()) {
      ASSERT_TRUE(got.is_number()) << at << ": " << got;
      const double a = got.get<double>(), b = want.get<double>();
      EXPECT_NEAR(a, b, 1e-9 * std::max(1.0, std::abs(b))) << at;
    } else {
      EXPECT_EQ(got, want) << at;
    }
  }
}

// Every list of `quantloop concepts --json`, element by element, against one reference series.
inline void expect_equal_to_reference(const nlohmann::json& ours, const nlohmann::json& want) {
  for (const char* list : {"swings", "structure", "sweeps", "fvgs", "order_blocks", "bars"}) {
    ASSERT_EQ(ours[list].size(), want[list].size()) << list;
    ASSERT_GT(want[list].size(), 0u) << list << ": the reference compared nothing";
    for (std::size_t i = 0; i < want[list].size(); ++i)
      expect_same(ours[list][i], want[list][i], fmt::format("{}[{}]", list, i));
  }
}

}  // namespace quantloop::concepts
