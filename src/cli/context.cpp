#include "cli/context.h"

#include <fmt/format.h>

#include <charconv>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "core/error.h"
#include "core/interrupt.h"
#include "core/log.h"

namespace quantloop::cli {

void Context::begin() {
  configure_logging(options.quiet     ? Verbosity::quiet
                    : options.verbose ? Verbosity::verbose
                                      : Verbosity::normal);
  install_interrupt_handler();
}

const Config& Context::config() {
  if (!config_) {
    ConfigSources sources;
    if (!options.config_file.empty()) sources.file = options.config_file;
    sources.environment = process_environment();
    for (const std::string& setting : options.settings) {
      const auto eq = setting.find('=');
      if (eq == std::string::npos) {
        throw Error(fmt::format("--set {}: expected key=value", setting));
      }
      sources.overrides.emplace_back(setting.substr(0, eq), setting.substr(eq + 1));
    }
    if (!options.database_url.empty()) {
      sources.overrides.emplace_back("database.url", options.database_url);
    }
    config_ = load_config(sources);
  }
  return *config_;
}

std::vector<std::string> Context::self_invocation() const {
  std::error_code error;
  const auto binary = std::filesystem::read_symlink("/proc/self/exe", error);
  if (error) throw Error("cannot find this program's path (/proc/self/exe)");
  std::vector<std::string> argv{binary.string()};
  if (!options.config_file.empty()) {
    argv.insert(argv.end(), {"--config", std::filesystem::absolute(options.config_file).string()});
  }
  if (!options.database_url.empty()) argv.insert(argv.end(), {"--db", options.database_url});
  for (const auto& setting : options.settings)
    argv.insert(argv.end(), {"--set", setting});
  if (options.quiet) argv.push_back("--quiet");
  return argv;
}

std::optional<JobIdentity> current_job() {
  const char* id = std::getenv("QUANTLOOP_JOB_ID");
  const char* token = std::getenv("QUANTLOOP_JOB_FENCING_TOKEN");
  if (!id || !token) return std::nullopt;
  JobIdentity job;
  const auto parse = [](const char* name, const char* text, std::int64_t& out) {
    const char* end = text + std::strlen(text);
    if (std::from_chars(text, end, out).ptr != end || out < 0) {
      throw Error(fmt::format("{}={}: expected a job number, as a worker sets it", name, text));
    }
  };
  parse("QUANTLOOP_JOB_ID", id, job.id);
  parse("QUANTLOOP_JOB_FENCING_TOKEN", token, job.fencing_token);
  return job;
}

std::unique_ptr<Store> Context::open_store(Store::OpenMode mode) {
  auto store = Store::open(config().database.url, mode);
  if (const auto job = current_job()) store->fence_writes(job->id, job->fencing_token);
  return store;
}

}  // namespace quantloop::cli
