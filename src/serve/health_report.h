#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "core/config.h"
#include "store/store.h"

namespace quantloop::serve {

// What `quantloop status` reports and the dashboard's overview shows (seed 003's
// monitor_training.py): system resources where the database, models and logs live, workers'
// heartbeats, running jobs and runs with progress, the last run of each mode, failures of the
// last 24 h, each champion's age against its schedule, the database's size and growth, the
// serve cache and the last log lines; a verdict OK, WARNING or CRITICAL (level 0, 1, 2, the
// Nagios convention) with its reasons.
struct HealthInputs {
  const Config* config = nullptr;
  std::string database;    // the URL or path, for the disk it lives on
  Store* store = nullptr;  // nullptr when it could not be opened (store_error says why)
  std::string store_error;
  nlohmann::json cache;  // the serve cache's figures: {server, entries, hit_rate}
  UnixSeconds now = 0;
};

// The report as JSON: at, system, database, work, models, cache, log, verdict, level, reasons.
nlohmann::json health_report(const HealthInputs& in);

}  // namespace quantloop::serve
