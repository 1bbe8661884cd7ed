#pragma once

#include <fmt/format.h>
#include <xgboost/c_api.h>

#include <cmath>
#include <span>
#include <string>
#include <vector>

#include "core/error.h"

namespace quantloop::models {

// Throws Error for a failed XGBoost call. XGBoost's messages end in a stack trace; the first
// line is the message.
inline void check_xgboost(int rc, const char* what) {
  if (rc == 0) return;
  std::string message = XGBGetLastError();
  message = message.substr(0, message.find('\n'));
  throw Error(fmt::format("XGBoost: {}: {}", what, message));
}

// Owns a DMatrix of row-major values (NaN: missing), with labels when given. `threads`: those
// that build it (0: XGBoost's default, every core; 1 for a few rows, where waking OpenMP's
// threads costs more than the work).
class XgboostMatrix {
 public:
  XgboostMatrix(std::span<const float> values, std::size_t rows, std::size_t columns,
                std::span<const float> labels, int threads) {
    check_xgboost(XGDMatrixCreateFromMat_omp(values.data(), bst_ulong(rows), bst_ulong(columns),
                                             std::nanf(""), &handle_, threads),
                  "DMatrix");
    if (!labels.empty()) {
      check_xgboost(XGDMatrixSetFloatInfo(handle_, "label", labels.data(), labels.size()),
                    "labels");
    }
  }
  ~XgboostMatrix() { XGDMatrixFree(handle_); }
  XgboostMatrix(const XgboostMatrix&) = delete;
  XgboostMatrix& operator=(const XgboostMatrix&) = delete;
  DMatrixHandle handle() const { return handle_; }

 private:
  DMatrixHandle handle_ = nullptr;
};

// What a booster predicts for a matrix: XGBoost's own buffer (valid until the booster's next
// call) and its shape. strict_shape: rows x classes even for one class.
struct XgboostPrediction {
  const float* values = nullptr;
  std::vector<bst_ulong> shape;
};

inline XgboostPrediction predict_xgboost(BoosterHandle booster, DMatrixHandle matrix,
                                         bool strict_shape) {
  bst_ulong const* shape = nullptr;
  bst_ulong dimensions = 0;
  XgboostPrediction out;
  check_xgboost(XGBoosterPredictFromDMatrix(
                    booster, matrix,
                    strict_shape ? R"({"type": 0, "training": false, "iteration_begin": 0, )"
                                   R"("iteration_end": 0, "strict_shape": true})"
                                 : R"({"type": 0, "training": false, "iteration_begin": 0, )"
                                   R"("iteration_end": 0, "strict_shape": false})",
                    &shape, &dimensions, &out.values),
                "predict");
  out.shape.assign(shape, shape + dimensions);
  return out;
}

}  // namespace quantloop::models
