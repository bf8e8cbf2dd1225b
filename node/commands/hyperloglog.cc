// PFADD, PFCOUNT, PFMERGE, PFDEBUG, PFSELFTEST on HyperLogLog values stored
// as strings in Redis's representation (hll.h), so they interoperate with
// Redis byte for byte.

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "common/resp/writer.h"
#include "common/strutil.h"
#include "node/commands/families.h"
#include "node/commands/hll.h"
#include "node/core/command_args.h"
#include "node/core/errors.h"
#include "node/core/events.h"
#include "node/core/node.h"
#include "node/keyspace/db.h"
#include "node/keyspace/object.h"

namespace shoal {

namespace {

Status Err(std::string_view text) { return Status::Error(std::string(text)); }

size_t SparseMaxBytes(CommandContext& ctx) {
  return static_cast<size_t>(std::max<int64_t>(ctx.node.cfg().hll_sparse_max_bytes, 0));
}

// WRONGTYPE for other types and for strings that are not HyperLogLogs
// (integers included: Redis checks the raw bytes).
Status CheckHll(const Object& o) {
  if (!o.is_string()) return Err(errors::kWrongType);
  if (o.encoding() == shoal::Encoding::kInt) return Err(hll::kNotHll);
  std::string scratch;
  if (!hll::LooksValid(o.StringBytes(&scratch))) return Err(hll::kNotHll);
  return Status::Ok();
}

// The HyperLogLog at key for a write, or nullptr when absent.
StatusOr<std::string*> LookupHllWrite(Db& db, std::string_view key) {
  Object* o = db.Find(key);
  if (o == nullptr) return static_cast<std::string*>(nullptr);
  Status valid = CheckHll(*o);
  if (!valid.ok()) return valid;
  return &o->MutableString();
}

void Changed(CommandContext& ctx, std::string_view key) {
  SignalModifiedKey(ctx.node, ctx.client.db, key);
  NotifyKeyspaceEvent(ctx.node, notify::kString, "pfadd", key, ctx.client.db);
}

// ---------------------------------------------------------------------------
// PFADD
// ---------------------------------------------------------------------------

void CmdPfAdd(CommandContext& ctx) {
  Db& db = ctx.db();
  const std::string& key = ctx.argv[1];
  StatusOr<std::string*> found = LookupHllWrite(db, key);
  if (!found.ok()) return ctx.reply.Error(found.status().message());
  int updated = 0;
  std::string* value = *found;
  if (value == nullptr) {
    db.Set(key, Object::RawString(hll::CreateEmpty()));
    value = &db.Find(key)->MutableString();
    ++updated;
  }
  const size_t max_bytes = SparseMaxBytes(ctx);
  for (size_t i = 2; i < ctx.argv.size(); ++i) {
    const int r = hll::Add(*value, ctx.argv[i], max_bytes);
    if (r == -1) return ctx.reply.Error(hll::kInvalidObject);
    updated += r;
  }
  if (updated) {
    hll::InvalidateCache(*value);
    Changed(ctx, key);
  }
  ctx.reply.Integer(updated ? 1 : 0);
}

// ---------------------------------------------------------------------------
// PFCOUNT
// ---------------------------------------------------------------------------

// Registers max-merged over keys (missing keys are empty HLLs).
Status MergeKeys(Db& db, const std::vector<std::string>& argv, size_t first, uint8_t* max,
                 bool* any_dense) {
  for (size_t i = first; i < argv.size(); ++i) {
    const Object* o = db.FindRead(argv[i]);
    if (o == nullptr) continue;
    Status valid = CheckHll(*o);
    if (!valid.ok()) return valid;
    std::string scratch;
    const std::string_view bytes = o->StringBytes(&scratch);
    if (hll::Encoding(bytes) == hll::kDense) *any_dense = true;
    if (!hll::MergeInto(max, bytes)) return Err(hll::kInvalidObject);
  }
  return Status::Ok();
}

// One key: the cached cardinality, or a fresh estimate that is then cached
// (a change to the value, announced like any other).
void CmdPfCount(CommandContext& ctx) {
  Db& db = ctx.db();
  if (ctx.argv.size() > 2) {
    std::vector<uint8_t> max(hll::kRegisters, 0);
    bool any_dense = false;
    Status merged = MergeKeys(db, ctx.argv, 1, max.data(), &any_dense);
    if (!merged.ok()) return ctx.reply.Error(merged.message());
    return ctx.reply.Integer(static_cast<int64_t>(hll::CountRegisters(max.data())));
  }
  Object* o = db.FindRead(ctx.argv[1]);
  if (o == nullptr) return ctx.reply.Integer(0);
  Status valid = CheckHll(*o);
  if (!valid.ok()) return ctx.reply.Error(valid.message());
  std::string& value = o->MutableString();
  if (hll::CacheValid(value)) {
    return ctx.reply.Integer(static_cast<int64_t>(hll::CachedCardinality(value)));
  }
  bool invalid = false;
  const uint64_t card = hll::Count(value, &invalid);
  if (invalid) return ctx.reply.Error(hll::kInvalidObject);
  hll::SetCachedCardinality(value, card);
  SignalModifiedKey(ctx.node, ctx.client.db, ctx.argv[1]);
  ctx.reply.Integer(static_cast<int64_t>(card));
}

// ---------------------------------------------------------------------------
// PFMERGE
// ---------------------------------------------------------------------------

// PFMERGE destkey [sourcekey ...]: destkey takes part in the union. The
// result is dense if any input was.
void CmdPfMerge(CommandContext& ctx) {
  Db& db = ctx.db();
  std::vector<uint8_t> max(hll::kRegisters, 0);
  bool any_dense = false;
  Status merged = MergeKeys(db, ctx.argv, 1, max.data(), &any_dense);
  if (!merged.ok()) return ctx.reply.Error(merged.message());
  const std::string& key = ctx.argv[1];
  Object* o = db.Find(key);
  if (o == nullptr) {
    db.Set(key, Object::RawString(hll::CreateEmpty()));
    o = db.Find(key);
  }
  std::string& value = o->MutableString();
  if (any_dense && !hll::ToDense(value)) return ctx.reply.Error(hll::kInvalidObject);
  const size_t max_bytes = SparseMaxBytes(ctx);
  for (int i = 0; i < hll::kRegisters; ++i) {
    if (max[static_cast<size_t>(i)] != 0) {
      hll::SetRegister(value, i, max[static_cast<size_t>(i)], max_bytes);
    }
  }
  hll::InvalidateCache(value);
  Changed(ctx, key);
  ctx.reply.Ok();
}

// ---------------------------------------------------------------------------
// PFDEBUG, PFSELFTEST
// ---------------------------------------------------------------------------

void CmdPfDebug(CommandContext& ctx) {
  const std::string& sub = ctx.argv[1];
  Object* o = ctx.db().Find(ctx.argv[2]);
  if (o == nullptr) return ctx.reply.Error("ERR The specified key does not exist");
  Status valid = CheckHll(*o);
  if (!valid.ok()) return ctx.reply.Error(valid.message());
  std::string& value = o->MutableString();
  if (EqualsIgnoreCase(sub, "getreg")) {
    if (!hll::ToDense(value)) return ctx.reply.Error(hll::kInvalidObject);
    const auto* regs = reinterpret_cast<const uint8_t*>(value.data()) + hll::kHeaderSize;
    ctx.reply.ArrayHeader(hll::kRegisters);
    for (int i = 0; i < hll::kRegisters; ++i) ctx.reply.Integer(hll::GetDenseRegister(regs, i));
  } else if (EqualsIgnoreCase(sub, "decode")) {
    StatusOr<std::string> decoded = hll::DecodeSparse(value);
    if (!decoded.ok()) return ctx.reply.Error(decoded.status().message());
    ctx.reply.Bulk(*decoded);
  } else if (EqualsIgnoreCase(sub, "encoding")) {
    ctx.reply.Status(hll::Encoding(value) == hll::kDense ? "dense" : "sparse");
  } else if (EqualsIgnoreCase(sub, "todense")) {
    const bool sparse = hll::Encoding(value) == hll::kSparse;
    if (sparse && !hll::ToDense(value)) return ctx.reply.Error(hll::kInvalidObject);
    ctx.reply.Integer(sparse ? 1 : 0);
  } else {
    ctx.reply.Error("ERR Unknown PFDEBUG subcommand '" + sub + "'");
  }
}

// Checks the register packing and that sparse and dense encodings of the
// same elements agree, register by register and in their estimate.
Status SelfTest(Rng& rng) {
  std::vector<uint8_t> packed(hll::kDenseSize - hll::kHeaderSize, 0);
  std::vector<uint8_t> expected(hll::kRegisters);
  for (int round = 0; round < 100; ++round) {
    for (int i = 0; i < hll::kRegisters; ++i) {
      expected[static_cast<size_t>(i)] = static_cast<uint8_t>(rng.Uniform(hll::kMaxRegister + 1));
      hll::SetDenseRegister(packed.data(), i, expected[static_cast<size_t>(i)]);
    }
    for (int i = 0; i < hll::kRegisters; ++i) {
      if (hll::GetDenseRegister(packed.data(), i) != expected[static_cast<size_t>(i)]) {
        return Err("TESTFAILED Register error at " + std::to_string(i));
      }
    }
  }
  std::string sparse = hll::CreateEmpty();
  std::string dense = hll::CreateEmpty();
  if (!hll::ToDense(dense)) return Err("TESTFAILED dense conversion");
  for (int i = 0; i < 2000; ++i) {
    const std::string element = "selftest:" + std::to_string(rng.Next());
    hll::Add(sparse, element, 1u << 30);
    hll::Add(dense, element, 1u << 30);
  }
  bool invalid = false;
  if (hll::Count(sparse, &invalid) != hll::Count(dense, &invalid) || invalid) {
    return Err("TESTFAILED sparse and dense estimates differ");
  }
  return Status::Ok();
}

void CmdPfSelfTest(CommandContext& ctx) {
  Status s = SelfTest(ctx.node.rng());
  if (!s.ok()) return ctx.reply.Error(s.message());
  ctx.reply.Ok();
}

CommandSpec HllCommand(std::string_view name, int arity, uint64_t flags, uint64_t acl,
                       std::vector<KeySpec> key_specs, CommandHandler handler,
                       std::string_view summary, std::string_view complexity) {
  CommandSpec spec;
  spec.name = name;
  spec.arity = arity;
  spec.flags = flags;
  spec.acl = acl | aclcat::kHyperLogLog;
  spec.key_specs = std::move(key_specs);
  spec.handler = handler;
  spec.group = "hyperloglog";
  spec.since = "2.8.9";
  spec.summary = summary;
  spec.complexity = complexity;
  return spec;
}

}  // namespace

void RegisterHyperLogLogCommands(CommandTable& table) {
  namespace cf = cmdflag;
  namespace kf = keyflag;
  using argdoc::Key;
  using argdoc::String;

  CommandSpec pfadd = HllCommand(
      "pfadd", -2, cf::kWrite | cf::kDenyOom | cf::kFast, aclcat::kWrite | aclcat::kFast,
      {KeySpec::Range(1, 0, 1, kf::kRW | kf::kInsert)}, CmdPfAdd,
      "Adds the specified elements to the specified HyperLogLog.", "O(1) to add every element.");
  pfadd.args = {Key("key", 0), String("element").Optional().Multiple()};
  table.Add(std::move(pfadd));

  KeySpec count_keys = KeySpec::Range(1, -1, 1, kf::kRW | kf::kAccess);
  count_keys.notes =
      "RW because it may change the internal representation of the key, and propagate to "
      "replicas";
  CommandSpec pfcount = HllCommand(
      "pfcount", -2, cf::kReadOnly, aclcat::kRead | aclcat::kSlow, {count_keys}, CmdPfCount,
      "Return the approximated cardinality of the set(s) observed by the HyperLogLog at key(s).",
      "O(1) with a very small average constant time when called with a single key. O(N) with N "
      "being the number of keys, and much bigger constant times, when called with multiple "
      "keys.");
  pfcount.args = {Key("key", 0).Multiple()};
  table.Add(std::move(pfcount));

  CommandSpec pfmerge =
      HllCommand("pfmerge", -2, cf::kWrite | cf::kDenyOom, aclcat::kWrite | aclcat::kSlow,
                 {KeySpec::Range(1, 0, 1, kf::kRW | kf::kAccess | kf::kInsert),
                  KeySpec::Range(2, -1, 1, kf::kRO | kf::kAccess)},
                 CmdPfMerge, "Merge N different HyperLogLogs into a single one.",
                 "O(N) to merge N HyperLogLogs, but with high constant times.");
  pfmerge.args = {Key("destkey", 0), Key("sourcekey", 1).Multiple()};
  table.Add(std::move(pfmerge));

  CommandSpec pfdebug =
      HllCommand("pfdebug", 3, cf::kWrite | cf::kDenyOom | cf::kAdmin,
                 aclcat::kWrite | aclcat::kAdmin | aclcat::kSlow | aclcat::kDangerous,
                 {KeySpec::Range(2, 0, 1, kf::kRW | kf::kAccess)}, CmdPfDebug,
                 "Internal commands for debugging HyperLogLog values", "N/A");
  pfdebug.doc_flags = docflag::kSysCmd;
  pfdebug.args = {String("subcommand"), Key("key", 0)};
  table.Add(std::move(pfdebug));

  CommandSpec pfselftest =
      HllCommand("pfselftest", 1, cf::kAdmin, aclcat::kAdmin | aclcat::kSlow | aclcat::kDangerous,
                 {}, CmdPfSelfTest, "An internal command for testing HyperLogLog values", "N/A");
  pfselftest.doc_flags = docflag::kSysCmd;
  table.Add(std::move(pfselftest));
}

}  // namespace shoal
