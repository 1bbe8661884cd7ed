#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/config.h"
#include "registry/loaded_models.h"
#include "store/store.h"

namespace quantloop::registry {

// A model's prediction for the bar after `as_of`, the last complete bar it saw.
struct Prediction {
  std::string symbol;
  std::string interval;
  UnixSeconds as_of = 0;
  double prob_up = 0;     // P(the next bar closes above as_of's close)
  std::string direction;  // up | down
  double confidence = 0;  // |2 prob_up - 1|: 0 a coin toss, 1 certain
  int model_version = 0;
  std::string model_type;
  UnixSeconds trained_at = 0;
  bool stale = false;  // the model is older than its series' schedule allows
  std::string role;    // champion | shadow
  UnixSeconds predicted_at = 0;
};

// The fields of the predict command and the HTTP API.
nlohmann::json to_json(const Prediction& prediction);

// How long after its training a model of `interval` may serve before it is stale: the longest
// wait between two scheduled runs that train that interval, plus an hour's grace.
UnixSeconds allowed_model_age(const Config& config, std::string_view interval);

// Predictions from the registry's champions (and the models in shadow beside them: the
// challenger and the champion it would replace), from the last complete bars in the store.
// Not thread-safe: one per thread, or behind a lock.
class Predictor {
 public:
  // Keeps at most `max_loaded_models` models unpacked (0: every one it loads).
  Predictor(Store& store, const Config& config, std::size_t max_loaded_models = 0)
      : store_(store), config_(config), models_(store, max_loaded_models) {}

  // For each series of `symbol` (every interval with a champion, or only `interval`), the
  // champion at time `at` predicts the bar after the last bar complete at `at`. With `record`,
  // the prediction and the shadows' are stored (predictions table) for the live scores.
  // Throws Error naming the symbol when it has no champion at `at`.
  std::vector<Prediction> predict(const std::string& symbol, const std::string& interval,
                                  UnixSeconds at, bool record);

  // Every bar series with a champion, as (symbol, interval) (is_bar_series: the scanner's
  // models score scans, not bars).
  std::vector<std::pair<std::string, std::string>> series();

  std::size_t loaded_models() const { return models_.size(); }

 private:
  Prediction predict_one(const std::string& symbol, const std::string& interval, int version,
                         const std::string& role, UnixSeconds at);

  Store& store_;
  const Config& config_;
  LoadedModels models_;
};

}  // namespace quantloop::registry
