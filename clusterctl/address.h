// HOST:PORT addresses as operators type them on the clusterctl command line.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"

namespace shoal::clusterctl {

struct HostPort {
  std::string host;  // a name or an IP literal, IPv6 without brackets
  uint16_t port = 0;

  bool operator==(const HostPort&) const = default;
};

// Parses "host:port", or "[ipv6]:port" for IPv6 literals. The port must be
// decimal in 1..65535 and the host non-empty. An unbracketed IPv6 literal
// ("::1:7379") is rejected rather than guessed at.
StatusOr<HostPort> ParseHostPort(std::string_view text);

// The inverse of ParseHostPort; also the target syntax gRPC expects.
std::string FormatHostPort(const HostPort& address);

}  // namespace shoal::clusterctl
