// Hashes in RDB form, as Redis 7.0 writes and reads them:
//
//   RDB_TYPE_HASH_LISTPACK (16): one string holding the listpack's bytes
//                                (fields and values alternating);
//   RDB_TYPE_HASH (4):           <length> then <field> <value> strings.
//
// A loaded hash takes the encoding the config's thresholds give it.
#pragma once

#include <cstdint>

#include "common/status.h"
#include "node/config/config.h"
#include "node/keyspace/object.h"
#include "node/keyspace/types/hash.h"
#include "node/persistence/rdb_codec.h"

namespace shoal::rdb {

// The type byte for this hash's encoding.
uint8_t HashTypeOf(const HashValue& h);
// Writes the value (after the type byte).
void WriteHash(RdbWriter& w, const HashValue& h);
// Reads a value of type kTypeHash or kTypeHashListpack.
StatusOr<Object> ReadHash(RdbReader& r, uint8_t type, const ServerConfig& cfg);

}  // namespace shoal::rdb
