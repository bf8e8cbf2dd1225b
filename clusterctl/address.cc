#include "clusterctl/address.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <system_error>

namespace shoal::clusterctl {
namespace {

Status Invalid(std::string_view text, std::string_view why) {
  return Status::Error("invalid address '" + std::string(text) + "': " + std::string(why));
}

bool IsAllDigits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
}

bool HasSpace(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](unsigned char c) { return std::isspace(c) != 0; });
}

}  // namespace

StatusOr<HostPort> ParseHostPort(std::string_view text) {
  if (HasSpace(text)) {
    return Invalid(text, "contains whitespace");
  }

  std::string_view host;
  std::string_view port;
  if (!text.empty() && text.front() == '[') {
    const size_t close = text.find(']');
    if (close == std::string_view::npos) {
      return Invalid(text, "missing ']'");
    }
    host = text.substr(1, close - 1);
    std::string_view rest = text.substr(close + 1);
    if (rest.empty() || rest.front() != ':') {
      return Invalid(text, "expected HOST:PORT");
    }
    port = rest.substr(1);
  } else {
    const size_t colon = text.rfind(':');
    if (colon == std::string_view::npos) {
      return Invalid(text, "expected HOST:PORT");
    }
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
    if (host.find(':') != std::string_view::npos) {
      return Invalid(text, "write IPv6 addresses as [ADDRESS]:PORT");
    }
  }

  if (host.empty()) {
    return Invalid(text, "empty host");
  }
  // At most five digits, so the conversion below cannot overflow.
  int value = 0;
  if (port.empty() || port.size() > 5 || !IsAllDigits(port) ||
      std::from_chars(port.data(), port.data() + port.size(), value).ec != std::errc() ||
      value < 1 || value > 65535) {
    return Invalid(text, "port must be a number from 1 to 65535");
  }
  return HostPort{std::string(host), static_cast<uint16_t>(value)};
}

std::string FormatHostPort(const HostPort& address) {
  if (address.host.find(':') != std::string::npos) {
    return "[" + address.host + "]:" + std::to_string(address.port);
  }
  return address.host + ":" + std::to_string(address.port);
}

}  // namespace shoal::clusterctl
