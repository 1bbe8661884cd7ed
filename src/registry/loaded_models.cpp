#include "registry/loaded_models.h"

#include <fmt/format.h>

#include "core/error.h"
#include "features/feature_set.h"

namespace quantloop::registry {

std::shared_ptr<models::LoadedModel> LoadedModels::get(const std::string& symbol,
                                                       const std::string& interval, int version) {
  Key key{symbol, interval, version};
  if (auto found = index_.find(key); found != index_.end()) {
    recent_.splice(recent_.begin(), recent_, found->second);
    return found->second->second;
  }
  const auto stored = store_.model_version(symbol, interval, version);
  const std::string source = fmt::format("registry:{}/{}/v{}", symbol, interval, version);
  if (!stored) throw Error(fmt::format("{}: no such version", source));
  auto loaded = std::make_shared<models::LoadedModel>(
      models::unpack_model(stored->artifact, features::feature_names(), source));
  recent_.emplace_front(key, loaded);
  index_[std::move(key)] = recent_.begin();
  while (capacity_ > 0 && recent_.size() > capacity_) {
    index_.erase(recent_.back().first);
    recent_.pop_back();
  }
  return loaded;
}

}  // namespace quantloop::registry
