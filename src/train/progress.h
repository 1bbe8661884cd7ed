#pragma once

#include <string>

#include "models/model.h"
#include "store/run_store.h"

namespace quantloop::train {

struct SymbolResult;
struct RunResult;

// Hears how a run goes. symbol_started, epoch_finished and symbol_finished come from worker
// threads, concurrently: implementations synchronise themselves. Every method has a no-op
// default.
class ProgressSink {
 public:
  virtual ~ProgressSink() = default;
  virtual void run_started(const TrainingRun& /*run*/, int /*symbols*/, int /*workers*/) {}
  virtual void symbol_started(const std::string& /*symbol*/) {}
  virtual void epoch_finished(const std::string& /*symbol*/,
                              const models::EpochProgress& /*epoch*/) {}
  virtual void symbol_finished(const SymbolResult& /*result*/) {}
  virtual void run_finished(const RunResult& /*result*/) {}
};

}  // namespace quantloop::train
