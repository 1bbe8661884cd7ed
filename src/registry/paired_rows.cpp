#include "registry/paired_rows.h"

#include <algorithm>

namespace quantloop::registry {

features::FeatureFrame recent_features(Store& store, const std::string& symbol, Interval interval,
                                       UnixSeconds to, std::size_t rows, int sequence_length) {
  const std::size_t bars = rows + std::size_t(features::warm_up_bars()) +
                           std::size_t(std::max(sequence_length, 1)) + kFeatureHistorySlack;
  return features::build_features(store.read_last_bars(symbol, interval, to, bars));
}

PairedRows paired_rows(Store& store, LoadedModels& models, const std::string& symbol,
                       const std::string& interval, int challenger, int champion,
                       UnixSeconds clock) {
  const auto challenger_model = models.get(symbol, interval, challenger);
  const auto champion_model = models.get(symbol, interval, champion);
  const models::LoadedModel& a = *challenger_model;
  const models::LoadedModel& b = *champion_model;
  // selection_end is the bar the last validation target looked at, so the rows after it are
  // embargoed from the selection rows exactly as the dataset's test segment is.
  const UnixSeconds fair_after = std::max(a.record.selection_end, b.record.selection_end);
  const Interval bar_interval = Interval::parse(interval);
  // Only bars complete at the clock: the last row's outcome is a closed bar's.
  const UnixSeconds last_bar = bar_interval.last_complete_open(clock);
  const std::size_t candidates =
      store.read_bars(symbol, bar_interval, fair_after + 1, last_bar).bars.size();
  PairedRows paired;
  if (candidates == 0) return paired;
  const int history = std::max(a.model->sequence_length(), b.model->sequence_length());
  const features::FeatureFrame frame =
      recent_features(store, symbol, bar_interval, last_bar, candidates, history);
  std::vector<int> rows;
  for (std::size_t r = std::size_t(history - 1); r < frame.rows(); ++r) {
    if (frame.times[r] > fair_after && frame.next_direction[r] >= 0) rows.push_back(int(r));
  }
  paired.challenger = models::predict_frame_rows(*a.model, a.record.scaler, frame, rows);
  paired.champion = models::predict_frame_rows(*b.model, b.record.scaler, frame, rows);
  for (int r : rows) {
    paired.times.push_back(frame.times[std::size_t(r)]);
    paired.outcome.push_back(frame.next_direction[std::size_t(r)]);
    paired.next_log_return.push_back(frame.next_log_return[std::size_t(r)]);
  }
  return paired;
}

}  // namespace quantloop::registry
