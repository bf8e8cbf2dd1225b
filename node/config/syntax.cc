// redis.conf lexical rules: argument splitting and quoting, memory units.

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <string>
#include <utility>

#include "common/resp/parser.h"
#include "common/strutil.h"
#include "node/config/directive.h"

namespace shoal::config_internal {

std::optional<std::vector<std::string>> SplitArgs(std::string_view s) {
  // redis.conf lines split exactly like inline requests (sdssplitargs).
  std::vector<std::string> args;
  if (!resp::SplitArgs(s, &args)) return std::nullopt;
  return args;
}

std::string Repr(std::string_view s) { return QuoteRepr(s); }

std::string_view TrimLine(std::string_view s) {
  constexpr std::string_view kBlanks = " \t\r\n";
  size_t start = s.find_first_not_of(kBlanks);
  if (start == std::string_view::npos) return {};
  size_t end = s.find_last_not_of(kBlanks);
  return s.substr(start, end - start + 1);
}

std::vector<std::string> SplitOnSpaces(std::string_view s) {
  std::vector<std::string> out;
  if (s.empty()) return out;
  size_t start = 0;
  while (true) {
    size_t sp = s.find(' ', start);
    if (sp == std::string_view::npos) {
      out.emplace_back(s.substr(start));
      return out;
    }
    out.emplace_back(s.substr(start, sp - start));
    start = sp + 1;
  }
}

bool ParseMemory(std::string_view s, uint64_t* out) {
  if (!s.empty() && s[0] == '-') return false;
  size_t digits = 0;
  while (digits < s.size() && std::isdigit(static_cast<unsigned char>(s[digits]))) ++digits;
  std::string_view unit = s.substr(digits);
  uint64_t mul;
  if (unit.empty() || EqualsIgnoreCase(unit, "b")) {
    mul = 1;
  } else if (EqualsIgnoreCase(unit, "k")) {
    mul = 1000;
  } else if (EqualsIgnoreCase(unit, "kb")) {
    mul = 1024;
  } else if (EqualsIgnoreCase(unit, "m")) {
    mul = 1000ULL * 1000;
  } else if (EqualsIgnoreCase(unit, "mb")) {
    mul = 1024ULL * 1024;
  } else if (EqualsIgnoreCase(unit, "g")) {
    mul = 1000ULL * 1000 * 1000;
  } else if (EqualsIgnoreCase(unit, "gb")) {
    mul = 1024ULL * 1024 * 1024;
  } else {
    return false;
  }
  // Like strtoull on the digits: leading zeros are fine, no digits is 0.
  uint64_t v = 0;
  for (size_t i = 0; i < digits; ++i) {
    uint64_t d = static_cast<uint64_t>(s[i] - '0');
    if (v > (UINT64_MAX - d) / 10) return false;
    v = v * 10 + d;
  }
  if (v > UINT64_MAX / mul) return false;
  *out = v * mul;
  return true;
}

std::string FormatMemory(int64_t bytes) {
  constexpr int64_t kGb = 1024LL * 1024 * 1024;
  constexpr int64_t kMb = 1024LL * 1024;
  constexpr int64_t kKb = 1024;
  if (bytes != 0 && bytes % kGb == 0) return std::to_string(bytes / kGb) + "gb";
  if (bytes != 0 && bytes % kMb == 0) return std::to_string(bytes / kMb) + "mb";
  if (bytes != 0 && bytes % kKb == 0) return std::to_string(bytes / kKb) + "kb";
  return std::to_string(bytes);
}

std::string FormatDouble(double v) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), v);
  if (ec != std::errc()) return std::to_string(v);
  return std::string(buf, end);
}

}  // namespace shoal::config_internal
