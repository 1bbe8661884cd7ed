#include "cli/context.h"

#include <fmt/format.h>

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

std::unique_ptr<Store> Context::open_store(Store::OpenMode mode) {
  return Store::open(config().database.url, mode);
}

}  // namespace quantloop::cli
