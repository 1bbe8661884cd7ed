#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/bar.h"
#include "store/records.h"
#include "store/result_table.h"

namespace quantloop {

// The database of quantloop: market_data and the seeds' other tables, behind one interface
// with two backends. The store is the only code that speaks SQL.
//
// Every method throws Error (naming the database, masked, and the reason) on failure.
// Every write is one transaction: on any failure nothing of it is stored.
// A Store is not safe for concurrent use from several threads; open one per thread. Several
// processes may use the same database at once (SQLite: WAL, readers never block writers).
// The tables of quantloop's schema, in order: what `query export` and `query stats` cover.
std::vector<std::string> store_table_names();

// Which training runs a page shows: empty or 0 fields do not filter.
struct RunFilter {
  std::string mode, status;
  UnixSeconds from = 0, to = 0;  // run_date within [from, to]
  std::int64_t before_id = 0;    // ids below this: the next page
  int limit = 50;
};

class Store {
 public:
  enum class OpenMode {
    create,   // create the database (SQLite file) when missing
    existing  // fail when it does not exist: for commands that only read
  };

  // `url` is a SQLite file path or a postgresql:// URL. Applies pending schema migrations.
  static std::unique_ptr<Store> open(const std::string& url, OpenMode mode = OpenMode::create);

  virtual ~Store() = default;

  // "sqlite FILE" or the masked PostgreSQL URL, for messages.
  virtual std::string location() const = 0;
  virtual int schema_version() = 0;

  // Writes the bars of every series (keyed by symbol, interval, date) and the rejections in
  // one transaction. `fetch_time` fills market_data.fetch_date.
  virtual WriteCounts write_bars(std::span<const SeriesWrite> series,
                                 std::span<const RejectedBar> rejected, UnixSeconds fetch_time) = 0;

  // Bars of one series with from <= time <= to, ascending. Empty series when there are none.
  virtual BarSeries read_bars(std::string_view symbol, Interval interval, UnixSeconds from,
                              UnixSeconds to) = 0;
  // The last `count` bars at or before `to`, ascending: what a prediction needs, in one
  // indexed read however long the stored history.
  virtual BarSeries read_last_bars(std::string_view symbol, Interval interval, UnixSeconds to,
                                   std::size_t count) = 0;

  virtual std::vector<SeriesSummary> list_series() = 0;

  virtual std::int64_t insert_training_run(const TrainingRun& run) = 0;
  // Rewrites the row with run.id.
  virtual void update_training_run(const TrainingRun& run) = 0;
  virtual std::vector<TrainingRun> training_runs_with_status(std::string_view status) = 0;
  virtual std::int64_t insert_model_metadata(const ModelMetadata& model) = 0;

  // The registry's storage (registry/ holds its rules). Records a trained model in one
  // transaction: its model_metadata row, then its version (the series' next number) with the
  // artifact and its SHA-256; a series without versions first gets the baseline as version 0.
  // Several processes may register at once: each version number is taken once.
  virtual RegisteredModel register_model(const TrainedModel& model) = 0;
  // The newest active version of a series and model type among those trained at or before
  // `trained_by` on data ending at or before `data_end_by`: what a run whose clock is T may
  // continue (T, and T minus one interval), never a model that saw later bars.
  virtual std::optional<StoredModel> latest_version(std::string_view symbol,
                                                    std::string_view interval,
                                                    std::string_view model_type,
                                                    UnixSeconds trained_by,
                                                    UnixSeconds data_end_by) = 0;
  // One version with its artifact. Both throw Error when the artifact's checksum does not
  // match (a damaged database): a damaged model is never loaded.
  virtual std::optional<StoredModel> model_version(std::string_view symbol,
                                                   std::string_view interval, int version) = 0;
  // Every version of a series (every series when `symbol` is empty), by series and version,
  // without artifacts.
  virtual std::vector<ModelVersion> model_versions(std::string_view symbol,
                                                   std::string_view interval) = 0;
  // Each series' champion version (model_aliases), without artifacts, by series: what a server
  // serves, read by index rather than every version of every series.
  virtual std::vector<ModelVersion> champion_versions() = 0;
  // A random id made when the database was created: files of this database (reports, exports)
  // live under it, never over another database's.
  virtual std::string database_id() = 0;
  virtual void insert_run_symbol(const RunSymbol& outcome) = 0;
  // One run (nullopt when there is none); the symbol outcomes it recorded, in recording order.
  virtual std::optional<TrainingRun> training_run(std::int64_t id) = 0;
  virtual std::vector<RunSymbolOutcome> run_symbols(std::int64_t run_id) = 0;
  // Marks versions archived and drops their artifacts (models gc), in one transaction, only if
  // the series' alias history is still what the caller planned on (its newest id is
  // `history_seen`): false, and nothing archived, when an alias moved meanwhile. A version an
  // alias points at is never archived.
  virtual bool archive_versions(std::string_view symbol, std::string_view interval,
                                std::span<const int> versions, std::int64_t history_seen) = 0;

  // Aliases (model_aliases) of one series, or of every series when `symbol` is empty.
  virtual std::vector<AliasRow> aliases(std::string_view symbol, std::string_view interval) = 0;
  // Records a decision and the alias changes it makes (each appended to alias_history) in one
  // transaction, and returns the decision's id (0 when decision.decision is empty: changes
  // without a decision row). Optimistic: when the series' aliases are no longer exactly `seen`,
  // what the decision was made on (another process decided first), nothing is written and it
  // returns nullopt. Throws Error, writing nothing, when a change points an alias at an
  // archived version (its artifact is gone).
  virtual std::optional<std::int64_t> record_decision(const PromotionDecision& decision,
                                                      std::span<const AliasChange> changes,
                                                      std::span<const AliasRow> seen) = 0;
  // Newest first; `symbol` empty: every series; `interval` empty: every interval of `symbol`.
  // `limit` <= 0: all (bounded by index otherwise).
  virtual std::vector<PromotionDecision> promotion_decisions(std::string_view symbol,
                                                             std::string_view interval,
                                                             int limit) = 0;
  // Oldest first.
  virtual std::vector<AliasChange> alias_history(std::string_view symbol,
                                                 std::string_view interval) = 0;
  // The newest change of `alias` at or before t, read by index, with the kind of decision that
  // made it; nullopt when it had none by then.
  virtual std::optional<AliasChange> alias_change_at(std::string_view symbol,
                                                     std::string_view interval,
                                                     std::string_view alias, UnixSeconds t) = 0;
  // The version `alias` pointed at at time t (the newest change at or before t), if any.
  std::optional<int> alias_at(std::string_view symbol, std::string_view interval,
                              std::string_view alias, UnixSeconds t);

  // Stores predictions; one per (series, model version, as_of): a repeat is ignored. A
  // prediction whose next bar is already stored gets its outcome at once; the others get it
  // when write_bars stores that bar (same transaction).
  virtual void insert_predictions(std::span<const PredictionRow> predictions) = 0;
  // The newest `limit` predictions of one model version (of every version when version < 0),
  // newest as_of first; only those with a known outcome when `resolved_only`.
  virtual std::vector<PredictionRow> predictions(std::string_view symbol, std::string_view interval,
                                                 int version, int limit, bool resolved_only) = 0;
  // The same, resolved ones only, as known at `clock`: those whose outcome bar (target) is
  // complete at it (target + interval <= clock), so that a replayed decision never reads an
  // outcome that came later.
  virtual std::vector<PredictionRow> resolved_predictions(std::string_view symbol,
                                                          std::string_view interval, int version,
                                                          int limit, UnixSeconds clock) = 0;

  // Runs `body`, several of this store's writes, as one transaction: all of them or none.
  virtual void atomically(const std::function<void()>& body) = 0;
  // From now on every write of this store first checks, in its own transaction, that job `id`
  // is still running under `fencing_token`, and throws Error (writing nothing) when it is not:
  // a job's process paused past its lease (SIGSTOP, a partition) cannot commit a stale result
  // after another worker took the job over. Set from QUANTLOOP_JOB_ID/_FENCING_TOKEN.
  virtual void fence_writes(std::int64_t job_id, std::int64_t fencing_token) = 0;

  // The durable job queue. enqueue_job adds a job (its id); a scheduled one (schedule set)
  // is added only once per (schedule, scheduled_for): nullopt when that fire has its job.
  virtual std::optional<std::int64_t> enqueue_job(const Job& job) = 0;
  // The jobs `parent_id` fanned out, by id.
  virtual std::vector<Job> child_jobs(std::int64_t parent_id) = 0;
  // Claims the oldest claimable job for `owner` until now + lease_seconds: a queued job whose
  // not_before has passed (for a scheduled one: no job of its schedule, or fanned out by one,
  // is running; for an after_siblings one: no other child of its parent is queued or running).
  // Workers on any host may call it at once: PostgreSQL skips rows another claim has locked and
  // takes a lock per schedule before it checks that none of the schedule's jobs runs (so two
  // fires of one schedule never run at once), SQLite serialises writers. The job comes back
  // with its new fencing token.
  virtual std::optional<Job> claim_job(const std::string& owner, UnixSeconds now,
                                       int lease_seconds) = 0;
  // The lease rescuer's pass: running jobs whose lease expired before `now` (their holder is
  // presumed dead) go back to the queue, their attempt counted, or fail when it was their last;
  // either way their fencing token moves on, so the old holder can write nothing. Idempotent;
  // any number of processes may run it at once.
  virtual LeaseRescue rescue_expired_leases(UnixSeconds now) = 0;
  // The cleaner's pass: deletes up to `limit` jobs that finished before `before`, keeping each
  // schedule's latest job (the scheduler's record of its last fire) and every job a queued or
  // running job was fanned out by. Returns how many it deleted.
  virtual int delete_finished_jobs(UnixSeconds before, int limit) = 0;
  // Extends a lease; false when the job is no longer held with that token (expired and
  // claimed by another worker, or cancelled): the holder must stop.
  virtual bool renew_lease(std::int64_t id, std::int64_t fencing_token, UnixSeconds expires) = 0;
  // Records how a claimed job ended; false (and nothing written) when the token is stale.
  virtual bool finish_job(const JobOutcome& outcome) = 0;
  // Jobs newest first, of one state (every state when empty); one job.
  virtual std::vector<Job> jobs(std::string_view state, int limit) = 0;
  // How many jobs are in `state` (by index).
  virtual std::int64_t count_jobs(std::string_view state) = 0;
  virtual std::optional<Job> job(std::int64_t id) = 0;
  // A finished job queued again with fresh attempts; a queued or running job cancelled (a
  // running one's holder sees its lease gone at its next heartbeat). False when the job's
  // state does not allow it.
  virtual bool retry_job(std::int64_t id, UnixSeconds now) = 0;
  // The latest fire time a schedule has a job for (whatever its state); how many of its jobs,
  // and of the jobs they fanned out, are queued or running.
  virtual std::optional<UnixSeconds> last_fire(std::string_view schedule) = 0;
  virtual int active_jobs(std::string_view schedule) = 0;
  virtual bool cancel_job(std::int64_t id, UnixSeconds now) = 0;
  // Workers' and daemons' signs of life: one row per owner, replaced by each beat; the rows
  // whose heartbeat is at or after `since`, by owner.
  virtual void beat(const WorkerBeat& beat) = 0;
  virtual std::vector<WorkerBeat> worker_beats(UnixSeconds since) = 0;

  // Records a pair scan with every candidate and makes its selected candidates the active
  // pairs (active_pairs replaced), in one transaction; returns the scan's id.
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

  // The pairs active at `at`, with their candidates' figures, by pair: those the latest scan
  // whose clock is at or before `at` selected, less those a signals run at or before `at`
  // deactivated. A scan or a deactivation after `at` changes nothing (view active_pairs: at the
  // latest clock).
  virtual std::vector<ActivePair> active_pairs(UnixSeconds at) = 0;
  // The open paper trades (trades with status OPEN), by symbol.
  virtual std::vector<PaperTrade> open_trades() = 0;
  // Writes a signals run (SignalsBatch) in one transaction. Throws Error, writing nothing, when
  // signals of a later bar are recorded already: a run before them would rewrite the history
  // later runs traded on.
  virtual void record_signals(const SignalsBatch& batch) = 0;

  // Saves a backtest and its equity series in one transaction; returns its id.
  virtual std::int64_t record_backtest(const SavedBacktest& backtest,
                                       std::span<const EquityPoint> equity) = 0;
  // Saved backtests, newest first, at most `limit` of those with an id below `before_id` (0:
  // from the newest), report_json left empty: a page of a list.
  virtual std::vector<SavedBacktest> saved_backtests(int limit, std::int64_t before_id) = 0;
  // One saved backtest, its report included, and its equity series by series and time.
  virtual std::optional<SavedBacktest> saved_backtest(std::int64_t id) = 0;
  virtual std::vector<EquityPoint> backtest_equity(std::int64_t id) = 0;

  // A few cheap aggregates for a server to poll, as of `now`.
  virtual ServingState serving_state(UnixSeconds now) = 0;

  // The seeds' monitoring queries (seed 001's query_training_data.py).
  virtual ResultTable recent_runs(int limit) = 0;
  // A page of training runs, newest first, as recent_runs' columns plus interval; and how many
  // runs the filter matches in all (for the dashboard's runs page).
  virtual ResultTable find_runs(const RunFilter& filter) = 0;
  virtual std::int64_t count_runs(const RunFilter& filter) = 0;
  virtual ResultTable model_performance() = 0;
  virtual ResultTable recent_bars(std::string_view symbol, Interval interval,
                                  UnixSeconds since) = 0;
  virtual ResultTable runs_by_hour() = 0;
  virtual StoreStatistics statistics() = 0;
  // `quantloop status`'s and the dashboard's few figures of the database, in milliseconds
  // however large the tables (statistics() counts every table).
  virtual StoreSummary summary(UnixSeconds since) = 0;

  // The tables a user may export, in schema order (store_table_names()).
  virtual std::vector<std::string> table_names() = 0;
  // Streams every row of `table` (one of table_names(), else Error) in key order: first the
  // column names, then each row.
  virtual void export_table(std::string_view table,
                            const std::function<void(const std::vector<std::string>&)>& on_columns,
                            const std::function<void(const std::vector<Value>&)>& on_row) = 0;

  // Runs one read-only SQL statement (a user's own query, e.g. the seeds' examples). Writing
  // is impossible by construction, not refused by reading the text: SQLite runs it on a
  // connection of its own opened read-only with query_only and an authorizer that permits
  // reads only; PostgreSQL runs it as the one statement of a cursor in a READ ONLY
  // transaction (a SELECT or VALUES). Throws Error for anything else, and for several
  // statements at once.
  virtual ResultTable run_sql(std::string_view sql) = 0;
};

}  // namespace quantloop
