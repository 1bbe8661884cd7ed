#include "stats/correlation.h"

#include <gtest/gtest.h>

#include <map>

#include "core/error.h"
#include "data/csv_formats.h"
#include "data/source_file.h"
#include "reference.h"
#include "test_support.h"

namespace quantloop::stats {
namespace {

using testing::expect_close;
using testing::reference_json;

// Simple returns of Close of the bundled stocks on the dates all of them have, as the
// reference script builds them with pandas.
Eigen::MatrixXd bundled_returns(const std::vector<std::string>& symbols) {
  std::map<UnixSeconds, std::vector<double>> by_date;
  for (std::size_t s = 0; s < symbols.size(); ++s) {
    const std::string path = testing::bundled_data("daily/" + symbols[s] + "_data.csv").string();
    const std::string text = read_source_file(path);
    for (const auto& bar : parse_csv(text, CsvFormat::delimited, path).bars) {
      auto& row = by_date[bar.bar.time];
      row.resize(symbols.size(), std::nan(""));
      row[s] = bar.bar.close;
    }
  }
  std::vector<std::vector<double>> rows;
  for (const auto& [time, row] : by_date) {
    if (std::none_of(row.begin(), row.end(), [](double v) { return std::isnan(v); }))
      rows.push_back(row);
  }
  Eigen::MatrixXd returns(rows.size() - 1, symbols.size());
  for (std::size_t t = 1; t < rows.size(); ++t) {
    for (std::size_t s = 0; s < symbols.size(); ++s)
      returns(t - 1, s) = rows[t][s] / rows[t - 1][s] - 1;
  }
  return returns;
}

TEST(Correlation, MatchesPandasPearsonAndSpearman) {
  const auto& expected = reference_json("statsmodels").at("corr");
  const auto symbols = expected.at("symbols").get<std::vector<std::string>>();
  const Eigen::MatrixXd returns = bundled_returns(symbols);
  ASSERT_EQ(returns.rows(), expected.at("observations").get<Eigen::Index>());
  for (auto [method, key] : {std::pair{CorrelationMethod::pearson, "pearson"},
                             {CorrelationMethod::spearman, "spearman"}}) {
    const Eigen::MatrixXd matrix = correlation_matrix(returns, method);
    for (std::size_t i = 0; i < symbols.size(); ++i) {
      for (std::size_t j = 0; j < symbols.size(); ++j) {
        expect_close(matrix(i, j), expected.at(key)[i][j], 1e-10, 1e-12,
                     std::string(key) + " " + symbols[i] + "/" + symbols[j]);
      }
    }
  }
}

TEST(Correlation, BlocksGiveTheSameAnswerAsOneProduct) {
  // 600 series cross the 256-series block size twice.
  Eigen::MatrixXd data = Eigen::MatrixXd::Random(200, 600);
  data.col(599) = data.col(3) * 2 + data.col(300);
  const Eigen::MatrixXd c = correlation_matrix(data);
  Eigen::MatrixXd z = data.rowwise() - data.colwise().mean();
  z = z.array().rowwise() / z.colwise().norm().array();
  const Eigen::MatrixXd direct = z.transpose() * z;
  EXPECT_LT((c - direct).cwiseAbs().maxCoeff(), 1e-12);
  EXPECT_TRUE(c.isApprox(c.transpose()));
}

TEST(Correlation, ConstantColumnIsNamed) {
  Eigen::MatrixXd data = Eigen::MatrixXd::Random(50, 3);
  data.col(1).setConstant(4.0);
  try {
    correlation_matrix(data);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()), "correlation: series 1 is constant");
  }
}

}  // namespace
}  // namespace quantloop::stats
