// Listpack: Redis's compact serialized sequence of strings and integers, byte
// for byte the format Redis 7.0 keeps in memory and writes into RDB files, so
// small lists, hashes and sorted sets are stored compactly and persisted
// without conversion.
//
// Layout (all integers little-endian):
//
//   <total-bytes:u32> <num-elements:u16> <entry> ... <entry> <end:0xFF>
//
// num-elements saturates at 65535 ("unknown": count by walking). Each entry is
// <encoding+data> <backlen>, where backlen is the size of encoding+data in 1..5
// bytes, read right to left (7 bits a byte, the high bit set on every byte
// except the leftmost), which lets iteration go backwards. Encodings:
//
//   0xxxxxxx                  7-bit unsigned integer (0..127)
//   10xxxxxx <data>           string, length < 64
//   110xxxxx yyyyyyyy         13-bit signed integer
//   1110xxxx yyyyyyyy <data>  string, length < 4096
//   11110000 <len:u32> <data> string, any length
//   11110001 <i16>            16-bit signed integer
//   11110010 <i24>            24-bit signed integer
//   11110011 <i32>            32-bit signed integer
//   11110100 <i64>            64-bit signed integer
//   11111111                  end of the listpack
//
// A string that is the canonical decimal text of a 64-bit integer is stored
// as an integer (the smallest encoding that fits) and read back as that text.
//
// Positions are byte offsets of entries; they stay valid until the listpack
// is modified. The buffer is one exact-size heap block (no capacity slack),
// as memory per element is what this encoding is for.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace shoal {

class Listpack {
 public:
  using Pos = uint32_t;
  static constexpr Pos kEnd = UINT32_MAX;  // "no entry" (past the end / before the start)
  static constexpr size_t kHeaderSize = 6;

  Listpack();
  ~Listpack();
  Listpack(const Listpack& other);
  Listpack& operator=(const Listpack& other);
  Listpack(Listpack&& other) noexcept;
  Listpack& operator=(Listpack&& other) noexcept;

  // Adopts serialized bytes (from an RDB file or DUMP payload). Returns false,
  // leaving *out untouched, unless the bytes are a well-formed listpack: the
  // header's sizes agree, every entry's encoding, length and backlen are
  // consistent and within bounds, and it ends with 0xFF.
  static bool FromBytes(std::string_view bytes, Listpack* out);

  // --- Whole listpack -------------------------------------------------------
  size_t size() const;        // number of entries (walks when over 65534)
  size_t bytes() const;       // total serialized bytes
  bool empty() const { return First() == kEnd; }
  std::string_view data() const;  // the serialized form
  // Heap bytes held (the buffer), for MEMORY USAGE.
  size_t allocated_bytes() const { return bytes(); }

  // --- Navigation ------------------------------------------------------------
  Pos First() const;
  Pos Last() const;
  Pos Next(Pos p) const;  // kEnd after the last entry
  Pos Prev(Pos p) const;  // kEnd before the first entry
  // The entry at index (negative counts from the end, -1 is the last), or
  // kEnd when out of range.
  Pos Seek(int64_t index) const;

  // --- Reading -----------------------------------------------------------------
  struct Entry {
    bool is_int = false;
    int64_t int_value = 0;
    std::string_view str;  // valid while the listpack is unchanged

    // The entry as the bytes it stands for (integers in decimal).
    std::string ToString() const;
    // Compares with a string as Redis's lpCompare does: an integer entry
    // equals the canonical decimal text of its value.
    bool Equals(std::string_view s) const;
  };
  Entry Get(Pos p) const;
  // Convenience: Get(p).ToString().
  std::string GetString(Pos p) const { return Get(p).ToString(); }
  // The entry's size in bytes including its backlen (for size limits).
  size_t EntrySize(Pos p) const;

  // Walks from `start` comparing every (skip+1)-th entry with `value`
  // (skip 1 visits fields of field/value pairs). Returns the first match or
  // kEnd.
  Pos Find(Pos start, std::string_view value, unsigned skip) const;

  // --- Writing -----------------------------------------------------------------
  // Positions returned point at the inserted/next entry after the change.
  void Append(std::string_view value);
  void AppendInt(int64_t value);
  void Prepend(std::string_view value);
  // Inserts value before the entry at p (p == kEnd appends).
  Pos InsertBefore(Pos p, std::string_view value);
  // Inserts value after the entry at p.
  Pos InsertAfter(Pos p, std::string_view value);
  // Replaces the entry at p; returns its (possibly unchanged) position.
  Pos Replace(Pos p, std::string_view value);
  // Deletes the entry at p; returns the position of the entry that followed
  // it (kEnd if it was the last).
  Pos Delete(Pos p);
  // Deletes `count` entries starting at p; returns the following entry.
  Pos DeleteRange(Pos p, size_t count);
  void Clear();

 private:
  // Replaces `remove` bytes at offset `at` with `insert`, fixing the header.
  // `delta_entries` is the change in the number of entries.
  void Splice(size_t at, size_t remove, std::string_view insert, int delta_entries);
  void SetCount(size_t count);

  unsigned char* buf_;  // kHeaderSize + entries + end byte
};

// The encoding of one value as a listpack entry (encoding + data + backlen),
// appended to *out. Exposed for size estimates and tests.
void ListpackEncodeEntry(std::string_view value, std::string* out);
void ListpackEncodeIntEntry(int64_t value, std::string* out);

}  // namespace shoal
