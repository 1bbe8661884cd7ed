#pragma once

#include <string>
#include <string_view>

namespace quantloop {

// True for postgresql:// and postgres:// URLs; anything else is a SQLite file path.
bool is_postgres_url(std::string_view url);

// The URL with any password replaced by "****" (user:secret@host and password=secret forms),
// safe to print in errors, logs and `config show`.
std::string mask_password(std::string_view url);

}  // namespace quantloop
