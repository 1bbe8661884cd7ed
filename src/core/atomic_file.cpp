#include "core/atomic_file.h"

#include <fmt/format.h>

#include <fstream>

#include "core/error.h"

namespace quantloop {

void write_file_atomically(const std::filesystem::path& path,
                           const std::function<void(std::ostream&)>& writer) {
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
  const std::filesystem::path temporary = path.string() + ".tmp";
  try {
    {
      std::ofstream file(temporary, std::ios::binary | std::ios::trunc);
      if (!file) throw Error(fmt::format("{}: cannot create the file", temporary.string()));
      writer(file);
      file.flush();
      if (!file) throw Error(fmt::format("{}: write failed", temporary.string()));
    }
    std::filesystem::rename(temporary, path);
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
