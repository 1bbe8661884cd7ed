// quantloop status: the verdict, its reasons and the exit code a monitoring system reads.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "test_support.h"

namespace quantloop {
namespace {

using nlohmann::json;
using testing::contains;
using testing::run_quantloop;
using testing::TempDir;

class StatusCliTest : public ::testing::Test {
 protected:
  testing::ProcessResult quantloop(std::vector<std::string> args) {
    // No server answers on this port: the cache section says so.
    args.insert(args.begin(), {"--set", "serve.port=1"});
    return run_quantloop(args, dir.path().string());
  }
  json status(int expected_at_least) {
    const auto result = quantloop({"status", "--json"});
    const json out = json::parse(result.out);
    // The machine's load may add a warning of its own, never more.
    const bool loaded = contains(out["reasons"].dump(), "WARNING: load");
    EXPECT_GE(result.exit_code, expected_at_least) << out["reasons"];
    EXPECT_LE(result.exit_code, std::max(expected_at_least, loaded ? 1 : 0)) << out["reasons"];
    EXPECT_EQ(out["verdict"], result.exit_code == 0   ? "OK"
                              : result.exit_code == 1 ? "WARNING"
                                                      : "CRITICAL");
    return out;
  }
  TempDir dir;
};

TEST_F(StatusCliTest, NoDatabaseIsCritical) {
  const json out = status(2);
  EXPECT_TRUE(contains(out["reasons"].dump(), "the database cannot be read")) << out["reasons"];
  EXPECT_TRUE(out["system"].contains("memory_available_mib"));
  EXPECT_EQ(out["cache"]["server"], "not answering");
}

TEST_F(StatusCliTest, StaleChampionsWarnAndAFailedLastRunIsCritical) {
  ASSERT_EQ(quantloop({"ingest", "synthetic", "--symbols", "EURUSD", "--interval", "1h", "--days",
                       "45", "--end", "2026-11-20T20:00Z"})
                .exit_code,
            0);
  ASSERT_EQ(quantloop({"train", "--mode", "hourly", "--symbols", "EURUSD", "--model", "linear",
                       "--at", "2026-11-20T20:00Z"})
                .exit_code,
            0);
  json out = status(1);
  EXPECT_TRUE(contains(out["reasons"].dump(), "1 of 1 champions are older than their schedule"))
      << out["reasons"];
  EXPECT_EQ(out["models"]["champions"][0]["symbol"], "EURUSD");
  EXPECT_EQ(out["models"]["champions"][0]["stale"], true);
  EXPECT_EQ(out["work"]["last_run"]["hourly"]["status"], "success");
  EXPECT_EQ(out["database"]["bars"], out["database"]["bars_stored_24h"]);

  // A full run in which every symbol fails.
  EXPECT_EQ(quantloop({"train", "--mode", "full", "--symbols", "NOPE", "--at", "2026-11-20T20:00Z"})
                .exit_code,
            65);
  out = status(2);
  EXPECT_TRUE(contains(out["reasons"].dump(), "CRITICAL: the last full run failed"))
      << out["reasons"];
  EXPECT_EQ(out["work"]["last_run"]["full"]["status"], "failed");
  // For people: the verdict first, then its reasons.
  const auto text = quantloop({"status"});
  EXPECT_EQ(text.exit_code, 2);
  EXPECT_TRUE(contains(text.out, ": CRITICAL\n  ")) << text.out;
  EXPECT_TRUE(contains(text.out, "models    1 champions, 1 stale: EURUSD/1h")) << text.out;
}

}  // namespace
}  // namespace quantloop
