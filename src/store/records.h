#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/bar.h"
#include "core/time.h"

namespace quantloop {

// Bars of one series to write to market_data, with the seeds' `timeframe` label for them
// (the look-back they were fetched with: '1h', '2y', ...).
struct SeriesWrite {
  const BarSeries* series = nullptr;
  std::string timeframe;
};

// Input that never reached market_data, kept in rejected_bars with its reason.
struct RejectedBar {
  std::string source;     // file path or URL
  std::int64_t line = 0;  // 1-based line in the source; 0 when the source is not line-based
  std::string symbol;     // as far as known
  std::string interval;   // as far as known
  std::string raw;        // the offending input, verbatim (truncated to 500 bytes)
  std::string reason;
};

// What a write did to market_data. Rows whose key existed with other values are updated
// (a provider revising a bar, e.g. a partial intraday bar); identical rows are unchanged.
struct WriteCounts {
  std::int64_t inserted = 0;
  std::int64_t updated = 0;
  std::int64_t unchanged = 0;
  std::int64_t rejected = 0;
};

// One (symbol, interval) series present in market_data.
struct SeriesSummary {
  std::string symbol;
  std::string asset_type;
  std::string interval;
  std::int64_t bars = 0;
  UnixSeconds first = 0;
  UnixSeconds last = 0;
};

struct StoreStatistics {
  std::string location;  // file path or masked URL
  std::int64_t size_bytes = 0;
  int schema_version = 0;
  std::vector<std::pair<std::string, std::int64_t>> table_rows;  // every table, in schema order
  std::vector<SeriesSummary> series;
};

// What a monitor polls cheaply: no table is counted but market_data (by its index).
struct StoreSummary {
  std::string location;
  std::int64_t size_bytes = 0;
  int schema_version = 0;
  std::int64_t bars = 0;
  std::int64_t bars_fetched_since = 0;  // fetched at or after the `since` asked for
};

// One row of training_runs: a run of the training system over many symbols.
struct TrainingRun {
  std::int64_t id = 0;  // assigned by the store
  UnixSeconds run_date = 0;
  std::string mode;       // hourly | full | incremental
  std::string timeframe;  // '1h', '2y', ...
  int hour = 0;           // UTC hour of run_date
  int symbols_count = 0;
  std::int64_t rows_processed = 0;
  std::string status;  // running | success | partial | failed | interrupted
  double duration_seconds = 0;
  std::string error;
  std::int64_t pid = 0;       // the process running it
  std::string host;           // and its host
  UnixSeconds heartbeat = 0;  // last sign of life while running
  std::string interval;       // bars trained on
};

// One row of model_metadata: one trained model of one symbol. accuracy, loss, f1 and
// baseline_accuracy are the test segment's: rows that neither trained the model nor chose it.
struct ModelMetadata {
  std::int64_t id = 0;  // assigned by the store
  std::string symbol;
  std::string model_type;  // gru | gbdt | linear
  UnixSeconds training_date = 0;
  double accuracy = 0;
  double loss = 0;
  int epochs = 0;
  std::string model_path;
  std::string timeframe;
  std::string training_mode;
  int hour = 0;
  // Beyond the seeds' columns.
  std::int64_t run_id = 0;
  double f1 = 0;
  double baseline_accuracy = 0;  // always predicting the training set's majority class
  std::int64_t validation_rows = 0;
  UnixSeconds data_start = 0;
  UnixSeconds data_end = 0;
  double duration_seconds = 0;
  int best_epoch = 0;
  std::string config_hash;
  std::string interval;
  std::string warm_started_from;  // model_path of the model training continued from, if any
  std::int64_t test_rows = 0;
  double validation_accuracy = 0;  // the segment that chose the epoch
  double validation_loss = 0;
  double edge_pvalue = 1;         // one-sided exact McNemar test against the baseline
  UnixSeconds selection_end = 0;  // last bar seen by any row that trained or chose it
};

// One version of a series' model in the registry (model_versions). Versions number upward per
// (symbol, interval) from 0, the naive baseline; every model type competes in one series.
struct ModelVersion {
  std::int64_t id = 0;  // assigned by the store
  std::string symbol;
  std::string interval;
  int version = 0;            // assigned by the store
  std::string model_type;     // gru | gbdt | linear | baseline
  std::int64_t model_id = 0;  // its model_metadata row; 0 for the baseline
  std::int64_t run_id = 0;
  std::string training_mode;
  UnixSeconds trained_at = 0;
  UnixSeconds data_start = 0;
  UnixSeconds data_end = 0;
  UnixSeconds selection_end = 0;  // last bar any row that trained or chose it looked at
  std::string config_hash;
  int parent_version = -1;  // the version a warm start continued; -1 for none
  std::string artifact_sha256;
  std::int64_t artifact_bytes = 0;
  std::string status = "active";  // active | archived
  UnixSeconds created_at = 0;
  // The test segment's metrics (rows that neither trained nor chose it); NaN for none.
  std::int64_t test_rows = 0;
  double test_accuracy = 0;
  double test_log_loss = 0;
};

// A version with its artifact (record and weights, models/model_directory.h), checksum checked.
struct StoredModel {
  ModelVersion version;
  std::string artifact;
};

// What a training run records of one trained model: its model_metadata row and its registry
// version with the artifact; the baseline becomes the series' version 0 when it has none.
struct TrainedModel {
  ModelMetadata metadata;
  ModelVersion version;  // symbol, interval, type and lineage; the store numbers it
  std::string artifact;
  ModelVersion baseline;
  std::string baseline_artifact;
};

struct RegisteredModel {
  std::int64_t model_id = 0;
  int version = 0;
};

// Where an alias of a series points now (model_aliases).
struct AliasRow {
  std::string symbol;
  std::string interval;
  std::string alias;  // champion | challenger
  int version = 0;
  UnixSeconds updated_at = 0;
};

// One change of an alias (alias_history); -1 for "unset".
struct AliasChange {
  std::int64_t id = 0;  // assigned by the store
  std::string symbol;
  std::string interval;
  std::string alias;
  int old_version = -1;  // what the alias pointed at (and must still point at to change it)
  int new_version = -1;  // -1: the alias is removed
  UnixSeconds changed_at = 0;
  std::string actor;  // "run 12", "user", "rollback check"
  std::string reason;
  std::int64_t decision_id = 0;  // assigned by the store: the decision that made it
  std::string decision;          // read back: that decision's kind (promoted, ...); "" for none
};

// A promotion decision with its evidence (promotion_decisions). NaN values are NULL.
struct PromotionDecision {
  std::int64_t id = 0;  // assigned by the store
  std::string symbol;
  std::string interval;
  UnixSeconds decided_at = 0;
  int challenger_version = 0;
  int champion_version = 0;
  std::string decision;  // promoted | kept | deferred | rolled_back
  std::string metric;    // log_loss | sharpe | manual
  std::int64_t rows = 0;
  double challenger_value = 0;
  double champion_value = 0;
  double statistic = 0;
  double pvalue = 1;
  std::string reason;
  std::string actor;
  std::int64_t run_id = 0;
  std::string evidence;  // JSON
};

// What a prediction server watches (polled): changes of aliases and finished runs invalidate
// its cache; a running full retrain lengthens its TTL; the rest is for /metrics.
struct ServingState {
  std::int64_t last_alias_change = 0;  // newest alias_history id
  std::int64_t last_finished_run = 0;  // newest training_runs id that is not running
  bool full_retrain_running = false;   // a full-mode run with a heartbeat in the last 5 minutes
  struct LastRun {
    std::string mode;
    std::string status;
    UnixSeconds run_date = 0;
  };
  std::vector<LastRun> last_runs;                               // the newest run of each mode
  std::vector<std::pair<std::string, std::int64_t>> decisions;  // count of each decision kind
};

// A stored prediction of a champion or of a model in shadow (predictions).
struct PredictionRow {
  std::int64_t id = 0;  // assigned by the store
  std::string symbol;
  std::string interval;
  int model_version = 0;
  std::string role;       // champion | shadow
  UnixSeconds as_of = 0;  // the last complete bar it saw
  double prob_up = 0;     // P(the bar after as_of closes above as_of's close)
  UnixSeconds created_at = 0;
  UnixSeconds target = 0;  // the next bar, once stored; 0 until then
  int outcome = -1;        // 1 up, 0 not; -1 unknown
};

// One symbol's outcome in a training run (training_run_symbols).
struct RunSymbol {
  std::int64_t run_id = 0;
  std::string symbol;
  std::string status;  // success | failed | interrupted
  std::string error;
  std::int64_t model_id = 0;  // 0 when no model was kept
  std::int64_t rows = 0;
  int epochs = 0;
  double duration_seconds = 0;
};

// One job of the durable queue (jobs): a quantloop command line a worker runs as a process.
struct Job {
  std::int64_t id = 0;  // assigned by the store
  std::string kind = "command";
  std::vector<std::string> command;  // the arguments after `quantloop`
  std::string schedule;              // the schedule that fired it; empty when submitted
  UnixSeconds scheduled_for = 0;     // the fire time, or the submission time
  std::string state = "queued";      // queued running succeeded partial failed cancelled skipped
  int attempts = 0;                  // claims so far
  int max_attempts = 3;
  UnixSeconds not_before = 0;  // not claimed before this (a retry's backoff)
  std::string last_error;
  int exit_code = -1;  // -1 until it ran
  std::string lease_owner;
  UnixSeconds lease_expires = 0;
  std::int64_t fencing_token = 0;  // incremented by every claim (and by a cancel)
  UnixSeconds created_at = 0;
  UnixSeconds started_at = 0;
  UnixSeconds finished_at = 0;
  std::int64_t parent_id = 0;   // the job that fanned this one out; 0 for none
  bool after_siblings = false;  // claimable only when no other child of its parent is
                                // queued or running (a fanned-out run's completion)
};

// What one pass of the lease rescuer did.
struct LeaseRescue {
  int requeued = 0;  // back in the queue, for any worker to claim
  int failed = 0;    // their last attempt's holder died
};

// How a claimed job ended, written only if the job is still held with `fencing_token`.
struct JobOutcome {
  std::int64_t id = 0;
  std::int64_t fencing_token = 0;
  std::string state;  // succeeded partial failed, or queued (a retry, or released)
  int exit_code = -1;
  std::string error;
  UnixSeconds at = 0;          // when it ended
  UnixSeconds not_before = 0;  // with state queued: when it may be claimed again
  bool count_attempt = true;   // false: a released job (the worker stopped) keeps its attempts
};

// A run's symbol outcome with the test and validation figures of the model it kept (the
// model_metadata row; default values when none was kept) and its registry version.
struct RunSymbolOutcome {
  RunSymbol outcome;
  ModelMetadata model;
  int version = 0;
};

// A worker's or daemon's sign of life (workers): written at start, renewed while it runs.
struct WorkerBeat {
  std::string owner;  // host:pid
  std::string role;   // worker | daemon
  std::string host;
  std::int64_t pid = 0;
  int concurrency = 0;
  int running_jobs = 0;
  UnixSeconds started_at = 0;
  UnixSeconds heartbeat_at = 0;
  UnixSeconds stopped_at = 0;  // 0 while it runs (or when it died without saying)
};

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

// A pair active at a clock (the latest scan at or before it selected it, no run since deactivated
// it), with the candidate's figures: what the signals trade.
struct ActivePair {
  PairCandidate candidate;
  std::int64_t scan_id = 0;
  std::string interval;
  UnixSeconds scan_as_of = 0;
  UnixSeconds scan_data_end = 0;   // the scan's last bar: next_variance is for the bar after it
  bool correlate_returns = false;  // the scan's correlation gate was on log returns
};

// One row of seed 002's signals, made by a pair signals run (prices are the spread's).
struct TradingSignal {
  std::string signal_id;
  std::string symbol;     // the pair, Y/X
  std::string direction;  // LONG_SPREAD | SHORT_SPREAD | EXIT
  double entry_price = 0, stop_loss = 0, take_profit = 0;
  double confluence_score = 0;  // 0-100
  std::string timeframes, session, market_regime, directional_bias;
  double signal_strength = 0;
  UnixSeconds entry_time = 0;
  std::string status;  // EXECUTED | REFUSED | CLOSED
  std::string reason;
  double zscore = 0, hedge_ratio = 0, intercept = 0, garch_sigma = 0;
  double reversion_probability = std::numeric_limits<double>::quiet_NaN();
  double quantity = 0;
  // "proxy" when a replay fed a stand-in's bars for one of the pair's symbols (seed 004's
  // decision 10), so that nobody mistakes the signal for one on real data.
  std::string data_source = "real";
};

// One row of seed 002's trades: a paper position in a pair's spread.
struct PaperTrade {
  std::int64_t id = 0;  // assigned by the store
  std::string signal_id, symbol;
  std::string status = "OPEN";  // OPEN | CLOSED
  int direction = 0;            // +1 long the spread, -1 short
  double entry_price = 0, current_price = 0, stop_loss = 0, take_profit = 0;
  double quantity = 0, pnl = 0;
  double hedge_ratio = 0, intercept = 0;  // the spread it holds: y - intercept - hedge x
  std::string interval;                   // of the bars it is marked on
  UnixSeconds opened_at = 0, closed_at = 0;
  std::string exit_signal_id;
  std::string data_source = "real";  // "proxy" once a stand-in's bar opened or marked it
};

// A pair a signals run took out of its scan's active set (pair_deactivations): from `at` on,
// runs at a clock at or after it no longer trade it, until a newer scan selects it again.
struct PairDeactivation {
  std::int64_t scan_id = 0;
  std::string y, x;
  UnixSeconds at = 0;  // the run's clock
  std::string reason;
};

// What one signals run writes, in one transaction: its signals, the trades it opens, the open
// trades it marks or closes (by id), and the pairs it deactivates (correlation drift).
struct SignalsBatch {
  UnixSeconds clock = 0;  // the run's clock: no signal is ever recorded after a later run's
  std::vector<TradingSignal> signals;
  std::vector<PaperTrade> opened;
  std::vector<PaperTrade> updated;
  std::vector<PairDeactivation> deactivated;
  UnixSeconds created_at = 0;
};

// A backtest kept with --save (issue 12's backtests page): what was asked, the headline
// figures, and the whole JSON report as the command printed it.
struct SavedBacktest {
  std::int64_t id = 0;   // assigned by the store
  std::string kind;      // pairs
  std::string subjects;  // the pairs, "Y/X,Y/X"
  std::string interval;
  UnixSeconds from = 0, to = 0, created_at = 0;
  int parameter_sets = 0;
  double sharpe = std::numeric_limits<double>::quiet_NaN();  // the best set's portfolio
  double total_pnl = std::numeric_limits<double>::quiet_NaN();
  double deflated_sharpe = std::numeric_limits<double>::quiet_NaN();  // NaN for one set
  std::string report_json;
};

// One bar of a saved backtest's best set: a pair's or the portfolio's (series "portfolio",
// no position).
struct EquityPoint {
  std::string series;
  UnixSeconds time = 0;
  std::optional<int> position;
  double pnl = 0, equity = 0;
};

}  // namespace quantloop
