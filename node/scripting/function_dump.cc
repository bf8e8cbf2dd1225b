#include "node/scripting/function_dump.h"

#include <cstdint>

#include "common/crc64.h"

namespace shoal {

namespace {

constexpr uint8_t kOpcodeFunctionPreGa = 246;
constexpr uint8_t kOpcodeFunction2 = 245;
constexpr uint8_t kEncLzf = 3;  // 0xC0 | 3: an LZF-compressed string

void PutLength(std::string* out, uint64_t len) {
  if (len < (1 << 6)) {
    out->push_back(static_cast<char>(len));
  } else if (len < (1 << 14)) {
    out->push_back(static_cast<char>(0x40 | (len >> 8)));
    out->push_back(static_cast<char>(len & 0xff));
  } else if (len <= UINT32_MAX) {
    out->push_back(static_cast<char>(0x80));
    for (int i = 3; i >= 0; --i) out->push_back(static_cast<char>(len >> (8 * i)));
  } else {
    out->push_back(static_cast<char>(0x81));
    for (int i = 7; i >= 0; --i) out->push_back(static_cast<char>(len >> (8 * i)));
  }
}

// Reads an RDB length at *pos; *encoded is set for the 0xC0 special forms
// (then the value is the encoding type).
bool GetLength(std::string_view in, size_t* pos, uint64_t* len, bool* encoded) {
  if (*pos >= in.size()) return false;
  const auto b = static_cast<uint8_t>(in[(*pos)++]);
  *encoded = false;
  switch (b >> 6) {
    case 0:
      *len = b & 0x3f;
      return true;
    case 1:
      if (*pos >= in.size()) return false;
      *len = (uint64_t{b & 0x3fu} << 8) | static_cast<uint8_t>(in[(*pos)++]);
      return true;
    case 3:
      *encoded = true;
      *len = b & 0x3f;
      return true;
    default:
      break;
  }
  int bytes = b == 0x80 ? 4 : (b == 0x81 ? 8 : 0);
  if (bytes == 0 || in.size() - *pos < static_cast<size_t>(bytes)) return false;
  *len = 0;
  for (int i = 0; i < bytes; ++i) *len = (*len << 8) | static_cast<uint8_t>(in[(*pos)++]);
  return true;
}

// LZF decompression (the format of liblzf, which Redis uses).
bool LzfDecompress(std::string_view in, size_t out_len, std::string* out) {
  out->clear();
  out->reserve(out_len);
  size_t i = 0;
  while (i < in.size()) {
    unsigned ctrl = static_cast<uint8_t>(in[i++]);
    if (ctrl < 32) {  // a literal run of ctrl + 1 bytes
      size_t n = ctrl + 1;
      if (in.size() - i < n || out->size() + n > out_len) return false;
      out->append(in.substr(i, n));
      i += n;
      continue;
    }
    size_t len = ctrl >> 5;  // a back reference
    if (len == 7) {
      if (i >= in.size()) return false;
      len += static_cast<uint8_t>(in[i++]);
    }
    if (i >= in.size()) return false;
    size_t back = ((ctrl & 0x1f) << 8) + static_cast<uint8_t>(in[i++]) + 1;
    len += 2;
    if (back > out->size() || out->size() + len > out_len) return false;
    size_t from = out->size() - back;
    for (size_t k = 0; k < len; ++k) out->push_back((*out)[from + k]);
  }
  return out->size() == out_len;
}

bool GetString(std::string_view in, size_t* pos, std::string* out) {
  uint64_t len = 0;
  bool encoded = false;
  if (!GetLength(in, pos, &len, &encoded)) return false;
  if (!encoded) {
    if (in.size() - *pos < len) return false;
    out->assign(in.substr(*pos, len));
    *pos += len;
    return true;
  }
  if (len != kEncLzf) return false;  // integer encodings never hold code
  uint64_t clen = 0, rawlen = 0;
  if (!GetLength(in, pos, &clen, &encoded) || encoded) return false;
  if (!GetLength(in, pos, &rawlen, &encoded) || encoded) return false;
  if (in.size() - *pos < clen || rawlen > (1ULL << 32)) return false;
  bool ok = LzfDecompress(in.substr(*pos, clen), rawlen, out);
  *pos += clen;
  return ok;
}

}  // namespace

std::string EncodeFunctionPayload(const std::vector<std::string>& library_codes) {
  std::string out;
  for (const std::string& code : library_codes) {
    out.push_back(static_cast<char>(kOpcodeFunction2));
    PutLength(&out, code.size());
    out += code;
  }
  out.push_back(static_cast<char>(kFunctionPayloadRdbVersion & 0xff));
  out.push_back(static_cast<char>(kFunctionPayloadRdbVersion >> 8));
  uint64_t crc = Crc64(0, out);
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>(crc >> (8 * i)));
  return out;
}

StatusOr<std::vector<std::string>> DecodeFunctionPayload(std::string_view payload) {
  const Status bad_footer = Status::Error("ERR DUMP payload version or checksum are wrong");
  if (payload.size() < 10) return bad_footer;
  const size_t body_len = payload.size() - 10;
  const int version =
      static_cast<uint8_t>(payload[body_len]) | (static_cast<uint8_t>(payload[body_len + 1]) << 8);
  uint64_t crc = 0;
  for (int i = 7; i >= 0; --i) crc = (crc << 8) | static_cast<uint8_t>(payload[body_len + 2 + i]);
  if (version > kFunctionPayloadRdbVersion || Crc64(0, payload.substr(0, body_len + 2)) != crc) {
    return bad_footer;
  }
  std::string_view body = payload.substr(0, body_len);
  std::vector<std::string> codes;
  size_t pos = 0;
  while (pos < body.size()) {
    const auto type = static_cast<uint8_t>(body[pos++]);
    if (type == kOpcodeFunctionPreGa) {
      return Status::Error("ERR Pre-GA function format not supported");
    }
    if (type != kOpcodeFunction2) return Status::Error("ERR given type is not a function");
    std::string code;
    if (!GetString(body, &pos, &code)) {
      return Status::Error("ERR failed loading the given functions payload");
    }
    codes.push_back(std::move(code));
  }
  return codes;
}

}  // namespace shoal
