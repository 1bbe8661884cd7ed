#include <fmt/format.h>

#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

#include "cli/commands/commands.h"
#include "cli/output.h"
#include "cli/validators.h"
#include "pairs/pair_training.h"

namespace quantloop::cli {

namespace {

using nlohmann::json;

struct TrainArgs {
  std::string as_of;
  std::optional<int> lookback_days, horizon;
  int epochs = 40;
  unsigned workers = 0;
  OutputFormat format = OutputFormat::table;
};

}  // namespace

void add_pairs_train_command(CLI::App& pairs_command, Context& context) {
  auto* pairs = &pairs_command;
  auto train_args = std::make_shared<TrainArgs>();
  auto* train = pairs->add_subcommand(
      "train",
      "Train a GARCH-GRU per pair that passed the correlation gate in the latest scan at or "
      "before --as-of (seed 004 decision 7): hyperparameters chosen on validation, F1 on the "
      "test segment beside always-revert's; records the run (training_runs, mode pairs), "
      "model_performance and pair_classifiers, and updates model_rankings and model_trends. "
      "Exit code 3 when some pairs failed, 65 when all did, 130 when interrupted");
  train->add_option("--as-of", train_args->as_of, "The run's clock, UTC (default: now)")
      ->check(utc_time());
  train
      ->add_option("--lookback-days", train_args->lookback_days,
                   "Days of bars each pair trains on (default: pairs.train_lookback_days)")
      ->check(CLI::Range(30, 36500));
  train
      ->add_option("--horizon", train_args->horizon,
                   "Bars the reversion target looks ahead (default: pairs.target_horizon)")
      ->check(CLI::Range(1, 1000));
  train->add_option("--epochs", train_args->epochs, "Most epochs per configuration")
      ->capture_default_str()
      ->check(CLI::Range(1, 100000));
  train->add_option("--workers", train_args->workers, "Pairs trained at once (default: cores)")
      ->check(CLI::Range(1, 1024));
  add_format_flags(train, train_args->format, false);
  train->callback([&context, train_args] {
    context.begin();
    const PairsConfig& config = context.config().pairs;
    pairs::PairTrainingRequest request;
    request.as_of = train_args->as_of.empty() ? now_utc() : *parse_timestamp(train_args->as_of);
    request.lookback_days = train_args->lookback_days.value_or(config.train_lookback_days);
    request.classifier.features.horizon = train_args->horizon.value_or(config.target_horizon);
    request.classifier.features.reversion_share = config.reversion_share;
    request.classifier.epochs = train_args->epochs;
    request.threads = train_args->workers;
    request.on_pair = [](const std::string& pair, std::size_t done, std::size_t total) {
      std::cerr << fmt::format("[{}/{}] {}\n", done, total, pair);
    };
    auto store = context.open_store(Store::OpenMode::existing);
    const auto result = pairs::run_pair_training(*store, request);
    if (result.run_id == 0) {
      std::cout << fmt::format(
          "scan {} at {}: no pair passed the correlation gate; nothing to "
          "train\n",
          result.scan.id, format_iso8601(result.scan.as_of));
      return;
    }
    context.exit_code = exit_code_of_run(result.status);
    ResultTable table{{"model", "y", "x", "test_rows", "f1", "always_revert_f1", "precision",
                       "recall", "accuracy", "loss", "hidden", "layers", "learning_rate",
                       "sequence", "best_epoch", "seconds"},
                      {}};
    int beat = 0;
    for (const auto& m : result.trained) {
      beat += m.f1 > m.baseline_f1;
      table.rows.push_back(
          {m.id, m.y, m.x, std::int64_t{m.test_rows}, m.f1, m.baseline_f1, m.precision, m.recall,
           m.accuracy, m.loss, std::int64_t{m.hidden_size}, std::int64_t{m.layers}, m.learning_rate,
           std::int64_t{m.sequence_length}, std::int64_t{m.best_epoch}, m.duration_seconds});
    }
    if (train_args->format == OutputFormat::json) {
      json out = {{"run_id", result.run_id},
                  {"scan_id", result.scan.id},
                  {"status", result.status},
                  {"models", to_json(table)},
                  {"failed", json::object()}};
      for (const auto& [pair, why] : result.failed)
        out["failed"][pair] = why;
      std::cout << out.dump(2) << '\n';
      return;
    }
    print_table(std::cout, table,
                fmt::format("PAIR GRUS OF RUN {} (test segment: rows that neither trained nor "
                            "chose the model)",
                            result.run_id));
    for (const auto& [pair, why] : result.failed)
      std::cout << fmt::format("failed {}: {}\n", pair, why);
    std::cout << fmt::format(
        "run {} {}: {} pair GRUs from scan {}; {} beat always-revert's F1 on their test rows\n",
        result.run_id, result.status, result.trained.size(), result.scan.id, beat);
  });
}

}  // namespace quantloop::cli
