#include "cli/context.h"

#include <fmt/format.h>

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

std::unique_ptr<Store> Context::open_store(Store::OpenMode mode) {
  return Store::open(config().database.url, mode);
}

}  // namespace quantloop::cli
