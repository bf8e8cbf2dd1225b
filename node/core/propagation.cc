#include "node/core/propagation.h"

#include <algorithm>
#include <string>

#include "common/strutil.h"
#include "node/keyspace/db.h"
#include "node/keyspace/types/stream.h"

namespace shoal {

int Propagator::AddSink(Sink sink) {
  const int id = next_id_++;
  sinks_.emplace_back(id, std::move(sink));
  return id;
}

void Propagator::RemoveSink(int id) {
  std::erase_if(sinks_, [id](const auto& s) { return s.first == id; });
}

void Propagator::Feed(int db_index, const std::vector<std::string>& argv) {
  for (auto& [id, sink] : sinks_) sink(db_index, argv);
}

void Propagator::PropagateCommand(Db& db, int db_index, const std::vector<std::string>& argv,
                                  int64_t now_ms) {
  if (sinks_.empty()) return;
  for (const auto& cmd : RewriteForPropagation(db, argv, now_ms)) Feed(db_index, cmd);
}

void Propagator::PropagateDelete(int db_index, std::string_view key) {
  if (sinks_.empty()) return;
  Feed(db_index, {"DEL", std::string(key)});
}

// ---------------------------------------------------------------------------
// Rewrites
// ---------------------------------------------------------------------------

namespace {

using Argv = std::vector<std::string>;

// The key's TTL as it is now: PEXPIREAT when it has one, else nothing (or
// DEL when the command left no key, e.g. EXPIRE with a time in the past).
std::vector<Argv> AbsoluteTtl(Db& db, const std::string& key) {
  if (!db.Exists(key)) return {{"DEL", key}};
  const int64_t when = db.GetExpireMs(key);
  if (when == -1) return {{"PERSIST", key}};
  return {{"PEXPIREAT", key, std::to_string(when)}};
}

// SET with a relative or absolute expiry option becomes SET ... PXAT <abs>.
std::vector<Argv> RewriteSet(Db& db, const Argv& argv) {
  bool has_time = false;
  Argv out = {argv[0], argv[1], argv[2]};
  for (size_t i = 3; i < argv.size(); ++i) {
    const std::string& opt = argv[i];
    if ((EqualsIgnoreCase(opt, "ex") || EqualsIgnoreCase(opt, "px") ||
         EqualsIgnoreCase(opt, "exat") || EqualsIgnoreCase(opt, "pxat")) &&
        i + 1 < argv.size()) {
      has_time = true;
      ++i;
      continue;
    }
    out.push_back(opt);  // NX, XX, GET, KEEPTTL
  }
  if (!has_time) return {argv};
  const int64_t when = db.GetExpireMs(argv[1]);
  if (!db.Exists(argv[1]) || when == -1) return {argv};
  out.push_back("PXAT");
  out.push_back(std::to_string(when));
  return {out};
}

std::vector<Argv> RewriteSetEx(Db& db, const Argv& argv) {
  const int64_t when = db.GetExpireMs(argv[1]);
  if (!db.Exists(argv[1])) return {};
  Argv out = {"SET", argv[1], argv[3]};
  if (when != -1) {
    out.push_back("PXAT");
    out.push_back(std::to_string(when));
  }
  return {out};
}

std::vector<Argv> RewriteGetEx(Db& db, const Argv& argv) {
  if (argv.size() < 3 || !db.Exists(argv[1])) return {};
  return AbsoluteTtl(db, argv[1]);
}

// INCRBYFLOAT: the resulting value, so float formatting cannot drift.
std::vector<Argv> RewriteIncrByFloat(Db& db, const Argv& argv) {
  const Object* o = db.Find(argv[1]);
  if (o == nullptr || !o->is_string()) return {};
  return {{"SET", argv[1], o->StringValue(), "KEEPTTL"}};
}

// XADD with "*" or "<ms>-*": the ID the stream gave the entry.
std::vector<Argv> RewriteXAdd(Db& db, const Argv& argv) {
  const Object* o = db.Find(argv[1]);
  if (o == nullptr || o->type() != ObjType::kStream) return {argv};
  Argv out = argv;
  for (size_t i = 2; i < out.size(); ++i) {
    const std::string& a = out[i];
    if (a == "*" || (a.size() > 2 && a.compare(a.size() - 2, 2, "-*") == 0)) {
      out[i] = o->As<StreamValue>().last_id().ToString();
      break;
    }
  }
  return {out};
}

// RESTORE with a relative TTL: the absolute time, with ABSTTL.
std::vector<Argv> RewriteRestore(Db& db, const Argv& argv) {
  if (!db.Exists(argv[1])) return {};
  Argv out = {argv[0], argv[1], "0", argv[3]};
  for (size_t i = 4; i < argv.size(); ++i) {
    if (!EqualsIgnoreCase(argv[i], "absttl")) out.push_back(argv[i]);
  }
  const int64_t when = db.GetExpireMs(argv[1]);
  if (when != -1) {
    out[2] = std::to_string(when);
    out.push_back("ABSTTL");
  }
  return {out};
}

}  // namespace

std::vector<Argv> RewriteForPropagation(Db& db, const Argv& argv, int64_t now_ms) {
  (void)now_ms;
  const std::string& name = argv[0];
  if (EqualsIgnoreCase(name, "set")) return RewriteSet(db, argv);
  if (EqualsIgnoreCase(name, "setex") || EqualsIgnoreCase(name, "psetex")) {
    return RewriteSetEx(db, argv);
  }
  if (EqualsIgnoreCase(name, "expire") || EqualsIgnoreCase(name, "pexpire") ||
      EqualsIgnoreCase(name, "expireat") || EqualsIgnoreCase(name, "pexpireat")) {
    return AbsoluteTtl(db, argv[1]);
  }
  if (EqualsIgnoreCase(name, "getex")) return RewriteGetEx(db, argv);
  if (EqualsIgnoreCase(name, "incrbyfloat")) return RewriteIncrByFloat(db, argv);
  if (EqualsIgnoreCase(name, "xadd")) return RewriteXAdd(db, argv);
  if (EqualsIgnoreCase(name, "restore")) return RewriteRestore(db, argv);
  return {argv};
}

}  // namespace shoal
