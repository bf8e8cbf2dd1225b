// RESP reply writer: appends RESP2 or RESP3 frames to a byte string. No I/O.
//
// Commands write through this one interface and get the right frame for the
// client's protocol: RESP3 types (map, set, double, null, boolean, big number,
// verbatim string, push) degrade to their RESP2 equivalents exactly as Redis
// does (map -> flat array, set -> array, double -> bulk string, null -> $-1
// or *-1, boolean -> integer, verbatim -> bulk string, push -> array).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace shoal::resp {

class ReplyWriter {
 public:
  explicit ReplyWriter(std::string* out, int protocol = 2) : out_(out), protocol_(protocol) {}

  int protocol() const { return protocol_; }
  void set_protocol(int protocol) { protocol_ = protocol; }
  std::string* buffer() { return out_; }
  void set_buffer(std::string* out) { out_ = out; }

  // +OK
  void Status(std::string_view s);
  void Ok() { Status("OK"); }
  // -ERR ... ; `message` is the whole text without '-', e.g. "ERR syntax error".
  // Newlines in the message are replaced with spaces, as Redis does.
  void Error(std::string_view message);
  void Integer(int64_t v);
  void Bulk(std::string_view s);
  // The null bulk string: $-1 (RESP2) / _ (RESP3).
  void Null();
  // The null array: *-1 (RESP2) / _ (RESP3).
  void NullArray();
  void ArrayHeader(size_t n);
  void MapHeader(size_t pairs);
  void SetHeader(size_t n);
  void PushHeader(size_t n);
  // A double: RESP3 ",1.5"; RESP2 a bulk string. Formatted as Redis 7.0 does
  // (%.17g, with "inf"/"-inf"/"nan").
  void Double(double v);
  void Bool(bool v);
  void BigNumber(std::string_view digits);
  // RESP3 "=len\r\ntxt:..." ; RESP2 a plain bulk string.
  void Verbatim(std::string_view format, std::string_view text);
  // An array of bulk strings.
  template <typename Container>
  void BulkArray(const Container& items) {
    ArrayHeader(items.size());
    for (const auto& s : items) Bulk(s);
  }
  // Raw bytes, already encoded.
  void Raw(std::string_view bytes) { out_->append(bytes); }

 private:
  void Header(char type, int64_t n);

  std::string* out_;
  int protocol_;
};

// Formats a double the way Redis replies with it (RESP2 bulk / RESP3 double).
std::string FormatDouble(double v);

}  // namespace shoal::resp
