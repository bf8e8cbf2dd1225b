#include "common/resp/value.h"

#include <charconv>

namespace shoal::resp {

namespace {

using R = ReplyParser::Result;

// Reads "<line>\r\n" at pos; returns false if not complete yet.
bool ReadLine(std::string_view data, size_t* pos, std::string_view* line) {
  size_t end = data.find("\r\n", *pos);
  if (end == std::string_view::npos) return false;
  *line = data.substr(*pos, end - *pos);
  *pos = end + 2;
  return true;
}

bool ToInt(std::string_view s, int64_t* out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && p == s.data() + s.size();
}

R ParseAt(std::string_view data, size_t* pos, Value* out, int depth) {
  if (depth > 64) return R::kError;
  if (*pos >= data.size()) return R::kNeedMore;
  char type = data[*pos];
  ++*pos;
  std::string_view line;
  if (!ReadLine(data, pos, &line)) return R::kNeedMore;
  int64_t n = 0;
  switch (type) {
    case '+': out->type = Value::Type::kStatus; out->str = line; return R::kDone;
    case '-': out->type = Value::Type::kError; out->str = line; return R::kDone;
    case ',': out->type = Value::Type::kDouble; out->str = line; return R::kDone;
    case '(': out->type = Value::Type::kBigNumber; out->str = line; return R::kDone;
    case '_': out->type = Value::Type::kNull; return R::kDone;
    case '#': out->type = Value::Type::kBool; out->integer = line == "t"; return R::kDone;
    case ':':
      out->type = Value::Type::kInteger;
      return ToInt(line, &out->integer) ? R::kDone : R::kError;
    case '$':
    case '=':
    case '!': {
      if (!ToInt(line, &n)) return R::kError;
      if (n < 0) {
        out->type = Value::Type::kNull;
        return R::kDone;
      }
      if (data.size() < *pos + static_cast<size_t>(n) + 2) return R::kNeedMore;
      std::string_view body = data.substr(*pos, static_cast<size_t>(n));
      *pos += static_cast<size_t>(n) + 2;
      if (type == '=') {
        out->type = Value::Type::kVerbatim;
        out->str = body.size() >= 4 ? body.substr(4) : body;
      } else {
        out->type = type == '!' ? Value::Type::kError : Value::Type::kBulk;
        out->str = body;
      }
      return R::kDone;
    }
    case '*':
    case '%':
    case '~':
    case '>': {
      if (!ToInt(line, &n)) return R::kError;
      if (n < 0) {
        out->type = Value::Type::kNull;
        return R::kDone;
      }
      out->type = type == '*'   ? Value::Type::kArray
                  : type == '%' ? Value::Type::kMap
                  : type == '~' ? Value::Type::kSet
                                : Value::Type::kPush;
      size_t count = static_cast<size_t>(type == '%' ? n * 2 : n);
      out->elems.clear();
      out->elems.resize(count > 4096 ? 0 : count);
      for (size_t i = 0; i < count; ++i) {
        if (i >= out->elems.size()) out->elems.emplace_back();
        R r = ParseAt(data, pos, &out->elems[i], depth + 1);
        if (r != R::kDone) return r;
      }
      return R::kDone;
    }
    default:
      return R::kError;
  }
}

}  // namespace

ReplyParser::Result ReplyParser::Parse(std::string_view data, size_t* consumed, Value* out) {
  size_t pos = 0;
  *out = Value();
  R r = ParseAt(data, &pos, out, 0);
  if (r == R::kDone) *consumed = pos;
  return r;
}

std::string Value::ToString() const {
  switch (type) {
    case Type::kStatus:
    case Type::kBulk:
    case Type::kVerbatim:
    case Type::kBigNumber:
      return str;
    case Type::kDouble:
      return "(double) " + str;
    case Type::kError:
      return "(error) " + str;
    case Type::kInteger:
      return "(integer) " + std::to_string(integer);
    case Type::kBool:
      return integer ? "(true)" : "(false)";
    case Type::kNull:
      return "(nil)";
    case Type::kMap: {
      std::string s = "{";
      for (size_t i = 0; i + 1 < elems.size(); i += 2) {
        if (i) s += ", ";
        s += elems[i].ToString() + ": " + elems[i + 1].ToString();
      }
      return s + "}";
    }
    case Type::kArray:
    case Type::kSet:
    case Type::kPush: {
      std::string s = "[";
      for (size_t i = 0; i < elems.size(); ++i) {
        if (i) s += ", ";
        s += elems[i].ToString();
      }
      return s + "]";
    }
  }
  return "";
}

}  // namespace shoal::resp
