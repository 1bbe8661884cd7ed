#include "core/url.h"

namespace quantloop {

bool is_postgres_url(std::string_view url) {
  return url.starts_with("postgresql://") || url.starts_with("postgres://");
}

std::string mask_password(std::string_view url) {
  std::string masked(url);
  const auto scheme_end = masked.find("://");
  if (scheme_end != std::string::npos) {
    const auto authority = scheme_end + 3;
    const auto at = masked.find('@', authority);
    const auto slash = masked.find('/', authority);
    if (at != std::string::npos && (slash == std::string::npos || at < slash)) {
      const auto colon = masked.find(':', authority);
      if (colon != std::string::npos && colon < at) {
        masked.replace(colon + 1, at - colon - 1, "****");
      }
    }
  }
  for (std::size_t pos = masked.find("password="); pos != std::string::npos;
       pos = masked.find("password=", pos + 1)) {
    const auto value = pos + 9;
    auto end = masked.find_first_of("& ", value);
    if (end == std::string::npos) end = masked.size();
    masked.replace(value, end - value, "****");
  }
  return masked;
}

}  // namespace quantloop
