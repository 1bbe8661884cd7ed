#include "stats/correlation.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include "core/error.h"

namespace quantloop::stats {

namespace {

constexpr Eigen::Index kBlock = 256;  // series per block: 256 x n doubles stay in L2

// Average ranks (1-based), ties sharing the mean of their positions.
void rank_in_place(Eigen::Ref<Eigen::VectorXd> column) {
  const Eigen::Index n = column.size();
  std::vector<Eigen::Index> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](auto a, auto b) { return column(a) < column(b); });
  Eigen::VectorXd ranks(n);
  for (Eigen::Index i = 0; i < n;) {
    Eigen::Index j = i + 1;
    while (j < n && column(order[j]) == column(order[i]))
      ++j;
    const double average = (i + j + 1) / 2.0;  // positions i+1..j
    for (Eigen::Index k = i; k < j; ++k)
      ranks(order[k]) = average;
    i = j;
  }
  column = ranks;
}

}  // namespace

Eigen::MatrixXd correlation_matrix(const Eigen::Ref<const Eigen::MatrixXd>& data,
                                   CorrelationMethod method) {
  const Eigen::Index n = data.rows(), k = data.cols();
  if (n < 3) throw Error(fmt::format("correlation: {} observations are too few", n));
  if (!data.allFinite()) throw Error("correlation: the data contain NaN or infinite values");
  Eigen::MatrixXd z = data;
  for (Eigen::Index j = 0; j < k; ++j) {
    if (method == CorrelationMethod::spearman) rank_in_place(z.col(j));
    z.col(j).array() -= z.col(j).mean();
    const double norm = z.col(j).norm();
    if (norm == 0 || !std::isfinite(norm)) {
      throw Error(fmt::format("correlation: series {} is constant", j));
    }
    z.col(j) /= norm;
  }
  Eigen::MatrixXd result(k, k);
  for (Eigen::Index i = 0; i < k; i += kBlock) {
    const Eigen::Index bi = std::min(kBlock, k - i);
    for (Eigen::Index j = i; j < k; j += kBlock) {
      const Eigen::Index bj = std::min(kBlock, k - j);
      result.block(i, j, bi, bj).noalias() = z.middleCols(i, bi).transpose() * z.middleCols(j, bj);
      if (j != i) result.block(j, i, bj, bi) = result.block(i, j, bi, bj).transpose();
    }
  }
  result.diagonal().setOnes();
  return result;
}

}  // namespace quantloop::stats
