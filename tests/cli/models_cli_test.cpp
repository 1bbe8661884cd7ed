// train -> promote -> predict -> history as a user runs them, on the embedded store.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "test_support.h"

namespace quantloop {
namespace {

using nlohmann::json;
using testing::bundled_data;
using testing::contains;
using testing::run_quantloop;
using testing::TempDir;

class ModelsCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto ingested = quantloop({"ingest", "csv", bundled_data("daily/AAPL_data.csv").string(),
                               bundled_data("daily/JPM_data.csv").string()});
    ASSERT_EQ(ingested.exit_code, 0) << ingested.err;
  }
  testing::ProcessResult quantloop(std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", dir_.file("q.db")});
    return run_quantloop(args, dir_.path().string());
  }
  json quantloop_json(std::vector<std::string> args, int expected_exit = 0) {
    auto result = quantloop(std::move(args));
    EXPECT_EQ(result.exit_code, expected_exit) << result.err << result.out;
    return json::parse(result.out);
  }
  json train(const std::string& at) {
    return quantloop_json({"train", "--mode", "full", "--symbols", "AAPL,JPM", "--model", "linear",
                           "--at", at, "--json"});
  }

  TempDir dir_;
};

TEST_F(ModelsCliTest, TrainPromotePredictAndTheRecordOfEveryDecision) {
  const json run = train("2017-11-01T20:00Z");
  ASSERT_EQ(run["promotions"].size(), 2u);
  for (const auto& d : run["promotions"]) {
    EXPECT_EQ(d["champion"], 0);
    EXPECT_EQ(d["challenger"], 1);
    EXPECT_GE(d["rows"].get<int>(), 30);
    EXPECT_TRUE(d["decision"] == "promoted" || d["decision"] == "kept") << d;
  }
  const json list = quantloop_json({"models", "list", "--json"});
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0]["symbol"], "AAPL");
  EXPECT_EQ(list[0]["interval"], "1d");
  EXPECT_EQ(list[0]["versions"], 2);

  // A prediction from the champion: the bar after the last complete one at the clock.
  const json predictions =
      quantloop_json({"predict", "--symbols", "AAPL,JPM", "--at", "2017-11-02T12:00Z", "--json"});
  ASSERT_EQ(predictions.size(), 2u);
  const json& p = predictions[0];
  EXPECT_EQ(p["symbol"], "AAPL");
  EXPECT_EQ(p["as_of"], "2017-11-01 00:00:00");
  for (const char* field : {"interval", "prob_up", "direction", "confidence", "model_version",
                            "model_type", "trained_at", "stale"}) {
    EXPECT_TRUE(p.contains(field)) << field;
  }
  EXPECT_EQ(p["trained_at"], "2017-11-01 20:00:00");
  EXPECT_FALSE(p["stale"].get<bool>());

  // By hand: version 1 of AAPL becomes champion (or stays), recorded with the rule's verdict.
  const json versions = quantloop_json({"models", "show", "AAPL", "--json"});
  ASSERT_EQ(versions.size(), 2u);
  EXPECT_EQ(versions[0]["type"], "baseline");
  EXPECT_EQ(versions[1]["type"], "linear");
  EXPECT_EQ(versions[1]["sha256"].get<std::string>().size(), 12u);
  if (versions[1]["alias"] != "champion") {
    const json promoted = quantloop_json({"models", "promote", "AAPL", "--json"});
    EXPECT_EQ(promoted[0]["metric"], "manual");
    EXPECT_TRUE(contains(promoted[0]["reason"], "promoted by user (the rule would have kept"))
        << promoted;
  }
  EXPECT_EQ(quantloop_json({"predict", "--symbols", "AAPL", "--json"})[0]["model_version"], 1);
  const json back = quantloop_json({"models", "rollback", "AAPL", "--json"});
  EXPECT_EQ(back[0]["decision"], "rolled_back");
  EXPECT_EQ(quantloop_json({"predict", "--symbols", "AAPL", "--json"})[0]["model_version"], 0);

  const json history = quantloop_json({"models", "history", "AAPL", "--json"});
  EXPECT_GE(history["aliases"].size(), 3u);
  EXPECT_EQ(history["aliases"][0]["to"], 0);
  EXPECT_EQ(history["decisions"][0]["decision"], "rolled_back");
  EXPECT_TRUE(history["decisions"].back()["evidence"].contains("times"));
  const json decisions = quantloop_json({"query", "promotions", "--symbol", "AAPL", "--json"});
  EXPECT_EQ(decisions.size(), history["decisions"].size());

  // A second run: a new challenger for each series.
  const json again = train("2017-12-05T20:00Z");
  ASSERT_EQ(again["promotions"].size(), 2u);
  EXPECT_EQ(again["promotions"][0]["challenger"], 2);

  const json live = quantloop_json({"query", "live", "--json"});
  ASSERT_FALSE(live.empty());
  bool resolved = false;
  for (const auto& row : live)
    resolved = resolved || row["resolved"].get<int>() > 0;
  EXPECT_TRUE(resolved) << live;  // the 2017-11-02 predictions met their outcomes

  // An export is a model directory.
  const auto exported =
      quantloop({"models", "export", "JPM", "--version", "1", dir_.file("jpm-v1")});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  EXPECT_TRUE(std::filesystem::exists(dir_.file("jpm-v1/model.json")));
  EXPECT_EQ(quantloop({"models", "export", "JPM", dir_.file("jpm-v1")}).exit_code, 1);

  const json plan = quantloop_json({"models", "gc", "--dry-run", "--json"});
  EXPECT_EQ(plan.size(), 6u);  // three versions of two series, all needed
}

TEST_F(ModelsCliTest, ErrorsNameTheSymbolAndPartialPredictionsExitThree) {
  train("2017-12-05T20:00Z");
  const auto partial = quantloop({"predict", "--symbols", "AAPL,NOPE"});
  EXPECT_EQ(partial.exit_code, 3);
  EXPECT_TRUE(contains(partial.err, "NOPE has no champion")) << partial.err;
  EXPECT_TRUE(contains(partial.out, "AAPL"));
  EXPECT_EQ(quantloop({"predict", "--symbols", "NOPE"}).exit_code, 1);
  const auto missing = quantloop({"models", "promote", "AAPL", "--version", "9"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_TRUE(contains(missing.err, "AAPL 1d has no version 9")) << missing.err;
  const auto none = quantloop({"models", "history", "NOPE"});
  EXPECT_EQ(none.exit_code, 1);
  EXPECT_TRUE(contains(none.err, "NOPE has no models")) << none.err;
}

}  // namespace
}  // namespace quantloop
