#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>

namespace quantloop::train {

struct RunResult;

// The run and every symbol's outcome: for a trained model its test metrics (rows that neither
// trained nor chose it) and its validation metrics (the rows that chose the epoch), each beside
// the baseline, and the p-value of its edge over the baseline; for a failed symbol the reason.
// "edge" counts the symbols whose edge is significant at 5 %. `quantloop train --json` prints
// it too.
nlohmann::json run_report(const RunResult& result);

// evaluation_results.json as the seeds' workflow keeps it: the run_report. Written to
// directory/runs/run-<id>/ and copied to directory/evaluation_results.json (the latest), each
// atomically; the runner passes training.models_dir/<database id>/, so a database never writes
// over another's reports. Returns the per-run file.
std::filesystem::path write_evaluation_report(const RunResult& result,
                                              const std::filesystem::path& directory);

}  // namespace quantloop::train
