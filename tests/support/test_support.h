#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace quantloop::testing {

// How many times longer a test waiting for real work (training, a fleet of processes) may wait:
// the sanitizers' builds run it several times slower.
#ifdef QUANTLOOP_TEST_SLOWDOWN
inline constexpr int kSlowdown = QUANTLOOP_TEST_SLOWDOWN;
#else
inline constexpr int kSlowdown = 1;
#endif

// The repository root, its bundled data/ folder, and the workplace's shared real market data
// (../shared/data beside the checkout, /work/shared/data, or $QL_SHARED_DATA), which may not
// be bundled (see data/PROVENANCE.md); a missing shared file throws, failing the test.
std::filesystem::path source_dir();
std::filesystem::path bundled_data(const std::string& relative);
std::filesystem::path shared_data(const std::string& relative);

// A fresh directory removed with everything in it at destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

void write_file(const std::string& path, const std::string& content);
bool contains(const std::string& text, const std::string& part);

// The first column of the first row of a query on a SQLite database, opened read-only beside
// whatever process writes it ("" for no row or NULL). For looking at what quantloop left.
std::string sqlite_value(const std::string& database, const std::string& sql);
std::string read_file(const std::string& path);

struct ProcessResult {
  int exit_code = -1;  // 128 + signal when killed
  std::string out;
  std::string err;
};

// Runs the quantloop binary with `args` (no shell), in `working_dir` if given, with extra
// environment variables; waits and captures stdout and stderr.
ProcessResult run_quantloop(const std::vector<std::string>& args,
                            const std::string& working_dir = {},
                            const std::map<std::string, std::string>& environment = {});
// Starts it without waiting; returns the pid. Output goes to the given files.
int spawn_quantloop(const std::vector<std::string>& args, const std::string& stdout_path,
                    const std::string& stderr_path, const std::string& working_dir = {},
                    const std::map<std::string, std::string>& environment = {});
std::string binary_path();

// A new, empty database on the test PostgreSQL server (started by ctest's fixture), dropped
// when the object dies. Fails the test when there is no server.
class PostgresDatabase {
 public:
  PostgresDatabase();
  ~PostgresDatabase();
  PostgresDatabase(const PostgresDatabase&) = delete;
  PostgresDatabase& operator=(const PostgresDatabase&) = delete;
  const std::string& url() const { return url_; }

 private:
  std::string server_url_;
  std::string name_;
  std::string url_;
};

// The store's two backends, for tests that run on both (INSTANTIATE ... backend_name).
enum class Backend { sqlite, postgres };
std::string backend_name(const ::testing::TestParamInfo<Backend>& info);

// A fresh database of a backend: a file in `dir` (SQLite) or a new PostgreSQL database.
class BackendDatabase {
 public:
  BackendDatabase(Backend backend, const TempDir& dir);
  const std::string& url() const { return url_; }

 private:
  std::unique_ptr<PostgresDatabase> postgres_;
  std::string url_;
};

// Runs one statement on the database behind `url` outside the store: what a test does to change
// the data behind the store's back (bars after the clock, say).
void execute_sql(const std::string& url, const std::string& statement);

}  // namespace quantloop::testing
