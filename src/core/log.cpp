#include "core/log.h"

#include <fmt/format.h>
#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>

#include <filesystem>

#include "core/error.h"

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

void add_log_file(const std::string& path) {
  std::shared_ptr<spdlog::sinks::rotating_file_sink_mt> sink;
  try {
    const auto parent = std::filesystem::path(path).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent);
    sink = std::make_shared<spdlog::sinks::rotating_file_sink_mt>(path, 10 * 1024 * 1024, 5);
  } catch (const std::exception& e) {
    throw Error(fmt::format("{}: cannot write the log file: {}", path, e.what()));
  }
  sink->set_pattern("%Y-%m-%d %H:%M:%S.%e %l [%P] %v");
  sink->set_level(spdlog::level::info);
  auto logger = spdlog::default_logger();
  logger->sinks().push_back(sink);
  // The file keeps info lines even when the terminal asked for warnings only.
  if (logger->level() > spdlog::level::info) {
    for (auto& other : logger->sinks()) {
      if (other != sink) other->set_level(logger->level());
    }
    logger->set_level(spdlog::level::info);
  }
  logger->flush_on(spdlog::level::info);
}

}  // namespace quantloop
