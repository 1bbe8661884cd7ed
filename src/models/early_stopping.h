#pragma once

#include <fmt/format.h>

#include <cmath>

#include "core/error.h"
#include "models/metrics.h"

namespace quantloop::models {

// Tracks the best validation over epochs. Every model keeps its best epoch's parameters (and
// reports its validation); with stopping enabled, training ends `patience` epochs after the
// last improvement.
class EarlyStopping {
 public:
  EarlyStopping(bool enabled, int patience) : enabled_(enabled), patience_(patience) {}

  // True when this epoch's validation is the best so far (the caller keeps these parameters).
  // A non-finite loss is an Error: no epoch can be compared with it.
  bool improved(int epoch, const Evaluation& validation) {
    if (!std::isfinite(validation.loss)) {
      throw Error(fmt::format("the validation loss is {} in epoch {}", validation.loss, epoch));
    }
    if (best_epoch_ == 0 || validation.loss < best_.loss) {
      best_ = validation;
      best_epoch_ = epoch;
      return true;
    }
    return false;
  }
  bool should_stop(int epoch) const { return enabled_ && epoch - best_epoch_ >= patience_; }
  int best_epoch() const { return best_epoch_; }
  const Evaluation& best_validation() const { return best_; }

 private:
  bool enabled_;
  int patience_;
  Evaluation best_;
  int best_epoch_ = 0;
};

}  // namespace quantloop::models
