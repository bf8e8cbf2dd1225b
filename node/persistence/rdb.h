// Whole RDB files: saving every database of a keyspace, and loading one back,
// in Redis 7.0's format (rdb_format.h). Saving writes a temporary file, syncs
// it and renames it over the target, so a crash never leaves a half-written
// dump.rdb behind. Loading checks everything it reads and reports a bad file
// with the offset and the reason; it never crashes on one.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"
#include "node/config/config.h"
#include "node/keyspace/db.h"

namespace shoal::rdb {

// The aux fields that tie a snapshot to replication.
struct ReplicationAux {
  std::string repl_id;        // empty: not written
  int64_t repl_offset = 0;
  int repl_stream_db = -1;
};

struct SaveOptions {
  int64_t now_ms = 0;
  uint64_t used_memory = 0;
  bool aof_base = false;
  ReplicationAux repl;
};

// Serializes the keyspace into a complete RDB image (header to checksum).
std::string Serialize(Keyspace& keyspace, const ServerConfig& cfg, const SaveOptions& opts);

// Writes `image` to `path` through a temporary file in the same directory
// ("temp-<pid>.rdb"), fsync and rename.
Status WriteFileAtomically(const std::string& path, std::string_view image);

struct LoadStats {
  uint64_t keys_loaded = 0;
  uint64_t keys_expired = 0;
  ReplicationAux repl;
};

// Loads an RDB image into the keyspace (which the caller has emptied).
// Keys whose TTL has passed are skipped unless `keep_expired` (a replica
// keeps them for its master's DEL). Errors read "<reason> at offset <n>".
StatusOr<LoadStats> Load(std::string_view image, Keyspace& keyspace, const ServerConfig& cfg,
                         int64_t now_ms, bool keep_expired);

// Reads a whole file; NotFound-style error text "No such file" when absent.
StatusOr<std::string> ReadFile(const std::string& path);

}  // namespace shoal::rdb
