#include "stats/ols.h"

#include <gtest/gtest.h>

#include "core/error.h"
#include "reference.h"

namespace quantloop::stats {
namespace {

using testing::expect_close;
using testing::reference_json;
using testing::reference_pair;
using testing::reference_series;

void expect_matches(const OlsResult& result, const nlohmann::json& expected) {
  const std::string name = expected.at("name");
  for (const char* key : {"params", "bse", "tvalues", "pvalues"}) {
    const auto values = expected.at(key).get<std::vector<double>>();
    const Eigen::VectorXd& actual = std::string(key) == "params"    ? result.params
                                    : std::string(key) == "bse"     ? result.bse
                                    : std::string(key) == "tvalues" ? result.tvalues
                                                                    : result.pvalues;
    ASSERT_EQ(actual.size(), Eigen::Index(values.size()));
    for (std::size_t i = 0; i < values.size(); ++i) {
      expect_close(actual(Eigen::Index(i)), values[i], 1e-8, 1e-300, name + " " + key);
    }
  }
  expect_close(result.rsquared, expected.at("rsquared"), 1e-8, 0, name + " R^2");
  expect_close(result.rsquared_adj, expected.at("rsquared_adj"), 1e-8, 0, name + " adjusted R^2");
  expect_close(result.ssr, expected.at("ssr"), 1e-8, 0, name + " ssr");
  expect_close(result.llf, expected.at("llf"), 1e-8, 0, name + " llf");
  expect_close(result.aic, expected.at("aic"), 1e-8, 0, name + " aic");
  expect_close(result.bic, expected.at("bic"), 1e-8, 0, name + " bic");
}

TEST(Ols, MatchesStatsmodelsOnGdxOnGld) {
  const auto [y, x] = reference_pair("gdx_gld_2018");
  Eigen::MatrixXd X(x.size(), 2);
  for (std::size_t i = 0; i < x.size(); ++i)
    X.row(Eigen::Index(i)) << 1.0, x[i];
  expect_matches(ols(X, Eigen::Map<const Eigen::VectorXd>(y.data(), Eigen::Index(y.size()))),
                 reference_json("statsmodels").at("ols")[0]);
}

TEST(Ols, MatchesStatsmodelsWithThreeRegressors) {
  const auto y = reference_series("y_coint");
  const auto a = reference_series("x_walk"), b = reference_series("white"),
             c = reference_series("ar1");
  Eigen::MatrixXd X(y.size(), 4);
  for (std::size_t i = 0; i < y.size(); ++i)
    X.row(Eigen::Index(i)) << 1.0, a[i], b[i], c[i];
  expect_matches(ols(X, Eigen::Map<const Eigen::VectorXd>(y.data(), Eigen::Index(y.size()))),
                 reference_json("statsmodels").at("ols")[1]);
}

TEST(Ols, CollinearOrShortDesignsAreErrors) {
  Eigen::MatrixXd X(50, 3);
  Eigen::VectorXd y = Eigen::VectorXd::LinSpaced(50, 0, 1);
  for (int i = 0; i < 50; ++i)
    X.row(i) << 1.0, i, 2.0 * i + 1;  // third = 2 x second + first
  EXPECT_THROW(ols(X, y), Error);
  EXPECT_THROW(ols(X.topRows(3), y.head(3)), Error);
}

}  // namespace
}  // namespace quantloop::stats
