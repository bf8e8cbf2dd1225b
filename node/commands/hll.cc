#include "node/commands/hll.h"

#include <cmath>
#include <cstring>

namespace shoal::hll {

namespace {

constexpr uint64_t kHashSeed = 0xadc83b19ULL;
constexpr int kSparseValMaxValue = 32;
constexpr int kSparseValMaxLen = 4;
constexpr int kSparseZeroMaxLen = 64;
constexpr size_t kCardOffset = 8;
constexpr double kAlphaInf = 0.721347520444481703680;  // 0.5 / ln(2)

// --- Sparse opcodes --------------------------------------------------------
inline bool IsZero(uint8_t op) { return (op & 0xc0) == 0; }
inline bool IsXZero(uint8_t op) { return (op & 0xc0) == 0x40; }
inline bool IsVal(uint8_t op) { return (op & 0x80) != 0; }
inline int ZeroLen(uint8_t op) { return (op & 0x3f) + 1; }
inline int XZeroLen(uint8_t op, uint8_t next) { return (((op & 0x3f) << 8) | next) + 1; }
inline int ValValue(uint8_t op) { return ((op >> 2) & 0x1f) + 1; }
inline int ValLen(uint8_t op) { return (op & 0x3) + 1; }
inline uint8_t ValOp(int value, int len) {
  return static_cast<uint8_t>(((value - 1) << 2) | (len - 1) | 0x80);
}

uint8_t* Bytes(std::string& s) { return reinterpret_cast<uint8_t*>(s.data()); }
const uint8_t* Bytes(std::string_view s) { return reinterpret_cast<const uint8_t*>(s.data()); }

// Byte i of s, or 0 past its end (a truncated XZERO reads as Redis would
// read its string terminator).
uint8_t ByteAt(std::string_view s, size_t i) { return i < s.size() ? Bytes(s)[i] : 0; }

// One opcode at `pos`: registers covered and bytes taken.
struct Op {
  int span;
  size_t size;
};
Op ReadOp(std::string_view s, size_t pos) {
  const uint8_t op = Bytes(s)[pos];
  if (IsZero(op)) return {ZeroLen(op), 1};
  if (IsVal(op)) return {ValLen(op), 1};
  return {XZeroLen(op, ByteAt(s, pos + 1)), 2};
}

// Appends a run of `len` zero registers as ZERO or XZERO.
void AppendZeros(uint8_t*& out, int len) {
  if (len > kSparseZeroMaxLen) {
    const int l = len - 1;
    *out++ = static_cast<uint8_t>((l >> 8) | 0x40);
    *out++ = static_cast<uint8_t>(l & 0xff);
  } else {
    *out++ = static_cast<uint8_t>(len - 1);
  }
}

// Joins adjacent VAL opcodes of equal value, scanning five opcodes from
// `from`: a register update may leave e.g. v:3,1 v:3,1.
void MergeAdjacentVals(std::string& s, size_t from) {
  size_t p = from;
  int scan = 5;
  while (p < s.size() && scan--) {
    const uint8_t op = Bytes(s)[p];
    if (IsXZero(op)) {
      p += 2;
      continue;
    }
    if (IsZero(op)) {
      ++p;
      continue;
    }
    if (p + 1 < s.size() && IsVal(Bytes(s)[p + 1])) {
      const uint8_t nx = Bytes(s)[p + 1];
      const int len = ValLen(op) + ValLen(nx);
      if (ValValue(op) == ValValue(nx) && len <= kSparseValMaxLen) {
        Bytes(s)[p + 1] = ValOp(ValValue(op), len);
        s.erase(p, 1);
        continue;  // the merged opcode may merge again with its right
      }
    }
    ++p;
  }
}

int DenseSet(std::string& hll, int index, uint8_t count) {
  uint8_t* regs = Bytes(hll) + kHeaderSize;
  if (count <= GetDenseRegister(regs, index)) return 0;
  SetDenseRegister(regs, index, count);
  return 1;
}

int Promote(std::string& hll, int index, uint8_t count) {
  if (!ToDense(hll)) return -1;
  return DenseSet(hll, index, count);
}

// The sparse update: find the opcode covering `index`, then either bump a
// single-register opcode in place or split it into up to three opcodes
// (e.g. XZERO -> XZERO VAL XZERO), then merge neighbours.
int SparseSet(std::string& hll, int index, uint8_t count, size_t sparse_max_bytes) {
  if (count > kSparseValMaxValue) return Promote(hll, index, count);
  size_t p = kHeaderSize;
  size_t prev = std::string::npos;
  int first = 0;
  int span = 0;
  while (p < hll.size()) {
    const Op op = ReadOp(hll, p);
    span = op.span;
    if (index <= first + span - 1) break;
    prev = p;
    p += op.size;
    first += span;
  }
  if (span == 0 || p >= hll.size()) return -1;

  const uint8_t op = Bytes(hll)[p];
  const bool is_xzero = IsXZero(op);
  const int runlen = ReadOp(hll, p).span;
  if (IsVal(op)) {
    if (ValValue(op) >= count) return 0;
    if (runlen == 1) {
      Bytes(hll)[p] = ValOp(count, 1);
      MergeAdjacentVals(hll, prev == std::string::npos ? kHeaderSize : prev);
      InvalidateCache(hll);
      return 1;
    }
  } else if (IsZero(op) && runlen == 1) {
    Bytes(hll)[p] = ValOp(count, 1);
    MergeAdjacentVals(hll, prev == std::string::npos ? kHeaderSize : prev);
    InvalidateCache(hll);
    return 1;
  }

  uint8_t seq[5];
  uint8_t* out = seq;
  const int last = first + span - 1;
  if (!IsVal(op)) {
    if (index != first) AppendZeros(out, index - first);
    *out++ = ValOp(count, 1);
    if (index != last) AppendZeros(out, last - index);
  } else {
    const int current = ValValue(op);
    if (index != first) *out++ = ValOp(current, index - first);
    *out++ = ValOp(count, 1);
    if (index != last) *out++ = ValOp(current, last - index);
  }
  const size_t seq_len = static_cast<size_t>(out - seq);
  const size_t old_len = is_xzero ? 2 : 1;
  if (seq_len > old_len && hll.size() + (seq_len - old_len) > sparse_max_bytes) {
    return Promote(hll, index, count);
  }
  hll.replace(p, old_len, reinterpret_cast<const char*>(seq), seq_len);
  MergeAdjacentVals(hll, prev == std::string::npos ? kHeaderSize : prev);
  InvalidateCache(hll);
  return 1;
}

// Ertl's sigma and tau functions (Redis 7's estimator).
double Sigma(double x) {
  if (x == 1.) return INFINITY;
  double z_prime;
  double y = 1;
  double z = x;
  do {
    x *= x;
    z_prime = z;
    z += x * y;
    y += y;
  } while (z_prime != z);
  return z;
}

double Tau(double x) {
  if (x == 0. || x == 1.) return 0.;
  double z_prime;
  double y = 1.0;
  double z = 1 - x;
  do {
    x = std::sqrt(x);
    z_prime = z;
    y *= 0.5;
    z -= std::pow(1 - x, 2) * y;
  } while (z_prime != z);
  return z / 3;
}

uint64_t EstimateFromHistogram(const int* histo) {
  const double m = kRegisters;
  double z = m * Tau((m - histo[kQ + 1]) / m);
  for (int j = kQ; j >= 1; --j) {
    z += histo[j];
    z *= 0.5;
  }
  z += m * Sigma(histo[0] / m);
  return static_cast<uint64_t>(std::llroundl(kAlphaInf * m * m / z));
}

}  // namespace

uint64_t MurmurHash64A(const void* key, size_t len, uint64_t seed) {
  const uint64_t m = 0xc6a4a7935bd1e995ULL;
  const int r = 47;
  uint64_t h = seed ^ (static_cast<uint64_t>(len) * m);
  const auto* data = static_cast<const uint8_t*>(key);
  const uint8_t* end = data + (len - (len & 7));
  while (data != end) {
    uint64_t k;
    std::memcpy(&k, data, sizeof(k));  // little-endian hosts, as Redis's reference values
    k *= m;
    k ^= k >> r;
    k *= m;
    h ^= k;
    h *= m;
    data += 8;
  }
  // The 1..7 trailing bytes, little-endian, then one more mix.
  const size_t tail = len & 7;
  for (size_t i = tail; i > 0; --i) h ^= static_cast<uint64_t>(data[i - 1]) << (8 * (i - 1));
  if (tail != 0) h *= m;
  h ^= h >> r;
  h *= m;
  h ^= h >> r;
  return h;
}

Pattern PatternOf(std::string_view element) {
  uint64_t hash = MurmurHash64A(element.data(), element.size(), kHashSeed);
  Pattern pat;
  pat.index = static_cast<int>(hash & (kRegisters - 1));
  hash >>= kP;
  hash |= uint64_t{1} << kQ;  // the run ends by bit Q at the latest
  uint8_t count = 1;
  for (uint64_t bit = 1; (hash & bit) == 0; bit <<= 1) ++count;
  pat.count = count;
  return pat;
}

std::string CreateEmpty() {
  std::string s(kHeaderSize + 2, '\0');
  std::memcpy(s.data(), "HYLL", 4);
  s[4] = static_cast<char>(kSparse);
  const int l = kRegisters - 1;  // one XZERO covering every register
  s[kHeaderSize] = static_cast<char>((l >> 8) | 0x40);
  s[kHeaderSize + 1] = static_cast<char>(l & 0xff);
  return s;
}

bool LooksValid(std::string_view value) {
  if (value.size() < kHeaderSize || value.substr(0, 4) != "HYLL") return false;
  const uint8_t enc = Encoding(value);
  if (enc > kSparse) return false;
  return enc != kDense || value.size() == kDenseSize;
}

uint8_t Encoding(std::string_view hll) { return Bytes(hll)[4]; }

bool CacheValid(std::string_view hll) { return (Bytes(hll)[kCardOffset + 7] & 0x80) == 0; }

uint64_t CachedCardinality(std::string_view hll) {
  uint64_t card = 0;
  for (int i = 7; i >= 0; --i) card = (card << 8) | Bytes(hll)[kCardOffset + i];
  return card;
}

void SetCachedCardinality(std::string& hll, uint64_t card) {
  for (size_t i = 0; i < 8; ++i) Bytes(hll)[kCardOffset + i] = (card >> (8 * i)) & 0xff;
}

void InvalidateCache(std::string& hll) { Bytes(hll)[kCardOffset + 7] |= 0x80; }

uint8_t GetDenseRegister(const uint8_t* registers, int index) {
  const size_t byte = static_cast<size_t>(index) * kBits / 8;
  const unsigned fb = static_cast<unsigned>(index * kBits) & 7;
  const unsigned b0 = registers[byte];
  // The last register fits in its first byte; never read past the array.
  const unsigned b1 = byte + 1 < kDenseSize - kHeaderSize ? registers[byte + 1] : 0;
  return static_cast<uint8_t>(((b0 >> fb) | (b1 << (8 - fb))) & kMaxRegister);
}

void SetDenseRegister(uint8_t* registers, int index, uint8_t value) {
  const size_t byte = static_cast<size_t>(index) * kBits / 8;
  const unsigned fb = static_cast<unsigned>(index * kBits) & 7;
  const unsigned v = value;
  registers[byte] &= static_cast<uint8_t>(~(kMaxRegister << fb));
  registers[byte] |= static_cast<uint8_t>(v << fb);
  if (byte + 1 < kDenseSize - kHeaderSize) {
    registers[byte + 1] &= static_cast<uint8_t>(~(kMaxRegister >> (8 - fb)));
    registers[byte + 1] |= static_cast<uint8_t>(v >> (8 - fb));
  }
}

int SetRegister(std::string& hll, int index, uint8_t count, size_t sparse_max_bytes) {
  switch (Encoding(hll)) {
    case kDense:
      return DenseSet(hll, index, count);
    case kSparse:
      return SparseSet(hll, index, count, sparse_max_bytes);
    default:
      return -1;
  }
}

int Add(std::string& hll, std::string_view element, size_t sparse_max_bytes) {
  const Pattern pat = PatternOf(element);
  return SetRegister(hll, pat.index, pat.count, sparse_max_bytes);
}

bool ToDense(std::string& hll) {
  if (Encoding(hll) == kDense) return true;
  std::string dense(kDenseSize, '\0');
  // Magic, unused bytes and cached cardinality carry over.
  std::memcpy(dense.data(), hll.data(), kHeaderSize);
  dense[4] = static_cast<char>(kDense);
  uint8_t* regs = Bytes(dense) + kHeaderSize;
  int idx = 0;
  for (size_t p = kHeaderSize; p < hll.size();) {
    const uint8_t op = Bytes(hll)[p];
    const Op o = ReadOp(hll, p);
    p += o.size;
    if (!IsVal(op)) {
      idx += o.span;
      continue;
    }
    if (idx + o.span > kRegisters) break;
    for (int i = 0; i < o.span; ++i)
      SetDenseRegister(regs, idx++, static_cast<uint8_t>(ValValue(op)));
  }
  if (idx != kRegisters) return false;
  hll = std::move(dense);
  return true;
}

bool MergeInto(uint8_t* max, std::string_view hll) {
  if (Encoding(hll) == kDense) {
    const uint8_t* regs = Bytes(hll) + kHeaderSize;
    for (int i = 0; i < kRegisters; ++i) {
      const uint8_t v = GetDenseRegister(regs, i);
      if (v > max[i]) max[i] = v;
    }
    return true;
  }
  int idx = 0;
  for (size_t p = kHeaderSize; p < hll.size();) {
    const uint8_t op = Bytes(hll)[p];
    const Op o = ReadOp(hll, p);
    p += o.size;
    if (!IsVal(op)) {
      idx += o.span;
      continue;
    }
    if (idx + o.span > kRegisters) break;
    const auto v = static_cast<uint8_t>(ValValue(op));
    for (int i = 0; i < o.span; ++i, ++idx) {
      if (v > max[idx]) max[idx] = v;
    }
  }
  return idx == kRegisters;
}

uint64_t Count(std::string_view hll, bool* invalid) {
  // Sized for any register value, so a corrupt value cannot index past it.
  int histo[64] = {0};
  if (Encoding(hll) == kDense) {
    const uint8_t* regs = Bytes(hll) + kHeaderSize;
    for (int i = 0; i < kRegisters; ++i) ++histo[GetDenseRegister(regs, i)];
  } else {
    int idx = 0;
    for (size_t p = kHeaderSize; p < hll.size();) {
      const uint8_t op = Bytes(hll)[p];
      const Op o = ReadOp(hll, p);
      p += o.size;
      idx += o.span;
      histo[IsVal(op) ? ValValue(op) : 0] += o.span;
    }
    if (idx != kRegisters) *invalid = true;
  }
  return EstimateFromHistogram(histo);
}

uint64_t CountRegisters(const uint8_t* registers) {
  int histo[64] = {0};
  for (int i = 0; i < kRegisters; ++i) ++histo[registers[i] & 63];
  return EstimateFromHistogram(histo);
}

StatusOr<std::string> DecodeSparse(std::string_view hll) {
  if (Encoding(hll) != kSparse) return Status::Error("ERR HLL encoding is not sparse");
  std::string out;
  for (size_t p = kHeaderSize; p < hll.size();) {
    const uint8_t op = Bytes(hll)[p];
    const Op o = ReadOp(hll, p);
    p += o.size;
    if (IsZero(op)) {
      out += "z:" + std::to_string(o.span) + " ";
    } else if (IsXZero(op)) {
      out += "Z:" + std::to_string(o.span) + " ";
    } else {
      out += "v:" + std::to_string(ValValue(op)) + "," + std::to_string(o.span) + " ";
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace shoal::hll
