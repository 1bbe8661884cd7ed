#include "train/evaluation_report.h"

#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "core/atomic_file.h"
#include "train/runner.h"

namespace quantloop::train {

namespace {

nlohmann::json number(double value) {
  return std::isfinite(value) ? nlohmann::json(value) : nlohmann::json();
}

nlohmann::json evaluation_json(const models::Evaluation& e) {
  return {{"accuracy", number(e.accuracy)},
          {"baseline_accuracy", number(e.baseline_accuracy)},
          {"f1", number(e.f1)},
          {"loss", number(e.loss)},
          {"rows", e.rows}};
}

}  // namespace

nlohmann::json run_report(const RunResult& result) {
  const TrainingRun& run = result.run;
  nlohmann::json report = {
      {"run_id", run.id},
      {"run_date", format_iso8601(run.run_date)},
      {"mode", run.mode},
      {"interval", run.interval},
      {"timeframe", run.timeframe},
      {"status", run.status},
      {"error", run.error},
      {"symbols_count", run.symbols_count},
      {"rows_processed", run.rows_processed},
      {"duration_seconds", run.duration_seconds},
      {"metrics",
       "test: rows after the validation segment and an embargo, that neither "
       "trained the model nor chose its epoch; validation: the rows that chose "
       "the epoch (optimistic)"},
      {"symbols", nlohmann::json::array()}};
  int tested = 0, significant = 0;
  for (const SymbolResult& s : result.symbols) {
    nlohmann::json entry = {
        {"symbol", s.symbol}, {"status", s.status}, {"seconds", s.seconds}, {"rows", s.rows}};
    if (s.status == "success") {
      const models::Evaluation& test = s.record.test;
      entry.update({{"test", evaluation_json(test)},
                    {"validation", evaluation_json(s.outcome.validation)},
                    {"edge_pvalue", s.edge_pvalue},
                    {"epochs", s.outcome.epochs_run},
                    {"best_epoch", s.outcome.best_epoch},
                    {"model_path", s.model_path},
                    {"version", s.version},
                    {"warm_started_from", s.record.warm_started_from}});
      if (test.rows > 0) {
        ++tested;
        significant += s.edge_pvalue < 0.05;
      }
    } else {
      entry["error"] = s.error;
    }
    report["symbols"].push_back(entry);
  }
  // With many symbols some pass by chance: 5 % of them are expected to without any edge.
  report["edge"] = {{"test",
                     "one-sided exact McNemar test of each model against the baseline "
                     "(always the training set's majority direction) on its test rows"},
                    {"symbols_tested", tested},
                    {"significant_at_5_percent", significant},
                    {"expected_by_chance", 0.05 * tested}};
  return report;
}

std::filesystem::path write_evaluation_report(const RunResult& result,
                                              const std::filesystem::path& directory) {
  const TrainingRun& run = result.run;
  const std::string text = run_report(result).dump(2) + "\n";
  const auto per_run =
      directory / "runs" / fmt::format("run-{}", run.id) / "evaluation_results.json";
  write_file_atomically(per_run, text);
  write_file_atomically(directory / "evaluation_results.json", text);
  return per_run;
}

}  // namespace quantloop::train
