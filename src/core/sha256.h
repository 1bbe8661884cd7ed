#pragma once

#include <string>
#include <string_view>

namespace quantloop {

// SHA-256 of bytes as 64 lower-case hex digits (OpenSSL): the checksum of stored model
// artifacts, comparable with `sha256sum` of an exported file.
std::string sha256_hex(std::string_view bytes);

}  // namespace quantloop
