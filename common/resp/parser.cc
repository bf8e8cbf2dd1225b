#include "common/resp/parser.h"

#include <algorithm>
#include <charconv>
#include <cstring>

namespace shoal::resp {

namespace {

// Parses a decimal signed integer that spans the whole view. Lengths are
// short, so a plain loop beats the general conversion.
bool ParseLength(std::string_view s, int64_t* out) {
  if (s.empty() || s.size() > 18) {
    if (s.empty()) return false;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
    return ec == std::errc() && ptr == s.data() + s.size();
  }
  size_t i = 0;
  bool negative = s[0] == '-';
  if (negative && s.size() == 1) return false;
  if (negative) i = 1;
  int64_t v = 0;
  for (; i < s.size(); ++i) {
    unsigned d = static_cast<unsigned char>(s[i]) - '0';
    if (d > 9) return false;
    v = v * 10 + d;
  }
  *out = negative ? -v : v;
  return true;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool IsSpace(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\v' || c == '\f'; }

// Inside an unquoted argument only these end it (Redis's sdssplitargs): a
// form feed or vertical tab is part of the argument, though skipped between
// arguments.
bool EndsToken(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\0'; }

}  // namespace

bool SplitArgs(std::string_view line, std::vector<std::string>* out) {
  out->clear();
  size_t i = 0;
  const size_t n = line.size();
  while (true) {
    while (i < n && IsSpace(line[i])) ++i;
    if (i >= n) return true;
    std::string current;
    bool in_double = false;
    bool in_single = false;
    bool done = false;
    while (!done) {
      if (in_double) {
        if (i >= n) return false;  // unterminated quotes
        char c = line[i];
        if (c == '\\' && i + 3 < n && line[i + 1] == 'x' && HexValue(line[i + 2]) >= 0 &&
            HexValue(line[i + 3]) >= 0) {
          current.push_back(static_cast<char>(HexValue(line[i + 2]) * 16 + HexValue(line[i + 3])));
          i += 3;
        } else if (c == '\\' && i + 1 < n) {
          ++i;
          switch (line[i]) {
            case 'n': current.push_back('\n'); break;
            case 'r': current.push_back('\r'); break;
            case 't': current.push_back('\t'); break;
            case 'b': current.push_back('\b'); break;
            case 'a': current.push_back('\a'); break;
            default: current.push_back(line[i]); break;
          }
        } else if (c == '"') {
          // The closing quote must be followed by a space or nothing.
          if (i + 1 < n && !IsSpace(line[i + 1])) return false;
          done = true;
        } else {
          current.push_back(c);
        }
      } else if (in_single) {
        if (i >= n) return false;
        char c = line[i];
        if (c == '\\' && i + 1 < n && line[i + 1] == '\'') {
          ++i;
          current.push_back('\'');
        } else if (c == '\'') {
          if (i + 1 < n && !IsSpace(line[i + 1])) return false;
          done = true;
        } else {
          current.push_back(c);
        }
      } else {
        if (i >= n) {
          done = true;
          break;
        }
        char c = line[i];
        if (EndsToken(c)) {
          done = true;
        } else if (c == '"') {
          in_double = true;
        } else if (c == '\'') {
          in_single = true;
        } else {
          current.push_back(c);
        }
      }
      if (i < n) ++i;
    }
    out->push_back(std::move(current));
  }
}

RequestParser::Result RequestParser::Fail(std::string message) {
  error_ = std::move(message);
  return Result::kError;
}

RequestParser::Result RequestParser::Parse(std::string_view data, size_t* consumed,
                                           std::vector<std::string>* args) {
  *consumed = 0;
  if (multibulk_left_ == 0) {
    if (data.empty()) return Result::kNeedMore;
    if (data[0] != '*') return ParseInline(data, consumed, args);
  }
  return ParseMultibulk(data, consumed, args);
}

RequestParser::Result RequestParser::ParseInline(std::string_view data, size_t* consumed,
                                                 std::vector<std::string>* args) {
  size_t pos = 0;
  while (pos < data.size()) {
    std::string_view rest = data.substr(pos);
    size_t nl = rest.find('\n');
    if (nl == std::string_view::npos) {
      if (rest.size() > limits_.max_inline_len) {
        return Fail("ERR Protocol error: too big inline request");
      }
      *consumed = pos;
      return Result::kNeedMore;
    }
    std::string_view line = rest.substr(0, nl);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    pos += nl + 1;
    if (!SplitArgs(line, args)) return Fail("ERR Protocol error: unbalanced quotes in request");
    if (!args->empty()) {
      *consumed = pos;
      last_inline_ = true;
      return Result::kCommand;
    }
    // An empty line is skipped, as Redis does. A following multibulk request
    // is handed back to the caller.
    if (pos < data.size() && data[pos] == '*') {
      *consumed = pos;
      size_t more = 0;
      Result r = ParseMultibulk(data.substr(pos), &more, args);
      *consumed += more;
      return r;
    }
  }
  *consumed = pos;
  return Result::kNeedMore;
}

RequestParser::Result RequestParser::ParseMultibulk(std::string_view data, size_t* consumed,
                                                    std::vector<std::string>* args) {
  size_t pos = 0;

  while (true) {
    if (multibulk_left_ == 0) {
      // The "*<count>\r\n" header. Empty or negative counts are skipped.
      std::string_view rest = data.substr(pos);
      if (rest.empty()) {
        *consumed = pos;
        return Result::kNeedMore;
      }
      if (rest[0] != '*') {
        *consumed = pos;
        return pos == 0 ? ParseInline(data, consumed, args) : Result::kNeedMore;
      }
      size_t cr = rest.find('\r');
      if (cr == std::string_view::npos || cr + 1 >= rest.size()) {
        if (rest.size() > limits_.max_inline_len) {
          return Fail("ERR Protocol error: too big mbulk count string");
        }
        *consumed = pos;
        return Result::kNeedMore;
      }
      int64_t count = 0;
      if (!ParseLength(rest.substr(1, cr - 1), &count) || count > limits_.max_multibulk_len) {
        return Fail("ERR Protocol error: invalid multibulk length");
      }
      if (limits_.unauthenticated && count > 10) {
        return Fail("ERR Protocol error: unauthenticated multibulk length");
      }
      pos += cr + 2;
      if (count <= 0) continue;  // "*0\r\n" or "*-1\r\n": nothing to do
      multibulk_left_ = count;
      bulk_len_ = -1;
      nargs_ = 0;
      pending_bytes_ = 0;
      last_inline_ = false;
    }

    while (multibulk_left_ > 0) {
      std::string_view rest = data.substr(pos);
      if (bulk_len_ < 0) {
        if (rest.empty()) {
          *consumed = pos;
          return Result::kNeedMore;
        }
        size_t cr = rest.find('\r');
        if (cr == std::string_view::npos || cr + 1 >= rest.size()) {
          if (rest.size() > limits_.max_inline_len) {
            return Fail("ERR Protocol error: too big bulk count string");
          }
          *consumed = pos;
          return Result::kNeedMore;
        }
        if (rest[0] != '$') {
          return Fail(std::string("ERR Protocol error: expected '$', got '") + rest[0] + "'");
        }
        int64_t len = 0;
        if (!ParseLength(rest.substr(1, cr - 1), &len) || len < 0 || len > limits_.max_bulk_len) {
          return Fail("ERR Protocol error: invalid bulk length");
        }
        if (limits_.unauthenticated && len > 16384) {
          return Fail("ERR Protocol error: unauthenticated bulk length");
        }
        pos += cr + 2;
        bulk_len_ = len;
        // Argument strings are recycled between commands, so a steady stream
        // of requests allocates nothing once their capacities have grown.
        if (nargs_ == partial_.size()) partial_.emplace_back();
        std::string& fresh = partial_[nargs_++];
        fresh.clear();
        if (fresh.capacity() < static_cast<size_t>(len) && len <= (1 << 20)) {
          fresh.reserve(static_cast<size_t>(len));
        }
        continue;
      }
      // Reading the payload of the current argument (+ its CRLF).
      std::string& arg = partial_[nargs_ - 1];
      size_t need = static_cast<size_t>(bulk_len_) - arg.size();
      size_t take = std::min(need, rest.size());
      arg.append(rest.data(), take);
      pos += take;
      pending_bytes_ += take;
      if (take < need || data.size() - pos < 2) {
        *consumed = pos;
        return Result::kNeedMore;
      }
      // Redis does not check the two bytes after the payload; neither do we.
      pos += 2;
      bulk_len_ = -1;
      --multibulk_left_;
    }
    *consumed = pos;
    // Hand the strings over by swapping, so the caller's previous strings
    // come back here for reuse.
    if (args->size() != nargs_) args->resize(nargs_);
    for (size_t i = 0; i < nargs_; ++i) (*args)[i].swap(partial_[i]);
    // Do not hoard huge buffers from one large request.
    for (size_t i = 0; i < nargs_; ++i) {
      if (partial_[i].capacity() > 64 * 1024) std::string().swap(partial_[i]);
    }
    nargs_ = 0;
    pending_bytes_ = 0;
    return Result::kCommand;
  }
}

}  // namespace shoal::resp
