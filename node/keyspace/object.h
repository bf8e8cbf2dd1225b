// The value stored under a key: Redis's object model (type + encoding + an
// LRU/LFU clock), kept free of RESP so data-type code can be unit tested on its
// own. Issue-by-issue the variant grows: strings now; lists, hashes, sets,
// sorted sets and streams add their own alternatives with compact encodings.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <variant>

namespace shoal {

enum class ObjType : uint8_t { kString, kList, kSet, kZSet, kHash, kStream };

// Names as TYPE and OBJECT ENCODING report them.
enum class Encoding : uint8_t {
  kRaw,
  kInt,
  kEmbStr,
  kHashtable,
  kListpack,
  kQuicklist,
  kIntset,
  kSkiplist,
  kStream,
};

std::string_view TypeName(ObjType type);       // "string", "list", ...
std::string_view EncodingName(Encoding enc);   // "embstr", "int", ...

// Redis stores strings up to 44 bytes as "embstr"; longer ones as "raw".
inline constexpr size_t kEmbStrMaxLen = 44;

class Object {
 public:
  Object() = default;

  // A string value, encoded the way Redis would encode a freshly SET value:
  // "int" if it is the canonical text of a 64-bit integer (at most 20 chars),
  // "embstr" up to 44 bytes, else "raw".
  static Object String(std::string value);
  // A string value kept as bytes even when it looks like an integer: "embstr"
  // up to 44 bytes, else "raw" (INCRBYFLOAT's results, as in Redis).
  static Object BytesString(std::string value);
  // A string value that was modified in place (APPEND, SETRANGE): always raw,
  // as in Redis.
  static Object RawString(std::string value);
  // An integer string (INCR and friends): "int" encoding.
  static Object Integer(int64_t value);

  ObjType type() const { return type_; }
  Encoding encoding() const { return encoding_; }
  bool is_string() const { return type_ == ObjType::kString; }

  // For strings: the value's bytes (integers are rendered to decimal).
  std::string StringValue() const;
  // For strings: the value's bytes without copying them; an integer is
  // rendered into *scratch, which the view then points to.
  std::string_view StringBytes(std::string* scratch) const;
  // For strings: true and *out set when the value is an integer encoding or
  // parses as one.
  bool AsInteger(int64_t* out) const;
  // For raw/embstr strings: mutable access (turns the encoding into raw, the
  // way Redis's in-place modifications do). For int strings it first converts.
  std::string& MutableString();
  size_t StringLength() const;

  // LRU clock (seconds resolution, 24 bits as in Redis) or LFU counter, used
  // by OBJECT IDLETIME/FREQ and eviction.
  uint32_t lru() const { return lru_; }
  void set_lru(uint32_t v) { lru_ = v & 0xFFFFFF; }

  // Cache hint: the value's out-of-line bytes are about to be read.
  void PrefetchData() const {
    if (const auto* bytes = std::get_if<std::string>(&data_)) __builtin_prefetch(bytes->data());
  }

  // Approximate bytes this value occupies (MEMORY USAGE, INFO memory).
  size_t MemoryUsage() const;

 private:
  ObjType type_ = ObjType::kString;
  Encoding encoding_ = Encoding::kEmbStr;
  uint32_t lru_ = 0;
  std::variant<int64_t, std::string> data_;
};

}  // namespace shoal
