#include "core/log.h"

#include <spdlog/sinks/stdout_sinks.h>

namespace quantloop {

void configure_logging(Verbosity verbosity) {
  auto logger = spdlog::stderr_logger_mt("quantloop");
  switch (verbosity) {
    case Verbosity::quiet:
      logger->set_level(spdlog::level::warn);
      logger->set_pattern("quantloop: %l: %v");
      break;
    case Verbosity::normal:
      logger->set_level(spdlog::level::info);
      logger->set_pattern("quantloop: %v");
      break;
    case Verbosity::verbose:
      logger->set_level(spdlog::level::debug);
      logger->set_pattern("%Y-%m-%d %H:%M:%S.%e %l %v");
      break;
  }
  spdlog::set_default_logger(logger);
}

}  // namespace quantloop
