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
#include "store/run_store.h"
#include "store/store_slice.h"

namespace quantloop {

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

// The registry's storage (src/registry holds its rules): model_versions with their artifacts,
// model_aliases with alias_history and promotion_decisions, predictions with their outcomes. One
// slice of the Store (store.h): a layer that needs only these takes a RegistryStore&.
class RegistryStore : public virtual StoreSlice {
 public:
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
  // archived version (its artifact is gone), or is dated before the series' newest change (the
  // history stays in time order).
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
  // A few cheap aggregates for a server to poll, as of `now`: counters that move with every
  // alias change and every finished run, in commit order.
  virtual ServingState serving_state(UnixSeconds now) = 0;
};

}  // namespace quantloop
