// The value stored under a key: Redis's object model (type + encoding + an
// LRU/LFU clock), kept free of RESP so data-type code can be unit tested on its
// own. Strings are stored in the object itself; lists, hashes, sets, sorted
// sets and streams are CollectionValue subclasses (node/keyspace/types/) the
// object owns through a pointer, each choosing its own compact encodings.
#pragma once

#include <cstdint>
#include <new>
#include <memory>
#include <string>
#include <string_view>


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

// The value behind a non-string object. Each data type (list, hash, set,
// sorted set, stream) derives its own class; the encoding it reports changes
// as it converts between compact and large representations.
class CollectionValue {
 public:
  virtual ~CollectionValue() = default;
  // A deep copy (COPY, SORT ... STORE of a fresh object, tests).
  virtual std::unique_ptr<CollectionValue> Clone() const = 0;
  // Bytes allocated for this value, including this object (MEMORY USAGE).
  virtual size_t MemoryUsage() const = 0;
  virtual Encoding encoding() const = 0;
  // Number of elements (fields, members, entries).
  virtual size_t Size() const = 0;
};

class Object {
 public:
  Object() : type_(ObjType::kString), encoding_(Encoding::kEmbStr), kind_(Kind::kInline) {}
  Object(const Object& other) { CopyFrom(other); }
  Object(Object&& other) noexcept { MoveFrom(std::move(other)); }
  Object& operator=(const Object& other) {
    if (this != &other) {
      Destroy();
      CopyFrom(other);
    }
    return *this;
  }
  Object& operator=(Object&& other) noexcept {
    if (this != &other) {
      Destroy();
      MoveFrom(std::move(other));
    }
    return *this;
  }
  ~Object() { Destroy(); }

  // A string value, encoded the way Redis would encode a freshly SET value:
  // "int" if it is the canonical text of a 64-bit integer (at most 20 chars),
  // "embstr" up to 44 bytes, else "raw".
  static Object String(std::string value);
  // The same from bytes the caller keeps (no temporary copy for short values).
  static Object StringFromView(std::string_view value);
  // A string value kept as bytes even when it looks like an integer: "embstr"
  // up to 44 bytes, else "raw" (INCRBYFLOAT's results, as in Redis).
  static Object BytesString(std::string value);
  // A string value that was modified in place (APPEND, SETRANGE): always raw,
  // as in Redis.
  static Object RawString(std::string value);
  // An integer string (INCR and friends): "int" encoding.
  static Object Integer(int64_t value);
  // A list, set, sorted set, hash or stream value.
  static Object Collection(ObjType type, std::unique_ptr<CollectionValue> value);

  ObjType type() const { return type_; }
  Encoding encoding() const { return kind_ == Kind::kCollection ? coll_->encoding() : encoding_; }
  bool is_string() const { return type_ == ObjType::kString; }

  // For collections: the value, as the class its type uses (ListValue for
  // kList, ...). The caller checks type() first.
  template <typename T>
  T& As() {
    return static_cast<T&>(*coll_);
  }
  template <typename T>
  const T& As() const {
    return static_cast<const T&>(*coll_);
  }
  CollectionValue& collection() { return *coll_; }
  const CollectionValue& collection() const { return *coll_; }

  // For strings: the value's bytes (integers are rendered to decimal).
  std::string StringValue() const;
  // For strings: the value's bytes without copying them; an integer is
  // rendered into *scratch, which the view then points to.
  std::string_view StringBytes(std::string* scratch) const;
  // For strings: true and *out set when the value is an integer encoding or
  // parses as one.
  bool AsInteger(int64_t* out) const;
  // For strings: mutable access (turns the encoding into raw, the way Redis's
  // in-place modifications do); int and inline values are converted first.
  std::string& MutableString();
  size_t StringLength() const;

  // LRU clock (seconds resolution, 24 bits as in Redis) or LFU counter, used
  // by OBJECT IDLETIME/FREQ and eviction.
  uint32_t lru() const { return lru_; }
  void set_lru(uint32_t v) { lru_ = v & 0xFFFFFF; }

  // Cache hint: the value's out-of-line bytes are about to be read.
  void PrefetchData() const {
    if (kind_ == Kind::kHeap) __builtin_prefetch(heap_.data());
  }

  // Approximate bytes this value occupies (MEMORY USAGE, INFO memory).
  size_t MemoryUsage() const;

 private:
  // Where the value's bytes are. Short strings (up to 31 bytes) live inside
  // the object, so a typical value costs no allocation and no extra cache
  // miss; longer or modified-in-place strings use a std::string.
  // Collections are owned through a pointer.
  enum class Kind : uint8_t { kInt, kInline, kHeap, kCollection };
  // Bytes a string can have and still live inside the object: the whole
  // payload (its length is kept in the header).
  static constexpr size_t kInlineCapacity = 32;

  void Destroy();
  void CopyFrom(const Object& other);
  void MoveFrom(Object&& other);
  template <typename Src>
  void ConstructFrom(Src&& other);
  static Object FromBytes(std::string_view bytes, Encoding encoding);

  ObjType type_;
  Encoding encoding_;
  Kind kind_;
  uint8_t inline_len_ = 0;  // kInline: the string's length
  uint32_t lru_ = 0;
  union {
    int64_t int_;
    char inline_[kInlineCapacity];
    std::string heap_;
    CollectionValue* coll_;
  };
};

// 8 bytes of header and a 32-byte payload: a key's node stays at 80 bytes.
static_assert(sizeof(Object) == 40);

}  // namespace shoal
