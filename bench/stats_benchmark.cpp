// quantloop's side of bench/stats_bench.sh: runs one task on a CSV of columns (no header,
// one column per series) and prints {"seconds": ..., "results": [...]} as JSON.
//   stats_benchmark coint FILE THREADS   Engle-Granger on every pair i < j (y = i, x = j)
//   stats_benchmark garch FILE THREADS   GARCH(1,1), constant mean, normal, fGarch's start
//   stats_benchmark corr FILE THREADS    Pearson correlation matrix
#include <Eigen/Core>
#include <chrono>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/parallel.h"
#include "stats/coint.h"
#include "stats/correlation.h"
#include "stats/garch.h"

namespace {

std::vector<std::vector<double>> read_columns(const std::string& path) {
  std::ifstream file(path);
  std::vector<std::vector<double>> columns;
  std::string line;
  while (std::getline(file, line)) {
    std::stringstream fields(line);
    std::string field;
    for (std::size_t c = 0; std::getline(fields, field, ','); ++c) {
      if (columns.size() <= c) columns.emplace_back();
      columns[c].push_back(std::stod(field));
    }
  }
  return columns;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: stats_benchmark coint|garch|corr FILE THREADS\n";
    return 2;
  }
  using namespace quantloop;
  const std::string task = argv[1];
  const auto columns = read_columns(argv[2]);
  const unsigned threads = unsigned(std::stoi(argv[3]));
  nlohmann::json results = nlohmann::json::array();
  const auto start = std::chrono::steady_clock::now();
  if (task == "coint") {
    std::vector<std::pair<std::size_t, std::size_t>> pairs;
    for (std::size_t i = 0; i < columns.size(); ++i) {
      for (std::size_t j = i + 1; j < columns.size(); ++j)
        pairs.emplace_back(i, j);
    }
    std::vector<double> statistics(pairs.size());
    parallel_for(
        pairs.size(),
        [&](std::size_t k) {
          statistics[k] = stats::coint(columns[pairs[k].first], columns[pairs[k].second]).statistic;
        },
        threads);
    results = statistics;
  } else if (task == "garch") {
    std::vector<stats::GarchFit> fits(columns.size());
    stats::GarchOptions options;
    options.start = stats::VarianceStart::mean_squared_error;
    parallel_for(
        columns.size(), [&](std::size_t k) { fits[k] = stats::fit_garch(columns[k], options); },
        threads);
    for (const auto& fit : fits) {
      results.push_back({fit.params.mu, fit.params.omega, fit.params.alpha, fit.params.beta,
                         fit.loglik, fit.converged ? 1 : 0});
    }
  } else if (task == "corr") {
    Eigen::MatrixXd data(columns[0].size(), columns.size());
    for (std::size_t j = 0; j < columns.size(); ++j) {
      data.col(Eigen::Index(j)) = Eigen::Map<const Eigen::VectorXd>(columns[j].data(), data.rows());
    }
    const Eigen::MatrixXd c = stats::correlation_matrix(data);
    for (Eigen::Index i = 0; i < c.rows(); ++i) {
      for (Eigen::Index j = i + 1; j < c.cols(); ++j)
        results.push_back(c(i, j));
    }
  } else {
    std::cerr << "unknown task " << task << '\n';
    return 2;
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << nlohmann::json{{"seconds", seconds}, {"results", results}}.dump() << '\n';
}
