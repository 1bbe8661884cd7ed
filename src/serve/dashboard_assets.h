#pragma once

#include <span>
#include <string_view>

namespace quantloop::serve {

// A file of the dashboard, compiled in (embed_assets.cmake): its URL path, its Content-Type
// and its bytes.
struct Asset {
  std::string_view path;
  std::string_view content_type;
  std::span<const unsigned char> bytes;
};

std::span<const Asset> dashboard_assets();

}  // namespace quantloop::serve
