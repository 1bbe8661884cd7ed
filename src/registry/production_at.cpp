#include "registry/production_at.h"

namespace quantloop::registry {

ProductionAt production_at(RegistryStore& store, const std::string& symbol,
                           const std::string& interval, UnixSeconds t) {
  ProductionAt at;
  if (auto change = store.alias_change_at(symbol, interval, "champion", t)) {
    at.champion = change->new_version;
    at.previous = change->old_version;
    at.how = change->decision;
  }
  if (auto change = store.alias_change_at(symbol, interval, "challenger", t))
    at.challenger = change->new_version;
  return at;
}

}  // namespace quantloop::registry
