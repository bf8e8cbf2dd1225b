#include "common/strutil.h"

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace shoal {

bool ParseInt64(std::string_view s, int64_t* out) {
  if (s.empty() || s.size() > 20) return false;
  if (s == "0") {
    *out = 0;
    return true;
  }
  size_t i = 0;
  bool negative = false;
  if (s[0] == '-') {
    negative = true;
    i = 1;
    if (s.size() == 1) return false;
  }
  if (s[i] < '1' || s[i] > '9') return false;
  uint64_t v = 0;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (c < '0' || c > '9') return false;
    uint64_t d = static_cast<uint64_t>(c - '0');
    if (v > (UINT64_MAX - d) / 10) return false;
    v = v * 10 + d;
  }
  if (negative) {
    if (v > static_cast<uint64_t>(INT64_MAX) + 1) return false;
    *out = static_cast<int64_t>(0 - v);
  } else {
    if (v > static_cast<uint64_t>(INT64_MAX)) return false;
    *out = static_cast<int64_t>(v);
  }
  return true;
}

bool ParseUint64(std::string_view s, uint64_t* out) {
  if (s.empty() || s.size() > 20) return false;
  if (s.size() > 1 && s[0] == '0') return false;
  uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    uint64_t d = static_cast<uint64_t>(c - '0');
    if (v > (UINT64_MAX - d) / 10) return false;
    v = v * 10 + d;
  }
  *out = v;
  return true;
}

namespace {

template <typename T, typename F>
bool ParseFloating(std::string_view s, T* out, F convert) {
  if (s.empty() || s.size() > 5000 || std::isspace(static_cast<unsigned char>(s[0]))) return false;
  std::string buf(s);
  char* end = nullptr;
  errno = 0;
  T v = convert(buf.c_str(), &end);
  if (end != buf.c_str() + buf.size()) return false;
  if (errno == ERANGE && (v == 0 || std::isinf(v))) return false;  // overflow/underflow
  if (std::isnan(v)) return false;
  *out = v;
  return true;
}

}  // namespace

bool ParseDouble(std::string_view s, double* out) {
  return ParseFloating(s, out, [](const char* p, char** e) { return std::strtod(p, e); });
}

bool ParseLongDouble(std::string_view s, long double* out) {
  return ParseFloating(s, out, [](const char* p, char** e) { return std::strtold(p, e); });
}

std::string QuoteRepr(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '"': out += "\\\""; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\a': out += "\\a"; break;
      case '\b': out += "\\b"; break;
      default:
        if (std::isprint(c)) {
          out.push_back(static_cast<char>(c));
        } else {
          char buf[8];
          std::snprintf(buf, sizeof(buf), "\\x%02x", c);
          out += buf;
        }
    }
  }
  out.push_back('"');
  return out;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

std::string ToLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string ToUpper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

namespace {

char Fold(char c, bool nocase) {
  return nocase ? static_cast<char>(std::tolower(static_cast<unsigned char>(c))) : c;
}

// Matches a '[...]' class starting after '['. *p is left on the closing ']'
// (or the pattern end).
bool MatchClass(std::string_view pat, size_t* p, char c, bool nocase) {
  bool negate = false;
  bool match = false;
  if (*p < pat.size() && pat[*p] == '^') {
    negate = true;
    ++*p;
  }
  while (*p < pat.size() && pat[*p] != ']') {
    if (pat[*p] == '\\' && *p + 1 < pat.size()) {
      ++*p;
      if (Fold(pat[*p], nocase) == Fold(c, nocase)) match = true;
    } else if (*p + 2 < pat.size() && pat[*p + 1] == '-') {
      char start = Fold(pat[*p], nocase);
      char end = Fold(pat[*p + 2], nocase);
      if (start > end) std::swap(start, end);
      char f = Fold(c, nocase);
      if (f >= start && f <= end) match = true;
      *p += 2;
    } else if (Fold(pat[*p], nocase) == Fold(c, nocase)) {
      match = true;
    }
    ++*p;
  }
  return negate ? !match : match;
}

// Matches one pattern element (not '*') at pat[*p] against c; advances *p
// past the element.
bool MatchOne(std::string_view pat, size_t* p, char c, bool nocase) {
  switch (pat[*p]) {
    case '?':
      ++*p;
      return true;
    case '[': {
      ++*p;
      bool m = MatchClass(pat, p, c, nocase);
      if (*p < pat.size()) ++*p;  // past ']'
      return m;
    }
    case '\\':
      if (*p + 1 < pat.size()) ++*p;
      [[fallthrough]];
    default: {
      bool m = Fold(pat[*p], nocase) == Fold(c, nocase);
      ++*p;
      return m;
    }
  }
}

// Iterative matching with back-tracking to the last '*': O(len(pat) *
// len(str)) at worst, so hostile patterns cannot stall the server.
bool Match(std::string_view pat, std::string_view str, bool nocase) {
  size_t p = 0, s = 0;
  size_t star_p = std::string_view::npos, star_s = 0;
  while (s < str.size()) {
    if (p < pat.size() && pat[p] == '*') {
      while (p < pat.size() && pat[p] == '*') ++p;
      star_p = p;
      star_s = s;
      continue;
    }
    size_t next = p;
    if (p < pat.size() && MatchOne(pat, &next, str[s], nocase)) {
      p = next;
      ++s;
      continue;
    }
    if (star_p == std::string_view::npos) return false;
    p = star_p;
    s = ++star_s;
  }
  while (p < pat.size() && pat[p] == '*') ++p;
  return p == pat.size();
}

}  // namespace

bool GlobMatch(std::string_view pattern, std::string_view str, bool nocase) {
  return Match(pattern, str, nocase);
}

}  // namespace shoal
