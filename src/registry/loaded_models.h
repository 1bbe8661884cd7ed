#pragma once

#include <map>
#include <memory>
#include <string>
#include <tuple>

#include "models/model_directory.h"
#include "store/store.h"

namespace quantloop::registry {

// Registry versions unpacked once and kept: a version's artifact never changes (gc only
// archives it), so (symbol, interval, version) is a sufficient key. Not thread-safe, like the
// models it holds.
class LoadedModels {
 public:
  explicit LoadedModels(Store& store) : store_(store) {}

  // Throws Error when the version does not exist, is archived or damaged, or does not fit this
  // quantloop's features.
  models::LoadedModel& get(const std::string& symbol, const std::string& interval, int version);
  std::size_t size() const { return loaded_.size(); }

 private:
  Store& store_;
  std::map<std::tuple<std::string, std::string, int>, std::unique_ptr<models::LoadedModel>> loaded_;
};

}  // namespace quantloop::registry
