// Every bad flag value of every command is a usage error: exit code 2, a message naming the
// flag, and nothing done (no database is even created).
#include <gtest/gtest.h>

#include "test_support.h"

namespace quantloop {
namespace {

using testing::bundled_data;
using testing::contains;
using testing::run_quantloop;
using testing::TempDir;

struct UsageError {
  std::vector<std::string> args;
  std::string flag;  // the message must name it
};

void PrintTo(const UsageError& c, std::ostream* out) {
  for (const auto& a : c.args)
    *out << a << ' ';
}

class BadFlags : public ::testing::TestWithParam<UsageError> {};

TEST_P(BadFlags, ExitTwoNamingTheFlagAndDoNothing) {
  TempDir dir;
  std::vector<std::string> args{"--db", dir.file("q.db")};
  for (std::string arg : GetParam().args) {
    if (arg == "FILE") arg = bundled_data("daily/AAPL_data.csv").string();
    if (arg == "FILE2") arg = bundled_data("daily/MSFT_data.csv").string();
    args.push_back(arg);
  }
  const auto result = run_quantloop(args, dir.path().string());
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_TRUE(contains(result.err, GetParam().flag)) << result.err;
  EXPECT_FALSE(std::filesystem::exists(dir.file("q.db")));
}

INSTANTIATE_TEST_SUITE_P(
    EveryCommand, BadFlags,
    ::testing::Values(
        UsageError{{"--config", "/nonexistent/quantloop.toml", "query", "runs"}, "--config"},
        UsageError{{"--set", "training.full_epochs=many", "query", "runs"}, "--set"},
        UsageError{{"--set", "training.epochs=5", "query", "runs"}, "--set"},
        UsageError{{"--set", "training.full_epochs", "query", "runs"}, "--set"},
        UsageError{{"ingest", "csv", "FILE", "--interval", "7m"}, "--interval"},
        UsageError{{"ingest", "csv", "FILE", "--tz", "Mars/Olympus"}, "--tz"},
        UsageError{{"ingest", "yahoo", "--interval", "2h"}, "--interval"},
        UsageError{{"ingest", "yahoo", "--range", "3w"}, "--range"},
        UsageError{{"ingest", "yahoo", "--base-url", "ftp://example"}, "--base-url"},
        UsageError{{"ingest", "yahoo", "--symbols", "AAPL,,MSFT"}, "--symbols"},
        UsageError{{"ingest", "synthetic", "--pair", "AAPL"}, "--pair"},
        UsageError{{"ingest", "synthetic", "--start", "yesterday"}, "--start"},
        UsageError{{"ingest", "synthetic", "--days", "0"}, "--days"},
        UsageError{{"ingest", "synthetic", "--start", "2024-02-01", "--end", "2024-01-01"},
                   "--start"},
        UsageError{{"check", "--interval", "weekly"}, "--interval"},
        UsageError{{"query", "runs", "--limit", "0"}, "--limit"},
        UsageError{{"query", "hourly", "--symbol", "AAPL", "--interval", "2h"}, "--interval"},
        UsageError{{"query", "hourly", "--symbol", "AAPL", "--hours", "-1"}, "--hours"},
        UsageError{{"query", "export", "--table", "secrets", "--output", "x.csv"}, "--table"},
        UsageError{{"train", "--mode", "weekly"}, "--mode"},
        UsageError{{"train", "--mode", "full", "--at", "yesterday"}, "--at"},
        UsageError{{"train", "--mode", "full", "--model", "forest"}, "--model"},
        UsageError{{"train", "--mode", "full", "--epochs", "0"}, "--epochs"},
        UsageError{{"train", "--mode", "full", "--backend", "cuda"}, "--backend"},
        UsageError{{"train", "--mode", "full", "--symbols", "A B"}, "--symbols"},
        UsageError{{"run", "--at", "soon"}, "--at"},
        UsageError{{"run", "--workers", "0"}, "--workers"},
        UsageError{{"run", "--mode", "weekly"}, "--mode"},
        UsageError{{"jobs", "submit"}, "COMMAND"},
        UsageError{{"jobs", "submit", "serve"}, "COMMAND"},
        UsageError{{"jobs", "submit", "--max-attempts", "0", "check"}, "--max-attempts"},
        UsageError{{"jobs", "list", "--state", "done"}, "--state"},
        UsageError{{"jobs", "show", "x"}, "id"}, UsageError{{"jobs", "cancel"}, "id"},
        UsageError{{"worker", "--concurrency", "0"}, "--concurrency"},
        UsageError{{"--set", "jobs.lease_seconds=1", "worker"}, "--set"},
        UsageError{{"schedule", "show", "--count", "0"}, "--count"},
        UsageError{{"schedule", "show", "--at", "dawn"}, "--at"},
        UsageError{{"schedule", "export"}, "--crontab"},
        UsageError{{"schedule", "export", "--crontab", "--systemd"}, "--systemd"},
        UsageError{{"schedule", "export", "--crontab", "--dir", "units"}, "--dir"},
        UsageError{{"--set", "schedule.hourly.catchup_max=many", "schedule", "show"}, "--set"},
        UsageError{{"--set", "schedule.hourly.when=now", "schedule", "show"}, "--set"},
        UsageError{{"stats", "adf", "--symbol", "AAPL", "--symbol", "MSFT"}, "--symbol"},
        UsageError{{"stats", "coint", "--file", "FILE"}, "--file"},
        UsageError{{"stats", "corr", "--file", "FILE"}, "--file"},
        UsageError{{"stats", "garch", "--file", "FILE", "--dist", "x"}, "--dist"},
        UsageError{{"stats", "garch", "--file", "FILE", "--mean", "none"}, "--mean"},
        UsageError{{"stats", "garch", "--file", "FILE", "--start", "zero"}, "--start"},
        UsageError{{"stats", "garch", "--file", "FILE", "--forecast", "-2"}, "--forecast"},
        UsageError{{"stats", "adf", "--file", "FILE", "--trend", "quadratic"}, "--trend"},
        UsageError{{"stats", "adf", "--file", "FILE", "--autolag", "aicc"}, "--autolag"},
        UsageError{{"stats", "adf", "--file", "FILE", "--max-lag", "-3"}, "--max-lag"},
        UsageError{{"stats", "adf", "--file", "FILE", "--returns", "pct"}, "--returns"},
        UsageError{{"stats", "adf", "--file", "FILE", "--scale", "0"}, "--scale"},
        UsageError{{"stats", "adf", "--symbol", "AAPL", "--column", "vwap"}, "--column"},
        UsageError{{"stats", "adf", "--symbol", "AAPL", "--interval", "1y"}, "--interval"},
        UsageError{{"stats", "ljungbox", "--file", "FILE", "--lags", "0"}, "--lags"},
        UsageError{{"stats", "ljungbox", "--file", "FILE", "--model-df", "-1"}, "--model-df"},
        UsageError{{"stats", "archlm", "--file", "FILE", "--lags", "0"}, "--lags"},
        UsageError{{"stats", "corr", "--file", "FILE", "--file", "FILE2", "--method", "kendall"},
                   "--method"},
        UsageError{{"sql"}, "statement"}, UsageError{{"predict"}, "--symbols"},
        UsageError{{"predict", "--symbols", "AAPL", "--at", "later"}, "--at"},
        UsageError{{"predict", "--symbols", "AAPL", "--interval", "3h"}, "--interval"},
        UsageError{{"models", "show"}, "symbol"},
        UsageError{{"models", "promote", "AAPL", "--version", "-1"}, "--version"},
        UsageError{{"models", "rollback", "AAPL", "--to", "x"}, "--to"},
        UsageError{{"models", "export", "AAPL"}, "directory"},
        UsageError{{"models", "gc", "--dry"}, "--dry"},
        UsageError{{"query", "promotions", "--limit", "0"}, "--limit"},
        UsageError{{"serve", "--port", "70000"}, "--port"},
        UsageError{{"config", "show", "--verbose-secrets"}, "--verbose-secrets"}));

}  // namespace
}  // namespace quantloop
