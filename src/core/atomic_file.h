#pragma once

#include <filesystem>
#include <functional>
#include <ostream>
#include <string_view>

namespace quantloop {

// Writes a file so that readers see the old content or the whole new one, never a part, even
// across a crash or power loss: the writer fills a temporary sibling with a name no other
// writer uses (so two processes writing the same path never mix their bytes), which is flushed
// to disk (fsync) and renamed over `path`, and the directory is synced so the rename itself
// survives. Creates the parent directories. On any failure, including an exception from the
// writer, the temporary is removed and Error (or the writer's exception) propagates; `path` is
// untouched.
void write_file_atomically(const std::filesystem::path& path,
                           const std::function<void(std::ostream&)>& writer);
void write_file_atomically(const std::filesystem::path& path, std::string_view content);

// A name for a temporary sibling of `path` that no other thread or process picks:
// ".NAME.tmp-PID-N".
std::filesystem::path unique_temporary_sibling(const std::filesystem::path& path);

// Flushes a file's data, or a directory's entries (a rename into it), to disk. Throws Error
// naming the path when the system refuses.
void sync_to_disk(const std::filesystem::path& file_or_directory);

}  // namespace quantloop
