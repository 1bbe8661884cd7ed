#pragma once

#include <list>
#include <map>
#include <memory>
#include <string>
#include <tuple>

#include "models/model_directory.h"
#include "store/registry_store.h"

namespace quantloop::registry {

// Registry versions unpacked once and kept: a version's artifact never changes (gc only
// archives it), so (symbol, interval, version) is a sufficient key. With a capacity, the least
// recently used beyond it are dropped (a server of many series, each with shadows); a model
// handed out stays alive while its holder keeps it. Not thread-safe, like the models it holds.
class LoadedModels {
 public:
  // capacity 0: keep every model loaded.
  explicit LoadedModels(RegistryStore& store, std::size_t capacity = 0)
      : store_(store), capacity_(capacity) {}

  // Throws Error when the version does not exist, is archived or damaged, or does not fit this
  // quantloop's features.
  std::shared_ptr<models::LoadedModel> get(const std::string& symbol, const std::string& interval,
                                           int version);
  std::size_t size() const { return recent_.size(); }

 private:
  using Key = std::tuple<std::string, std::string, int>;
  RegistryStore& store_;
  std::size_t capacity_;
  std::list<std::pair<Key, std::shared_ptr<models::LoadedModel>>> recent_;  // most recent first
  std::map<Key, decltype(recent_)::iterator> index_;
};

}  // namespace quantloop::registry
