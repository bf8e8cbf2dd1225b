// Values in RDB form: the type byte and the encoding Redis 7.0 writes for
// each type and encoding, and every encoding Redis 7.0 can load (including
// the older ones of RDB versions 7 to 9). Shared by RDB files, DUMP/RESTORE
// payloads and the replication stream's RDB.
#pragma once

#include <cstdint>

#include "common/status.h"
#include "node/config/config.h"
#include "node/keyspace/object.h"
#include "node/persistence/rdb_codec.h"

namespace shoal::rdb {

// The RDB type byte a value is written with (depends on its encoding).
uint8_t TypeOf(const Object& value);
// Writes the value (without its type byte).
void WriteValue(RdbWriter& w, const Object& value, const ServerConfig& cfg);

// Whether a loaded value is an empty list, set, sorted set or hash, which
// RDB files and DUMP payloads never legitimately hold. (An empty stream is
// valid: it keeps its last ID and consumer groups.)
inline bool IsEmptyCollection(const Object& value) {
  return value.type() != ObjType::kString && value.type() != ObjType::kStream &&
         value.collection().Size() == 0;
}

// Reads the value of an object of `type` (the byte already read). The
// result's encoding follows the config's thresholds, as if built by
// commands. Errors name what was malformed.
StatusOr<Object> ReadObject(RdbReader& r, uint8_t type, const ServerConfig& cfg);

}  // namespace shoal::rdb
