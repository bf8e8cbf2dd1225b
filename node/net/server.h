// The transport: Boost.Asio acceptors for TCP and unix sockets, and one
// Connection object per client that reads bytes, parses requests with
// resp::RequestParser, hands them to its Session, and writes the replies back
// gathered into as few writes as possible (pipelining). Knows nothing of
// commands or the keyspace.
#pragma once

#include <boost/asio/io_context.hpp>
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include "common/status.h"
#include "node/net/session.h"

namespace shoal {

struct NetLimits {
  uint64_t query_buffer_limit = 1024ULL * 1024 * 1024;  // client-query-buffer-limit
  uint64_t output_hard_limit = 0;                       // client-output-buffer-limit normal
  uint64_t output_soft_limit = 0;
  int64_t output_soft_seconds = 0;
};

struct NetOptions {
  std::vector<std::string> bind = {"*", "-::*"};  // '-' prefix: failure is not fatal
  int port = 6379;                                 // 0: no TCP listener
  int tcp_backlog = 511;
  int tcp_keepalive = 300;                         // seconds; 0 disables
  std::string unixsocket;                          // empty: none
  int unixsocketperm = 0;                          // octal mode; 0 leaves the default
  NetLimits limits;
};

class NetServer {
 public:
  NetServer(boost::asio::io_context& io, SessionFactory& factory, NetOptions options);
  ~NetServer();
  NetServer(const NetServer&) = delete;
  NetServer& operator=(const NetServer&) = delete;

  // Binds and starts accepting. Fails with a message naming the address.
  Status Listen();
  // Stops accepting and closes every connection (sessions get OnClosed).
  void Stop();
  // Runtime changes (CONFIG SET).
  void SetLimits(const NetLimits& limits);
  const NetLimits& limits() const { return options_.limits; }

  // The TCP port really bound (differs from options when 0 was asked).
  int port() const { return bound_port_; }
  size_t connections() const;

  class Impl;

 private:
  std::unique_ptr<Impl> impl_;
  NetOptions options_;
  int bound_port_ = 0;
};

// True for 127.0.0.0/8, ::1 and IPv4-mapped loopback.
bool IsLoopbackAddress(const std::string& ip);

}  // namespace shoal
