#include "node/keyspace/object.h"

#include <charconv>
#include <cstring>
#include <iterator>
#include <limits>
#include <type_traits>

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

// ---------------------------------------------------------------------------
// Storage: a tagged union of an integer, an inline string and a std::string.
// ---------------------------------------------------------------------------

void Object::Destroy() {
  switch (kind_) {
    case Kind::kInt:
      break;
    case Kind::kInline:
      break;
    case Kind::kHeap:
      heap_.~basic_string();
      break;
    case Kind::kCollection:
      delete coll_;
      break;
  }
  kind_ = Kind::kInt;
}

// Builds this (raw storage) from other: copies from an lvalue, moves from an
// rvalue (forwarding makes other.member an xvalue then).
template <typename Src>
void Object::ConstructFrom(Src&& other) {
  type_ = other.type_;
  encoding_ = other.encoding_;
  kind_ = other.kind_;
  lru_ = other.lru_;
  switch (kind_) {
    case Kind::kCollection:
      if constexpr (std::is_lvalue_reference_v<Src>) {
        coll_ = other.coll_->Clone().release();
      } else {
        coll_ = other.coll_;
        other.kind_ = Kind::kInt;  // the pointer moved: other must not free it
      }
      break;
    case Kind::kInt:
      int_ = other.int_;
      break;
    case Kind::kInline:
      inline_len_ = other.inline_len_;
      std::memcpy(inline_, other.inline_, inline_len_);
      break;
    case Kind::kHeap:
      new (&heap_) std::string(std::forward<Src>(other).heap_);
      break;
  }
}

void Object::CopyFrom(const Object& other) { ConstructFrom(other); }
void Object::MoveFrom(Object&& other) { ConstructFrom(std::move(other)); }

Object Object::FromBytes(std::string_view bytes, Encoding encoding) {
  Object o;  // an empty inline string
  o.encoding_ = encoding;
  if (bytes.size() <= kInlineCapacity) {
    std::memcpy(o.inline_, bytes.data(), bytes.size());
    o.inline_len_ = static_cast<uint8_t>(bytes.size());
  } else {
    o.Destroy();
    new (&o.heap_) std::string(bytes);
    o.kind_ = Kind::kHeap;
  }
  return o;
}

// ---------------------------------------------------------------------------
// Strings
// ---------------------------------------------------------------------------

Object Object::String(std::string value) {
  int64_t as_int;
  if (ParseCanonicalInt64(value, &as_int)) return Integer(as_int);
  return BytesString(std::move(value));
}

Object Object::StringFromView(std::string_view value) {
  int64_t as_int;
  if (ParseCanonicalInt64(value, &as_int)) return Integer(as_int);
  return FromBytes(value, value.size() <= kEmbStrMaxLen ? Encoding::kEmbStr : Encoding::kRaw);
}

Object Object::BytesString(std::string value) {
  const Encoding enc = value.size() <= kEmbStrMaxLen ? Encoding::kEmbStr : Encoding::kRaw;
  if (value.size() <= kInlineCapacity) return FromBytes(value, enc);
  Object o;
  o.Destroy();
  new (&o.heap_) std::string(std::move(value));
  o.kind_ = Kind::kHeap;
  o.encoding_ = enc;
  return o;
}

Object Object::RawString(std::string value) {
  Object o = BytesString(std::move(value));
  o.encoding_ = Encoding::kRaw;
  return o;
}

Object Object::Integer(int64_t value) {
  Object o;
  o.Destroy();
  o.kind_ = Kind::kInt;
  o.encoding_ = Encoding::kInt;
  o.int_ = value;
  return o;
}

Object Object::Collection(ObjType type, std::unique_ptr<CollectionValue> value) {
  Object o;
  o.Destroy();
  o.type_ = type;
  o.kind_ = Kind::kCollection;
  o.coll_ = value.release();
  return o;
}

std::string_view Object::StringBytes(std::string* scratch) const {
  switch (kind_) {
    case Kind::kCollection:
      return {};
    case Kind::kInline:
      return {inline_, inline_len_};
    case Kind::kHeap:
      return heap_;
    case Kind::kInt:
      break;
  }
  *scratch = std::to_string(int_);
  return *scratch;
}

std::string Object::StringValue() const {
  std::string scratch;
  return std::string(StringBytes(&scratch));
}

bool Object::AsInteger(int64_t* out) const {
  if (kind_ == Kind::kInt) {
    *out = int_;
    return true;
  }
  std::string scratch;
  return ParseCanonicalInt64(StringBytes(&scratch), out);
}

std::string& Object::MutableString() {
  if (kind_ != Kind::kHeap) {
    std::string bytes = StringValue();
    Destroy();
    new (&heap_) std::string(std::move(bytes));
    kind_ = Kind::kHeap;
  }
  encoding_ = Encoding::kRaw;
  return heap_;
}

size_t Object::StringLength() const {
  switch (kind_) {
    case Kind::kInt:
      return DecimalLength(int_);
    case Kind::kInline:
      return inline_len_;
    case Kind::kHeap:
      return heap_.size();
    case Kind::kCollection:
      break;
  }
  return 0;
}

size_t Object::MemoryUsage() const {
  size_t bytes = sizeof(Object);
  if (kind_ == Kind::kHeap) bytes += StringHeapBytes(heap_);
  if (kind_ == Kind::kCollection) bytes += coll_->MemoryUsage();
  return bytes;
}

}  // namespace shoal
