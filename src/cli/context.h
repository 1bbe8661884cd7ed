#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/config.h"
#include "store/store.h"

namespace quantloop::cli {

// Flags every command accepts, and what they resolve to.
struct GlobalOptions {
  std::string config_file;            // --config; empty: QUANTLOOP_CONFIG or ./quantloop.toml
  std::string database_url;           // --db; empty: database.url from the configuration
  std::vector<std::string> settings;  // --set key=value
  bool verbose = false;
  bool quiet = false;
};

class Context {
 public:
  GlobalOptions options;
  int exit_code = 0;  // what main returns when the command did not throw

  // Called first by every command: logging by verbosity, Ctrl-C handling.
  void begin();

  // The effective configuration (loaded on first use; throws Error on a bad file or value).
  const Config& config();
  std::unique_ptr<Store> open_store(Store::OpenMode mode);
  // How to run this quantloop again with the same configuration and database: its absolute
  // path and the global flags given (--config made absolute, --db, --set, --quiet), for the
  // processes a worker starts and the schedules an export writes.
  std::vector<std::string> self_invocation() const;

 private:
  std::optional<Config> config_;
};

// How a command prints its result.
enum class OutputFormat { table, json, csv };

}  // namespace quantloop::cli
