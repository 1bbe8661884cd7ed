#pragma once

#include <filesystem>
#include <functional>
#include <ostream>
#include <string_view>

namespace quantloop {

// Writes a file so that readers see the old content or the whole new one, never a part: the
// writer fills a temporary sibling, which is renamed over `path` once complete (creating the
// parent directories). On any failure, including an exception from the writer, the temporary
// is removed and Error (or the writer's exception) propagates; `path` is untouched.
void write_file_atomically(const std::filesystem::path& path,
                           const std::function<void(std::ostream&)>& writer);
void write_file_atomically(const std::filesystem::path& path, std::string_view content);

}  // namespace quantloop
