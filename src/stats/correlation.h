#pragma once

#include <Eigen/Core>

namespace quantloop::stats {

enum class CorrelationMethod { pearson, spearman };

// The correlation matrix of the columns of `data` (observations x series), e.g. aligned
// returns. Spearman correlates ranks (ties get their average rank). Computed block by block
// on standardised columns, so a thousand series of a few hundred observations stay within
// memory and cache. Throws Error for NaN or infinite values, fewer than 3 observations, or a
// constant column (its correlation is undefined).
Eigen::MatrixXd correlation_matrix(const Eigen::Ref<const Eigen::MatrixXd>& data,
                                   CorrelationMethod method = CorrelationMethod::pearson);

}  // namespace quantloop::stats
