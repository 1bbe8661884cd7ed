#pragma once
// The HTTP API's small parts shared by its route files: JSON replies (and gzip for the
// dashboard's pages), the parameters every route parses, the token comparison. Internal to
// src/serve (it names httplib's types).
#include <httplib.h>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace quantloop::serve {

// JSON text, invalid UTF-8 replaced rather than thrown on.
std::string dump(const nlohmann::json& json);
void send_json(httplib::Response& res, int status, const std::string& body);
void send_error(httplib::Response& res, int status, const std::string& message);
// A dashboard page's JSON, gzipped when the client takes gzip and it is worth it.
void send_page_json(const httplib::Request& req, httplib::Response& res, const std::string& body);

// A symbol as quantloop stores them: letters, digits and . ^ = _ -, at most 32.
bool valid_symbol(const std::string& s);
// An integer parameter in [lo, hi]; nullopt when absent; throws the 400 message
// (std::invalid_argument) when bad.
std::optional<int> int_param(const httplib::Request& req, const std::string& name, int lo, int hi);
// The (\d+) of a route, as an id; too many digits is a bad request, not a server error.
std::int64_t id_of(const httplib::Request& req);
// ?interval=, checked; empty when absent.
std::string interval_param(const httplib::Request& req);
// Constant time: the comparison does not tell an attacker how much of a guess was right.
bool same_secret(const std::string& a, const std::string& b);

}  // namespace quantloop::serve
