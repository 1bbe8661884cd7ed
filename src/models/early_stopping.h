#pragma once

#include <limits>

namespace quantloop::models {

// Tracks the best validation loss over epochs. Every model keeps its best epoch's parameters;
// with stopping enabled, training ends `patience` epochs after the last improvement.
class EarlyStopping {
 public:
  EarlyStopping(bool enabled, int patience) : enabled_(enabled), patience_(patience) {}

  // True when `loss` is the best so far (the caller keeps these parameters).
  bool improved(int epoch, double loss) {
    if (loss < best_loss_) {
      best_loss_ = loss;
      best_epoch_ = epoch;
      return true;
    }
    return false;
  }
  bool should_stop(int epoch) const { return enabled_ && epoch - best_epoch_ >= patience_; }
  int best_epoch() const { return best_epoch_; }

 private:
  bool enabled_;
  int patience_;
  double best_loss_ = std::numeric_limits<double>::infinity();
  int best_epoch_ = 0;
};

}  // namespace quantloop::models
