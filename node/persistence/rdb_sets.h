// Sets and sorted sets in RDB form (see rdb_format.h):
//
//   RDB_TYPE_SET_INTSET (11):   one string holding the intset's bytes;
//   RDB_TYPE_SET (2):           <length> then each member as a string;
//   RDB_TYPE_ZSET_LISTPACK (17): one string holding the listpack's bytes
//                                (member, score alternating, in order);
//   RDB_TYPE_ZSET_2 (5):        <length> then <member> <binary double score>,
//                                from the highest score down, as Redis writes
//                                them;
//   RDB_TYPE_ZSET (3):          the same with text-encoded scores (old files).
#pragma once

#include <cstdint>

#include "common/status.h"
#include "node/config/config.h"
#include "node/keyspace/object.h"
#include "node/keyspace/types/set.h"
#include "node/keyspace/types/zset.h"
#include "node/persistence/rdb_codec.h"

namespace shoal::rdb {

uint8_t SetTypeOf(const SetValue& s);
void WriteSet(RdbWriter& w, const SetValue& s);
StatusOr<Object> ReadSet(RdbReader& r, uint8_t type, const ServerConfig& cfg);

uint8_t ZSetTypeOf(const ZSetValue& z);
void WriteZSet(RdbWriter& w, const ZSetValue& z);
StatusOr<Object> ReadZSet(RdbReader& r, uint8_t type, const ServerConfig& cfg);

}  // namespace shoal::rdb
