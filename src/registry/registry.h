#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/config.h"
#include "registry/loaded_models.h"
#include "registry/promotion_rule.h"
#include "store/store.h"

namespace quantloop::registry {

// Series of bar models are named by a market symbol; other makers' series by
// "<maker>:<model>" (the scanner's "ict:signal_quality"), a name no market symbol takes. Those
// bring their own fair rows (Registry::consider_rows); review, the predictor and the server
// leave them alone.
bool is_bar_series(std::string_view symbol);

// Which version of each series is in production, and why. Every series has a champion from
// its first version on (version 0, the naive baseline); a new version becomes champion only by
// beating it on rows neither trained on or was chosen on (promotion_rule.h), and every change
// of an alias is recorded with its decision and evidence. Several processes may decide at once:
// a change is written only if the aliases are still what the decision was based on.
class Registry {
 public:
  Registry(Store& store, const Config& config);

  // Makes version 0 the series' champion when it has none.
  void ensure_champion(const std::string& symbol, const std::string& interval, UnixSeconds clock,
                       const std::string& actor);

  // A new version challenges the series' champion: promoted, kept, or deferred (it becomes the
  // series' challenger and predicts in shadow; a newer challenger replaces it).
  PromotionDecision consider(const std::string& symbol, const std::string& interval, int version,
                             UnixSeconds clock, const std::string& actor, std::int64_t run_id);

  // The same for a series that is not a bar series: `rows_against(champion)` gives the rows
  // on which the new version and that champion compare fairly at the clock, judged by `rule`.
  PromotionDecision consider_rows(const std::string& symbol, const std::string& interval,
                                  int version,
                                  const std::function<PairedRows(int champion)>& rows_against,
                                  const PromotionRule& rule, UnixSeconds clock,
                                  const std::string& actor, std::int64_t run_id);

  // Every bar series: a deferred challenger is judged again on the rows known by now, and a
  // champion whose last rollback_window live predictions did worse than the previous
  // champion's on the same bars (same test) is rolled back. Returns the decisions made.
  std::vector<PromotionDecision> review(UnixSeconds clock, const std::string& actor);

  // By hand, recorded like the automatic ones (with the rule's verdict on the fair rows, for
  // the record). promote: `version` (default the newest) becomes champion. rollback: the
  // champion it replaced (or `to`) returns.
  PromotionDecision promote(const std::string& symbol, const std::string& interval,
                            std::optional<int> version, UnixSeconds clock,
                            const std::string& actor);
  PromotionDecision rollback(const std::string& symbol, const std::string& interval,
                             std::optional<int> to, UnixSeconds clock, const std::string& actor);

  // The version the champion at `clock` replaced (it keeps predicting in shadow), if any.
  std::optional<int> previous_champion(const std::string& symbol, const std::string& interval,
                                       UnixSeconds clock);

  struct GcEntry {
    std::string symbol;
    std::string interval;
    int version = 0;
    std::string model_type;
    UnixSeconds trained_at = 0;
    bool archive = false;
    std::string reason;  // why it is kept, or "not needed"
  };
  // Retention: keeps version 0, the champion, the previous champion, the challenger, the newest
  // registry.keep_versions of each series and every version that was champion within
  // registry.retention_days; archives the rest (artifact dropped, row kept) unless `dry_run`.
  std::vector<GcEntry> gc(UnixSeconds now, bool dry_run);

  LoadedModels& loaded_models() { return models_; }

 private:
  // Records a verdict on `challenger` against `champion` and the alias changes it makes.
  // nullopt when the aliases changed meanwhile.
  std::optional<PromotionDecision> apply(const std::string& symbol, const std::string& interval,
                                         int challenger, int champion, const Judgement& judgement,
                                         const std::string& metric, const PairedRows& rows,
                                         UnixSeconds clock, const std::string& actor,
                                         std::int64_t run_id);
  std::optional<PromotionDecision> review_challenger(const AliasRow& challenger, int champion,
                                                     UnixSeconds clock, const std::string& actor);
  std::optional<PromotionDecision> check_rollback(const std::string& symbol,
                                                  const std::string& interval, int champion,
                                                  UnixSeconds clock);
  PromotionDecision manual(const std::string& symbol, const std::string& interval, int to,
                           const std::string& decision, UnixSeconds clock,
                           const std::string& actor);

  Store& store_;
  const Config& config_;
  PromotionRule rule_;
  LoadedModels models_;
};

}  // namespace quantloop::registry
