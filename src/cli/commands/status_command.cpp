// quantloop status: seed 003's monitor_training.py as one verdict with its reasons, for people
// and for monitoring systems (the Nagios plugin convention: exit 0 OK, 1 WARNING, 2 CRITICAL).
#include <fmt/format.h>
#include <httplib.h>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "cli/commands/commands.h"
#include "core/interrupt.h"
#include "serve/health_report.h"

namespace quantloop::cli {

namespace {

using nlohmann::json;

// The prediction cache lives in the serve process: its /metrics, when one answers.
json cache_section(const Config& config) {
  httplib::Client client(config.serve.host == "0.0.0.0" ? "127.0.0.1" : config.serve.host,
                         config.serve.port);
  client.set_connection_timeout(0, 300000);
  client.set_read_timeout(1, 0);
  auto res = client.Get("/metrics");
  if (!res || res->status != 200) return {{"server", "not answering"}};
  std::map<std::string, double> values;
  std::istringstream in(res->body);
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    const auto space = line.rfind(' ');
    if (space == std::string::npos) continue;
    try {
      values[line.substr(0, space)] = std::stod(line.substr(space + 1));
    } catch (const std::exception&) {
    }
  }
  const double hits = values["quantloop_cache_hits_total"];
  const double misses = values["quantloop_cache_misses_total"];
  return {{"server", fmt::format("{}:{}", config.serve.host, config.serve.port)},
          {"entries", values["quantloop_cache_entries"]},
          {"hit_rate", hits + misses > 0 ? json(hits / (hits + misses)) : json()}};
}

// The report as lines for people; --json has every field.
void print_for_people(const json& out) {
  const json& system = out["system"];
  std::cout << fmt::format(
      "\nsystem    load {} on {} cores; {:.0f} of {:.0f} MiB memory available\n",
      fmt::join(system["load"].get<std::vector<double>>(), " "), system["cores"].get<int>(),
      system["memory_available_mib"].get<double>(), system["memory_total_mib"].get<double>());
  for (const auto& disk : system["disks"]) {
    std::cout << fmt::format("          {} ({}): {:.1f} GiB free ({:.1f} %)\n",
                             disk["for"].get<std::string>(), disk["path"].get<std::string>(),
                             disk["free_gib"].get<double>(),
                             100 * disk["free_fraction"].get<double>());
  }
  if (out.contains("database")) {
    const json& db = out["database"];
    std::cout << fmt::format("database  {}: {:.1f} MiB, schema {}, {} bars ({} stored in 24 h)\n",
                             db["location"].get<std::string>(), db["size_mib"].get<double>(),
                             db["schema_version"].get<int>(), db["bars"].get<std::int64_t>(),
                             db["bars_stored_24h"].dump());
  }
  if (out.contains("work")) {
    const json& work = out["work"];
    std::cout << fmt::format("jobs      {} running, {} queued; {} failures in 24 h\n",
                             work["running_jobs"].size(), work["queued_jobs"].get<std::size_t>(),
                             work["failures_24h"].get<int>());
    for (const auto& job : work["running_jobs"]) {
      std::cout << fmt::format("          job {} on {} for {} s: quantloop {}{}\n",
                               job["id"].get<std::int64_t>(), job["worker"].get<std::string>(),
                               job["seconds"].get<std::int64_t>(),
                               job["command"].get<std::string>(),
                               job["lease_expired"].get<bool>() ? " (lease expired)" : "");
    }
    for (const auto& run : work["running_runs"]) {
      std::cout << fmt::format(
          "          run {} ({}) under way: {} of {} symbols done, {} rows, heartbeat {}\n",
          run["id"].get<std::int64_t>(), run["mode"].get<std::string>(),
          run["symbols_done"].get<std::size_t>(), run["symbols"].get<int>(),
          run["rows"].get<std::int64_t>(), run["heartbeat"].get<std::string>());
    }
    for (const auto& w : work["workers"]) {
      if (w["state"] == "stopped") continue;
      std::cout << fmt::format("{:<10}{}: {}, {} of {} job slots busy, heartbeat {}\n",
                               w["role"].get<std::string>(), w["owner"].get<std::string>(),
                               w["state"].get<std::string>(), w["running_jobs"].get<int>(),
                               w["concurrency"].get<int>(), w["heartbeat"].get<std::string>());
    }
    for (const auto& [mode, run] : work["last_run"].items()) {
      std::cout << fmt::format("last run  {}: run {} at {}, {}\n", mode,
                               run["id"].get<std::int64_t>(), run["run_date"].get<std::string>(),
                               run["status"].get<std::string>());
    }
  }
  if (out.contains("models")) {
    const json& champions = out["models"]["champions"];
    std::vector<std::string> stale;
    for (const auto& c : champions) {
      if (c["stale"].get<bool>()) {
        stale.push_back(fmt::format("{}/{} ({:.0f} h)", c["symbol"].get<std::string>(),
                                    c["interval"].get<std::string>(),
                                    c["age_hours"].get<double>()));
      }
    }
    std::cout << fmt::format(
        "models    {} champions, {} stale{}{}{}\n", champions.size(), stale.size(),
        stale.empty() ? "" : ": ",
        fmt::join(stale.begin(),
                  stale.begin() + std::min<std::ptrdiff_t>(8, std::ptrdiff_t(stale.size())), ", "),
        stale.size() > 8 ? ", ..." : "");
  }
  const json& cache = out["cache"];
  if (cache.contains("entries")) {
    std::cout << fmt::format("cache     {}: {} entries, hit rate {}\n",
                             cache["server"].get<std::string>(), cache["entries"].dump(),
                             cache["hit_rate"].dump());
  } else {
    std::cout << "cache     no server answering at serve.host:serve.port\n";
  }
}

int report(Context& context, bool as_json) {
  const Config& config = context.config();
  serve::HealthInputs in;
  in.config = &config;
  in.now = now_utc();
  in.database =
      context.options.database_url.empty() ? config.database.url : context.options.database_url;
  in.cache = cache_section(config);
  std::unique_ptr<Store> store;
  try {
    store = context.open_store(Store::OpenMode::existing);
    in.store = store.get();
  } catch (const Error& e) {
    in.store_error = e.what();
  }
  const json out = serve::health_report(in);
  if (as_json) {
    std::cout << out.dump(2) << "\n";
  } else {
    std::cout << fmt::format("quantloop status at {}: {}\n", out["at"].get<std::string>(),
                             out["verdict"].get<std::string>());
    for (const auto& reason : out["reasons"])
      std::cout << "  " << reason.get<std::string>() << "\n";
    print_for_people(out);
    if (!out["log"].empty()) {
      std::cout << "\nlog (" << config.jobs.log_dir << "/quantloop.log)\n";
      for (const auto& line : out["log"])
        std::cout << "  " << line.get<std::string>() << "\n";
    }
  }
  return out["level"].get<int>();
}

}  // namespace

void add_status_command(CLI::App& app, Context& context) {
  auto as_json = std::make_shared<bool>(false);
  auto watch = std::make_shared<bool>(false);
  auto* status = app.add_subcommand(
      "status",
      "The system's health: resources, jobs and runs, stale champions, the serve cache, the "
      "database, recent log lines; a verdict OK, WARNING or CRITICAL with its reasons, and exit "
      "code 0, 1 or 2 (for cron, systemd or a monitoring system)");
  status->add_flag("--json", *as_json, "Print JSON for programs");
  status->add_flag("--watch", *watch, "Refresh every 5 seconds until Ctrl-C");
  status->callback([&context, as_json, watch] {
    context.begin();
    while (true) {
      if (*watch) std::cout << "\x1b[H\x1b[2J";
      context.exit_code = report(context, *as_json);
      if (!*watch) return;
      for (int i = 0; i < 50 && !interrupt_requested(); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      if (interrupt_requested()) return;
    }
  });
}

}  // namespace quantloop::cli
