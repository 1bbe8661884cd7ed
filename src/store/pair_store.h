#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/time.h"
#include "store/store_slice.h"

namespace quantloop {

// One pair of a scan, with every stage's figures (pair_candidates); pairs/screening.h says how
// each is computed. Figures of stages the pair did not reach stay 0.
struct PairCandidate {
  std::string y, x;                   // the direction Engle-Granger chose: y = intercept + hedge x
  std::string stage = "correlation";  // the gate it failed, or "selected"
  std::string reason;                 // why it stopped, when it did
  double correlation = 0;
  double pvalue_forward = 1, pvalue_backward = 1;  // first symbol on the second, and back
  double coint_statistic = 0, coint_pvalue = 1;
  double hedge_ratio = 0, intercept = 0, half_life = 0;
  double spread_mean = 0, spread_sd = 0;  // of the formation part
  double garch_mu = 0, garch_omega = 0, garch_alpha = 0, garch_beta = 0;
  double garch_bic = 0, constant_bic = 0;  // the spread model's and a random walk's
  double next_variance = 0;  // the spread change's variance forecast for the bar after the scan
  // d_t = a + b s_{t-1} + u_t on the formation: the GARCH was fitted on its residuals u.
  double reversion_intercept = 0, reversion_slope = 0;
  double ljung_box_pvalue = 0, arch_lm_pvalue = 0, adf_pvalue = 1;
  double score_fit = 0, score_volatility = 0, score_trading = 0, score_diagnostics = 0;
  double score = 0;
};

// A pair scan (pair_scans): what it read and its funnel.
struct PairScan {
  std::int64_t id = 0;  // assigned by the store
  UnixSeconds as_of = 0;
  std::string interval;
  UnixSeconds data_start = 0, data_end = 0;
  int rows = 0, formation_rows = 0;
  std::vector<std::string> symbols;
  std::vector<std::pair<std::string, std::string>> skipped;  // symbol, why
  int pairs = 0, passed_correlation = 0, passed_cointegration = 0, fitted_garch = 0, selected = 0;
  std::string options;  // JSON
  UnixSeconds created_at = 0;
  // The last formation bar: the end of the selected pairs' model versions' data (pair_models);
  // not read back.
  UnixSeconds formation_end = 0;
};

// A pair's score in one scan (pair_candidates joined to pair_scans), for rankings.
struct PairScore {
  std::int64_t scan_id = 0;
  UnixSeconds as_of = 0;
  std::string y, x;
  std::string stage;
  double score = 0;
  double correlation = 0;
};

// A pair's spread model as a registry version (pair_models): one per pair and day, from the
// latest scan of that day that selected it.
struct PairModelVersion {
  std::string y, x;
  int version = 0;
  std::string model_day;  // YYYY-MM-DD, UTC
  std::int64_t scan_id = 0;
  double hedge_ratio = 0, intercept = 0, half_life = 0, spread_mean = 0, spread_sd = 0;
  double garch_mu = 0, garch_omega = 0, garch_alpha = 0, garch_beta = 0;
  double score = 0;
  UnixSeconds data_start = 0, data_end = 0;  // the formation window
  UnixSeconds created_at = 0;
  // The GARCH forecast's carry after the scan (stats::carried_variance): the reversion
  // regression, the forecast for the bar after variance_from (the scan's last bar). NaN and 0
  // for versions recorded before they were.
  double reversion_intercept = std::numeric_limits<double>::quiet_NaN();
  double reversion_slope = std::numeric_limits<double>::quiet_NaN();
  double next_variance = std::numeric_limits<double>::quiet_NaN();
  UnixSeconds variance_from = 0;
};

// A pair GRU of one pair training run (model_performance). The metrics are the test segment's:
// rows that neither trained the model nor chose its epoch or hyperparameters.
struct PairModelPerformance {
  std::int64_t id = 0;  // assigned by the store
  std::int64_t run_id = 0;
  std::string y, x;
  UnixSeconds as_of = 0, trained_at = 0;
  std::string interval;
  UnixSeconds data_start = 0, data_end = 0;
  int train_rows = 0, validation_rows = 0, test_rows = 0;
  double f1 = 0, precision = 0, recall = 0, accuracy = 0, loss = 0;
  double baseline_f1 = 0;  // always "reverts"
  double test_positive_rate = 0;
  double validation_f1 = 0;
  int hidden_size = 0, layers = 0, sequence_length = 0, horizon = 0;
  double learning_rate = 0;
  int epochs = 0, best_epoch = 0, configs_tried = 0;
  double hedge_ratio = 0, intercept = 0;
  double correlation = std::numeric_limits<double>::quiet_NaN();
  double composite_score = std::numeric_limits<double>::quiet_NaN();
  double duration_seconds = 0;
};

// A pair in one update of model_rankings (NaN and 0: not ranked that way).
struct PairRanking {
  std::string y, x;
  int rank_f1 = 0;
  double f1 = std::numeric_limits<double>::quiet_NaN();
  double baseline_f1 = std::numeric_limits<double>::quiet_NaN();
  std::int64_t performance_id = 0;
  int rank_score = 0;
  double composite_score = std::numeric_limits<double>::quiet_NaN();
  int scans = 0;
};

// A pair's metric over the last period_days days before an update (model_trends).
struct PairTrend {
  std::string y, x;
  std::string metric;  // f1_score | composite_score
  int period_days = 0;
  int observations = 0;
  double average = std::numeric_limits<double>::quiet_NaN();
  double slope_per_day = std::numeric_limits<double>::quiet_NaN();
  UnixSeconds first_at = 0, last_at = 0, computed_at = 0;
};

// Seed 004's pairs: pair_scans with pair_candidates, the spread models (pair_models), the pair GRUs
// (model_performance, pair_classifiers), model_rankings and model_trends. One slice of the Store
// (store.h): a layer that needs only these takes a PairStore&.
class PairStore : public virtual StoreSlice {
 public:
  // Records a pair scan with every candidate, and its selected pairs' spread models
  // (pair_models), in one transaction; returns the scan's id. Its selected candidates are the
  // active pairs of the clocks from its own until a scan with a later one (SignalStore). Throws
  // Error, writing nothing, for a clock at or before a recorded signals run's: it would change
  // the pairs that run traded.
  virtual std::int64_t record_pair_scan(const PairScan& scan,
                                        std::span<const PairCandidate> candidates) = 0;
  // Every candidate's score in the latest `scans` scans (by clock, then id), oldest first.
  virtual std::vector<PairScore> pair_scores(int scans) = 0;
  // Scans whose clock is at or after `since`, newest first.
  virtual std::vector<PairScan> pair_scans(UnixSeconds since) = 0;
  // The scan with the latest clock at or before `until` (the later recorded of a tie).
  virtual std::optional<PairScan> latest_pair_scan(UnixSeconds until) = 0;
  // The candidates of the pair {a, b} (either direction) in its latest `limit` scans, newest
  // first, each with its scan's clock.
  virtual std::vector<std::pair<UnixSeconds, PairCandidate>> pair_history(std::string_view a,
                                                                          std::string_view b,
                                                                          int limit) = 0;
  // The scores of the candidates past the correlation gate in the scans whose clock is in
  // [since, until], oldest first.
  virtual std::vector<PairScore> passed_pair_scores(UnixSeconds since, UnixSeconds until) = 0;
  // The versions of the pair's spread model (pair_models) in either direction, newest first.
  virtual std::vector<PairModelVersion> pair_model_versions(std::string_view a,
                                                            std::string_view b) = 0;
  // Records a pair GRU (model_performance) with its settings (JSON) and weights
  // (pair_classifiers) in one transaction; returns its id.
  virtual std::int64_t record_pair_model(const PairModelPerformance& model,
                                         const std::string& settings,
                                         const std::string& weights) = 0;
  // The pair GRUs whose clock is in [since, until], oldest first.
  virtual std::vector<PairModelPerformance> pair_performance(UnixSeconds since,
                                                             UnixSeconds until) = 0;
  // The GRUs of the pair {a, b} (either direction) whose clock is at or before `until`, oldest
  // first (by index).
  virtual std::vector<PairModelPerformance> pair_performance_of(std::string_view a,
                                                                std::string_view b,
                                                                UnixSeconds until) = 0;
  // A pair GRU's settings and weights, as recorded.
  virtual std::optional<std::pair<std::string, std::string>> pair_classifier(
      std::int64_t performance_id) = 0;
  // Records one update of model_rankings (ranked_at = `at`, replacing an earlier update at the
  // same clock) and replaces model_trends, in one transaction.
  virtual void record_pair_rankings(UnixSeconds at, std::span<const PairRanking> rankings,
                                    std::span<const PairTrend> trends) = 0;
  // The latest update of model_rankings (the view current_best_models): ranked by F1 first,
  // then the pairs without a GRU by score.
  virtual std::vector<PairRanking> current_pair_rankings() = 0;
  // The trends of the pair {a, b}, either direction.
  virtual std::vector<PairTrend> pair_trends(std::string_view a, std::string_view b) = 0;
};

}  // namespace quantloop
