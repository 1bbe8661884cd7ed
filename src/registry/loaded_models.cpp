#include "registry/loaded_models.h"

#include <fmt/format.h>

#include "core/error.h"
#include "features/feature_set.h"

namespace quantloop::registry {

models::LoadedModel& LoadedModels::get(const std::string& symbol, const std::string& interval,
                                       int version) {
  auto key = std::make_tuple(symbol, interval, version);
  auto found = loaded_.find(key);
  if (found != loaded_.end()) return *found->second;
  const auto stored = store_.model_version(symbol, interval, version);
  const std::string source = fmt::format("registry:{}/{}/v{}", symbol, interval, version);
  if (!stored) throw Error(fmt::format("{}: no such version", source));
  auto loaded = std::make_unique<models::LoadedModel>(
      models::unpack_model(stored->artifact, features::feature_names(), source));
  return *loaded_.emplace(std::move(key), std::move(loaded)).first->second;
}

}  // namespace quantloop::registry
