#include "node/keyspace/object.h"

#include <charconv>
#include <iterator>
#include <limits>

namespace shoal {
namespace {

// Longest decimal text of an int64 ("-9223372036854775808").
constexpr size_t kMaxInt64Chars = 20;

// Parses s as Redis's string2ll does: the canonical decimal form only. No
// sign other than a leading '-', no leading zeros ("0" itself is fine), no
// spaces, and "-0" is rejected, so that rendering the parsed value gives back
// exactly the same bytes. That round trip is what makes the "int" encoding
// lossless.
bool ParseCanonicalInt64(std::string_view s, int64_t* out) {
  if (s.empty() || s.size() > kMaxInt64Chars) return false;
  if (s == "0") {
    *out = 0;
    return true;
  }
  size_t i = 0;
  const bool negative = s[0] == '-';
  if (negative) ++i;
  if (i == s.size() || s[i] < '1' || s[i] > '9') return false;
  uint64_t magnitude = 0;
  for (; i < s.size(); ++i) {
    const char c = s[i];
    if (c < '0' || c > '9') return false;
    const uint64_t digit = static_cast<uint64_t>(c - '0');
    if (magnitude > (std::numeric_limits<uint64_t>::max() - digit) / 10) return false;
    magnitude = magnitude * 10 + digit;
  }
  constexpr uint64_t kMaxPositive = std::numeric_limits<int64_t>::max();
  if (negative) {
    if (magnitude > kMaxPositive + 1) return false;
    // Two's complement: negating the magnitude in unsigned arithmetic is exact
    // even for INT64_MIN.
    *out = static_cast<int64_t>(0 - magnitude);
  } else {
    if (magnitude > kMaxPositive) return false;
    *out = static_cast<int64_t>(magnitude);
  }
  return true;
}

size_t DecimalLength(int64_t v) {
  char buf[kMaxInt64Chars + 1];
  auto res = std::to_chars(buf, buf + sizeof(buf), v);
  return static_cast<size_t>(res.ptr - buf);
}

// Heap bytes behind a std::string beyond the object itself (0 while the text
// fits the small-string buffer). Heap blocks carry the terminating NUL.
size_t StringHeapBytes(const std::string& s) {
  const size_t inline_capacity = std::string().capacity();
  return s.capacity() > inline_capacity ? s.capacity() + 1 : 0;
}

}  // namespace

// Indexed by the enums' values, in declaration order.
constexpr std::string_view kTypeNames[] = {"string", "list", "set", "zset", "hash", "stream"};
constexpr std::string_view kEncodingNames[] = {
    "raw", "int", "embstr", "hashtable", "listpack", "quicklist", "intset", "skiplist", "stream",
};
static_assert(std::size(kTypeNames) == static_cast<size_t>(ObjType::kStream) + 1);
static_assert(std::size(kEncodingNames) == static_cast<size_t>(Encoding::kStream) + 1);

std::string_view TypeName(ObjType type) {
  const auto i = static_cast<size_t>(type);
  return i < std::size(kTypeNames) ? kTypeNames[i] : "unknown";
}

std::string_view EncodingName(Encoding enc) {
  const auto i = static_cast<size_t>(enc);
  return i < std::size(kEncodingNames) ? kEncodingNames[i] : "unknown";
}

Object Object::String(std::string value) {
  int64_t as_int;
  if (ParseCanonicalInt64(value, &as_int)) return Integer(as_int);
  return BytesString(std::move(value));
}

Object Object::BytesString(std::string value) {
  Object o;
  o.type_ = ObjType::kString;
  o.encoding_ = value.size() <= kEmbStrMaxLen ? Encoding::kEmbStr : Encoding::kRaw;
  o.data_ = std::move(value);
  return o;
}

Object Object::RawString(std::string value) {
  Object o;
  o.type_ = ObjType::kString;
  o.encoding_ = Encoding::kRaw;
  o.data_ = std::move(value);
  return o;
}

Object Object::Integer(int64_t value) {
  Object o;
  o.type_ = ObjType::kString;
  o.encoding_ = Encoding::kInt;
  o.data_ = value;
  return o;
}

std::string_view Object::StringBytes(std::string* scratch) const {
  if (const auto* bytes = std::get_if<std::string>(&data_)) return *bytes;
  *scratch = std::to_string(std::get<int64_t>(data_));
  return *scratch;
}

std::string Object::StringValue() const {
  if (const auto* i = std::get_if<int64_t>(&data_)) return std::to_string(*i);
  if (const auto* s = std::get_if<std::string>(&data_)) return *s;
  return std::string();
}

bool Object::AsInteger(int64_t* out) const {
  if (const auto* i = std::get_if<int64_t>(&data_)) {
    *out = *i;
    return true;
  }
  if (const auto* s = std::get_if<std::string>(&data_)) return ParseCanonicalInt64(*s, out);
  return false;
}

std::string& Object::MutableString() {
  if (const auto* i = std::get_if<int64_t>(&data_)) data_ = std::to_string(*i);
  encoding_ = Encoding::kRaw;
  return std::get<std::string>(data_);
}

size_t Object::StringLength() const {
  if (const auto* i = std::get_if<int64_t>(&data_)) return DecimalLength(*i);
  if (const auto* s = std::get_if<std::string>(&data_)) return s->size();
  return 0;
}

size_t Object::MemoryUsage() const {
  size_t bytes = sizeof(Object);
  if (const auto* s = std::get_if<std::string>(&data_)) bytes += StringHeapBytes(*s);
  return bytes;
}

}  // namespace shoal
