#include "features/feature_set.h"

#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <random>

#include "data/csv_formats.h"
#include "data/source_file.h"
#include "test_support.h"

namespace quantloop::features {
namespace {

BarSeries bundled(const std::string& file, Interval interval, std::size_t limit = 0) {
  const std::string path = testing::bundled_data(file).string();
  const std::string text = read_source_file(path);
  const auto parsed = parse_csv(text, detect_csv_format(text, path), path);
  BarSeries series{"AAPL", AssetType::stock, interval, {}};
  for (const auto& bar : parsed.bars)
    series.bars.push_back(bar.bar);
  if (limit && series.bars.size() > limit) series.bars.resize(limit);
  return series;
}

const nlohmann::json& reference() {
  static const nlohmann::json json = nlohmann::json::parse(testing::read_file(
      (testing::source_dir() / "tests/features/reference/features.json").string()));
  return json;
}

// The pandas implementation of the same definitions (tests/features/reference), on real data.
TEST(FeatureSet, MatchesThePandasReferenceOnRealDailyAndHourlyBars) {
  EXPECT_EQ(reference().at("names").get<std::vector<std::string>>(), feature_names());
  for (const auto& expected : reference().at("series")) {
    const std::string name = expected.at("name");
    const BarSeries series = name == "AAPL_1d"
                                 ? bundled("daily/AAPL_data.csv", Interval::day())
                                 : bundled("intraday/AAPL_1h.csv", Interval::hour(), 600);
    const FeatureFrame frame = build_features(series);
    ASSERT_EQ(frame.rows(), expected.at("rows").get<std::size_t>()) << name;
    for (const auto& row : expected.at("sampled")) {
      const std::size_t r = row.at("index");
      EXPECT_EQ(frame.times[r], row.at("time").get<UnixSeconds>()) << name << " row " << r;
      const auto values = row.at("values").get<std::vector<double>>();
      for (std::size_t c = 0; c < values.size(); ++c) {
        EXPECT_NEAR(frame.row(r)[c], values[c], 1e-10 * std::max(1.0, std::abs(values[c])))
            << name << " row " << r << " " << feature_names()[c];
      }
      if (row.at("next_log_return").is_null()) {
        EXPECT_TRUE(std::isnan(frame.next_log_return[r]));
        EXPECT_EQ(frame.next_direction[r], -1);
      } else {
        EXPECT_NEAR(frame.next_log_return[r], row.at("next_log_return").get<double>(), 1e-14);
        EXPECT_EQ(frame.next_direction[r], row.at("next_direction").get<int>());
      }
    }
  }
}

// No look-ahead: replacing every bar after t changes nothing at or before t.
TEST(FeatureSet, FeaturesAtTUseNothingAfterT) {
  const BarSeries original = bundled("daily/AAPL_data.csv", Interval::day());
  const FeatureFrame full = build_features(original);
  std::mt19937_64 random(5);
  for (std::size_t cut : {60u, 200u, 777u, 1258u}) {
    BarSeries altered = original;
    std::uniform_real_distribution<double> factor(0.5, 2.0);
    for (std::size_t i = cut + 1; i < altered.bars.size(); ++i) {
      Bar& b = altered.bars[i];
      const double f = factor(random);
      b.open *= f;
      b.close *= f * 1.01;
      b.high = std::max(b.open, b.close) * 1.02;
      b.low = std::min(b.open, b.close) * 0.98;
      b.volume *= factor(random);
    }
    const FeatureFrame changed = build_features(altered);
    for (std::size_t r = 0; r < full.rows() && full.times[r] <= original.bars[cut].time; ++r) {
      ASSERT_EQ(changed.times[r], full.times[r]);
      for (std::size_t c = 0; c < full.columns(); ++c) {
        ASSERT_EQ(changed.row(r)[c], full.row(r)[c])
            << "cut " << cut << " row " << r << " " << feature_names()[c];
      }
      // The target of the row at t uses bar t+1: only the last such row may differ.
      if (full.times[r] < original.bars[cut].time) {
        ASSERT_EQ(changed.next_direction[r], full.next_direction[r]);
      }
    }
  }
}

TEST(FeatureSet, WarmUpRowsAreDroppedNotFilled) {
  const BarSeries series = bundled("daily/AAPL_data.csv", Interval::day());
  const FeatureFrame frame = build_features(series);
  EXPECT_EQ(frame.times.front(), series.bars[warm_up_bars()].time);
  for (double v : frame.values)
    ASSERT_TRUE(std::isfinite(v));
  BarSeries short_series = series;
  short_series.bars.resize(warm_up_bars());
  EXPECT_EQ(build_features(short_series).rows(), 0u);
}

TEST(FeatureSet, ForexWithoutVolumeKeepsItsRows) {
  BarSeries series = bundled("daily/AAPL_data.csv", Interval::day());
  for (Bar& b : series.bars)
    b.volume = 0;
  const FeatureFrame frame = build_features(series);
  EXPECT_EQ(frame.rows(), series.bars.size() - warm_up_bars());
}

}  // namespace
}  // namespace quantloop::features
