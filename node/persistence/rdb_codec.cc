#include "node/persistence/rdb_codec.h"

#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include "common/lzf.h"
#include "node/persistence/rdb_format.h"

namespace shoal::rdb {
namespace {

Status Truncated() { return Status::Error("unexpected end of data"); }

// Redis's string2ll: only the canonical decimal form converts.
bool CanonicalInt(std::string_view s, int64_t* out) {
  if (s.empty() || s.size() > 20) return false;
  if (s == "0") {
    *out = 0;
    return true;
  }
  if (s[0] == '0' || (s[0] == '-' && (s.size() == 1 || s[1] == '0'))) return false;
  auto res = std::from_chars(s.data(), s.data() + s.size(), *out);
  return res.ec == std::errc() && res.ptr == s.data() + s.size();
}

}  // namespace

// ---------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------

void RdbWriter::Length(uint64_t len) {
  if (len < (1 << 6)) {
    Byte(static_cast<uint8_t>(len));
  } else if (len < (1 << 14)) {
    Byte(static_cast<uint8_t>((len >> 8) | (kLen14Bit << 6)));
    Byte(static_cast<uint8_t>(len & 0xff));
  } else if (len <= UINT32_MAX) {
    Byte(kLen32Bit);
    for (int i = 3; i >= 0; --i) Byte(static_cast<uint8_t>(len >> (8 * i)));
  } else {
    Byte(kLen64Bit);
    for (int i = 7; i >= 0; --i) Byte(static_cast<uint8_t>(len >> (8 * i)));
  }
}

void RdbWriter::Integer(int64_t v) {
  const uint8_t enc = kEncVal << 6;
  if (v >= INT8_MIN && v <= INT8_MAX) {
    Byte(enc | kEncInt8);
    Byte(static_cast<uint8_t>(v));
  } else if (v >= INT16_MIN && v <= INT16_MAX) {
    Byte(enc | kEncInt16);
    Byte(static_cast<uint8_t>(v));
    Byte(static_cast<uint8_t>(v >> 8));
  } else if (v >= INT32_MIN && v <= INT32_MAX) {
    Byte(enc | kEncInt32);
    for (int i = 0; i < 4; ++i) Byte(static_cast<uint8_t>(v >> (8 * i)));
  } else {
    const std::string text = std::to_string(v);
    Length(text.size());
    Raw(text);
  }
}

void RdbWriter::String(std::string_view s) {
  // Integers of up to 11 characters take the integer encodings, as Redis's
  // rdbTryIntegerEncoding does.
  int64_t v;
  if (s.size() <= 11 && CanonicalInt(s, &v) && v >= INT32_MIN && v <= INT32_MAX) {
    Integer(v);
    return;
  }
  if (compress_ && s.size() > 20) {
    // Worth it only when at least 4 bytes are saved.
    std::string packed(s.size() - 4, '\0');
    const size_t n = LzfCompress(s.data(), s.size(), packed.data(), packed.size());
    if (n > 0) {
      Byte((kEncVal << 6) | kEncLzf);
      Length(n);
      Length(s.size());
      Raw(std::string_view(packed.data(), n));
      return;
    }
  }
  Length(s.size());
  Raw(s);
}

void RdbWriter::U64LE(uint64_t v) {
  for (int i = 0; i < 8; ++i) Byte(static_cast<uint8_t>(v >> (8 * i)));
}

void RdbWriter::Millis(int64_t ms) { U64LE(static_cast<uint64_t>(ms)); }

void RdbWriter::BinaryDouble(double v) {
  uint64_t bits;
  std::memcpy(&bits, &v, sizeof(bits));
  U64LE(bits);
}

// ---------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------

StatusOr<uint8_t> RdbReader::Byte() {
  if (pos_ >= data_.size()) return Truncated();
  return static_cast<uint8_t>(data_[pos_++]);
}

StatusOr<std::string_view> RdbReader::Raw(size_t n) {
  if (n > remaining()) return Truncated();
  std::string_view out = data_.substr(pos_, n);
  pos_ += n;
  return out;
}

StatusOr<uint64_t> RdbReader::Length(bool* is_encoded) {
  if (is_encoded != nullptr) *is_encoded = false;
  StatusOr<uint8_t> first = Byte();
  if (!first.ok()) return first.status();
  const uint8_t type = *first >> 6;
  if (type == kLen6Bit) return static_cast<uint64_t>(*first & 0x3f);
  if (type == kLen14Bit) {
    StatusOr<uint8_t> next = Byte();
    if (!next.ok()) return next.status();
    return (static_cast<uint64_t>(*first & 0x3f) << 8) | *next;
  }
  if (type == kEncVal) {
    if (is_encoded == nullptr) return Status::Error("unexpected string encoding in a length");
    *is_encoded = true;
    return static_cast<uint64_t>(*first & 0x3f);
  }
  size_t bytes;
  if (*first == kLen32Bit) {
    bytes = 4;
  } else if (*first == kLen64Bit) {
    bytes = 8;
  } else {
    return Status::Error("unknown length encoding");
  }
  StatusOr<std::string_view> raw = Raw(bytes);
  if (!raw.ok()) return raw.status();
  uint64_t v = 0;
  for (char c : *raw) v = (v << 8) | static_cast<unsigned char>(c);
  return v;
}

StatusOr<std::string> RdbReader::String() {
  bool encoded = false;
  StatusOr<uint64_t> len = Length(&encoded);
  if (!len.ok()) return len.status();
  if (!encoded) {
    StatusOr<std::string_view> raw = Raw(*len);
    if (!raw.ok()) return raw.status();
    return std::string(*raw);
  }
  if (*len == kEncInt8 || *len == kEncInt16 || *len == kEncInt32) {
    const size_t n = *len == kEncInt8 ? 1 : *len == kEncInt16 ? 2 : 4;
    StatusOr<std::string_view> raw = Raw(n);
    if (!raw.ok()) return raw.status();
    uint64_t u = 0;
    for (size_t i = 0; i < n; ++i) u |= static_cast<uint64_t>(static_cast<uint8_t>((*raw)[i])) << (8 * i);
    // Sign-extend from n bytes.
    const int shift = static_cast<int>(64 - 8 * n);
    const int64_t v = static_cast<int64_t>(u << shift) >> shift;
    return std::to_string(v);
  }
  if (*len != kEncLzf) return Status::Error("unknown string encoding");
  StatusOr<uint64_t> clen = Length();
  if (!clen.ok()) return clen.status();
  StatusOr<uint64_t> ulen = Length();
  if (!ulen.ok()) return ulen.status();
  StatusOr<std::string_view> packed = Raw(*clen);
  if (!packed.ok()) return packed.status();
  // A compressed string expands at most about 255x per input byte pair; a
  // claimed size beyond that is corrupt, and refusing it avoids allocating
  // whatever a bad file asks for.
  if (*ulen == 0 || *ulen > 256 * (*clen + 1)) return Status::Error("bad LZF string length");
  std::string out(*ulen, '\0');
  if (LzfDecompress(packed->data(), packed->size(), out.data(), out.size()) != *ulen) {
    return Status::Error("invalid LZF compressed string");
  }
  return out;
}

StatusOr<uint64_t> RdbReader::U64LE() {
  StatusOr<std::string_view> raw = Raw(8);
  if (!raw.ok()) return raw.status();
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | static_cast<uint8_t>((*raw)[i]);
  return v;
}

StatusOr<int64_t> RdbReader::Millis() {
  StatusOr<uint64_t> v = U64LE();
  if (!v.ok()) return v.status();
  return static_cast<int64_t>(*v);
}

StatusOr<double> RdbReader::BinaryDouble() {
  StatusOr<uint64_t> bits = U64LE();
  if (!bits.ok()) return bits.status();
  double v;
  std::memcpy(&v, &*bits, sizeof(v));
  return v;
}

StatusOr<double> RdbReader::TextDouble() {
  StatusOr<uint8_t> len = Byte();
  if (!len.ok()) return len.status();
  switch (*len) {
    case 253:
      return std::numeric_limits<double>::quiet_NaN();
    case 254:
      return std::numeric_limits<double>::infinity();
    case 255:
      return -std::numeric_limits<double>::infinity();
    default:
      break;
  }
  StatusOr<std::string_view> raw = Raw(*len);
  if (!raw.ok()) return raw.status();
  double v = 0;
  auto res = std::from_chars(raw->data(), raw->data() + raw->size(), v);
  if (res.ec != std::errc()) return Status::Error("invalid double value");
  return v;
}

}  // namespace shoal::rdb
