// libFuzzer target: DUMP payloads. The first input byte picks the path:
//   0  rdb::RdbReader + rdb::ReadObject on the rest (first byte: the type)
//   1  RESTORE of the rest as it is (the footer check sees arbitrary bytes)
//   2+ RESTORE of the rest with a valid footer (RDB version and CRC-64)
//      appended, so the value decoding behind the checksum is reached; the
//      restored key is then read back with DUMP and a type-specific read.
// Nothing may crash, leak or read out of bounds.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/crc64.h"
#include "node/config/config.h"
#include "node/persistence/rdb_codec.h"
#include "node/persistence/rdb_format.h"
#include "node/persistence/rdb_values.h"
#include "tests/unit/harness.h"

namespace {

std::string WithFooter(std::string_view body) {
  std::string out(body);
  out.push_back(static_cast<char>(shoal::rdb::kVersion & 0xff));
  out.push_back(static_cast<char>(shoal::rdb::kVersion >> 8));
  uint64_t crc = shoal::Crc64(0, out);
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((crc >> (8 * i)) & 0xff));
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static shoal::testing::CommandHarness* h = new shoal::testing::CommandHarness();
  if (size == 0) return 0;
  const std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (data[0] == 0) {
    if (rest.empty()) return 0;
    shoal::rdb::RdbReader r(rest.substr(1));
    (void)shoal::rdb::ReadObject(r, static_cast<uint8_t>(rest[0]), h->node().cfg());
    return 0;
  }
  const std::string payload = data[0] == 1 ? std::string(rest) : WithFooter(rest);
  const std::string reply = h->Run({"RESTORE", "k", "0", payload, "REPLACE"});
  if (reply == "OK") {
    // Read the value back through the writer and the type's own reads.
    (void)h->Run({"DUMP", "k"});
    (void)h->Run({"OBJECT", "ENCODING", "k"});
    const std::string type = h->Run({"TYPE", "k"});
    if (type == "string") (void)h->Run({"STRLEN", "k"});
    if (type == "list") (void)h->Run({"LRANGE", "k", "0", "-1"});
    if (type == "set") (void)h->Run({"SMEMBERS", "k"});
    if (type == "zset") (void)h->Run({"ZRANGE", "k", "0", "-1", "WITHSCORES"});
    if (type == "hash") (void)h->Run({"HGETALL", "k"});
    if (type == "stream") (void)h->Run({"XINFO", "STREAM", "k", "FULL"});
    (void)h->Run({"DEL", "k"});
  }
  return 0;
}
