// The market the signals tests trade: AAA and BBB cointegrated (half-life 3 days), CCC apart,
// 800 daily bars to 2026-11-20, ingested through the binary into `url`.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "test_support.h"

namespace quantloop::testing {

inline void ingest_planted_pair(const std::string& url, const TempDir& dir) {
  const auto result = run_quantloop(
      {"--db", url, "--quiet", "ingest", "synthetic", "--symbols", "AAA,BBB,CCC", "--interval",
       "1d", "--days", "800", "--end", "2026-11-20", "--pair", "AAA,BBB", "--half-life", "3"},
      dir.path().string());
  ASSERT_EQ(result.exit_code, 0) << result.err;
}

}  // namespace quantloop::testing
