#include "serve/health_report.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <sys/statvfs.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <thread>

#include "core/error.h"
#include "registry/predictor.h"
#include "registry/registry.h"

namespace quantloop::serve {

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
  work["queued_jobs"] = store.count_jobs("queued");
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
  for (const ModelVersion& champion : store.champion_versions()) {
    if (!registry::is_bar_series(champion.symbol)) continue;  // no schedule trains them
    const UnixSeconds at = champion.trained_at;
    const UnixSeconds allowed = registry::allowed_model_age(config, champion.interval);
    const bool is_stale = now - at > allowed;
    stale += is_stale;
    series.push_back({{"symbol", champion.symbol},
                      {"interval", champion.interval},
                      {"champion", champion.version},
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

json database_section(Store& store, UnixSeconds now) {
  const StoreSummary s = store.summary(now - kSecondsPerDay);
  return {{"location", s.location},
          {"size_mib", double(s.size_bytes) / (1 << 20)},
          {"schema_version", s.schema_version},
          {"bars", s.bars},
          {"bars_stored_24h", s.bars_fetched_since}};
}

}  // namespace

json health_report(const HealthInputs& in) {
  const Config& config = *in.config;
  Verdict verdict;
  json out;
  out["at"] = format_iso8601(in.now);
  out["system"] = system_section(config, in.database, verdict);
  if (in.store) {
    try {
      out["database"] = database_section(*in.store, in.now);
      out["work"] = work_section(*in.store, in.now, config.jobs.lease_seconds, verdict);
      out["models"] = models_section(*in.store, config, in.now, verdict);
    } catch (const Error& e) {
      verdict.raise(Level::critical, fmt::format("the database cannot be read: {}", e.what()));
    }
  } else {
    verdict.raise(Level::critical, fmt::format("the database cannot be read: {}", in.store_error));
  }
  out["cache"] = in.cache;
  out["log"] = last_lines(std::filesystem::path(config.jobs.log_dir) / "quantloop.log", 10);
  out["verdict"] = name_of(verdict.level);
  out["level"] = int(verdict.level);
  out["reasons"] = verdict.reasons;
  return out;
}

}  // namespace quantloop::serve
