#pragma once

#include <filesystem>

namespace quantloop::train {

struct RunResult;

// evaluation_results.json as the seeds' workflow keeps it: the run and every symbol's
// validation metrics beside the baseline. Written to models_dir/runs/run-<id>/ and copied to
// models_dir/evaluation_results.json (the latest), each to a temporary name and renamed.
// Returns the per-run file.
std::filesystem::path write_evaluation_report(const RunResult& result, const std::filesystem::path& models_dir);

}  // namespace quantloop::train
