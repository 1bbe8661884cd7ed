#pragma once

#include <string>

namespace quantloop {

// What every slice of the store (bar_store.h, run_store.h, ...) shares: where it is, for
// messages. A Store is one database behind all of its slices (store.h).
class StoreSlice {
 public:
  virtual ~StoreSlice() = default;
  // "sqlite FILE" or the masked PostgreSQL URL.
  virtual std::string location() const = 0;
};

}  // namespace quantloop
