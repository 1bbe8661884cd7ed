#include "core/atomic_file.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>

#include "core/error.h"

namespace quantloop {

std::filesystem::path unique_temporary_sibling(const std::filesystem::path& path) {
  static std::atomic<std::uint64_t> counter{0};
  return path.parent_path() /
         fmt::format(".{}.tmp-{}-{}", path.filename().string(), getpid(), counter.fetch_add(1));
}

void sync_to_disk(const std::filesystem::path& file_or_directory) {
  const int fd = ::open(file_or_directory.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0 || ::fsync(fd) != 0) {
    const std::string reason = std::strerror(errno);
    if (fd >= 0) ::close(fd);
    throw Error(fmt::format("{}: cannot flush to disk ({})", file_or_directory.string(), reason));
  }
  ::close(fd);
}

void write_file_atomically(const std::filesystem::path& path,
                           const std::function<void(std::ostream&)>& writer) {
  const std::filesystem::path directory =
      path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  std::filesystem::create_directories(directory);
  const std::filesystem::path temporary = unique_temporary_sibling(directory / path.filename());
  try {
    {
      std::ofstream file(temporary, std::ios::binary | std::ios::trunc);
      if (!file) {
        throw Error(fmt::format("{}: cannot create the file ({})", temporary.string(),
                                std::strerror(errno)));
      }
      writer(file);
      file.flush();
      if (!file) throw Error(fmt::format("{}: write failed", temporary.string()));
    }
    sync_to_disk(temporary);
    std::filesystem::rename(temporary, path);
    sync_to_disk(directory);
  } catch (...) {
    std::error_code ignored;
    std::filesystem::remove(temporary, ignored);
    throw;
  }
}

void write_file_atomically(const std::filesystem::path& path, std::string_view content) {
  write_file_atomically(
      path, [&](std::ostream& out) { out.write(content.data(), std::streamsize(content.size())); });
}

}  // namespace quantloop
