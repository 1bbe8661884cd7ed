#include "test_support.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <spawn.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <pqxx/pqxx>
#include <random>
#include <sstream>
#include <stdexcept>

extern char** environ;

namespace quantloop::testing {

std::filesystem::path source_dir() {
  return QUANTLOOP_SOURCE_DIR;
}

std::filesystem::path bundled_data(const std::string& relative) {
  return source_dir() / "data" / relative;
}

std::filesystem::path shared_data(const std::string& relative) {
  // ../shared/data beside the checkout, else the workplace's copy, else $QL_SHARED_DATA.
  std::vector<std::filesystem::path> roots{source_dir().parent_path() / "shared" / "data",
                                           "/work/shared/data"};
  if (const char* configured = std::getenv("QL_SHARED_DATA"))
    roots.insert(roots.begin(), configured);
  for (const auto& root : roots) {
    if (std::filesystem::exists(root / relative)) return root / relative;
  }
  throw std::runtime_error("shared market data not found: " + relative +
                           " (looked in ../shared/data, /work/shared/data and $QL_SHARED_DATA)");
}

std::string binary_path() {
  return QUANTLOOP_BINARY;
}

TempDir::TempDir() {
  static std::atomic<int> counter{0};
  std::random_device random;
  path_ = std::filesystem::temp_directory_path() /
          fmt::format("quantloop-test-{}-{}-{}", getpid(), counter++, random());
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

void write_file(const std::string& path, const std::string& content) {
  std::ofstream file(path, std::ios::binary);
  file << content;
  if (!file) throw std::runtime_error("cannot write " + path);
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::string sqlite_value(const std::string& database, const std::string& sql) {
  sqlite3* handle = nullptr;
  if (sqlite3_open_v2(database.c_str(), &handle, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(handle);
    throw std::runtime_error("cannot open " + database);
  }
  sqlite3_busy_timeout(handle, 5000);
  sqlite3_stmt* statement = nullptr;
  std::string value;
  if (sqlite3_prepare_v2(handle, sql.c_str(), -1, &statement, nullptr) == SQLITE_OK &&
      sqlite3_step(statement) == SQLITE_ROW && sqlite3_column_text(statement, 0)) {
    value = reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
  }
  sqlite3_finalize(statement);
  sqlite3_close(handle);
  return value;
}

std::string read_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << file.rdbuf();
  return buffer.str();
}

namespace {

int spawn(const std::vector<std::string>& args, const std::string& stdout_path,
          const std::string& stderr_path, const std::string& working_dir,
          const std::map<std::string, std::string>& environment) {
  std::vector<std::string> full{binary_path()};
  full.insert(full.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& arg : full)
    argv.push_back(arg.data());
  argv.push_back(nullptr);

  std::vector<std::string> env_strings;
  for (char** entry = environ; *entry; ++entry) {
    std::string text(*entry);
    if (!environment.count(text.substr(0, text.find('=')))) env_strings.push_back(text);
  }
  for (const auto& [name, value] : environment)
    env_strings.push_back(name + "=" + value);
  std::vector<char*> envp;
  for (auto& entry : env_strings)
    envp.push_back(entry.data());
  envp.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, stdout_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  posix_spawn_file_actions_addopen(&actions, 2, stderr_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  if (!working_dir.empty()) posix_spawn_file_actions_addchdir_np(&actions, working_dir.c_str());
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::runtime_error("cannot start " + binary_path());
  return pid;
}

}  // namespace

int spawn_quantloop(const std::vector<std::string>& args, const std::string& stdout_path,
                    const std::string& stderr_path, const std::string& working_dir,
                    const std::map<std::string, std::string>& environment) {
  return spawn(args, stdout_path, stderr_path, working_dir, environment);
}

ProcessResult run_quantloop(const std::vector<std::string>& args, const std::string& working_dir,
                            const std::map<std::string, std::string>& environment) {
  TempDir output;
  const std::string out = output.file("stdout"), err = output.file("stderr");
  const int pid = spawn(args, out, err, working_dir, environment);
  int status = 0;
  waitpid(pid, &status, 0);
  ProcessResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.out = read_file(out);
  result.err = read_file(err);
  return result;
}

PostgresDatabase::PostgresDatabase() {
  const char* dir = std::getenv("QL_TEST_POSTGRES_DIR");
  const std::string url_file = dir ? std::string(dir) + "/url" : "";
  if (url_file.empty() || !std::filesystem::exists(url_file)) {
    throw std::runtime_error(
        "no test PostgreSQL server: run this test through ctest, whose postgres fixture starts "
        "one (tests/support/postgres_fixture.sh)");
  }
  server_url_ = read_file(url_file);
  while (!server_url_.empty() && std::isspace(static_cast<unsigned char>(server_url_.back()))) {
    server_url_.pop_back();
  }
  static std::atomic<int> counter{0};
  name_ = fmt::format("test_{}_{}", getpid(), counter++);
  pqxx::connection connection(server_url_);
  pqxx::nontransaction(connection).exec("CREATE DATABASE " + name_);
  url_ = server_url_.substr(0, server_url_.rfind('/') + 1) + name_;
}

PostgresDatabase::~PostgresDatabase() {
  try {
    pqxx::connection connection(server_url_);
    pqxx::nontransaction(connection).exec("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
  } catch (const std::exception&) {
    // The server is going away with the fixture anyway.
  }
}

std::string backend_name(const ::testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::sqlite ? "SQLite" : "PostgreSQL";
}

BackendDatabase::BackendDatabase(Backend backend, const TempDir& dir) {
  if (backend == Backend::postgres) {
    postgres_ = std::make_unique<PostgresDatabase>();
    url_ = postgres_->url();
  } else {
    url_ = dir.file("quantloop-test.db");
  }
}

void execute_sql(const std::string& url, const std::string& statement) {
  if (url.starts_with("postgres")) {
    pqxx::connection connection(url);
    pqxx::work work(connection);
    work.exec(statement);
    work.commit();
    return;
  }
  sqlite3* db = nullptr;
  if (sqlite3_open(url.c_str(), &db) != SQLITE_OK) {
    sqlite3_close(db);
    throw std::runtime_error("cannot open " + url);
  }
  char* error = nullptr;
  const int rc = sqlite3_exec(db, statement.c_str(), nullptr, nullptr, &error);
  const std::string message = error ? error : "";
  sqlite3_free(error);
  sqlite3_close(db);
  if (rc != SQLITE_OK) throw std::runtime_error(url + ": " + message);
}

}  // namespace quantloop::testing
