// `quantloop pairs` through the binary: the scan's funnel table, the JSON, usage errors; the
// pair GRUs' training, ranking and trends.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "test_support.h"

namespace quantloop {
namespace {

using testing::contains;
using testing::run_quantloop;
using testing::shared_data;

TEST(PairsCli, ScanPrintsTheFunnelAndRecordsEveryCandidate) {
  testing::TempDir dir;
  const auto ingest =
      run_quantloop({"ingest", "csv", shared_data("pairs/GLD.csv").string(),
                     shared_data("pairs/GDX.csv").string(), shared_data("pairs/KO.csv").string(),
                     shared_data("pairs/PEP.csv").string()},
                    dir.path().string());
  ASSERT_EQ(ingest.exit_code, 0) << ingest.err;
  const std::vector<std::string> scan{
      "pairs",   "scan",       "--symbols",       "GLD,GDX,KO,PEP,NOPE",
      "--as-of", "2019-07-13", "--lookback-days", "365"};
  const auto table = run_quantloop(scan, dir.path().string());
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_TRUE(contains(table.out, "4 symbols, 251 common 1d bars from 2018-07-13")) << table.out;
  EXPECT_TRUE(contains(table.out, "skipped NOPE: no 1d bars")) << table.out;
  EXPECT_TRUE(contains(table.out, "│ correlation   │        6 │      1 │")) << table.out;
  EXPECT_TRUE(contains(table.out, "0 active pairs")) << table.out;

  auto args = scan;
  args.insert(args.end(), {"--min-correlation", "0.3", "--max-pvalue", "0.9", "--json"});
  const auto json_run = run_quantloop(args, dir.path().string());
  ASSERT_EQ(json_run.exit_code, 0) << json_run.err;
  const auto out = nlohmann::json::parse(json_run.out);
  EXPECT_EQ(out["funnel"]["pairs"], 6);
  EXPECT_EQ(out["scan_id"], 2);
  EXPECT_EQ(out["skipped"]["NOPE"].get<std::string>().substr(0, 10), "no 1d bars");
  EXPECT_EQ(out["candidates"].size(), 6u);
  EXPECT_EQ(out["candidates"][0]["y"], "GDX");  // GDX on GLD: the lower Engle-Granger p
  EXPECT_TRUE(out["candidates"][0]["scores"].contains("composite"));
  EXPECT_EQ(testing::sqlite_value(dir.file("quantloop.db"), "SELECT COUNT(*) FROM pair_candidates"),
            "12");

  // Two scans recorded: the best pairs by their mean score over their last 3 scans.
  const auto best = run_quantloop({"pairs", "best", "--limit", "2", "--json"}, dir.path().string());
  ASSERT_EQ(best.exit_code, 0) << best.err;
  const auto ranked = nlohmann::json::parse(best.out);
  ASSERT_EQ(ranked.size(), 2u);
  EXPECT_EQ(ranked[0]["rank"], 1);
  EXPECT_EQ(ranked[0]["scans"], 2);
  EXPECT_GE(ranked[0]["average"].get<double>(), ranked[1]["average"].get<double>());

  // The scans of the last days, and one pair's figures and history.
  const auto recent =
      run_quantloop({"pairs", "recent", "--days", "36500", "--json"}, dir.path().string());
  ASSERT_EQ(recent.exit_code, 0) << recent.err;
  EXPECT_EQ(nlohmann::json::parse(recent.out).size(), 2u);
  const auto show = run_quantloop({"pairs", "show", "gld/gdx", "--json"}, dir.path().string());
  ASSERT_EQ(show.exit_code, 0) << show.err;
  const auto shown = nlohmann::json::parse(show.out);
  EXPECT_EQ(shown["y"], "GDX");
  EXPECT_EQ(shown["history"].size(), 2u);
  EXPECT_EQ(shown["as_of"], "2019-07-13T00:00:00Z");
  const auto unknown = run_quantloop({"pairs", "show", "GLD/NOPE"}, dir.path().string());
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_TRUE(contains(unknown.err, "GLD/NOPE: no scan has screened this pair")) << unknown.err;
  EXPECT_EQ(run_quantloop({"pairs", "show", "GLD"}, dir.path().string()).exit_code, 2);

  const auto backwards = run_quantloop(
      {"pairs", "scan", "--symbols", "GLD,GDX", "--from", "2019-08-01", "--as-of", "2019-07-13"},
      dir.path().string());
  EXPECT_EQ(backwards.exit_code, 2);
  EXPECT_TRUE(contains(backwards.err, "--from")) << backwards.err;
  const auto gate = run_quantloop({"pairs", "scan", "--min-score", "2"}, dir.path().string());
  EXPECT_EQ(gate.exit_code, 2);

  // --to names the last bar instead of the clock: through 2019-07-12 is the clock 2019-07-13.
  const auto through = run_quantloop({"pairs", "scan", "--symbols", "GLD,GDX,KO,PEP", "--to",
                                      "2019-07-12", "--lookback-days", "365", "--json"},
                                     dir.path().string());
  ASSERT_EQ(through.exit_code, 0) << through.err;
  const auto to_scan = nlohmann::json::parse(through.out);
  EXPECT_EQ(to_scan["as_of"], "2019-07-13T00:00:00Z");
  EXPECT_EQ(to_scan["data_end"], "2019-07-12T00:00:00Z");
  EXPECT_EQ(to_scan["funnel"]["correlation"], 1);  // as the --as-of scan's table says
  EXPECT_EQ(to_scan["rows"], 251);
  const auto both = run_quantloop({"pairs", "scan", "--to", "2019-07-12", "--as-of", "2019-07-13"},
                                  dir.path().string());
  EXPECT_EQ(both.exit_code, 2);
  testing::TempDir empty;
  run_quantloop({"ingest", "csv", shared_data("pairs/GLD.csv").string()}, empty.path().string());
  const auto none = run_quantloop({"pairs", "best"}, empty.path().string());
  EXPECT_EQ(none.exit_code, 1);
  EXPECT_TRUE(contains(none.err, "no pair scan is recorded yet")) << none.err;
  // The trading score trades the signals' own thresholds (pairs.entry_z and exit_z).
  auto near_entry = args;
  near_entry.insert(near_entry.begin(),
                    {"--set", "pairs.entry_z=0.75", "--set", "pairs.exit_z=0.1"});
  const auto scored = run_quantloop(near_entry, dir.path().string());
  ASSERT_EQ(scored.exit_code, 0) << scored.err;
  const auto rescored = nlohmann::json::parse(scored.out);
  ASSERT_TRUE(out["candidates"][0]["scores"]["trading"].is_number());
  EXPECT_NE(rescored["candidates"][0]["scores"]["trading"],
            out["candidates"][0]["scores"]["trading"]);
  EXPECT_EQ(rescored["candidates"][0]["scores"]["fit"], out["candidates"][0]["scores"]["fit"]);
}

// `pairs train` after a scan: a GRU per pair past the correlation gate, ranked by test F1 beside
// always-revert's, with trends; no scan by the clock is an error that says what to run.
TEST(PairsCli, TrainRanksThePairsGrusAndTheirTrends) {
  testing::TempDir dir;
  const auto ingest =
      run_quantloop({"ingest", "csv", shared_data("pairs/GLD.csv").string(),
                     shared_data("pairs/GDX.csv").string(), shared_data("pairs/KO.csv").string(),
                     shared_data("pairs/PEP.csv").string()},
                    dir.path().string());
  ASSERT_EQ(ingest.exit_code, 0) << ingest.err;
  const auto early =
      run_quantloop({"pairs", "train", "--as-of", "2019-07-13"}, dir.path().string());
  EXPECT_EQ(early.exit_code, 1);
  EXPECT_TRUE(contains(early.err,
                       "no pair scan is recorded at or before 2019-07-13T00:00:00Z: "
                       "run quantloop pairs scan"))
      << early.err;
  const auto scan =
      run_quantloop({"pairs", "scan", "--symbols", "GLD,GDX,KO,PEP", "--as-of", "2019-07-13",
                     "--lookback-days", "365", "--min-correlation", "0.3", "--json"},
                    dir.path().string());
  ASSERT_EQ(scan.exit_code, 0) << scan.err;
  const int passed = nlohmann::json::parse(scan.out)["funnel"]["correlation"];
  ASSERT_GE(passed, 2);

  const auto train = run_quantloop(
      {"pairs", "train", "--as-of", "2019-07-14", "--epochs", "3", "--json"}, dir.path().string());
  ASSERT_EQ(train.exit_code, 0) << train.err;
  EXPECT_TRUE(contains(train.err, fmt::format("[{}/{}] ", passed, passed))) << train.err;
  const auto trained = nlohmann::json::parse(train.out);
  EXPECT_EQ(trained["status"], "success");
  ASSERT_EQ(trained["models"].size(), std::size_t(passed));
  for (const auto& m : trained["models"]) {
    EXPECT_GT(m["test_rows"].get<int>(), 50);
    EXPECT_GE(m["f1"].get<double>(), 0.0);
    EXPECT_GT(m["always_revert_f1"].get<double>(), 0.0);
    EXPECT_LT(m["always_revert_f1"].get<double>(), 1.0);
  }
  EXPECT_EQ(testing::sqlite_value(dir.file("quantloop.db"),
                                  "SELECT COUNT(*) FROM model_performance WHERE run_id = " +
                                      trained["run_id"].dump()),
            std::to_string(passed));

  const auto best = run_quantloop({"pairs", "best", "--by", "f1", "--json"}, dir.path().string());
  ASSERT_EQ(best.exit_code, 0) << best.err;
  const auto ranked = nlohmann::json::parse(best.out);
  ASSERT_EQ(ranked.size(), std::size_t(passed));
  EXPECT_EQ(ranked[0]["rank"], 1);
  EXPECT_GE(ranked[0]["f1"].get<double>(), ranked[1]["f1"].get<double>());

  const auto trends = run_quantloop({"pairs", "trends", "gdx/gld", "--json"}, dir.path().string());
  ASSERT_EQ(trends.exit_code, 0) << trends.err;
  const auto rows = nlohmann::json::parse(trends.out)["trends"];
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[2]["metric"], "f1_score");
  EXPECT_EQ(rows[2]["observations"], 1);
  const auto unknown = run_quantloop({"pairs", "trends", "GLD/NOPE"}, dir.path().string());
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_TRUE(contains(unknown.err, "GLD/NOPE: no trend recorded")) << unknown.err;
}

}  // namespace
}  // namespace quantloop

namespace quantloop {
namespace {

// `pairs signals` and `replay` through the binary on a planted pair: signals and paper trades in
// seed 002's tables, the replay's summary, and the errors that say what to run first.
TEST(PairsCli, SignalsAndAReplayFillSeed002sTables) {
  testing::TempDir dir;
  const auto none =
      run_quantloop({"replay", "--from", "2026-06-01", "--to", "2026-07-01"}, dir.path().string());
  EXPECT_NE(none.exit_code, 0);
  const auto ingest = run_quantloop(
      {"ingest", "synthetic", "--symbols", "AAA,BBB,CCC", "--interval", "1d", "--days", "800",
       "--end", "2026-11-20", "--pair", "AAA,BBB", "--half-life", "3"},
      dir.path().string());
  ASSERT_EQ(ingest.exit_code, 0) << ingest.err;
  const auto early = run_quantloop({"pairs", "signals", "--at", "2026-06-02"}, dir.path().string());
  EXPECT_EQ(early.exit_code, 1);
  EXPECT_TRUE(contains(early.err, "run quantloop pairs scan first")) << early.err;
  const auto scan = run_quantloop({"pairs", "scan", "--symbols", "AAA,BBB,CCC", "--as-of",
                                   "2026-06-01", "--lookback-days", "365"},
                                  dir.path().string());
  ASSERT_EQ(scan.exit_code, 0) << scan.err;
  // The June scan does not exist in March: a run then has no scan to trade on, and a replay
  // from before the scan trades nothing until its clock.
  const auto march =
      run_quantloop({"pairs", "signals", "--at", "2026-03-01T20:00Z"}, dir.path().string());
  EXPECT_EQ(march.exit_code, 1);
  EXPECT_TRUE(contains(march.err, "no active pair at 2026-03-01T20:00:00Z")) << march.err;
  const auto before = run_quantloop(
      {"--set", "pairs.entry_z=0.1", "replay", "--from", "2026-05-01", "--to", "2026-06-01"},
      dir.path().string());
  ASSERT_EQ(before.exit_code, 0) << before.err;
  EXPECT_EQ(testing::sqlite_value(dir.file("quantloop.db"),
                                  "SELECT COUNT(*) FROM signals WHERE entry_time < '2026-06-01'"),
            "0");
  const std::string replayed =
      testing::sqlite_value(dir.file("quantloop.db"), "SELECT COUNT(*) FROM signals");
  // For a schedule of */5 9-16 * * 1-5 New York time: Saturday and 09:05 do nothing.
  for (const char* closed : {"2026-06-06T16:00:00Z", "2026-06-01T13:05:00Z"}) {
    const auto idle =
        run_quantloop({"pairs", "signals", "--market-hours", "--at", closed}, dir.path().string());
    EXPECT_EQ(idle.exit_code, 0) << idle.err;
    EXPECT_TRUE(contains(idle.err, "outside NYSE trading hours")) << idle.err;
  }
  EXPECT_EQ(testing::sqlite_value(dir.file("quantloop.db"), "SELECT COUNT(*) FROM signals"),
            replayed);
  const auto watch =
      run_quantloop({"pairs", "watch", "--until", "2026-01-01"}, dir.path().string());
  EXPECT_EQ(watch.exit_code, 0) << watch.err;
  EXPECT_TRUE(contains(watch.err, "watch ends")) << watch.err;
  const auto one =
      run_quantloop({"pairs", "signals", "--at", "2026-06-02", "--json"}, dir.path().string());
  ASSERT_EQ(one.exit_code, 0) << one.err;
  EXPECT_EQ(nlohmann::json::parse(one.out)["at"], "2026-06-02T00:00:00Z");
  const auto replay = run_quantloop({"--set", "pairs.min_correlation=0.5", "replay", "--from",
                                     "2026-06-02", "--to", "2026-10-01"},
                                    dir.path().string());
  ASSERT_EQ(replay.exit_code, 0) << replay.err;
  EXPECT_TRUE(contains(replay.err, "replayed ")) << replay.err;
  const std::string db = dir.file("quantloop.db");
  const int signals = std::stoi(testing::sqlite_value(db, "SELECT COUNT(*) FROM signals"));
  EXPECT_GE(signals, 1);
  EXPECT_TRUE(contains(replay.err, "paper trades opened")) << replay.err;
  EXPECT_EQ(testing::sqlite_value(db,
                                  "SELECT COUNT(*) FROM trades WHERE signal_id NOT IN "
                                  "(SELECT signal_id FROM signals)"),
            "0");

  // Seed 004's decision 10: GHOST has no bars; the replay feeds CCC's, scaled to GHOST's
  // reference price, and says so on stderr and in every bar's JSON.
  const auto refused =
      run_quantloop({"--set", "replay.proxy=CCC", "replay", "--symbols", "AAA,GHOST", "--from",
                     "2026-10-02", "--to", "2026-10-20", "--json"},
                    dir.path().string());
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_TRUE(contains(refused.err, "replay.reference_prices = [\"GHOST=PRICE\"]")) << refused.err;
  const auto proxied =
      run_quantloop({"--set", "replay.proxy=CCC", "--set", "replay.reference_prices=GHOST=25",
                     "--set", "pairs.min_correlation=0.5", "replay", "--symbols", "aaa,ghost",
                     "--from", "2026-10-02", "--to", "2026-10-20", "--speed", "0x", "--json"},
                    dir.path().string());
  ASSERT_EQ(proxied.exit_code, 0) << proxied.err;
  EXPECT_TRUE(contains(proxied.err, "GHOST: no 1d bar")) << proxied.err;
  EXPECT_TRUE(contains(proxied.err, "PROXY CCC")) << proxied.err;
  int ghost_bars = 0;
  std::istringstream docs(proxied.out);
  while (docs >> std::ws && docs.peek() != EOF) {
    nlohmann::json step;
    docs >> step;
    for (const auto& bar : step["bars"]) {
      EXPECT_EQ(bar["data_source"], bar["symbol"] == "GHOST" ? "proxy" : "real") << bar.dump();
      ghost_bars += bar["symbol"] == "GHOST";
    }
  }
  EXPECT_GE(ghost_bars, 10);
  const auto bad_speed = run_quantloop({"replay", "--speed", "fast"}, dir.path().string());
  EXPECT_EQ(bad_speed.exit_code, 2);
  EXPECT_TRUE(contains(bad_speed.err, "--speed")) << bad_speed.err;
}

}  // namespace
}  // namespace quantloop
