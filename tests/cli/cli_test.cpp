// The quantloop binary, end to end: flags, output formats, exit codes, error messages.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "store/store.h"
#include "test_support.h"
#include "yahoo_replay_server.h"

namespace quantloop {
namespace {

using testing::bundled_data;
using testing::contains;
using testing::PostgresDatabase;
using testing::run_quantloop;
using testing::TempDir;
using testing::write_file;

int line_count(const std::string& text) {
  return int(std::count(text.begin(), text.end(), '\n'));
}

// stderr without the progress lines ("quantloop: read FILE: ..."), i.e. what went wrong.
std::string problems(const std::string& err) {
  std::string kept, line;
  std::istringstream lines(err);
  while (std::getline(lines, line)) {
    if (!line.starts_with("quantloop: read ")) kept += line + "\n";
  }
  return kept;
}

class CliTest : public ::testing::Test {
 protected:
  testing::ProcessResult quantloop(std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", db_});
    return run_quantloop(args, dir_.path().string());
  }
  TempDir dir_;
  std::string db_ = dir_.file("q.db");
};

TEST_F(CliTest, HelpListsEveryCommandAndFlag) {
  auto top = run_quantloop({"--help"});
  EXPECT_EQ(top.exit_code, 0);
  for (const char* word :
       {"ingest", "query", "check", "sql", "config", "--db", "--config", "--set", "Exit codes"}) {
    EXPECT_TRUE(contains(top.out, word)) << word;
  }
  auto query = run_quantloop({"query", "--help"});
  for (const char* word : {"runs", "performance", "hourly", "by-hour", "stats", "export"}) {
    EXPECT_TRUE(contains(query.out, word)) << word;
  }
  auto csv = run_quantloop({"ingest", "csv", "--help"});
  for (const char* word : {"--symbol", "--interval", "--format", "--json", "cryptodatadownload"}) {
    EXPECT_TRUE(contains(csv.out, word)) << word;
  }
  auto hourly = run_quantloop({"query", "hourly", "--help"});
  for (const char* word : {"--symbol", "--hours", "--csv"})
    EXPECT_TRUE(contains(hourly.out, word)) << word;
}

TEST_F(CliTest, UsageErrorsExitWithTwo) {
  EXPECT_EQ(run_quantloop({}).exit_code, 2);
  EXPECT_EQ(run_quantloop({"frobnicate"}).exit_code, 2);
  EXPECT_EQ(run_quantloop({"query", "hourly"}).exit_code, 2);  // --symbol is required
}

TEST_F(CliTest, IngestJsonHasTheCountsAndReingestInsertsNothing) {
  const std::string file = bundled_data("daily/MSFT_data.csv").string();
  auto first = quantloop({"ingest", "csv", file, "--json"});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  auto json = nlohmann::json::parse(first.out);
  EXPECT_EQ(json["inserted"], 1260);
  for (const char* key : {"updated", "unchanged", "rejected"})
    EXPECT_EQ(json[key], 0) << key;
  auto second = nlohmann::json::parse(quantloop({"ingest", "csv", file, "--json"}).out);
  EXPECT_EQ(second["inserted"], 0);
  EXPECT_EQ(second["unchanged"], 1260);
}

TEST_F(CliTest, BadInputIsOneLineNamingItAndNothingIsWritten) {
  const std::string good = bundled_data("daily/MSFT_data.csv").string();
  auto missing = quantloop({"ingest", "csv", good, dir_.file("nope.csv")});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_EQ(line_count(problems(missing.err)), 1) << missing.err;
  EXPECT_TRUE(contains(missing.err, "nope.csv: cannot open")) << missing.err;
  auto stats = quantloop({"query", "stats", "--json"});
  EXPECT_EQ(nlohmann::json::parse(stats.out)["tables"]["market_data"], 0);

  auto bad_db = run_quantloop({"--db", "/nonexistent/dir/q.db", "ingest", "csv", good});
  EXPECT_EQ(bad_db.exit_code, 1);
  EXPECT_EQ(line_count(bad_db.err), 1) << bad_db.err;
  EXPECT_TRUE(contains(bad_db.err, "/nonexistent/dir/q.db")) << bad_db.err;

  auto bad_url = run_quantloop(
      {"--db", "postgresql://u:pw@127.0.0.1:1/x?connect_timeout=2", "query", "stats"});
  EXPECT_EQ(bad_url.exit_code, 1);
  EXPECT_EQ(line_count(bad_url.err), 1) << bad_url.err;
  EXPECT_FALSE(contains(bad_url.err, ":pw@")) << bad_url.err;

  auto no_db = run_quantloop({"--db", dir_.file("absent.db"), "query", "runs"});
  EXPECT_EQ(no_db.exit_code, 1);
  EXPECT_TRUE(contains(no_db.err, "no such database file")) << no_db.err;
  EXPECT_FALSE(std::filesystem::exists(dir_.file("absent.db")));
}

TEST_F(CliTest, RejectedBarsAreShownAndKept) {
  const std::string file = dir_.file("ABC_data.csv");
  write_file(
      file,
      "Date,Open,High,Low,Close,Volume\n2024-01-02,1,2,0.5,1.5,10\n2024-01-03,1,0.4,0.5,1.5,10\n");
  auto result = quantloop({"ingest", "csv", file});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(contains(result.out, "ABC_data.csv:3: high 0.4 is below low 0.5")) << result.out;
  auto sql = quantloop({"sql", "SELECT reason FROM rejected_bars", "--csv"});
  EXPECT_EQ(sql.out, "reason\nhigh 0.4 is below low 0.5\n");
}

TEST_F(CliTest, ConfigFileEnvironmentAndFlagsAndTheirErrors) {
  write_file(dir_.file("quantloop.toml"),
             "[database]\nurl = \"postgresql://me:hunter2@db/q\"\n[training]\nfull_epochs = 42\n");
  auto shown = run_quantloop({"config", "show"}, dir_.path().string(),
                             {{"QUANTLOOP_TRAINING_HOURLY_EPOCHS", "9"}});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_TRUE(contains(shown.out, "url = \"postgresql://me:****@db/q\"  # quantloop.toml:2"))
      << shown.out;
  EXPECT_TRUE(contains(shown.out, "full_epochs = 42  # quantloop.toml:4"));
  EXPECT_TRUE(
      contains(shown.out, "hourly_epochs = 9  # environment QUANTLOOP_TRAINING_HOURLY_EPOCHS"));
  EXPECT_FALSE(contains(shown.out, "hunter2"));
  auto flagged = run_quantloop(
      {"--db", "x.db", "--set", "training.full_epochs=7", "config", "show"}, dir_.path().string());
  EXPECT_TRUE(contains(flagged.out, "url = \"x.db\"  # flag"));
  EXPECT_TRUE(contains(flagged.out, "full_epochs = 7  # flag"));

  write_file(dir_.file("quantloop.toml"), "[training]\nfull_epochs = -3\n");
  auto bad = run_quantloop({"config", "show"}, dir_.path().string());
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_EQ(bad.err,
            "quantloop: quantloop.toml:2: training.full_epochs: -3 is out of range [1, 100000]\n");
}

TEST_F(CliTest, QueryCommandsInAllFormats) {
  // Crypto trades every hour, so the last 24 hours have bars whatever the day of the week.
  ASSERT_EQ(
      quantloop({"ingest", "synthetic", "--symbols", "AAPL,BTC-USD", "--days", "5"}).exit_code, 0);
  auto hourly = quantloop({"query", "hourly", "--symbol", "BTC-USD", "--hours", "24", "--json"});
  ASSERT_EQ(hourly.exit_code, 0) << hourly.err;
  auto rows = nlohmann::json::parse(hourly.out);
  EXPECT_GE(rows.size(), 20u);  // the synthetic feed runs up to the last full hour
  EXPECT_TRUE(rows[0].contains("close"));
  auto table = quantloop({"query", "hourly", "--symbol", "btc-usd"});
  EXPECT_TRUE(contains(table.out, "┌")) << table.out;
  auto csv = quantloop({"query", "stats", "--csv"});
  EXPECT_TRUE(csv.out.starts_with("symbol,asset_type,interval,bars,first,last\n")) << csv.out;
  for (const char* command : {"runs", "performance", "by-hour"}) {
    auto result = quantloop({"query", command, "--json"});
    EXPECT_EQ(result.exit_code, 0) << command << result.err;
    EXPECT_EQ(result.out, "[]\n") << command;
  }
  auto stats = nlohmann::json::parse(quantloop({"query", "stats", "--json"}).out);
  EXPECT_EQ(stats["symbols"], 2);
  EXPECT_GT(stats["size_bytes"].get<std::int64_t>(), 0);
}

TEST_F(CliTest, ExportWritesAWholeFileOrNothing) {
  ASSERT_EQ(quantloop({"ingest", "csv", bundled_data("daily/JNJ_data.csv").string()}).exit_code, 0);
  const std::string out = dir_.file("md.csv");
  auto result = quantloop({"query", "export", "--table", "market_data", "--output", out});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const std::string text = testing::read_file(out);
  EXPECT_EQ(line_count(text), 1261);
  EXPECT_TRUE(text.starts_with("id,symbol,asset_type,date,open,high,low,close,volume,"));
  for (const auto& entry : std::filesystem::directory_iterator(dir_.path())) {
    EXPECT_FALSE(contains(entry.path().filename().string(), ".tmp")) << entry.path();
  }
  auto unknown =
      quantloop({"query", "export", "--table", "secrets", "--output", dir_.file("x.csv")});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_TRUE(contains(unknown.err, "--table: 'secrets' is not one of market_data")) << unknown.err;
  EXPECT_FALSE(std::filesystem::exists(dir_.file("x.csv")));
}

TEST_F(CliTest, SqlIsReadOnly) {
  ASSERT_EQ(quantloop({"ingest", "csv", bundled_data("daily/JNJ_data.csv").string()}).exit_code, 0);
  auto count = quantloop({"sql", "SELECT COUNT(*) AS n FROM market_data", "--json"});
  EXPECT_EQ(nlohmann::json::parse(count.out)[0]["n"], 1260);
  auto write = quantloop({"sql", "DELETE FROM market_data"});
  EXPECT_EQ(write.exit_code, 1);
  EXPECT_TRUE(contains(write.err, "runs one reading statement")) << write.err;
}

TEST_F(CliTest, CheckReportsGapsAsJson) {
  ASSERT_EQ(quantloop({"ingest", "csv", bundled_data("daily/AAPL_data.csv").string(),
                       bundled_data("intraday/AAPL_1h.csv").string()})
                .exit_code,
            0);
  auto result = quantloop({"check", "--symbol", "AAPL", "--json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  auto json = nlohmann::json::parse(result.out);
  ASSERT_EQ(json.size(), 2u);
  EXPECT_EQ(json[0]["interval"], "1d");
  EXPECT_EQ(json[0]["missing_bars"], 0);
  EXPECT_EQ(json[0]["expected_bars"], 1260);
  // Yahoo's hourly file lacks the last half-hour bar of the 4 early-close days.
  EXPECT_EQ(json[1]["missing_bars"], 4);
}

TEST_F(CliTest, YahooIngestReportsPartialSuccessWithExitThree) {
  testing::YahooReplayServer server;
  auto result = quantloop({"ingest", "yahoo", "--symbols", "AAPL,NOPE", "--interval", "1h",
                           "--range", "1mo", "--base-url", server.base_url(), "--json"});
  EXPECT_EQ(result.exit_code, 3) << result.err;
  auto json = nlohmann::json::parse(result.out);
  EXPECT_EQ(json["inserted"], 13);
  EXPECT_EQ(json["missing_rows"], 1);
  EXPECT_EQ(json["failed"][0]["symbol"], "NOPE");
  auto all_failed =
      quantloop({"ingest", "yahoo", "--symbols", "NOPE", "--base-url", server.base_url()});
  EXPECT_EQ(all_failed.exit_code, 1);
}

TEST_F(CliTest, WorksTheSameOnPostgres) {
  PostgresDatabase database;
  db_ = database.url();
  auto ingest =
      quantloop({"ingest", "csv", bundled_data("daily/AAPL_data.csv").string(), "--json"});
  ASSERT_EQ(ingest.exit_code, 0) << ingest.err;
  EXPECT_EQ(nlohmann::json::parse(ingest.out)["inserted"], 1260);
  auto stats = nlohmann::json::parse(quantloop({"query", "stats", "--json"}).out);
  EXPECT_EQ(stats["tables"]["market_data"], 1260);
  EXPECT_EQ(stats["first"], "2012-12-06 00:00:00");
  auto check = nlohmann::json::parse(quantloop({"check", "--json"}).out);
  EXPECT_EQ(check[0]["missing_bars"], 0);

  // Training runs and their records.
  for (int run = 1; run <= 2; ++run) {
    auto train = quantloop({"train", "--mode", "full", "--symbols", "AAPL", "--at",
                            "2017-12-05T20:00Z", "--epochs", "2", "--json"});
    ASSERT_EQ(train.exit_code, 0) << train.err;
    EXPECT_EQ(nlohmann::json::parse(train.out)["run_id"], run);
  }
  auto performance = nlohmann::json::parse(quantloop({"query", "performance", "--json"}).out);
  ASSERT_EQ(performance.size(), 1u);
  EXPECT_EQ(performance[0]["models"], 2);
  EXPECT_GT(performance[0]["avg_baseline"].get<double>(), 0.3);
  auto runs = nlohmann::json::parse(quantloop({"query", "runs", "--json"}).out);
  EXPECT_EQ(runs[0]["status"], "success");
}

}  // namespace
}  // namespace quantloop
