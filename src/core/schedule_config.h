// Internal to quantloop_core: the [schedule.NAME] sections of the configuration.
#pragma once

#include <toml++/toml.h>

#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "core/config.h"

namespace quantloop::config_detail {

// "schedule.NAME.FIELD" -> (NAME, FIELD); nullopt for any other key.
std::optional<std::pair<std::string, std::string>> schedule_key(std::string_view key);
// Sets one field of the named schedule (a new one when the name is new) from TOML (`node`) or
// from text (`text`, flags); `where` names the source in errors.
void set_schedule_field(Config& config, const std::string& name, const std::string& field,
                        const toml::node* node, std::optional<std::string_view> text,
                        const std::string& where);
// Seed 003's schedules for the configured crypto list, under what the sections set.
void add_crypto_schedules(Config& config);
// Every enabled schedule whole and valid; errors name where the offending value came from.
void check_schedules(const Config& config);
// The [schedule.NAME] sections as `config show` prints them.
std::string schedules_toml(const Config& config);

}  // namespace quantloop::config_detail
