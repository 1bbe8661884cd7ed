// `quantloop concepts`, end to end: the command's JSON, from a stored symbol and from a file,
// equals the independent implementation of the text value for value; errors name the input.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>

#include "../concepts/concepts_reference.h"
#include "test_support.h"

namespace quantloop {
namespace {

using testing::bundled_data;
using testing::run_quantloop;
using testing::TempDir;

// The reference's parameters, as a quantloop.toml.
std::string reference_config(TempDir& dir) {
  const auto& p = concepts::reference()["parameters"];
  const std::string path = dir.file("quantloop.toml");
  testing::write_file(path,
                      fmt::format("[concepts]\nswing_length = {}\nfvg_min_atr = {}\n"
                                  "max_age_bars = {}\n",
                                  p["swing_length"].get<int>(), p["fvg_min_atr"].get<double>(),
                                  p["max_age_bars"].get<int>()));
  return path;
}

TEST(ConceptsCli, AStoredSymbolsJsonEqualsTheIndependentImplementation) {
  TempDir dir;
  const std::string db = dir.file("q.db"), config = reference_config(dir);
  ASSERT_EQ(run_quantloop({"--db", db, "ingest", "csv", "--symbol", "AAPL", "--interval", "1h",
                           bundled_data("intraday/AAPL_1h.csv").string()})
                .exit_code,
            0);
  const auto result = run_quantloop({"--config", config, "--db", db, "concepts", "--symbol", "AAPL",
                                     "--interval", "1h", "--json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  concepts::expect_equal_to_reference(nlohmann::json::parse(result.out),
                                      concepts::reference()["series"]["AAPL_1h"]);
  // The table names the counts and the last bar's context.
  const auto table = run_quantloop(
      {"--config", config, "--db", db, "concepts", "--symbol", "AAPL", "--interval", "1h"});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_NE(table.out.find("AAPL 1h: 3302 bars from 2024-01-02"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("market_structure"), std::string::npos) << table.out;
}

TEST(ConceptsCli, AFileWindowsJsonEqualsTheIndependentImplementation) {
  TempDir dir;
  const auto& want = concepts::reference()["series"]["BTCUSD_1h"];
  const auto result = run_quantloop({"--config", reference_config(dir), "concepts", "--file",
                                     bundled_data("intraday/Coinbase_BTCUSD_1h.csv").string(),
                                     "--from", want["from"].get<std::string>(), "--to",
                                     want["to"].get<std::string>(), "--json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  concepts::expect_equal_to_reference(nlohmann::json::parse(result.out), want);
}

TEST(ConceptsCli, ErrorsNameTheInput) {
  TempDir dir;
  const std::string db = dir.file("q.db");
  const auto neither = run_quantloop({"--db", db, "concepts", "--interval", "1h"});
  EXPECT_EQ(neither.exit_code, 2);
  EXPECT_NE(neither.err.find("--symbol"), std::string::npos) << neither.err;
  const auto missing = run_quantloop({"concepts", "--file", dir.file("nope.csv")});
  EXPECT_NE(missing.exit_code, 0);
  EXPECT_NE(missing.err.find("nope.csv"), std::string::npos) << missing.err;
  ASSERT_EQ(run_quantloop({"--db", db, "ingest", "csv", "--symbol", "AAPL", "--interval", "1h",
                           bundled_data("intraday/AAPL_1h.csv").string()})
                .exit_code,
            0);
  const auto empty = run_quantloop(
      {"--db", db, "concepts", "--symbol", "AAPL", "--interval", "1h", "--from", "2030-01-01"});
  EXPECT_EQ(empty.exit_code, 1);
  EXPECT_NE(empty.err.find("AAPL: no bars from 2030-01-01"), std::string::npos) << empty.err;
  const auto backwards = run_quantloop(
      {"--db", db, "concepts", "--symbol", "AAPL", "--from", "2025-01-02", "--to", "2025-01-01"});
  EXPECT_EQ(backwards.exit_code, 2);
  EXPECT_NE(backwards.err.find("--from"), std::string::npos) << backwards.err;
  const auto finer =
      run_quantloop({"--db", db, "concepts", "--symbol", "AAPL", "--interval", "1m"});
  EXPECT_EQ(finer.exit_code, 1);
  EXPECT_NE(finer.err.find("AAPL: no 1m bars stored, and they cannot be made from its finest "
                           "stored interval, 1h"),
            std::string::npos)
      << finer.err;
  const std::string file = bundled_data("intraday/AAPL_1h.csv").string();
  const auto file_finer = run_quantloop({"concepts", "--file", file, "--interval", "1m"});
  EXPECT_EQ(file_finer.exit_code, 1);
  EXPECT_NE(file_finer.err.find("its bars are 1h; --interval 1m cannot be made from them"),
            std::string::npos)
      << file_finer.err;
}

TEST(ConceptsCli, AFilesBarsAreResampledToACoarserInterval) {
  // Coinbase's hours open on the hour: four make a UTC-aligned 4-hour bar.
  const std::string file = bundled_data("intraday/Coinbase_BTCUSD_1h.csv").string();
  const auto hours = run_quantloop({"concepts", "--file", file, "--json"});
  const auto fours = run_quantloop({"concepts", "--file", file, "--interval", "4h", "--json"});
  ASSERT_EQ(hours.exit_code, 0) << hours.err;
  ASSERT_EQ(fours.exit_code, 0) << fours.err;
  const auto h = nlohmann::json::parse(hours.out)["bars"],
             f = nlohmann::json::parse(fours.out)["bars"];
  // One 4-hour bar per 4-hour bucket the hours touch: the file's buckets are all over.
  std::map<UnixSeconds, int> buckets;
  for (const auto& bar : h) {
    const UnixSeconds t = *parse_timestamp(bar["time"].get<std::string>());
    ++buckets[t - t % (4 * 3600)];
  }
  ASSERT_EQ(f.size(), buckets.size());
  std::size_t k = 0;
  for (const auto& [start, count] : buckets)
    EXPECT_EQ(*parse_timestamp(f[k++]["time"].get<std::string>()), start);
  // Yahoo's stock hours open at :30: they cannot make UTC-aligned 4-hour bars.
  const auto stock = run_quantloop(
      {"concepts", "--file", bundled_data("intraday/AAPL_1h.csv").string(), "--interval", "4h"});
  EXPECT_EQ(stock.exit_code, 1);
  EXPECT_NE(stock.err.find("does not fit the UTC-aligned 4h bars"), std::string::npos) << stock.err;
}

}  // namespace
}  // namespace quantloop
