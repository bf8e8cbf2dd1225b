#include "common/lzf.h"

#include <cstring>
#include <memory>

namespace shoal {

namespace {

constexpr size_t kMaxLiteral = 32;   // 1 << 5
constexpr size_t kMaxOffset = 8192;  // 1 << 13
constexpr size_t kMaxMatch = 264;    // (7 + 255) + 2
constexpr int kHashBits = 14;

inline uint32_t Hash3(const uint8_t* p) {
  uint32_t v = (uint32_t{p[0]} << 16) | (uint32_t{p[1]} << 8) | p[2];
  return (v * 2654435761u) >> (32 - kHashBits);
}

// Output cursor that refuses to write past the end.
struct Sink {
  uint8_t* out;
  size_t cap;
  size_t pos = 0;
  bool Room(size_t n) const { return cap - pos >= n; }
};

// Writes in[start, start+n) as literal runs. Returns false when out of room.
bool EmitLiterals(Sink& sink, const uint8_t* lit, size_t n) {
  while (n > 0) {
    size_t run = n < kMaxLiteral ? n : kMaxLiteral;
    if (!sink.Room(run + 1)) return false;
    sink.out[sink.pos++] = static_cast<uint8_t>(run - 1);
    std::memcpy(sink.out + sink.pos, lit, run);
    sink.pos += run;
    lit += run;
    n -= run;
  }
  return true;
}

// Writes one back reference of `len` (3..kMaxMatch) bytes `off` (0..8191)
// bytes before (minus one).
bool EmitMatch(Sink& sink, size_t len, size_t off) {
  size_t l = len - 2;
  if (l < 7) {
    if (!sink.Room(2)) return false;
    sink.out[sink.pos++] = static_cast<uint8_t>((l << 5) | (off >> 8));
  } else {
    if (!sink.Room(3)) return false;
    sink.out[sink.pos++] = static_cast<uint8_t>((7 << 5) | (off >> 8));
    sink.out[sink.pos++] = static_cast<uint8_t>(l - 7);
  }
  sink.out[sink.pos++] = static_cast<uint8_t>(off & 0xFF);
  return true;
}

}  // namespace

size_t LzfCompress(const void* in_v, size_t in_len, void* out_v, size_t out_len) {
  if (in_len == 0) return 0;
  const auto* in = static_cast<const uint8_t*>(in_v);
  Sink sink{static_cast<uint8_t*>(out_v), out_len};
  // Last position + 1 of each 3-byte prefix (0: never seen).
  auto table = std::make_unique<uint32_t[]>(size_t{1} << kHashBits);
  size_t lit_start = 0;
  size_t ip = 0;
  while (ip + 2 < in_len) {
    uint32_t h = Hash3(in + ip);
    size_t cand = table[h];
    table[h] = static_cast<uint32_t>(ip + 1);
    if (cand != 0) {
      size_t ref = cand - 1;
      size_t off = ip - ref - 1;
      if (off < kMaxOffset && std::memcmp(in + ref, in + ip, 3) == 0) {
        size_t max = in_len - ip < kMaxMatch ? in_len - ip : kMaxMatch;
        size_t len = 3;
        while (len < max && in[ref + len] == in[ip + len]) ++len;
        if (!EmitLiterals(sink, in + lit_start, ip - lit_start)) return 0;
        if (!EmitMatch(sink, len, off)) return 0;
        // Index the positions the match covered (bounded by the input end).
        for (size_t k = ip + 1; k < ip + len && k + 2 < in_len; ++k) {
          table[Hash3(in + k)] = static_cast<uint32_t>(k + 1);
        }
        ip += len;
        lit_start = ip;
        continue;
      }
    }
    ++ip;
  }
  if (!EmitLiterals(sink, in + lit_start, in_len - lit_start)) return 0;
  return sink.pos;
}

size_t LzfDecompress(const void* in_v, size_t in_len, void* out_v, size_t out_len) {
  const auto* in = static_cast<const uint8_t*>(in_v);
  auto* out = static_cast<uint8_t*>(out_v);
  size_t ip = 0;
  size_t op = 0;
  while (ip < in_len) {
    const unsigned ctrl = in[ip++];
    if (ctrl < 32) {
      size_t run = ctrl + 1;
      if (in_len - ip < run || out_len - op < run) return 0;
      std::memcpy(out + op, in + ip, run);
      ip += run;
      op += run;
      continue;
    }
    size_t len = ctrl >> 5;
    if (len == 7) {
      if (ip >= in_len) return 0;
      len += in[ip++];
    }
    if (ip >= in_len) return 0;
    size_t back = ((ctrl & 0x1F) << 8) + in[ip++] + 1;
    len += 2;
    if (back > op || out_len - op < len) return 0;
    // Byte by byte: the source may overlap the bytes being written.
    const uint8_t* ref = out + op - back;
    for (size_t i = 0; i < len; ++i) out[op + i] = ref[i];
    op += len;
  }
  return op;
}

}  // namespace shoal
