#pragma once

#include <string>

#include "store/registry_store.h"

namespace quantloop::registry {

// A series' production at time t, from alias_history alone (never the alias table's present):
// which version was champion, the champion it replaced, how it got there, and the challenger
// waiting in shadow. Two indexed reads however long the history.
struct ProductionAt {
  int champion = -1;    // -1: no champion yet
  int previous = -1;    // the champion the current one replaced; -1 for none
  std::string how;      // the kind of decision that made the champion; "" for the first
  int challenger = -1;  // -1: none waiting
};

ProductionAt production_at(RegistryStore& store, const std::string& symbol,
                           const std::string& interval, UnixSeconds t);

}  // namespace quantloop::registry
