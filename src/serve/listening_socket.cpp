#include "serve/listening_socket.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <fmt/format.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "core/error.h"

namespace quantloop::serve {

// cpp-httplib (Debian's compiled 0.11) listens with a backlog of 5: a burst of connections
// would wait for SYN retransmissions. listen() again on the bound socket widens the queue
// (Linux permits it); the socket is found by the port it is bound to.
void widen_backlog(int port) {
  DIR* fds = opendir("/proc/self/fd");
  if (!fds) return;
  while (dirent* entry = readdir(fds)) {
    const int fd = std::atoi(entry->d_name);
    if (fd <= 2) continue;
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    if (getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) continue;
    int bound = -1;
    if (address.ss_family == AF_INET)
      bound = ntohs(reinterpret_cast<sockaddr_in*>(&address)->sin_port);
    if (address.ss_family == AF_INET6)
      bound = ntohs(reinterpret_cast<sockaddr_in6*>(&address)->sin6_port);
    int listening = 0;
    socklen_t size = sizeof listening;
    if (bound == port && getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &size) == 0 &&
        listening) {
      ::listen(fd, SOMAXCONN);
    }
  }
  closedir(fds);
}

// cpp-httplib binds with SO_REUSEPORT, so a second server on a port in use would share it
// silently: a plain bind first tells that the address is taken.
void check_address_free(const std::string& host, int port) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found) != 0 || !found) {
    throw Error(fmt::format("cannot listen on {}:{}: unknown host", host, port));
  }
  const int fd = socket(found->ai_family, found->ai_socktype, found->ai_protocol);
  const int yes = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);  // TIME_WAIT is no obstacle
  const bool taken = ::bind(fd, found->ai_addr, found->ai_addrlen) != 0;
  const int error = errno;
  close(fd);
  freeaddrinfo(found);
  if (taken) {
    throw Error(fmt::format("cannot listen on {}:{}: {}", host, port, std::strerror(error)));
  }
}

}  // namespace quantloop::serve
