#pragma once

#include <cstdint>
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

// The job this process runs for, from QUANTLOOP_JOB_ID and QUANTLOOP_JOB_FENCING_TOKEN (set by
// the worker that started it); nullopt outside a job. Throws Error when they are malformed.
struct JobIdentity {
  std::int64_t id = 0;
  std::int64_t fencing_token = 0;
};
std::optional<JobIdentity> current_job();

class Context {
 public:
  GlobalOptions options;
  int exit_code = 0;  // what main returns when the command did not throw

  // Called first by every command: logging by verbosity, Ctrl-C handling.
  void begin();

  // The effective configuration (loaded on first use; throws Error on a bad file or value).
  const Config& config();
  // Inside a job (current_job()), every write of the store is fenced by the job's token.
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
