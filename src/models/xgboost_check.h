#pragma once

#include <fmt/format.h>
#include <xgboost/c_api.h>

#include <string>

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

}  // namespace quantloop::models
