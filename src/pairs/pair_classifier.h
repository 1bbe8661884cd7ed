#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <vector>

#include "core/time.h"
#include "pairs/spread_features.h"
#include "store/pair_store.h"

namespace quantloop::pairs {

// Seed 004's GRU per pair (implementation plan, step 4): predicts whether the spread reverts
// (spread_features.h) from a window of its features. The hyperparameter grid is searched on
// the validation segment only; the test segment, after an embargo of `horizon` bars, only
// reports.
struct PairClassifierOptions {
  SpreadFeatureOptions features;
  std::vector<int> hidden_sizes = {8, 16};
  std::vector<int> layers = {1};
  std::vector<double> learning_rates = {1e-3, 3e-3};
  std::vector<int> sequence_lengths = {10, 20};
  int epochs = 40;
  int patience = 8;  // epochs without a better validation loss before training stops
  int batch_size = 32;
  double validation_fraction = 0.15, test_fraction = 0.15;
  std::string backend = "native";  // the GRU's: native or torch
  std::uint64_t seed = 1;
};

struct PairClassifier {
  // Filled: data_start, data_end, the rows of each segment, the test metrics (f1, precision,
  // recall, accuracy, loss), baseline_f1 (always "reverts": 2p / (1 + p) for the test rows'
  // share p that revert), test_positive_rate, validation_f1, the chosen hyperparameters,
  // epochs, best_epoch, configs_tried, hedge_ratio and intercept.
  PairModelPerformance performance;
  nlohmann::json settings;  // everything needed to predict again: network, spread model, scaler
  std::string weights;
};

// Trains the pair (y on x, prices aligned on `times`, oldest first) with every combination of
// the grid, keeps the one with the lowest validation loss and evaluates it on the test rows.
// The hedge and the GARCH are fitted on the rows before the first validation sample of every
// configuration. Throws Error when the rows are too few to train, validate and test.
PairClassifier train_pair_classifier(std::span<const UnixSeconds> times, std::span<const double> y,
                                     std::span<const double> x,
                                     const PairClassifierOptions& options);

// The probability that the spread reverts at each of the last `rows` bars, with a classifier
// as train_pair_classifier returned it (settings and weights); for checks and the signals.
std::vector<double> predict_reversion(const nlohmann::json& settings, const std::string& weights,
                                      std::span<const UnixSeconds> times, std::span<const double> y,
                                      std::span<const double> x, std::size_t rows);

}  // namespace quantloop::pairs
