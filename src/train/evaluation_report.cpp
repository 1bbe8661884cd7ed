#include "train/evaluation_report.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "core/atomic_file.h"
#include "train/runner.h"

namespace quantloop::train {

nlohmann::json run_report(const RunResult& result) {
  const TrainingRun& run = result.run;
  nlohmann::json report = {{"run_id", run.id},
                           {"run_date", format_iso8601(run.run_date)},
                           {"mode", run.mode},
                           {"interval", run.interval},
                           {"timeframe", run.timeframe},
                           {"status", run.status},
                           {"error", run.error},
                           {"symbols_count", run.symbols_count},
                           {"rows_processed", run.rows_processed},
                           {"duration_seconds", run.duration_seconds},
                           {"symbols", nlohmann::json::array()}};
  for (const SymbolResult& s : result.symbols) {
    nlohmann::json entry = {
        {"symbol", s.symbol}, {"status", s.status}, {"seconds", s.seconds}, {"rows", s.rows}};
    if (s.status == "success") {
      const auto& v = s.outcome.validation;
      entry.update({{"accuracy", v.accuracy},
                    {"baseline_accuracy", v.baseline_accuracy},
                    {"f1", v.f1},
                    {"loss", v.loss},
                    {"validation_rows", v.rows},
                    {"epochs", s.outcome.epochs_run},
                    {"best_epoch", s.outcome.best_epoch},
                    {"model_path", s.model_path.string()},
                    {"warm_started_from", s.record.warm_started_from}});
    } else {
      entry["error"] = s.error;
    }
    report["symbols"].push_back(entry);
  }
  return report;
}

std::filesystem::path write_evaluation_report(const RunResult& result,
                                              const std::filesystem::path& models_dir) {
  const TrainingRun& run = result.run;
  const std::string text = run_report(result).dump(2) + "\n";
  const auto per_run =
      models_dir / "runs" / fmt::format("run-{}", run.id) / "evaluation_results.json";
  write_file_atomically(per_run, text);
  write_file_atomically(models_dir / "evaluation_results.json", text);
  return per_run;
}

}  // namespace quantloop::train
