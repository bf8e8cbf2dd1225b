// redis.conf lexical rules: argument splitting and quoting, memory units.

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <string>
#include <utility>

#include "common/strutil.h"
#include "node/config/directive.h"

namespace shoal::config_internal {

namespace {

bool IsHexDigit(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  return std::tolower(static_cast<unsigned char>(c)) - 'a' + 10;
}

bool IsBlank(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

// The character "\<e>" stands for inside double quotes.
char Unescape(char e) {
  switch (e) {
    case 'n':
      return '\n';
    case 'r':
      return '\r';
    case 't':
      return '\t';
    case 'b':
      return '\b';
    case 'a':
      return '\a';
    default:
      return e;
  }
}

// Reads a "double quoted" token body starting after the opening quote.
// Leaves *i after the closing quote. False on a missing closing quote or one
// not followed by a blank.
bool ReadDoubleQuoted(std::string_view s, size_t* i, std::string* out) {
  while (*i < s.size()) {
    char c = s[*i];
    if (c == '\\' && *i + 3 < s.size() && s[*i + 1] == 'x' && IsHexDigit(s[*i + 2]) &&
        IsHexDigit(s[*i + 3])) {
      out->push_back(static_cast<char>(HexValue(s[*i + 2]) * 16 + HexValue(s[*i + 3])));
      *i += 4;
    } else if (c == '\\' && *i + 1 < s.size()) {
      out->push_back(Unescape(s[*i + 1]));
      *i += 2;
    } else if (c == '"') {
      ++*i;
      return *i == s.size() || IsBlank(s[*i]);
    } else {
      out->push_back(c);
      ++*i;
    }
  }
  return false;
}

// The same for 'single quoted' bodies, where only \' is an escape.
bool ReadSingleQuoted(std::string_view s, size_t* i, std::string* out) {
  while (*i < s.size()) {
    char c = s[*i];
    if (c == '\\' && *i + 1 < s.size() && s[*i + 1] == '\'') {
      out->push_back('\'');
      *i += 2;
    } else if (c == '\'') {
      ++*i;
      return *i == s.size() || IsBlank(s[*i]);
    } else {
      out->push_back(c);
      ++*i;
    }
  }
  return false;
}

}  // namespace

std::optional<std::vector<std::string>> SplitArgs(std::string_view s) {
  std::vector<std::string> args;
  size_t i = 0;
  while (true) {
    while (i < s.size() && IsBlank(s[i])) ++i;
    if (i >= s.size()) return args;
    std::string token;
    // A token ends at a blank; quotes may open anywhere inside it and, once
    // closed, end it.
    bool done = false;
    while (!done && i < s.size()) {
      char c = s[i];
      if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
        done = true;
      } else if (c == '"' || c == '\'') {
        ++i;
        bool ok = c == '"' ? ReadDoubleQuoted(s, &i, &token) : ReadSingleQuoted(s, &i, &token);
        if (!ok) return std::nullopt;
        done = true;
      } else {
        token.push_back(c);
        ++i;
      }
    }
    args.push_back(std::move(token));
  }
}

std::string Repr(std::string_view s) {
  // Characters with a short escape, and the letter that follows the backslash.
  static constexpr std::pair<char, char> kShort[] = {
      {'\\', '\\'}, {'"', '"'}, {'\n', 'n'}, {'\r', 'r'}, {'\t', 't'}, {'\a', 'a'}, {'\b', 'b'}};
  std::string out = "\"";
  for (char c : s) {
    const auto* esc = std::find_if(std::begin(kShort), std::end(kShort),
                                   [c](const auto& e) { return e.first == c; });
    if (esc != std::end(kShort)) {
      out += '\\';
      out += esc->second;
    } else if (std::isprint(static_cast<unsigned char>(c))) {
      out += c;
    } else {
      char buf[8];
      std::snprintf(buf, sizeof(buf), "\\x%02x", static_cast<unsigned char>(c));
      out += buf;
    }
  }
  out += '"';
  return out;
}

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
