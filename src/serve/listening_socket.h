#pragma once

#include <string>

namespace quantloop::serve {

// Throws Error naming host:port when another socket holds the address: cpp-httplib binds with
// SO_REUSEPORT, so a second server on a port in use would otherwise share it silently.
void check_address_free(const std::string& host, int port);

// Widens the listen queue of the socket bound to `port`: Debian's cpp-httplib 0.11 listens with
// a backlog of 5, and a burst of connections would wait for SYN retransmissions.
void widen_backlog(int port);

}  // namespace quantloop::serve
