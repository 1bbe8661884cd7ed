// Internal to quantloop_core: the table of every configuration key (its type, its check, how it
// is read from TOML and text and shown), behind load_config, check_setting and config show.
#pragma once

#include <toml++/toml.h>

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/config.h"

namespace quantloop::config_detail {

// Reads and writes one setting. `where` names the source in error messages.
struct Setting {
  std::string key;
  std::function<void(Config&, const toml::node&, const std::string& where)> from_toml;
  std::function<void(Config&, std::string_view, const std::string& where)> from_text;
  std::function<std::string(const Config&, bool show_secrets)> to_toml;
};

// The price of a SYMBOL=PRICE item (and its symbol), or none when it is not one.
std::optional<double> price_of(std::string_view item, std::string* symbol);

// Every setting, in `config show`'s order.
const std::vector<Setting>& settings();
// The setting of a dotted key, or null.
const Setting* find_setting(std::string_view key);

}  // namespace quantloop::config_detail
