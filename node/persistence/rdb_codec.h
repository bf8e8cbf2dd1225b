// The primitive fields of RDB files and DUMP payloads (see rdb_format.h):
// lengths, strings (integer-encoded, LZF-compressed or plain), times and
// binary doubles. RdbWriter appends to a string; RdbReader reads from a byte
// range and never trusts a length: every read is checked against what is
// left, and a bad field is a Status naming it, never a crash.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"

namespace shoal::rdb {

class RdbWriter {
 public:
  // `compress`: LZF-compress strings longer than 20 bytes when that saves
  // space (rdbcompression).
  RdbWriter(std::string* out, bool compress) : out_(out), compress_(compress) {}

  void Byte(uint8_t b) { out_->push_back(static_cast<char>(b)); }
  void Raw(std::string_view bytes) { out_->append(bytes); }
  void Length(uint64_t len);
  // A string, as an integer encoding when it is the canonical text of a
  // small enough integer, else LZF-compressed or plain.
  void String(std::string_view s);
  void Integer(int64_t v);  // as String(decimal text) would be written
  void Millis(int64_t ms);  // 8 bytes little-endian
  void BinaryDouble(double v);
  void U64LE(uint64_t v);

  std::string* out() { return out_; }

 private:
  std::string* out_;
  bool compress_;
};

class RdbReader {
 public:
  explicit RdbReader(std::string_view data) : data_(data) {}

  size_t offset() const { return pos_; }
  size_t remaining() const { return data_.size() - pos_; }

  StatusOr<uint8_t> Byte();
  StatusOr<std::string_view> Raw(size_t n);
  // A length; *is_encoded set (when given) for the 11xxxxxx string forms,
  // whose low bits are then returned.
  StatusOr<uint64_t> Length(bool* is_encoded = nullptr);
  StatusOr<std::string> String();
  StatusOr<int64_t> Millis();
  StatusOr<double> BinaryDouble();
  // The old text-encoded double of RDB_TYPE_ZSET (version <= 7 files).
  StatusOr<double> TextDouble();
  StatusOr<uint64_t> U64LE();

 private:
  std::string_view data_;
  size_t pos_ = 0;
};

}  // namespace shoal::rdb
