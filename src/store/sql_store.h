#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "store/store.h"

namespace quantloop::store_internal {

// The part of a Store that is the same SQL on every backend. Backends provide streaming
// query execution and the few dialect differences. SQL here uses `?` placeholders.
class SqlStore : public Store {
 public:
  std::vector<SeriesSummary> list_series() override;
  std::int64_t insert_training_run(const TrainingRun& run) override;
  void update_training_run(const TrainingRun& run) override;
  std::vector<TrainingRun> training_runs_with_status(std::string_view status) override;
  std::int64_t insert_model_metadata(const ModelMetadata& model) override;
  RegisteredModel register_model(const TrainedModel& model) override;
  std::optional<StoredModel> latest_version(std::string_view symbol, std::string_view interval,
                                            std::string_view model_type, UnixSeconds trained_by,
                                            UnixSeconds data_end_by) override;
  std::optional<StoredModel> model_version(std::string_view symbol, std::string_view interval,
                                           int version) override;
  std::vector<ModelVersion> model_versions(std::string_view symbol,
                                           std::string_view interval) override;
  std::vector<ModelVersion> champion_versions() override;
  std::string database_id() override;
  void insert_run_symbol(const RunSymbol& outcome) override;
  std::optional<TrainingRun> training_run(std::int64_t id) override;
  std::vector<RunSymbolOutcome> run_symbols(std::int64_t run_id) override;
  void atomically(const std::function<void()>& body) override;
  void fence_writes(std::int64_t job_id, std::int64_t fencing_token) override;
  bool archive_versions(std::string_view symbol, std::string_view interval,
                        std::span<const int> versions, std::int64_t history_seen) override;
  std::vector<AliasRow> aliases(std::string_view symbol, std::string_view interval) override;
  std::optional<std::int64_t> record_decision(const PromotionDecision& decision,
                                              std::span<const AliasChange> changes,
                                              std::span<const AliasRow> seen) override;
  std::vector<PromotionDecision> promotion_decisions(std::string_view symbol,
                                                     std::string_view interval, int limit) override;
  std::vector<AliasChange> alias_history(std::string_view symbol,
                                         std::string_view interval) override;
  std::optional<AliasChange> alias_change_at(std::string_view symbol, std::string_view interval,
                                             std::string_view alias, UnixSeconds t) override;
  void insert_predictions(std::span<const PredictionRow> predictions) override;
  ServingState serving_state(UnixSeconds now) override;
  std::vector<PredictionRow> predictions(std::string_view symbol, std::string_view interval,
                                         int version, int limit, bool resolved_only) override;
  std::vector<PredictionRow> resolved_predictions(std::string_view symbol,
                                                  std::string_view interval, int version, int limit,
                                                  UnixSeconds clock) override;
  std::optional<std::int64_t> enqueue_job(const Job& job) override;
  std::vector<Job> child_jobs(std::int64_t parent_id) override;
  std::optional<Job> claim_job(const std::string& owner, UnixSeconds now,
                               int lease_seconds) override;
  LeaseRescue rescue_expired_leases(UnixSeconds now) override;
  int delete_finished_jobs(UnixSeconds before, int limit) override;
  bool renew_lease(std::int64_t id, std::int64_t fencing_token, UnixSeconds expires) override;
  bool finish_job(const JobOutcome& outcome) override;
  std::vector<Job> jobs(std::string_view state, int limit) override;
  std::int64_t count_jobs(std::string_view state) override;
  std::optional<Job> job(std::int64_t id) override;
  bool retry_job(std::int64_t id, UnixSeconds now) override;
  std::optional<UnixSeconds> last_fire(std::string_view schedule) override;
  int active_jobs(std::string_view schedule) override;
  bool cancel_job(std::int64_t id, UnixSeconds now) override;
  void beat(const WorkerBeat& beat) override;
  std::int64_t record_pair_scan(const PairScan& scan,
                                std::span<const PairCandidate> candidates) override;
  std::vector<PairScore> pair_scores(int scans) override;
  std::vector<PairScan> pair_scans(UnixSeconds since) override;
  std::optional<PairScan> latest_pair_scan(UnixSeconds until) override;
  std::vector<std::pair<UnixSeconds, PairCandidate>> pair_history(std::string_view a,
                                                                  std::string_view b,
                                                                  int limit) override;
  std::vector<PairScore> passed_pair_scores(UnixSeconds since, UnixSeconds until) override;
  std::vector<PairModelVersion> pair_model_versions(std::string_view a,
                                                    std::string_view b) override;
  std::int64_t record_pair_model(const PairModelPerformance& model, const std::string& settings,
                                 const std::string& weights) override;
  std::vector<PairModelPerformance> pair_performance(UnixSeconds since, UnixSeconds until) override;
  std::vector<PairModelPerformance> pair_performance_of(std::string_view a, std::string_view b,
                                                        UnixSeconds until) override;
  std::optional<std::pair<std::string, std::string>> pair_classifier(
      std::int64_t performance_id) override;
  void record_pair_rankings(UnixSeconds at, std::span<const PairRanking> rankings,
                            std::span<const PairTrend> trends) override;
  std::vector<PairRanking> current_pair_rankings() override;
  std::vector<PairTrend> pair_trends(std::string_view a, std::string_view b) override;
  std::vector<ActivePair> active_pairs(UnixSeconds at) override;
  std::vector<PaperTrade> open_trades() override;
  void record_signals(const SignalsBatch& batch) override;
  std::optional<UnixSeconds> last_scan_clock() override;
  std::optional<std::int64_t> record_scan(const ScanRecord& scan) override;
  std::vector<PaperTrade> open_scanner_trades() override;
  std::vector<std::string> scanner_signal_ids(UnixSeconds since) override;
  std::vector<ScannerSignal> scanner_signals(int limit) override;
  std::vector<SessionOutcomes> scanner_outcomes_by_session(UnixSeconds since) override;
  void each_scan_row(UnixSeconds from, UnixSeconds to, std::string_view symbol,
                     const std::function<void(const ScanRow&)>& on_row) override;
  std::int64_t record_backtest(const SavedBacktest& backtest,
                               std::span<const EquityPoint> equity) override;
  std::vector<SavedBacktest> saved_backtests(int limit, std::int64_t before_id) override;
  std::optional<SavedBacktest> saved_backtest(std::int64_t id) override;
  std::vector<EquityPoint> backtest_equity(std::int64_t id) override;
  std::vector<WorkerBeat> worker_beats(UnixSeconds since) override;
  ResultTable recent_runs(int limit) override;
  ResultTable find_runs(const RunFilter& filter) override;
  std::int64_t count_runs(const RunFilter& filter) override;
  ResultTable model_performance() override;
  ResultTable recent_bars(std::string_view symbol, Interval interval, UnixSeconds since) override;
  ResultTable runs_by_hour() override;
  StoreStatistics statistics() override;
  StoreSummary summary(UnixSeconds since) override;
  std::vector<std::string> table_names() override;
  void export_table(std::string_view table,
                    const std::function<void(const std::vector<std::string>&)>& on_columns,
                    const std::function<void(const std::vector<Value>&)>& on_row) override;

  // For tests of the query plans: from now on every SELECT (or WITH) this store runs is first
  // explained, and `observer` gets its SQL and the backend's plan, a line per step. PostgreSQL
  // then plans with enable_seqscan off, so that a sequential scan shows only where no index can
  // serve the query (a test's tables are too small for the planner to prefer one otherwise).
  using PlanObserver =
      std::function<void(std::string_view sql, const std::vector<std::string>& plan)>;
  void observe_plans(PlanObserver observer);

 protected:
  using ColumnsCallback = std::function<void(const std::vector<std::string>&)>;
  using RowCallback = std::function<void(const std::vector<Value>&)>;

  // Runs `sql` with `?` placeholders bound to `params`, streaming the result.
  virtual void query_each(std::string_view sql, const std::vector<Value>& params,
                          const ColumnsCallback& on_columns, const RowCallback& on_row) = 0;
  // An SQL expression rendering the timestamp `expression` as 'YYYY-MM-DD HH:MM:SS' (UTC).
  virtual std::string timestamp_text(std::string_view expression) const = 0;
  virtual std::int64_t size_bytes() = 0;
  // The plan of `sql` as the backend explains it, a line per step.
  virtual std::vector<std::string> explain(std::string_view sql,
                                           const std::vector<Value>& params) = 0;
  // Called once when plans start being observed (PostgreSQL: enable_seqscan off).
  virtual void prepare_plan_observation() {}
  // Runs `body` in one transaction: every query() inside it commits together or not at all.
  virtual void in_transaction(const std::function<void()>& body) = 0;
  // Inside a transaction, waits until no other process holds `key` (PostgreSQL: an advisory
  // lock until the transaction ends; SQLite's writers are serialised already).
  virtual void lock_key(std::string_view key) { (void)key; }
  // Appended to the SELECT that picks a job to claim: PostgreSQL's FOR UPDATE SKIP LOCKED,
  // so concurrent workers take different jobs without waiting for each other.
  virtual std::string_view skip_locked() const { return ""; }
  // Appended to the fence's read of its job: PostgreSQL's FOR SHARE, so that no claim can
  // take the job over between the check and the commit of the write it guards (SQLite's
  // write transactions exclude each other already).
  virtual std::string_view share_locked() const { return ""; }

  // Inside a write transaction: throws Error when writes are fenced (fence_writes) and the
  // job is no longer running under the token. Backends call it in writes of their own.
  void check_fence();
  // A write: `body` in one transaction, after check_fence().
  void write(const std::function<void()>& body);

  ResultTable query(std::string_view sql, const std::vector<Value>& params = {});
  // The first version WHERE `where` (with `params`) selects, its checksum checked.
  std::optional<StoredModel> stored_model(std::string_view where, const std::vector<Value>& params);
  // INSERT INTO `table_columns` ("table(a, b, ...)") of every row, many rows per statement:
  // parsing one INSERT per row was half of a 100-symbol pair scan's time.
  void insert_rows(std::string_view table_columns, const std::vector<std::vector<Value>>& rows);
  // Inside a write: adds `delta` to the counter `name` (store_counters), creating it.
  void add_to_counter(const std::string& name, std::int64_t delta);
  // Runs an INSERT ... RETURNING id.
  std::int64_t insert_returning_id(std::string_view sql, const std::vector<Value>& params);

 private:
  // Inside a write: the clock of the latest signals run recorded (the lowest value for none),
  // holding the lock that serialises signals runs and scans.
  UnixSeconds signals_watermark();
  // Inside a write: seed 002's signals and trades rows (the pair signals' and the scanner's).
  void insert_signal_rows(std::span<const TradingSignal> signals, UnixSeconds created_at);
  void insert_trade_rows(std::span<const PaperTrade> trades);
  void update_trade_rows(std::span<const PaperTrade> trades);
  // The trades a WHERE ... ORDER BY clause selects.
  std::vector<PaperTrade> trades_where(std::string_view where);
  // The model_metadata row of `m`, inside a write.
  std::int64_t insert_metadata_row(const ModelMetadata& m);
  // The scans (pair GRUs) a WHERE ... ORDER BY clause selects.
  std::vector<PairScan> scans_where(std::string_view where, const std::vector<Value>& params);
  std::vector<PairModelPerformance> performance_where(std::string_view where,
                                                      const std::vector<Value>& params);

  PlanObserver plan_observer_;
  std::int64_t fence_job_ = 0;  // 0: writes are not fenced
  std::int64_t fence_token_ = 0;
};

// Fills target and outcome of the open predictions of one series (parameters: symbol,
// interval, the open time of its last bar complete at the write's clock) whose next bar is
// stored and complete: write_bars runs it for each series it wrote, in its transaction.
std::string_view fill_outcomes_sql();
// Opens again the outcomes a changed bar decided (parameters: symbol, interval, and the bar's
// date four times): a revised or late bar refills them through fill_outcomes_sql.
std::string_view reset_outcomes_sql();

// Adds to a counter of store_counters (parameters: name, delta), creating it.
std::string_view add_to_counter_sql();
// The counter of the bars written (inserted or changed) in fetch_time's hour: summary() sums the
// last day's.
std::string fetched_counter(UnixSeconds fetch_time);

// Text form of a timestamp parameter, as both backends accept it.
Value timestamp_value(UnixSeconds t);

// Cells to C++ values (NULL: 0, "", 0, NaN) and back (empty or 0 or NaN: NULL).
std::int64_t as_int(const Value& value);
std::string as_text(const Value& value);
UnixSeconds as_time(const Value& value);
double as_double(const Value& value);
Value text_or_null(const std::string& text);
Value time_or_null(UnixSeconds t);
Value number_or_null(double v);

// The column order of the key of each exportable table, for ORDER BY.
std::string_view table_order(std::string_view table);

}  // namespace quantloop::store_internal
