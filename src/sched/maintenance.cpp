#include "sched/maintenance.h"

#include <fmt/format.h>

namespace quantloop::sched {

void Maintenance::add(std::string name, std::chrono::seconds period, Service service) {
  services_.push_back({std::move(name), period, std::move(service), std::nullopt});
}

void Maintenance::run_due(UnixSeconds now,
                          const std::function<void(const std::string&)>& on_event) {
  for (Entry& e : services_) {
    if (e.last_run && now - *e.last_run < e.period.count()) continue;
    e.last_run = now;
    try {
      if (auto line = e.service(now)) on_event(*line);
    } catch (const std::exception& error) {
      on_event(fmt::format("{}: {}; trying again at its next turn", e.name, error.what()));
    }
  }
}

}  // namespace quantloop::sched
