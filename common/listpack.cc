#include "common/listpack.h"

#include <charconv>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <new>

namespace shoal {
namespace {

constexpr unsigned char kEof = 0xFF;
constexpr uint16_t kUnknownCount = UINT16_MAX;

// Encoding bytes (see the header for the layout).
constexpr unsigned char k7BitUint = 0x00;
constexpr unsigned char k6BitStr = 0x80;
constexpr unsigned char k13BitInt = 0xC0;
constexpr unsigned char k12BitStr = 0xE0;
constexpr unsigned char k32BitStr = 0xF0;
constexpr unsigned char k16BitInt = 0xF1;
constexpr unsigned char k24BitInt = 0xF2;
constexpr unsigned char k32BitInt = 0xF3;
constexpr unsigned char k64BitInt = 0xF4;

uint32_t ReadU32(const unsigned char* p) {
  return static_cast<uint32_t>(p[0]) | static_cast<uint32_t>(p[1]) << 8 |
         static_cast<uint32_t>(p[2]) << 16 | static_cast<uint32_t>(p[3]) << 24;
}

void WriteU32(unsigned char* p, uint32_t v) {
  for (int i = 0; i < 4; ++i) p[i] = static_cast<unsigned char>(v >> (8 * i));
}

uint64_t ReadLe(const unsigned char* p, int n) {
  uint64_t v = 0;
  for (int i = 0; i < n; ++i) v |= static_cast<uint64_t>(p[i]) << (8 * i);
  return v;
}

// Sign-extends the low `bits` bits of v.
int64_t SignExtend(uint64_t v, int bits) {
  const uint64_t sign = 1ULL << (bits - 1);
  if (bits < 64 && (v & sign) != 0) v |= ~((1ULL << bits) - 1);
  return static_cast<int64_t>(v);
}

// The canonical decimal text of an int64 only (Redis's string2ll): what makes
// storing a string as an integer lossless.
bool ParseCanonical(std::string_view s, int64_t* out) {
  if (s.empty() || s.size() > 20) return false;
  if (s[0] == '0') {
    if (s.size() != 1) return false;
    *out = 0;
    return true;
  }
  if (s[0] == '-' && (s.size() == 1 || s[1] == '0')) return false;
  const char* end = s.data() + s.size();
  auto res = std::from_chars(s.data(), end, *out);
  return res.ec == std::errc() && res.ptr == end;
}

// Size of the backlen field for an entry of `len` bytes (encoding + data).
size_t BacklenSize(size_t len) {
  if (len <= 127) return 1;
  if (len < 16383) return 2;
  if (len < 2097151) return 3;
  if (len < 268435455) return 4;
  return 5;
}

// Appends the backlen of `len`, laid out so it is read right to left.
void AppendBacklen(size_t len, std::string* out) {
  const size_t n = BacklenSize(len);
  unsigned char b[5];
  for (size_t i = 0; i < n; ++i) {
    // Byte n-1-i (from the right) holds bits 7i..7i+6; every byte but the
    // leftmost has the continuation bit.
    const unsigned char bits = static_cast<unsigned char>((len >> (7 * i)) & 127);
    b[n - 1 - i] = i == n - 1 ? bits : static_cast<unsigned char>(bits | 128);
  }
  out->append(reinterpret_cast<const char*>(b), n);
}

// Reads the backlen that ends at p (inclusive), moving left. Returns the
// encoded length, or SIZE_MAX when it runs past `floor` or is too long.
size_t ReadBacklen(const unsigned char* p, const unsigned char* floor) {
  size_t val = 0;
  for (int shift = 0; shift <= 28; shift += 7) {
    if (p < floor) return SIZE_MAX;
    val |= static_cast<size_t>(p[0] & 127) << shift;
    if ((p[0] & 128) == 0) return val;
    --p;
  }
  return SIZE_MAX;
}

// Size of encoding + data of the entry at p, or SIZE_MAX when the encoding is
// invalid or its fixed part would run past `limit` bytes.
size_t EncodedSize(const unsigned char* p, size_t limit) {
  if (limit == 0) return SIZE_MAX;
  const unsigned char b = p[0];
  size_t size;
  if ((b & 0x80) == 0) {
    size = 1;
  } else if ((b & 0xC0) == k6BitStr) {
    size = 1 + (b & 0x3F);
  } else if ((b & 0xE0) == k13BitInt) {
    size = 2;
  } else if ((b & 0xF0) == k12BitStr) {
    if (limit < 2) return SIZE_MAX;
    size = 2 + ((static_cast<size_t>(b & 0x0F) << 8) | p[1]);
  } else {
    switch (b) {
      case k32BitStr:
        if (limit < 5) return SIZE_MAX;
        size = 5 + static_cast<size_t>(ReadU32(p + 1));
        break;
      case k16BitInt:
        size = 3;
        break;
      case k24BitInt:
        size = 4;
        break;
      case k32BitInt:
        size = 5;
        break;
      case k64BitInt:
        size = 9;
        break;
      default:
        return SIZE_MAX;  // 0xF5..0xFE are unused; 0xFF is the end marker
    }
  }
  return size <= limit ? size : SIZE_MAX;
}

}  // namespace

// ---------------------------------------------------------------------------
// Encoding one entry
// ---------------------------------------------------------------------------

void ListpackEncodeIntEntry(int64_t v, std::string* out) {
  unsigned char b[9];
  size_t n;
  if (v >= 0 && v <= 127) {
    b[0] = static_cast<unsigned char>(v) | k7BitUint;
    n = 1;
  } else if (v >= -4096 && v <= 4095) {
    const uint64_t u = static_cast<uint64_t>(v) & 0x1FFF;
    b[0] = static_cast<unsigned char>(u >> 8) | k13BitInt;
    b[1] = static_cast<unsigned char>(u & 0xFF);
    n = 2;
  } else {
    int bytes;
    if (v >= INT16_MIN && v <= INT16_MAX) {
      b[0] = k16BitInt;
      bytes = 2;
    } else if (v >= -(1 << 23) && v <= (1 << 23) - 1) {
      b[0] = k24BitInt;
      bytes = 3;
    } else if (v >= INT32_MIN && v <= INT32_MAX) {
      b[0] = k32BitInt;
      bytes = 4;
    } else {
      b[0] = k64BitInt;
      bytes = 8;
    }
    const auto u = static_cast<uint64_t>(v);
    for (int i = 0; i < bytes; ++i) b[1 + i] = static_cast<unsigned char>(u >> (8 * i));
    n = 1 + static_cast<size_t>(bytes);
  }
  out->append(reinterpret_cast<const char*>(b), n);
  AppendBacklen(n, out);
}

void ListpackEncodeEntry(std::string_view value, std::string* out) {
  int64_t v;
  if (ParseCanonical(value, &v)) {
    ListpackEncodeIntEntry(v, out);
    return;
  }
  const size_t len = value.size();
  size_t header;
  if (len < 64) {
    out->push_back(static_cast<char>(k6BitStr | len));
    header = 1;
  } else if (len < 4096) {
    out->push_back(static_cast<char>(k12BitStr | (len >> 8)));
    out->push_back(static_cast<char>(len & 0xFF));
    header = 2;
  } else {
    unsigned char b[5] = {k32BitStr};
    WriteU32(b + 1, static_cast<uint32_t>(len));
    out->append(reinterpret_cast<const char*>(b), 5);
    header = 5;
  }
  out->append(value);
  AppendBacklen(header + len, out);
}

// ---------------------------------------------------------------------------
// Lifetime
// ---------------------------------------------------------------------------

namespace {

unsigned char* AllocEmpty() {
  auto* buf = static_cast<unsigned char*>(std::malloc(Listpack::kHeaderSize + 1));
  if (buf == nullptr) throw std::bad_alloc();
  WriteU32(buf, Listpack::kHeaderSize + 1);
  buf[4] = buf[5] = 0;
  buf[Listpack::kHeaderSize] = kEof;
  return buf;
}

unsigned char* AllocCopy(std::string_view bytes) {
  auto* buf = static_cast<unsigned char*>(std::malloc(bytes.size()));
  if (buf == nullptr) throw std::bad_alloc();
  std::memcpy(buf, bytes.data(), bytes.size());
  return buf;
}

}  // namespace

Listpack::Listpack() : buf_(AllocEmpty()) {}
Listpack::~Listpack() { std::free(buf_); }
Listpack::Listpack(const Listpack& other) : buf_(AllocCopy(other.data())) {}
Listpack& Listpack::operator=(const Listpack& other) {
  if (this != &other) {
    unsigned char* copy = AllocCopy(other.data());
    std::free(buf_);
    buf_ = copy;
  }
  return *this;
}
Listpack::Listpack(Listpack&& other) noexcept : buf_(other.buf_) { other.buf_ = AllocEmpty(); }
Listpack& Listpack::operator=(Listpack&& other) noexcept {
  std::swap(buf_, other.buf_);
  return *this;
}

bool Listpack::FromBytes(std::string_view bytes, Listpack* out) {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const size_t total = bytes.size();
  if (total < kHeaderSize + 1 || ReadU32(p) != total || p[total - 1] != kEof) return false;
  const uint16_t header_count = static_cast<uint16_t>(ReadLe(p + 4, 2));
  size_t pos = kHeaderSize;
  size_t count = 0;
  while (pos < total - 1) {
    const size_t enc = EncodedSize(p + pos, total - 1 - pos);
    if (enc == SIZE_MAX) return false;
    const size_t back = BacklenSize(enc);
    if (enc + back > total - 1 - pos) return false;
    if (ReadBacklen(p + pos + enc + back - 1, p + pos + enc) != enc) return false;
    pos += enc + back;
    ++count;
  }
  if (pos != total - 1) return false;
  if (header_count != kUnknownCount && header_count != count) return false;
  unsigned char* copy = AllocCopy(bytes);
  std::free(out->buf_);
  out->buf_ = copy;
  return true;
}

// ---------------------------------------------------------------------------
// Whole listpack
// ---------------------------------------------------------------------------

size_t Listpack::bytes() const { return ReadU32(buf_); }

std::string_view Listpack::data() const {
  return {reinterpret_cast<const char*>(buf_), bytes()};
}

size_t Listpack::size() const {
  const auto header = static_cast<uint16_t>(ReadLe(buf_ + 4, 2));
  if (header != kUnknownCount) return header;
  size_t n = 0;
  for (Pos p = First(); p != kEnd; p = Next(p)) ++n;
  return n;
}

void Listpack::SetCount(size_t count) {
  const uint16_t v = count < kUnknownCount ? static_cast<uint16_t>(count) : kUnknownCount;
  buf_[4] = static_cast<unsigned char>(v & 0xFF);
  buf_[5] = static_cast<unsigned char>(v >> 8);
}

void Listpack::Clear() {
  std::free(buf_);
  buf_ = AllocEmpty();
}

// ---------------------------------------------------------------------------
// Navigation
// ---------------------------------------------------------------------------

Listpack::Pos Listpack::First() const {
  return buf_[kHeaderSize] == kEof ? kEnd : static_cast<Pos>(kHeaderSize);
}

Listpack::Pos Listpack::Last() const {
  const size_t end = bytes() - 1;
  if (end == kHeaderSize) return kEnd;
  const size_t enc = ReadBacklen(buf_ + end - 1, buf_ + kHeaderSize);
  return static_cast<Pos>(end - BacklenSize(enc) - enc);
}

size_t Listpack::EntrySize(Pos p) const {
  const size_t enc = EncodedSize(buf_ + p, bytes() - 1 - p);
  return enc + BacklenSize(enc);
}

Listpack::Pos Listpack::Next(Pos p) const {
  const size_t next = p + EntrySize(p);
  return buf_[next] == kEof ? kEnd : static_cast<Pos>(next);
}

Listpack::Pos Listpack::Prev(Pos p) const {
  if (p == kEnd) return Last();
  if (p <= kHeaderSize) return kEnd;
  const size_t enc = ReadBacklen(buf_ + p - 1, buf_ + kHeaderSize);
  return static_cast<Pos>(p - BacklenSize(enc) - enc);
}

Listpack::Pos Listpack::Seek(int64_t index) const {
  const auto n = static_cast<int64_t>(size());
  if (index < 0) index += n;
  if (index < 0 || index >= n) return kEnd;
  // Walk from the nearer end.
  if (index < n / 2) {
    Pos p = First();
    for (int64_t i = 0; i < index; ++i) p = Next(p);
    return p;
  }
  Pos p = Last();
  for (int64_t i = n - 1; i > index; --i) p = Prev(p);
  return p;
}

// ---------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------

Listpack::Entry Listpack::Get(Pos pos) const {
  const unsigned char* p = buf_ + pos;
  const unsigned char b = p[0];
  Entry e;
  auto as_int = [&e](int64_t v) {
    e.is_int = true;
    e.int_value = v;
  };
  auto as_str = [&e](const unsigned char* s, size_t n) {
    e.str = std::string_view(reinterpret_cast<const char*>(s), n);
  };
  if ((b & 0x80) == 0) {
    as_int(b & 0x7F);
  } else if ((b & 0xC0) == k6BitStr) {
    as_str(p + 1, b & 0x3F);
  } else if ((b & 0xE0) == k13BitInt) {
    as_int(SignExtend((static_cast<uint64_t>(b & 0x1F) << 8) | p[1], 13));
  } else if ((b & 0xF0) == k12BitStr) {
    as_str(p + 2, (static_cast<size_t>(b & 0x0F) << 8) | p[1]);
  } else if (b == k32BitStr) {
    as_str(p + 5, ReadU32(p + 1));
  } else if (b == k16BitInt) {
    as_int(SignExtend(ReadLe(p + 1, 2), 16));
  } else if (b == k24BitInt) {
    as_int(SignExtend(ReadLe(p + 1, 3), 24));
  } else if (b == k32BitInt) {
    as_int(SignExtend(ReadLe(p + 1, 4), 32));
  } else {
    as_int(static_cast<int64_t>(ReadLe(p + 1, 8)));
  }
  return e;
}

std::string Listpack::Entry::ToString() const {
  return is_int ? std::to_string(int_value) : std::string(str);
}

bool Listpack::Entry::Equals(std::string_view s) const {
  if (!is_int) return str == s;
  int64_t v;
  return ParseCanonical(s, &v) && v == int_value;
}

Listpack::Pos Listpack::Find(Pos start, std::string_view value, unsigned skip) const {
  // Parse the needle once: integer entries compare by value.
  int64_t needle_int;
  const bool needle_is_int = ParseCanonical(value, &needle_int);
  unsigned to_skip = 0;
  for (Pos p = start; p != kEnd; p = Next(p)) {
    if (to_skip > 0) {
      --to_skip;
      continue;
    }
    const Entry e = Get(p);
    if (e.is_int ? (needle_is_int && e.int_value == needle_int) : e.str == value) return p;
    to_skip = skip;
  }
  return kEnd;
}

// ---------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------

void Listpack::Splice(size_t at, size_t remove, std::string_view insert, int delta_entries) {
  const size_t old_total = bytes();
  const size_t new_total = old_total - remove + insert.size();
  // A saturated count stays "unknown" (as in Redis) rather than walking the
  // whole listpack on every change.
  const auto header_count = static_cast<uint16_t>(ReadLe(buf_ + 4, 2));
  const size_t tail = old_total - at - remove;
  if (new_total > old_total) {
    auto* grown = static_cast<unsigned char*>(std::realloc(buf_, new_total));
    if (grown == nullptr) throw std::bad_alloc();
    buf_ = grown;
  }
  std::memmove(buf_ + at + insert.size(), buf_ + at + remove, tail);
  if (!insert.empty()) std::memcpy(buf_ + at, insert.data(), insert.size());
  if (new_total < old_total) {
    auto* shrunk = static_cast<unsigned char*>(std::realloc(buf_, new_total));
    if (shrunk != nullptr) buf_ = shrunk;
  }
  WriteU32(buf_, static_cast<uint32_t>(new_total));
  if (header_count != kUnknownCount) {
    SetCount(static_cast<size_t>(static_cast<int64_t>(header_count) + delta_entries));
  }
}

void Listpack::Append(std::string_view value) { InsertBefore(kEnd, value); }

void Listpack::AppendInt(int64_t value) {
  std::string enc;
  ListpackEncodeIntEntry(value, &enc);
  Splice(bytes() - 1, 0, enc, 1);
}

void Listpack::Prepend(std::string_view value) { InsertBefore(First(), value); }

Listpack::Pos Listpack::InsertBefore(Pos p, std::string_view value) {
  std::string enc;
  ListpackEncodeEntry(value, &enc);
  const size_t at = p == kEnd ? bytes() - 1 : p;
  Splice(at, 0, enc, 1);
  return static_cast<Pos>(at);
}

Listpack::Pos Listpack::InsertAfter(Pos p, std::string_view value) {
  const size_t next = p + EntrySize(p);
  return InsertBefore(buf_[next] == kEof ? kEnd : static_cast<Pos>(next), value);
}

Listpack::Pos Listpack::Replace(Pos p, std::string_view value) {
  std::string enc;
  ListpackEncodeEntry(value, &enc);
  Splice(p, EntrySize(p), enc, 0);
  return p;
}

Listpack::Pos Listpack::Delete(Pos p) { return DeleteRange(p, 1); }

Listpack::Pos Listpack::DeleteRange(Pos p, size_t count) {
  if (p == kEnd || count == 0) return p;
  size_t end = p;
  size_t removed = 0;
  while (removed < count && buf_[end] != kEof) {
    end += EntrySize(static_cast<Pos>(end));
    ++removed;
  }
  Splice(p, end - p, {}, -static_cast<int>(removed));
  return buf_[p] == kEof ? kEnd : p;
}

}  // namespace shoal
