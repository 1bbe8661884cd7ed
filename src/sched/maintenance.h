#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/time.h"

namespace quantloop::sched {

// The queue's periodic services (the scheduler, the job cleaner) run by a worker loop between
// claims, each at its own period and each failing on its own: one service's error is reported
// and the others, and the claims, go on.
class Maintenance {
 public:
  // `service` runs at most every `period` (first on the first turn) and may return a line to
  // report.
  using Service = std::function<std::optional<std::string>(UnixSeconds now)>;
  void add(std::string name, std::chrono::seconds period, Service service);

  // Runs the services that are due at `now`; `on_event` gets their lines and their errors.
  void run_due(UnixSeconds now, const std::function<void(const std::string&)>& on_event);

 private:
  struct Entry {
    std::string name;
    std::chrono::seconds period;
    Service service;
    std::optional<UnixSeconds> last_run;
  };
  std::vector<Entry> services_;
};

}  // namespace quantloop::sched
