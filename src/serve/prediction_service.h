#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <shared_mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "core/config.h"
#include "registry/predictor.h"
#include "store/store.h"

namespace quantloop::serve {

// The predictions a server hands out (seed 003's cache): a memory tier of ready response
// bodies per symbol, with the predictions table as the disk tier (a restarted server answers
// from it at once); entries live cache_ttl_seconds (full_retrain_ttl_seconds while a full
// retrain runs); a miss computes from the champion. A poller (its own database connection)
// notices alias changes and finished runs within poll_interval: it clears what they
// invalidate and pre-generates every champion's prediction. Thread-safe.
class PredictionService {
 public:
  PredictionService(const std::string& database_url, const Config& config,
                    std::chrono::milliseconds poll_interval = std::chrono::milliseconds(250));
  ~PredictionService();
  PredictionService(const PredictionService&) = delete;
  PredictionService& operator=(const PredictionService&) = delete;

  // Loads the champions and what the disk tier holds, pre-generates the rest, then polls.
  // `on_interrupt` is called once when Ctrl-C or SIGTERM was received.
  void start(std::function<void()> on_interrupt);
  void stop();

  struct Answer {
    int status = 200;  // 200, or 404 for a symbol without a champion
    std::string body;  // JSON
    bool hit = false;  // from the memory tier
  };
  // GET /v1/predictions/{symbol}[?interval=]: {"symbol", "predictions": [...]}.
  Answer predictions(const std::string& symbol, const std::string& interval);
  // GET /v1/predictions?top=N: the N most confident champion predictions the memory tier
  // holds (a list request computes nothing; the poller keeps the tier full), with how many
  // champions are pending.
  Answer top(int n);
  // Clears the memory tier and pre-generates every champion's prediction; returns how many.
  std::size_t refresh();
  void invalidate(const std::string& symbol);

  // Runs `fn` with the service's database connection, one caller at a time.
  void with_store(const std::function<void(Store&)>& fn);

  // /readyz: the database answers and champions are loaded (listed with their versions).
  bool ready(nlohmann::json& detail);
  // Cache counters, champion ages, last runs, decisions, in the Prometheus text format.
  std::string metrics_text();
  // The memory tier's figures as `quantloop status` shows them: entries and hit rate.
  nlohmann::json cache_figures();
  const std::string& database_url() const { return url_; }
  std::size_t pregenerated() const { return pregenerated_.load(); }
  // Models unpacked by the request side and the poller: at most serve.max_loaded_models.
  std::size_t loaded_models();

  // For tests: called by every computation between predicting and caching, to force an
  // interleaving with the poller. Set before start().
  void set_before_cache_insert(std::function<void(const std::string& symbol)> hook) {
    before_insert_ = std::move(hook);
  }

 private:
  struct Champion {
    std::string symbol;
    std::string interval;
    int version = 0;
    std::string model_type;
    UnixSeconds trained_at = 0;
  };
  struct Entry {
    std::vector<registry::Prediction> predictions;  // one per interval
    std::string body;
    UnixSeconds expires = 0;
  };
  // Caches `entry` unless the cache was cleared (an alias changed) since `generation`, when its
  // computation began: a prediction of a demoted champion is answered, never kept.
  void insert(const std::string& symbol, std::shared_ptr<const Entry> entry,
              std::uint64_t generation);
  std::uint64_t generation() const;
  void clear_cache();

  void poll_loop(ServingState seen);
  // Reloads the champions from `store`; true when they changed.
  bool load_champions(Store& store);
  std::shared_ptr<const Entry> compute(registry::Predictor& predictor, const std::string& symbol,
                                       UnixSeconds now);
  std::shared_ptr<const Entry> fresh_entry(const std::string& symbol, UnixSeconds now) const;
  std::shared_ptr<const Entry> entry_or_compute(const std::string& symbol, bool& hit);
  void warm_from_disk(Store& store);
  // Computes every champion's prediction (only those the memory tier lacks, if asked).
  std::size_t pregenerate(Store& store, registry::Predictor& predictor, bool only_missing);
  UnixSeconds ttl() const;
  bool has_champion(const std::string& symbol) const;

  std::string url_;
  const Config& config_;
  std::chrono::milliseconds poll_interval_;

  std::mutex store_mutex_;  // the request side's connection and predictor
  std::unique_ptr<Store> store_;
  std::unique_ptr<registry::Predictor> predictor_;

  mutable std::shared_mutex cache_mutex_;
  std::unordered_map<std::string, std::shared_ptr<const Entry>> cache_;
  std::uint64_t generation_ = 0;  // under cache_mutex_: bumped by every clearing
  std::function<void(const std::string&)> before_insert_;
  mutable std::shared_mutex champions_mutex_;
  std::map<std::string, std::vector<Champion>> champions_;  // by symbol
  std::atomic<bool> full_retrain_running_{false};
  ServingState state_;  // the poller's last view, under champions_mutex_

  std::atomic<std::uint64_t> hits_{0}, misses_{0}, stale_inserts_{0};
  std::atomic<std::size_t> poller_loaded_{0};
  std::atomic<std::size_t> pregenerated_{0};
  std::atomic<bool> stopping_{false};
  std::mutex poll_mutex_;
  std::condition_variable poll_wake_;
  std::function<void()> on_interrupt_;
  std::thread poller_;
};

}  // namespace quantloop::serve
