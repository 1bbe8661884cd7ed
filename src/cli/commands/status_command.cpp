// quantloop status: seed 003's monitor_training.py as one verdict with its reasons, for people
// and for monitoring systems (the Nagios plugin convention: exit 0 OK, 1 WARNING, 2 CRITICAL).
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <httplib.h>
#include <sys/statvfs.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <thread>

#include "cli/commands/commands.h"
#include "core/interrupt.h"
#include "registry/predictor.h"

namespace quantloop::cli {

namespace {

using nlohmann::json;

enum class Level { ok = 0, warning = 1, critical = 2 };

const char* name_of(Level level) {
  return level == Level::ok ? "OK" : level == Level::warning ? "WARNING" : "CRITICAL";
}

struct Verdict {
  Level level = Level::ok;
  std::vector<std::string> reasons;
  void raise(Level at, std::string reason) {
    level = std::max(level, at);
    reasons.push_back(fmt::format("{}: {}", name_of(at), std::move(reason)));
  }
};

std::map<std::string, double> meminfo() {
  std::map<std::string, double> kib;
  std::ifstream in("/proc/meminfo");
  std::string key;
  double value = 0;
  std::string unit;
  while (in >> key >> value >> unit)
    kib[key.substr(0, key.size() - 1)] = value;
  return kib;
}

// Free space of the filesystem holding `path` (or its nearest existing parent).
std::optional<std::pair<double, double>> disk_of(std::filesystem::path path) {
  path = std::filesystem::absolute(path);
  while (!path.empty() && !std::filesystem::exists(path) && path != path.parent_path())
    path = path.parent_path();
  struct statvfs fs {};
  if (statvfs(path.c_str(), &fs) != 0) return std::nullopt;
  const double total = double(fs.f_blocks) * double(fs.f_frsize);
  const double free = double(fs.f_bavail) * double(fs.f_frsize);
  return std::pair{free, total};
}

std::vector<std::string> last_lines(const std::filesystem::path& path, std::size_t count) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) {
    lines.push_back(line);
    if (lines.size() > count) lines.erase(lines.begin());
  }
  return lines;
}

json system_section(const Config& config, const std::string& database, Verdict& verdict) {
  json system;
  std::ifstream loadavg("/proc/loadavg");
  double load1 = 0, load5 = 0, load15 = 0;
  loadavg >> load1 >> load5 >> load15;
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  system["load"] = {load1, load5, load15};
  system["cores"] = cores;
  if (load5 > 2.0 * cores)
    verdict.raise(Level::warning, fmt::format("load {} on {} cores", load5, cores));
  auto memory = meminfo();
  const double total = memory["MemTotal"], available = memory["MemAvailable"];
  system["memory_total_mib"] = total / 1024;
  system["memory_available_mib"] = available / 1024;
  if (total > 0 && available / total < 0.05) {
    verdict.raise(Level::critical, fmt::format("{:.0f} MiB of memory available", available / 1024));
  } else if (total > 0 && available / total < 0.10) {
    verdict.raise(Level::warning, fmt::format("{:.0f} MiB of memory available", available / 1024));
  }
  json disks = json::array();
  const bool sqlite = database.find("://") == std::string::npos;
  std::vector<std::pair<std::string, std::string>> places{{"models", config.training.models_dir},
                                                          {"logs", config.jobs.log_dir}};
  if (sqlite) places.insert(places.begin(), {"database", database});
  for (const auto& [what, path] : places) {
    const auto disk = disk_of(path);
    if (!disk) continue;
    const double free_fraction = disk->second > 0 ? disk->first / disk->second : 1;
    disks.push_back({{"for", what},
                     {"path", path},
                     {"free_gib", disk->first / (1 << 30)},
                     {"free_fraction", free_fraction}});
    if (free_fraction < 0.05) {
      verdict.raise(Level::critical, fmt::format("{:.1f} % free where the {} live ({})",
                                                 100 * free_fraction, what, path));
    } else if (free_fraction < 0.15) {
      verdict.raise(Level::warning, fmt::format("{:.1f} % free where the {} live ({})",
                                                100 * free_fraction, what, path));
    }
  }
  system["disks"] = disks;
  return system;
}

json work_section(Store& store, UnixSeconds now, int lease_seconds, Verdict& verdict) {
  json work;
  // Workers and daemons seen in the last day, idle or not: silent for two leases is dead.
  json fleet = json::array();
  for (const auto& w : store.worker_beats(now - kSecondsPerDay)) {
    const std::string state = w.stopped_at != 0                          ? "stopped"
                              : now - w.heartbeat_at > 2 * lease_seconds ? "silent"
                                                                         : "alive";
    fleet.push_back({{"owner", w.owner},
                     {"role", w.role},
                     {"state", state},
                     {"running_jobs", w.running_jobs},
                     {"concurrency", w.concurrency},
                     {"started_at", format_iso8601(w.started_at)},
                     {"heartbeat", format_iso8601(w.heartbeat_at)}});
    if (state == "silent") {
      verdict.raise(Level::warning, fmt::format("{} {}: no heartbeat since {}", w.role, w.owner,
                                                format_iso8601(w.heartbeat_at)));
    }
  }
  work["workers"] = fleet;
  json running = json::array();
  for (const auto& job : store.jobs("running", 1000)) {
    const bool expired = job.lease_expires < now;
    running.push_back({{"id", job.id},
                       {"command", fmt::format("{}", fmt::join(job.command, " "))},
                       {"worker", job.lease_owner},
                       {"started_at", format_iso8601(job.started_at)},
                       {"seconds", now - job.started_at},
                       {"lease_expired", expired}});
    if (expired) {
      verdict.raise(Level::warning, fmt::format("job {}: its worker {} stopped renewing the lease",
                                                job.id, job.lease_owner));
    }
  }
  work["running_jobs"] = running;
  work["queued_jobs"] = store.jobs("queued", 100000).size();
  // Training runs under way, with how many of their symbols are done.
  json runs = json::array();
  for (const auto& run : store.training_runs_with_status("running")) {
    runs.push_back({{"id", run.id},
                    {"mode", run.mode},
                    {"symbols", run.symbols_count},
                    {"symbols_done", store.run_symbols(run.id).size()},
                    {"rows", run.rows_processed},
                    {"heartbeat", format_iso8601(run.heartbeat)}});
  }
  work["running_runs"] = runs;
  // The last run of each mode, and failures of the last 24 hours.
  json last = json::object();
  int failures = 0;
  const ResultTable recent = store.recent_runs(500);
  for (const auto& row : recent.rows) {
    const std::string mode = std::get<std::string>(row[2]);
    const std::string status = std::get<std::string>(row[7]);
    const UnixSeconds at = parse_timestamp(std::get<std::string>(row[1])).value_or(0);
    if (!last.contains(mode)) {
      last[mode] = {{"id", row[0] == Value{} ? 0 : std::get<std::int64_t>(row[0])},
                    {"run_date", format_iso8601(at)},
                    {"status", status}};
      if (status == "failed") {
        verdict.raise(Level::critical, fmt::format("the last {} run failed", mode));
      }
    }
    if (now - at <= kSecondsPerDay && (status == "failed" || status == "partial")) ++failures;
  }
  for (const auto& job : store.jobs("failed", 1000)) {
    if (now - job.finished_at <= kSecondsPerDay) ++failures;
  }
  work["last_run"] = last;
  work["failures_24h"] = failures;
  if (failures > 0) verdict.raise(Level::warning, fmt::format("{} failures in 24 h", failures));
  return work;
}

json models_section(Store& store, const Config& config, UnixSeconds now, Verdict& verdict) {
  json series = json::array();
  int stale = 0;
  std::map<std::pair<std::string, std::string>, UnixSeconds> trained;
  for (const auto& v : store.model_versions("", ""))
    trained[{v.symbol + "/" + v.interval, std::to_string(v.version)}] = v.trained_at;
  for (const auto& alias : store.aliases("", "")) {
    if (alias.alias != "champion") continue;
    const UnixSeconds at =
        trained[{alias.symbol + "/" + alias.interval, std::to_string(alias.version)}];
    const UnixSeconds allowed = registry::allowed_model_age(config, alias.interval);
    const bool is_stale = now - at > allowed;
    stale += is_stale;
    series.push_back({{"symbol", alias.symbol},
                      {"interval", alias.interval},
                      {"champion", alias.version},
                      {"trained_at", format_iso8601(at)},
                      {"age_hours", double(now - at) / 3600},
                      {"stale", is_stale}});
  }
  if (stale > 0) {
    verdict.raise(Level::warning,
                  fmt::format("{} of {} champions are older than their schedule allows", stale,
                              series.size()));
  }
  return {{"champions", series}, {"stale", stale}};
}

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

json database_section(Store& store, UnixSeconds now) {
  const StoreStatistics stats = store.statistics();
  std::int64_t bars = 0;
  for (const auto& [table, rows] : stats.table_rows) {
    if (table == "market_data") bars = rows;
  }
  const ResultTable day =
      store.run_sql(fmt::format("SELECT COUNT(*) FROM market_data WHERE fetch_date >= '{}'",
                                format_utc(now - kSecondsPerDay)));
  return {{"location", stats.location},
          {"size_mib", double(stats.size_bytes) / (1 << 20)},
          {"schema_version", stats.schema_version},
          {"bars", bars},
          {"bars_stored_24h", day.rows.empty() ? json() : to_json(day.rows[0][0])}};
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
  const UnixSeconds now = now_utc();
  Verdict verdict;
  json out;
  out["at"] = format_iso8601(now);
  const std::string database =
      context.options.database_url.empty() ? config.database.url : context.options.database_url;
  out["system"] = system_section(config, database, verdict);
  try {
    auto store = context.open_store(Store::OpenMode::existing);
    out["database"] = database_section(*store, now);
    out["work"] = work_section(*store, now, config.jobs.lease_seconds, verdict);
    out["models"] = models_section(*store, config, now, verdict);
  } catch (const Error& e) {
    verdict.raise(Level::critical, fmt::format("the database cannot be read: {}", e.what()));
  }
  out["cache"] = cache_section(config);
  out["log"] = last_lines(std::filesystem::path(config.jobs.log_dir) / "quantloop.log", 10);
  out["verdict"] = name_of(verdict.level);
  out["reasons"] = verdict.reasons;
  if (as_json) {
    std::cout << out.dump(2) << "\n";
  } else {
    std::cout << fmt::format("quantloop status at {}: {}\n", out["at"].get<std::string>(),
                             name_of(verdict.level));
    for (const auto& reason : verdict.reasons)
      std::cout << "  " << reason << "\n";
    print_for_people(out);
    if (!out["log"].empty()) {
      std::cout << "\nlog (" << config.jobs.log_dir << "/quantloop.log)\n";
      for (const auto& line : out["log"])
        std::cout << "  " << line.get<std::string>() << "\n";
    }
  }
  return int(verdict.level);
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
