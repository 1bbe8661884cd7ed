#include "reference.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "data/csv_formats.h"
#include "data/source_file.h"
#include "stats/transforms.h"
#include "test_support.h"

namespace quantloop::testing {

namespace {

struct Daily {
  std::vector<UnixSeconds> times;
  std::vector<double> adj_close;
  std::vector<double> close;
};

Daily read_daily(const std::filesystem::path& path) {
  static std::map<std::string, Daily> cache;
  auto it = cache.find(path.string());
  if (it != cache.end()) return it->second;
  const std::string text = read_source_file(path.string());
  const ParsedCsv parsed = parse_csv(text, CsvFormat::delimited, path.string());
  Daily daily;
  for (const auto& bar : parsed.bars) {
    daily.times.push_back(bar.bar.time);
    daily.adj_close.push_back(bar.bar.adj_close);
    daily.close.push_back(bar.bar.close);
  }
  return cache[path.string()] = daily;
}

std::vector<double> percent_returns(const std::vector<double>& prices) {
  return stats::transform(prices, stats::Returns::simple, 100.0);
}

}  // namespace

const nlohmann::json& reference_json(const std::string& name) {
  static std::map<std::string, nlohmann::json> cache;
  auto it = cache.find(name);
  if (it != cache.end()) return it->second;
  const auto path = source_dir() / "tests" / "stats" / "reference" / (name + ".json");
  return cache[name] = nlohmann::json::parse(read_file(path.string()));
}

std::vector<double> reference_series(const std::string& name) {
  if (name == "sp500_log") {
    auto prices = read_daily(bundled_data("daily/sp500.csv.gz")).adj_close;
    for (double& p : prices)
      p = std::log(p);
    return prices;
  }
  if (name == "sp500_returns")
    return percent_returns(read_daily(bundled_data("daily/sp500.csv.gz")).adj_close);
  if (name == "nasdaq_returns")
    return percent_returns(read_daily(bundled_data("daily/nasdaq.csv.gz")).adj_close);
  return reference_json("statsmodels").at("synthetic").at(name).get<std::vector<double>>();
}

std::pair<std::vector<double>, std::vector<double>> reference_pair(const std::string& name) {
  if (name == "synthetic_coint") return {reference_series("y_coint"), reference_series("x_walk")};
  if (name == "synthetic_independent")
    return {reference_series("y_independent"), reference_series("x_walk")};
  std::string y_file, x_file, from, to;
  if (name == "gdx_gld_2018" || name == "gdx_gld_all") {
    y_file = "pairs/GDX.csv";
    x_file = "pairs/GLD.csv";
    from = name == "gdx_gld_2018" ? "2018-01-01" : "2006-05-22";
    to = "2019-07-12";
  } else if (name == "ko_pep") {
    y_file = "pairs/KO.csv";
    x_file = "pairs/PEP.csv";
    from = "2000-01-01";
    to = "2019-07-12";
  } else {
    throw std::runtime_error("unknown reference pair " + name);
  }
  const Daily y = read_daily(shared_data(y_file)), x = read_daily(shared_data(x_file));
  const auto joined = stats::align(y.times, y.adj_close, x.times, x.adj_close);
  std::pair<std::vector<double>, std::vector<double>> pair;
  for (std::size_t i = 0; i < joined.times.size(); ++i) {
    if (joined.times[i] < *parse_timestamp(from) || joined.times[i] > *parse_timestamp(to))
      continue;
    pair.first.push_back(joined.first[i]);
    pair.second.push_back(joined.second[i]);
  }
  return pair;
}

void expect_close(double actual, double expected, double relative, double absolute,
                  const std::string& what) {
  if (std::isinf(expected) && actual == expected) return;
  const double tolerance = relative * std::abs(expected) + absolute;
  EXPECT_LE(std::abs(actual - expected), tolerance)
      << what << ": actual " << actual << ", expected " << expected << " (difference "
      << actual - expected << ", tolerance " << tolerance << ")";
}

}  // namespace quantloop::testing
