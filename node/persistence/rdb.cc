#include "node/persistence/rdb.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

#include "common/crc64.h"
#include "node/core/version.h"
#include "node/persistence/rdb_codec.h"
#include "node/persistence/rdb_format.h"
#include "node/persistence/rdb_values.h"

namespace shoal::rdb {
namespace {

void WriteAux(RdbWriter& w, std::string_view key, std::string_view value) {
  w.Byte(kOpAux);
  w.String(key);
  w.String(value);
}

void WriteAuxFields(RdbWriter& w, const SaveOptions& opts) {
  WriteAux(w, "redis-ver", kRedisCompatVersion);
  WriteAux(w, "redis-bits", sizeof(void*) == 8 ? "64" : "32");
  WriteAux(w, "ctime", std::to_string(opts.now_ms / 1000));
  WriteAux(w, "used-mem", std::to_string(opts.used_memory));
  if (!opts.repl.repl_id.empty()) {
    WriteAux(w, "repl-stream-db", std::to_string(opts.repl.repl_stream_db));
    WriteAux(w, "repl-id", opts.repl.repl_id);
    WriteAux(w, "repl-offset", std::to_string(opts.repl.repl_offset));
  }
  WriteAux(w, "aof-base", opts.aof_base ? "1" : "0");
}

}  // namespace

std::string Serialize(Keyspace& keyspace, const ServerConfig& cfg, const SaveOptions& opts) {
  std::string out = "REDIS00" + std::to_string(kVersion);
  RdbWriter w(&out, cfg.rdbcompression);
  WriteAuxFields(w, opts);
  for (int i = 0; i < keyspace.num_dbs(); ++i) {
    Db& db = keyspace.db(i);
    if (db.Size() == 0) continue;
    w.Byte(kOpSelectDb);
    w.Length(static_cast<uint64_t>(i));
    w.Byte(kOpResizeDb);
    w.Length(db.Size());
    w.Length(db.ExpiresSize());
    db.ForEachKey([&](std::string_view key, const Object& value) {
      const int64_t expire = db.GetExpireMs(key);
      if (expire != -1) {
        w.Byte(kOpExpireTimeMs);
        w.Millis(expire);
      }
      w.Byte(TypeOf(value));
      w.String(key);
      WriteValue(w, value, cfg);
    });
  }
  w.Byte(kOpEof);
  w.U64LE(cfg.rdbchecksum ? Crc64(0, out) : 0);
  return out;
}

Status WriteFileAtomically(const std::string& path, std::string_view image) {
  const std::string dir =
      path.find('/') == std::string::npos ? "." : path.substr(0, path.rfind('/'));
  const std::string tmp = dir + "/temp-" + std::to_string(getpid()) + ".rdb";
  const int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    return Status::Error("Failed opening the temp RDB file " + tmp +
                         " (in server root dir " + dir + ") for saving: " +
                         std::strerror(errno));
  }
  size_t done = 0;
  while (done < image.size()) {
    const ssize_t n = write(fd, image.data() + done, image.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const std::string err = std::strerror(errno);
      close(fd);
      unlink(tmp.c_str());
      return Status::Error("Write error saving DB on disk: " + err);
    }
    done += static_cast<size_t>(n);
  }
  if (fsync(fd) != 0 || close(fd) != 0) {
    unlink(tmp.c_str());
    return Status::Error(std::string("Write error saving DB on disk: ") + std::strerror(errno));
  }
  if (rename(tmp.c_str(), path.c_str()) != 0) {
    const std::string err = std::strerror(errno);
    unlink(tmp.c_str());
    return Status::Error("Error moving temp DB file " + tmp + " on the final destination " +
                         path + " (in server root dir " + dir + "): " + err);
  }
  return Status::Ok();
}

StatusOr<std::string> ReadFile(const std::string& path) {
  FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return Status::Error(std::string(std::strerror(errno)));
  std::string data;
  char buf[1 << 16];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof(buf), f)) > 0) data.append(buf, n);
  const bool failed = std::ferror(f) != 0;
  std::fclose(f);
  if (failed) return Status::Error("read error");
  return data;
}

// ---------------------------------------------------------------------------
// Loading
// ---------------------------------------------------------------------------

namespace {

struct Loader {
  RdbReader& r;
  Keyspace& keyspace;
  const ServerConfig& cfg;
  int64_t now_ms;
  bool keep_expired;
  LoadStats stats;
  int db = 0;

  Status Fail(const Status& s) const {
    return Status::Error(s.message() + " at offset " + std::to_string(r.offset()));
  }

  Status Aux() {
    StatusOr<std::string> key = r.String();
    if (!key.ok()) return key.status();
    StatusOr<std::string> value = r.String();
    if (!value.ok()) return value.status();
    if (*key == "repl-id") stats.repl.repl_id = *value;
    if (*key == "repl-offset") stats.repl.repl_offset = std::strtoll(value->c_str(), nullptr, 10);
    if (*key == "repl-stream-db") {
      stats.repl.repl_stream_db = static_cast<int>(std::strtol(value->c_str(), nullptr, 10));
    }
    return Status::Ok();
  }

  Status KeyValue(uint8_t type, int64_t expire_ms) {
    StatusOr<std::string> key = r.String();
    if (!key.ok()) return key.status();
    StatusOr<Object> value = ReadObject(r, type, cfg);
    if (!value.ok()) return value.status();
    if (IsEmptyCollection(*value)) {
      // Redis refuses empty collections when loading (streams excepted:
      // an empty stream keeps its IDs and groups); so does Shoal.
      return Status::Error("empty collection for key '" + *key + "'");
    }
    if (expire_ms != -1 && expire_ms < now_ms && !keep_expired) {
      ++stats.keys_expired;
      return Status::Ok();
    }
    Db& d = keyspace.db(db);
    if (d.Exists(*key)) return Status::Error("duplicate key '" + *key + "'");
    d.Insert(*key, std::move(*value), expire_ms);
    ++stats.keys_loaded;
    return Status::Ok();
  }

  // One record after the header; *done at EOF.
  Status Step(bool* done, int64_t* expire_ms) {
    StatusOr<uint8_t> op = r.Byte();
    if (!op.ok()) return op.status();
    switch (*op) {
      case kOpEof:
        *done = true;
        return Status::Ok();
      case kOpAux:
        return Aux();
      case kOpSelectDb: {
        StatusOr<uint64_t> n = r.Length();
        if (!n.ok()) return n.status();
        if (*n >= static_cast<uint64_t>(keyspace.num_dbs())) {
          return Status::Error("FATAL: Data file was created with a Redis server configured to "
                               "handle more than " +
                               std::to_string(keyspace.num_dbs()) + " databases");
        }
        db = static_cast<int>(*n);
        return Status::Ok();
      }
      case kOpResizeDb: {
        for (int i = 0; i < 2; ++i) {
          StatusOr<uint64_t> n = r.Length();
          if (!n.ok()) return n.status();
        }
        return Status::Ok();
      }
      case kOpExpireTimeMs: {
        StatusOr<int64_t> ms = r.Millis();
        if (!ms.ok()) return ms.status();
        *expire_ms = *ms;
        return Status::Ok();
      }
      case kOpExpireTime: {
        StatusOr<std::string_view> raw = r.Raw(4);
        if (!raw.ok()) return raw.status();
        uint32_t s = 0;
        for (int i = 3; i >= 0; --i) s = (s << 8) | static_cast<uint8_t>((*raw)[i]);
        *expire_ms = static_cast<int64_t>(s) * 1000;
        return Status::Ok();
      }
      case kOpIdle: {
        StatusOr<uint64_t> idle = r.Length();
        return idle.ok() ? Status::Ok() : idle.status();
      }
      case kOpFreq: {
        StatusOr<uint8_t> freq = r.Byte();
        return freq.ok() ? Status::Ok() : freq.status();
      }
      case kOpFunction2:
      case kOpFunction:
      case kOpModuleAux:
        return Status::Error("unsupported record type " + std::to_string(*op));
      default: {
        const int64_t when = *expire_ms;
        *expire_ms = -1;
        return KeyValue(*op, when);
      }
    }
  }
};

}  // namespace

StatusOr<LoadStats> Load(std::string_view image, Keyspace& keyspace, const ServerConfig& cfg,
                         int64_t now_ms, bool keep_expired) {
  if (image.size() < 9 || image.substr(0, 5) != "REDIS") {
    return Status::Error("Wrong signature trying to load DB from file");
  }
  int version = 0;
  for (char c : image.substr(5, 4)) {
    if (c < '0' || c > '9') return Status::Error("Wrong signature trying to load DB from file");
    version = version * 10 + (c - '0');
  }
  if (version < 1 || version > kVersion) {
    return Status::Error("Can't handle RDB format version " + std::to_string(version));
  }
  RdbReader r(image.substr(9));
  Loader loader{r, keyspace, cfg, now_ms, keep_expired, {}, 0};
  bool done = false;
  int64_t expire_ms = -1;
  while (!done) {
    Status st = loader.Step(&done, &expire_ms);
    if (!st.ok()) return loader.Fail(st);
  }
  // Version 5 and later end with a checksum of everything before it; 0
  // means the writer had rdbchecksum off.
  if (version >= 5) {
    const size_t body = 9 + r.offset();
    StatusOr<uint64_t> expected = r.U64LE();
    if (!expected.ok()) return loader.Fail(expected.status());
    if (*expected != 0 && cfg.rdbchecksum && Crc64(0, image.substr(0, body)) != *expected) {
      return Status::Error("Wrong RDB checksum at offset " + std::to_string(body));
    }
  }
  return loader.stats;
}

}  // namespace shoal::rdb
