#include "serve/prediction_service.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>

#include "core/error.h"
#include "core/interrupt.h"
#include "registry/registry.h"
#include "serve/metrics.h"

namespace quantloop::serve {

namespace {

std::string dump(const nlohmann::json& json) {
  return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string body_of(const std::string& symbol,
                    const std::vector<registry::Prediction>& predictions) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& p : predictions)
    list.push_back(registry::to_json(p));
  return dump({{"symbol", symbol}, {"predictions", list}});
}

// serve.max_loaded_models split between the request side's predictor and the poller's.
std::size_t request_side_models(const Config& config) {
  return std::size_t(config.serve.max_loaded_models) / 2;
}
std::size_t poller_models(const Config& config) {
  return std::size_t(config.serve.max_loaded_models) - request_side_models(config);
}

// How often the poller refills entries that expired with no request to renew them.
constexpr UnixSeconds kRefillSeconds = 30;

}  // namespace

PredictionService::PredictionService(const std::string& database_url, const Config& config,
                                     std::chrono::milliseconds poll_interval)
    : url_(database_url), config_(config), poll_interval_(poll_interval) {
  store_ = Store::open(url_, Store::OpenMode::existing);
  predictor_ = std::make_unique<registry::Predictor>(*store_, config_, request_side_models(config));
}

PredictionService::~PredictionService() {
  stop();
}

void PredictionService::start(std::function<void()> on_interrupt) {
  on_interrupt_ = std::move(on_interrupt);
  ServingState state;
  {
    // Ready before the first request: what the disk tier holds, then the rest computed.
    std::lock_guard lock(store_mutex_);
    load_champions(*store_);
    state = store_->serving_state(now_utc());
    full_retrain_running_ = state.full_retrain_running;
    state_ = state;
    warm_from_disk(*store_);
    pregenerate(*store_, *predictor_, true);
  }
  poller_ = std::thread([this, state] { poll_loop(state); });
}

void PredictionService::stop() {
  stopping_ = true;
  poll_wake_.notify_all();
  if (poller_.joinable()) poller_.join();
}

UnixSeconds PredictionService::ttl() const {
  return full_retrain_running_ ? config_.serve.full_retrain_ttl_seconds
                               : config_.serve.cache_ttl_seconds;
}

bool PredictionService::load_champions(Store& store) {
  std::map<std::string, std::vector<Champion>> champions;
  for (const ModelVersion& v : store.champion_versions()) {
    if (!registry::is_bar_series(v.symbol)) continue;  // the scanner's models score scans
    champions[v.symbol].push_back({v.symbol, v.interval, v.version, v.model_type, v.trained_at});
  }
  std::unique_lock lock(champions_mutex_);
  auto same = [](const std::vector<Champion>& a, const std::vector<Champion>& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const auto& x, const auto& y) {
      return x.interval == y.interval && x.version == y.version;
    });
  };
  const bool changed = champions.size() != champions_.size() ||
                       !std::equal(champions.begin(), champions.end(), champions_.begin(),
                                   champions_.end(), [&](const auto& x, const auto& y) {
                                     return x.first == y.first && same(x.second, y.second);
                                   });
  champions_ = std::move(champions);
  return changed;
}

bool PredictionService::has_champion(const std::string& symbol) const {
  std::shared_lock lock(champions_mutex_);
  return champions_.count(symbol) > 0;
}

std::uint64_t PredictionService::generation() const {
  std::shared_lock lock(cache_mutex_);
  return generation_;
}

void PredictionService::clear_cache() {
  std::unique_lock lock(cache_mutex_);
  cache_.clear();
  ++generation_;
}

void PredictionService::insert(const std::string& symbol, std::shared_ptr<const Entry> entry,
                               std::uint64_t generation) {
  std::unique_lock lock(cache_mutex_);
  if (generation != generation_) {
    stale_inserts_.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  cache_[symbol] = std::move(entry);
}

std::shared_ptr<const PredictionService::Entry> PredictionService::compute(
    registry::Predictor& predictor, const std::string& symbol, UnixSeconds now) {
  // Taken before the predictor reads which version is champion.
  const std::uint64_t generation = this->generation();
  auto entry = std::make_shared<Entry>();
  entry->predictions = predictor.predict(symbol, "", now, true);
  entry->body = body_of(symbol, entry->predictions);
  entry->expires = now + ttl();
  if (before_insert_) before_insert_(symbol);
  insert(symbol, entry, generation);
  return entry;
}

std::shared_ptr<const PredictionService::Entry> PredictionService::fresh_entry(
    const std::string& symbol, UnixSeconds now) const {
  std::shared_lock lock(cache_mutex_);
  auto found = cache_.find(symbol);
  if (found == cache_.end() || found->second->expires <= now) return nullptr;
  return found->second;
}

std::shared_ptr<const PredictionService::Entry> PredictionService::entry_or_compute(
    const std::string& symbol, bool& hit) {
  if (auto entry = fresh_entry(symbol, now_utc())) {
    hit = true;
    return entry;
  }
  std::lock_guard lock(store_mutex_);
  // Another request may have computed it while this one waited.
  if (auto entry = fresh_entry(symbol, now_utc())) {
    hit = true;
    return entry;
  }
  hit = false;
  return compute(*predictor_, symbol, now_utc());
}

PredictionService::Answer PredictionService::predictions(const std::string& symbol,
                                                         const std::string& interval) {
  if (!has_champion(symbol)) {
    return {404, dump({{"error", fmt::format("{} has no champion: no model serves it", symbol)}}),
            false};
  }
  Answer answer;
  auto entry = entry_or_compute(symbol, answer.hit);
  (answer.hit ? hits_ : misses_).fetch_add(1, std::memory_order_relaxed);
  if (interval.empty()) {
    answer.body = entry->body;
    return answer;
  }
  std::vector<registry::Prediction> chosen;
  for (const auto& p : entry->predictions) {
    if (p.interval == interval) chosen.push_back(p);
  }
  if (chosen.empty()) {
    return {404, dump({{"error", fmt::format("{} has no {} champion", symbol, interval)}}), false};
  }
  answer.body = body_of(symbol, chosen);
  return answer;
}

PredictionService::Answer PredictionService::top(int n) {
  std::vector<std::string> symbols;
  {
    std::shared_lock lock(champions_mutex_);
    for (const auto& [symbol, champions] : champions_)
      symbols.push_back(symbol);
  }
  // Only what the memory tier holds: an unauthenticated list request never computes or writes.
  std::vector<registry::Prediction> all;
  std::size_t pending = 0;
  const UnixSeconds now = now_utc();
  for (const auto& symbol : symbols) {
    if (auto entry = fresh_entry(symbol, now)) {
      hits_.fetch_add(1, std::memory_order_relaxed);
      all.insert(all.end(), entry->predictions.begin(), entry->predictions.end());
    } else {
      ++pending;
    }
  }
  std::stable_sort(all.begin(), all.end(),
                   [](const auto& a, const auto& b) { return a.confidence > b.confidence; });
  if (all.size() > std::size_t(n)) all.resize(std::size_t(n));
  nlohmann::json list = nlohmann::json::array();
  for (const auto& p : all)
    list.push_back(registry::to_json(p));
  return {200, dump({{"top", n}, {"predictions", list}, {"pending", pending}}), false};
}

void PredictionService::invalidate(const std::string& symbol) {
  std::unique_lock lock(cache_mutex_);
  cache_.erase(symbol);
  ++generation_;
}

std::size_t PredictionService::pregenerate(Store& store, registry::Predictor& predictor,
                                           bool only_missing) {
  load_champions(store);
  std::vector<std::string> symbols;
  {
    std::shared_lock lock(champions_mutex_);
    for (const auto& [symbol, champions] : champions_)
      symbols.push_back(symbol);
  }
  std::size_t made = 0;
  const UnixSeconds now = now_utc();
  for (const auto& symbol : symbols) {
    if (only_missing && fresh_entry(symbol, now)) continue;
    try {
      compute(predictor, symbol, now);
      ++made;
    } catch (const Error& e) {
      invalidate(symbol);
      spdlog::warn("{}: no prediction: {}", symbol, e.what());
    }
  }
  pregenerated_ += made;
  return made;
}

std::size_t PredictionService::refresh() {
  clear_cache();
  std::lock_guard lock(store_mutex_);
  return pregenerate(*store_, *predictor_, false);
}

void PredictionService::warm_from_disk(Store& store) {
  const UnixSeconds now = now_utc();
  std::map<std::string, std::vector<Champion>> champions;
  {
    std::shared_lock lock(champions_mutex_);
    champions = champions_;
  }
  for (const auto& [symbol, series] : champions) {
    auto entry = std::make_shared<Entry>();
    entry->expires = now + ttl();
    for (const auto& c : series) {
      const auto rows = store.predictions(symbol, c.interval, c.version, 1, false);
      if (rows.empty() || rows[0].created_at + ttl() <= now) break;
      registry::Prediction p;
      p.symbol = symbol;
      p.interval = c.interval;
      p.as_of = rows[0].as_of;
      p.prob_up = rows[0].prob_up;
      p.direction = p.prob_up > 0.5 ? "up" : "down";
      p.confidence = std::abs(2 * p.prob_up - 1);
      p.model_version = c.version;
      p.model_type = c.model_type;
      p.trained_at = c.trained_at;
      p.stale = now - c.trained_at > registry::allowed_model_age(config_, c.interval);
      p.role = "champion";
      p.predicted_at = rows[0].created_at;
      entry->expires = std::min(entry->expires, rows[0].created_at + ttl());
      entry->predictions.push_back(p);
    }
    if (entry->predictions.size() != series.size()) continue;  // the poller computes it
    entry->body = body_of(symbol, entry->predictions);
    std::unique_lock lock(cache_mutex_);
    cache_[symbol] = entry;
  }
}

std::size_t PredictionService::loaded_models() {
  std::lock_guard lock(store_mutex_);
  return predictor_->loaded_models() + poller_loaded_.load();
}

void PredictionService::poll_loop(ServingState seen) {
  std::unique_ptr<Store> store;
  std::unique_ptr<registry::Predictor> predictor;
  UnixSeconds refilled = now_utc();
  while (!stopping_) {
    if (interrupt_requested() && on_interrupt_) {
      on_interrupt_();
      on_interrupt_ = nullptr;
    }
    try {
      if (!store) {
        store = Store::open(url_, Store::OpenMode::existing);
        predictor = std::make_unique<registry::Predictor>(*store, config_, poller_models(config_));
      }
      const ServingState state = store->serving_state(now_utc());
      full_retrain_running_ = state.full_retrain_running;
      const bool aliases_changed = state.last_alias_change != seen.last_alias_change;
      if (aliases_changed || state.last_finished_run != seen.last_finished_run) {
        // A promotion or rollback invalidates what the old champions said; a finished run
        // brought bars and models. Either way every champion predicts anew.
        if (aliases_changed) clear_cache();
        pregenerate(*store, *predictor, false);
        refilled = now_utc();
      } else if (now_utc() - refilled >= kRefillSeconds) {
        // Entries whose TTL passed with no request to renew them: GET ?top= lists only what
        // the memory tier holds.
        pregenerate(*store, *predictor, true);
        refilled = now_utc();
      }
      poller_loaded_ = predictor->loaded_models();
      {
        std::unique_lock lock(champions_mutex_);
        state_ = state;
      }
      seen = state;
    } catch (const std::exception& e) {
      spdlog::warn("prediction cache: {}", e.what());
      store.reset();  // reconnect on the next poll
      predictor.reset();
    }
    std::unique_lock lock(poll_mutex_);
    poll_wake_.wait_for(lock, poll_interval_, [this] { return stopping_.load(); });
  }
}

void PredictionService::with_store(const std::function<void(Store&)>& fn) {
  std::lock_guard lock(store_mutex_);
  fn(*store_);
}

bool PredictionService::ready(nlohmann::json& detail) {
  bool database = false;
  try {
    with_store([](Store& store) { store.schema_version(); });
    database = true;
  } catch (const std::exception& e) {
    detail["database_error"] = e.what();
  }
  nlohmann::json champions = nlohmann::json::array();
  {
    std::shared_lock lock(champions_mutex_);
    for (const auto& [symbol, series] : champions_) {
      for (const auto& c : series)
        champions.push_back({{"symbol", symbol}, {"interval", c.interval}, {"version", c.version}});
    }
  }
  detail["database"] = database ? "ok" : "unreachable";
  detail["champions"] = champions;
  detail["cache_entries"] = [&] {
    std::shared_lock lock(cache_mutex_);
    return cache_.size();
  }();
  const bool ok = database && !champions.empty();
  detail["ready"] = ok;
  if (champions.empty()) detail["reason"] = "no champions yet: train first (quantloop train)";
  return ok;
}

nlohmann::json PredictionService::cache_figures() {
  const double hits = double(hits_.load()), misses = double(misses_.load());
  std::shared_lock lock(cache_mutex_);
  return {{"server", "this process"},
          {"entries", cache_.size()},
          {"hit_rate", hits + misses > 0 ? nlohmann::json(hits / (hits + misses)) : nullptr}};
}

std::string PredictionService::metrics_text() {
  std::string out;
  out += metric_header("quantloop_cache_hits_total", "counter",
                       "Prediction requests answered from the memory tier.");
  out += fmt::format("quantloop_cache_hits_total {}\n", hits_.load());
  out += metric_header("quantloop_cache_misses_total", "counter",
                       "Prediction requests computed from the champion.");
  out += fmt::format("quantloop_cache_misses_total {}\n", misses_.load());
  out += metric_header("quantloop_cache_stale_inserts_total", "counter",
                       "Predictions computed across an alias change, answered but not cached.");
  out += fmt::format("quantloop_cache_stale_inserts_total {}\n", stale_inserts_.load());
  out += metric_header("quantloop_cache_entries", "gauge", "Symbols in the memory tier.");
  {
    std::shared_lock lock(cache_mutex_);
    out += fmt::format("quantloop_cache_entries {}\n", cache_.size());
  }
  const UnixSeconds now = now_utc();
  std::shared_lock lock(champions_mutex_);
  out += metric_header("quantloop_champion_age_seconds", "gauge",
                       "Seconds since each champion was trained.");
  for (const auto& [symbol, series] : champions_) {
    for (const auto& c : series) {
      out += fmt::format(
          "quantloop_champion_age_seconds{{symbol=\"{}\",interval=\"{}\",version=\"{}\"}} {}\n",
          label_value(symbol), label_value(c.interval), c.version, now - c.trained_at);
    }
  }
  out += metric_header("quantloop_last_run_success", "gauge",
                       "1 when the newest run of a mode succeeded, else 0.");
  for (const auto& run : state_.last_runs) {
    out += fmt::format("quantloop_last_run_success{{mode=\"{}\",status=\"{}\"}} {}\n",
                       label_value(run.mode), label_value(run.status),
                       run.status == "success" ? 1 : 0);
  }
  out += metric_header("quantloop_last_run_timestamp_seconds", "gauge",
                       "When the newest run of each mode started (Unix time).");
  for (const auto& run : state_.last_runs) {
    out += fmt::format("quantloop_last_run_timestamp_seconds{{mode=\"{}\"}} {}\n",
                       label_value(run.mode), run.run_date);
  }
  std::int64_t promoted = 0, rolled_back = 0;
  for (const auto& [decision, count] : state_.decisions) {
    if (decision == "promoted") promoted = count;
    if (decision == "rolled_back") rolled_back = count;
  }
  out += metric_header("quantloop_promotions_total", "counter",
                       "Champions replaced by a better challenger (automatic or by hand).");
  out += fmt::format("quantloop_promotions_total {}\n", promoted);
  out += metric_header("quantloop_rollbacks_total", "counter",
                       "Champions rolled back to the one they replaced.");
  out += fmt::format("quantloop_rollbacks_total {}\n", rolled_back);
  return out;
}

}  // namespace quantloop::serve
