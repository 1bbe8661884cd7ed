#pragma once

#include <string>

namespace quantloop {

// The whole content of a file, gunzipped when it starts with the gzip magic bytes (whatever
// its name). Throws Error naming the path for a missing, unreadable or corrupt file.
std::string read_source_file(const std::string& path);

}  // namespace quantloop
