#include "registry/predictor.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/error.h"
#include "registry/paired_rows.h"
#include "registry/production_at.h"
#include "registry/registry.h"

namespace quantloop::registry {

nlohmann::json to_json(const Prediction& p) {
  return {{"symbol", p.symbol},
          {"interval", p.interval},
          {"as_of", format_utc(p.as_of)},
          {"prob_up", p.prob_up},
          {"direction", p.direction},
          {"confidence", p.confidence},
          {"model_version", p.model_version},
          {"model_type", p.model_type},
          {"trained_at", format_utc(p.trained_at)},
          {"stale", p.stale}};
}

UnixSeconds allowed_model_age(const Config& config, std::string_view interval) {
  UnixSeconds longest = 0;
  if (interval == config.intervals.full) longest = kSecondsPerDay;
  if (interval == config.intervals.hourly) {
    // Hourly runs from first to last hour (wrapping past midnight when first > last).
    const int first = config.schedule.hourly_first_hour_utc;
    const int last = config.schedule.hourly_last_hour_utc;
    const int covered = (last - first + 24) % 24;
    const UnixSeconds gap = UnixSeconds(24 - covered) * kSecondsPerHour;
    longest = longest == 0 ? gap : std::min(longest, gap);
  }
  if (longest == 0) longest = kSecondsPerDay;  // a series no schedule trains: a day
  return longest + kSecondsPerHour;
}

std::vector<std::pair<std::string, std::string>> Predictor::series() {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& a : store_.aliases("", "")) {
    if (a.alias == "champion" && is_bar_series(a.symbol)) out.emplace_back(a.symbol, a.interval);
  }
  return out;
}

Prediction Predictor::predict_one(const std::string& symbol, const std::string& interval,
                                  int version, const std::string& role, UnixSeconds at) {
  const auto model = models_.get(symbol, interval, version);
  const models::LoadedModel& loaded = *model;
  const Interval bar_interval = Interval::parse(interval);
  const int steps = loaded.model->sequence_length();
  // Bars that have closed by `at`.
  const features::FeatureFrame frame =
      recent_features(store_, symbol, bar_interval, bar_interval.last_complete_open(at), 1, steps);
  if (frame.rows() < std::size_t(steps)) {
    throw Error(
        fmt::format("{} {}: {} feature rows complete by {}, fewer than the {} version {} "
                    "reads",
                    symbol, interval, frame.rows(), format_utc(at), steps, version));
  }
  const int last = int(frame.rows()) - 1;
  const double p =
      models::predict_frame_rows(*loaded.model, loaded.record.scaler, frame, std::span(&last, 1))
          .at(0);
  Prediction prediction;
  prediction.symbol = symbol;
  prediction.interval = interval;
  prediction.as_of = frame.times.back();
  prediction.prob_up = p;
  prediction.direction = p > 0.5 ? "up" : "down";
  prediction.confidence = std::abs(2 * p - 1);
  prediction.model_version = version;
  prediction.model_type = std::string(models::to_string(loaded.record.type));
  prediction.trained_at = loaded.record.trained_at;
  prediction.stale = at - loaded.record.trained_at > allowed_model_age(config_, interval);
  prediction.role = role;
  prediction.predicted_at = now_utc();
  return prediction;
}

std::vector<Prediction> Predictor::predict(const std::string& symbol, const std::string& interval,
                                           UnixSeconds at, bool record) {
  std::vector<std::string> intervals;
  if (!interval.empty()) {
    intervals.push_back(interval);
  } else {
    for (const auto& [s, i] : series()) {
      if (s == symbol) intervals.push_back(i);
    }
  }
  std::vector<Prediction> out;
  std::vector<PredictionRow> rows;
  for (const auto& i : intervals) {
    // The aliases as they were at `at`: champion, challenger, and the champion replaced last.
    const ProductionAt production = production_at(store_, symbol, i, at);
    const int champion = production.champion;
    const int challenger = production.challenger;
    const int previous = production.previous;
    if (champion < 0) continue;
    out.push_back(predict_one(symbol, i, champion, "champion", at));
    if (!record) continue;
    std::vector<Prediction> made{out.back()};
    for (int shadow : {challenger, previous}) {
      if (shadow < 0 || shadow == champion) continue;
      try {
        made.push_back(predict_one(symbol, i, shadow, "shadow", at));
      } catch (const Error&) {
        // A shadow that cannot predict (archived, too little history) only loses its score.
      }
    }
    for (const auto& p : made) {
      rows.push_back({0, p.symbol, p.interval, p.model_version, p.role, p.as_of, p.prob_up,
                      p.predicted_at, 0, -1});
    }
  }
  if (out.empty()) {
    throw Error(interval.empty()
                    ? fmt::format("{} has no champion at {}: train it first (quantloop train)",
                                  symbol, format_utc(at))
                    : fmt::format("{} {} has no champion at {}: train it first (quantloop train)",
                                  symbol, interval, format_utc(at)));
  }
  store_.insert_predictions(rows);
  return out;
}

}  // namespace quantloop::registry
