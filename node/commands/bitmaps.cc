// SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP, BITFIELD, BITFIELD_RO: bit
// operations on string values, with Redis 7.0's replies and error texts.
//
// Writes go through the value's mutable bytes, which turns the encoding raw
// as Redis's in-place modifications do. The bit algorithms themselves live in
// bit_ops.{h,cc}.

#include <string>
#include <string_view>
#include <vector>

#include "common/resp/writer.h"
#include "common/strutil.h"
#include "node/commands/bit_ops.h"
#include "node/commands/families.h"
#include "node/core/command_args.h"
#include "node/core/errors.h"
#include "node/core/events.h"
#include "node/core/node.h"
#include "node/keyspace/db.h"
#include "node/keyspace/object.h"

namespace shoal {

namespace {

using bitops::FieldType;
using bitops::Overflow;

Status Err(std::string_view text) { return Status::Error(std::string(text)); }

int64_t MaxBulkLen(CommandContext& ctx) { return ctx.node.cfg().proto_max_bulk_len; }

// The string for a bit write reaching bit max_bit: created as zero bytes
// when missing, zero-padded when shorter. *grown tells whether the key was
// created or lengthened (a change even if no bit flips).
StatusOr<std::string*> LookupForBitWrite(Db& db, std::string_view key, uint64_t max_bit,
                                         bool* grown) {
  const size_t need = static_cast<size_t>(max_bit >> 3) + 1;
  Object* o = db.Find(key);
  if (o != nullptr && !o->is_string()) return Err(errors::kWrongType);
  if (o == nullptr) {
    db.Set(key, Object::RawString(std::string(need, '\0')));
    o = db.Find(key);
    *grown = true;
    return &o->MutableString();
  }
  std::string& s = o->MutableString();
  *grown = s.size() < need;
  if (*grown) s.resize(need, '\0');
  return &s;
}

// The string at key for reading: nullptr when absent, WRONGTYPE otherwise.
StatusOr<const Object*> LookupForBitRead(Db& db, std::string_view key) {
  const Object* o = db.FindRead(key);
  if (o != nullptr && !o->is_string()) return Err(errors::kWrongType);
  return o;
}

void Changed(CommandContext& ctx, std::string_view event, std::string_view key, int type) {
  SignalModifiedKey(ctx.node, ctx.client.db, key);
  NotifyKeyspaceEvent(ctx.node, type, event, key, ctx.client.db);
}

// ---------------------------------------------------------------------------
// SETBIT, GETBIT
// ---------------------------------------------------------------------------

void CmdSetBit(CommandContext& ctx) {
  StatusOr<uint64_t> offset = bitops::ParseBitOffset(ctx.argv[2], 0, MaxBulkLen(ctx));
  if (!offset.ok()) return ctx.reply.Error(offset.status().message());
  int64_t on = 0;
  if (!ParseInt64(ctx.argv[3], &on) || (on & ~int64_t{1}) != 0) {
    return ctx.reply.Error(bitops::kBitValueError);
  }
  bool grown = false;
  StatusOr<std::string*> s = LookupForBitWrite(ctx.db(), ctx.argv[1], *offset, &grown);
  if (!s.ok()) return ctx.reply.Error(s.status().message());
  auto* bytes = reinterpret_cast<uint8_t*>((*s)->data());
  const int old = static_cast<int>(bitops::GetUnsigned(bytes, *offset, 1));
  if (grown || old != on) {
    bitops::SetBits(bytes, *offset, 1, static_cast<uint64_t>(on));
    Changed(ctx, "setbit", ctx.argv[1], notify::kString);
  }
  ctx.reply.Integer(old);
}

void CmdGetBit(CommandContext& ctx) {
  StatusOr<uint64_t> offset = bitops::ParseBitOffset(ctx.argv[2], 0, MaxBulkLen(ctx));
  if (!offset.ok()) return ctx.reply.Error(offset.status().message());
  StatusOr<const Object*> o = LookupForBitRead(ctx.db(), ctx.argv[1]);
  if (!o.ok()) return ctx.reply.Error(o.status().message());
  if (*o == nullptr) return ctx.reply.Integer(0);
  std::string scratch;
  std::string_view s = (*o)->StringBytes(&scratch);
  if ((*offset >> 3) >= s.size()) return ctx.reply.Integer(0);
  ctx.reply.Integer(static_cast<int64_t>(
      bitops::GetUnsigned(reinterpret_cast<const uint8_t*>(s.data()), *offset, 1)));
}

// ---------------------------------------------------------------------------
// BITCOUNT, BITPOS
// ---------------------------------------------------------------------------

// BYTE | BIT.
StatusOr<bool> ParseUnit(std::string_view arg) {
  if (EqualsIgnoreCase(arg, "bit")) return true;
  if (EqualsIgnoreCase(arg, "byte")) return false;
  return Err(errors::kSyntax);
}

bool ParseIndex(CommandContext& ctx, size_t i, int64_t* out) {
  if (ParseInt64(ctx.argv[i], out)) return true;
  ctx.reply.Error(errors::kNotInteger);
  return false;
}

// BITCOUNT key [start end [BYTE|BIT]]. As in Redis the key is looked up
// first: a missing key answers 0 whatever the other arguments.
void CmdBitCount(CommandContext& ctx) {
  StatusOr<const Object*> o = LookupForBitRead(ctx.db(), ctx.argv[1]);
  if (!o.ok()) return ctx.reply.Error(o.status().message());
  if (*o == nullptr) return ctx.reply.Integer(0);
  const size_t argc = ctx.argv.size();
  bitops::Range range;
  if (argc == 4 || argc == 5) {
    range.given = range.end_given = true;
    if (!ParseIndex(ctx, 2, &range.start) || !ParseIndex(ctx, 3, &range.end)) return;
    // Both negative and crossed: empty, before the unit is even looked at.
    if (range.start < 0 && range.end < 0 && range.start > range.end) return ctx.reply.Integer(0);
    if (argc == 5) {
      StatusOr<bool> bits = ParseUnit(ctx.argv[4]);
      if (!bits.ok()) return ctx.reply.Error(bits.status().message());
      range.in_bits = *bits;
    }
  } else if (argc != 2) {
    return ctx.reply.Error(errors::kSyntax);
  }
  std::string scratch;
  ctx.reply.Integer(bitops::BitCount((*o)->StringBytes(&scratch), range));
}

// BITPOS key bit [start [end [BYTE|BIT]]]. A missing key is an endless run
// of zeros.
void CmdBitPos(CommandContext& ctx) {
  int64_t bit = 0;
  if (!ParseIndex(ctx, 2, &bit)) return;
  if (bit != 0 && bit != 1) return ctx.reply.Error("ERR The bit argument must be 1 or 0.");
  StatusOr<const Object*> o = LookupForBitRead(ctx.db(), ctx.argv[1]);
  if (!o.ok()) return ctx.reply.Error(o.status().message());
  if (*o == nullptr) return ctx.reply.Integer(bit ? -1 : 0);
  const size_t argc = ctx.argv.size();
  bitops::Range range;
  if (argc >= 4 && argc <= 6) {
    range.given = true;
    if (!ParseIndex(ctx, 3, &range.start)) return;
    if (argc == 6) {
      StatusOr<bool> bits = ParseUnit(ctx.argv[5]);
      if (!bits.ok()) return ctx.reply.Error(bits.status().message());
      range.in_bits = *bits;
    }
    if (argc >= 5) {
      if (!ParseIndex(ctx, 4, &range.end)) return;
      range.end_given = true;
    }
  } else if (argc != 3) {
    return ctx.reply.Error(errors::kSyntax);
  }
  std::string scratch;
  ctx.reply.Integer(bitops::BitPos((*o)->StringBytes(&scratch), static_cast<int>(bit), range));
}

// ---------------------------------------------------------------------------
// BITOP
// ---------------------------------------------------------------------------

StatusOr<bitops::BitOp> ParseBitOp(std::string_view name) {
  if (EqualsIgnoreCase(name, "and")) return bitops::BitOp::kAnd;
  if (EqualsIgnoreCase(name, "or")) return bitops::BitOp::kOr;
  if (EqualsIgnoreCase(name, "xor")) return bitops::BitOp::kXor;
  if (EqualsIgnoreCase(name, "not")) return bitops::BitOp::kNot;
  return Err(errors::kSyntax);
}

// BITOP op destkey key [key ...]: the result replaces destkey (raw, no TTL);
// an empty result deletes it. Replies with the result's length.
void CmdBitOp(CommandContext& ctx) {
  StatusOr<bitops::BitOp> op = ParseBitOp(ctx.argv[1]);
  if (!op.ok()) return ctx.reply.Error(op.status().message());
  if (*op == bitops::BitOp::kNot && ctx.argv.size() != 4) {
    return ctx.reply.Error("ERR BITOP NOT must be called with a single source key.");
  }
  Db& db = ctx.db();
  std::vector<std::string> scratch(ctx.argv.size() - 3);
  std::vector<std::string_view> sources;
  for (size_t i = 3; i < ctx.argv.size(); ++i) {
    StatusOr<const Object*> o = LookupForBitRead(db, ctx.argv[i]);
    if (!o.ok()) return ctx.reply.Error(o.status().message());
    sources.push_back(*o == nullptr ? std::string_view() : (*o)->StringBytes(&scratch[i - 3]));
  }
  std::string result = bitops::Combine(*op, sources);
  const std::string& dest = ctx.argv[2];
  const int64_t len = static_cast<int64_t>(result.size());
  if (!result.empty()) {
    db.Set(dest, Object::RawString(std::move(result)));
    Changed(ctx, "set", dest, notify::kString);
  } else if (db.Delete(dest)) {
    Changed(ctx, "del", dest, notify::kGeneric);
  }
  ctx.reply.Integer(len);
}

// ---------------------------------------------------------------------------
// BITFIELD, BITFIELD_RO
// ---------------------------------------------------------------------------

struct FieldOp {
  enum class Kind : uint8_t { kGet, kSet, kIncrBy } kind = Kind::kGet;
  FieldType type;
  uint64_t offset = 0;
  int64_t value = 0;  // SET value or INCRBY increment
  Overflow overflow = Overflow::kWrap;
};

struct FieldOps {
  std::vector<FieldOp> ops;
  bool writes = false;
  uint64_t highest_bit = 0;  // the last bit any write touches
};

// Parses every subcommand before anything runs, as Redis does.
StatusOr<FieldOps> ParseFieldOps(const std::vector<std::string>& argv, int64_t max_bulk_len) {
  FieldOps out;
  Overflow overflow = Overflow::kWrap;
  for (size_t j = 2; j < argv.size(); ++j) {
    const size_t remaining = argv.size() - j - 1;
    const std::string_view sub = argv[j];
    FieldOp op;
    if (EqualsIgnoreCase(sub, "get") && remaining >= 2) {
      op.kind = FieldOp::Kind::kGet;
    } else if (EqualsIgnoreCase(sub, "set") && remaining >= 3) {
      op.kind = FieldOp::Kind::kSet;
    } else if (EqualsIgnoreCase(sub, "incrby") && remaining >= 3) {
      op.kind = FieldOp::Kind::kIncrBy;
    } else if (EqualsIgnoreCase(sub, "overflow") && remaining >= 1) {
      const std::string_view how = argv[++j];
      if (EqualsIgnoreCase(how, "wrap")) {
        overflow = Overflow::kWrap;
      } else if (EqualsIgnoreCase(how, "sat")) {
        overflow = Overflow::kSat;
      } else if (EqualsIgnoreCase(how, "fail")) {
        overflow = Overflow::kFail;
      } else {
        return Err("ERR Invalid OVERFLOW type specified");
      }
      continue;
    } else {
      return Err(errors::kSyntax);
    }
    StatusOr<FieldType> type = bitops::ParseFieldType(argv[j + 1]);
    if (!type.ok()) return type.status();
    StatusOr<uint64_t> offset = bitops::ParseBitOffset(argv[j + 2], type->bits, max_bulk_len);
    if (!offset.ok()) return offset.status();
    op.type = *type;
    op.offset = *offset;
    op.overflow = overflow;
    if (op.kind != FieldOp::Kind::kGet) {
      out.writes = true;
      out.highest_bit = std::max(out.highest_bit, op.offset + op.type.bits - 1);
      if (!ParseInt64(argv[j + 3], &op.value)) return Err(errors::kNotInteger);
    }
    out.ops.push_back(op);
    j += op.kind == FieldOp::Kind::kGet ? 2 : 3;
  }
  return out;
}

// SET or INCRBY on one field; replies with the old (SET) or new (INCRBY)
// value, or nil when OVERFLOW FAIL refused the write.
void RunFieldWrite(const FieldOp& op, uint8_t* bytes, resp::ReplyWriter& reply) {
  const bool incr = op.kind == FieldOp::Kind::kIncrBy;
  const int bits = op.type.bits;
  if (op.type.is_signed) {
    const int64_t old = bitops::GetSigned(bytes, op.offset, bits);
    int64_t limit = 0;
    const bool over = incr ? bitops::SignedOverflows(old, op.value, bits, op.overflow, &limit)
                           : bitops::SignedOverflows(op.value, 0, bits, op.overflow, &limit);
    if (over && op.overflow == Overflow::kFail) return reply.Null();
    const int64_t fresh =
        over   ? limit
        : incr ? static_cast<int64_t>(static_cast<uint64_t>(old) + static_cast<uint64_t>(op.value))
               : op.value;
    bitops::SetBits(bytes, op.offset, bits, static_cast<uint64_t>(fresh));
    return reply.Integer(incr ? fresh : old);
  }
  const uint64_t old = bitops::GetUnsigned(bytes, op.offset, bits);
  uint64_t limit = 0;
  const uint64_t as_unsigned = static_cast<uint64_t>(op.value);
  const bool over = incr ? bitops::UnsignedOverflows(old, op.value, bits, op.overflow, &limit)
                         : bitops::UnsignedOverflows(as_unsigned, 0, bits, op.overflow, &limit);
  if (over && op.overflow == Overflow::kFail) return reply.Null();
  const uint64_t fresh = over ? limit : incr ? old + as_unsigned : as_unsigned;
  bitops::SetBits(bytes, op.offset, bits, fresh);
  reply.Integer(static_cast<int64_t>(incr ? fresh : old));
}

void BitFieldGeneric(CommandContext& ctx, bool read_only) {
  StatusOr<FieldOps> parsed = ParseFieldOps(ctx.argv, MaxBulkLen(ctx));
  if (!parsed.ok()) return ctx.reply.Error(parsed.status().message());
  const FieldOps& ops = *parsed;
  Db& db = ctx.db();
  std::string* target = nullptr;
  std::string read_copy;  // the value as GETs see it in a read-only call
  if (!ops.writes) {
    StatusOr<const Object*> o = LookupForBitRead(db, ctx.argv[1]);
    if (!o.ok()) return ctx.reply.Error(o.status().message());
    if (*o != nullptr) read_copy = (*o)->StringValue();
  } else {
    if (read_only) return ctx.reply.Error("ERR BITFIELD_RO only supports the GET subcommand");
    bool grown = false;
    StatusOr<std::string*> s = LookupForBitWrite(db, ctx.argv[1], ops.highest_bit, &grown);
    if (!s.ok()) return ctx.reply.Error(s.status().message());
    target = *s;
  }
  ctx.reply.ArrayHeader(ops.ops.size());
  for (const FieldOp& op : ops.ops) {
    if (op.kind != FieldOp::Kind::kGet) {
      RunFieldWrite(op, reinterpret_cast<uint8_t*>(target->data()), ctx.reply);
      continue;
    }
    const std::string_view s = target != nullptr ? std::string_view(*target) : read_copy;
    if (op.type.is_signed) {
      ctx.reply.Integer(bitops::GetSignedPadded(s, op.offset, op.type.bits));
    } else {
      ctx.reply.Integer(
          static_cast<int64_t>(bitops::GetUnsignedPadded(s, op.offset, op.type.bits)));
    }
  }
  if (ops.writes) Changed(ctx, "setbit", ctx.argv[1], notify::kString);
}

void CmdBitField(CommandContext& ctx) { BitFieldGeneric(ctx, false); }
void CmdBitFieldRo(CommandContext& ctx) { BitFieldGeneric(ctx, true); }

// ---------------------------------------------------------------------------
// Registration
// ---------------------------------------------------------------------------

using namespace argdoc;  // NOLINT: builder names read as the docs' vocabulary

CommandSpec BitCommand(std::string_view name, int arity, uint64_t flags, uint64_t acl,
                       std::vector<KeySpec> key_specs, CommandHandler handler,
                       std::string_view since, std::string_view summary,
                       std::string_view complexity) {
  CommandSpec spec;
  spec.name = name;
  spec.arity = arity;
  spec.flags = flags;
  spec.acl = acl | aclcat::kBitmap;
  spec.key_specs = std::move(key_specs);
  spec.handler = handler;
  spec.group = "bitmap";
  spec.since = since;
  spec.summary = summary;
  spec.complexity = complexity;
  return spec;
}

CommandArg IndexUnit() {
  return OneOf("index_unit", {Token("byte", "BYTE"), Token("bit", "BIT")})
      .Since("7.0.0")
      .Optional();
}

CommandArg BitfieldWrite() {
  return Block("write", {OneOf("wrap_sat_fail",
                               {Token("wrap", "WRAP"), Token("sat", "SAT"), Token("fail", "FAIL")})
                             .Token("OVERFLOW")
                             .Optional(),
                         OneOf("write_operation",
                               {Block("encoding_offset_value",
                                      {String("encoding"), Integer("offset"), Integer("value")})
                                    .Token("SET"),
                                Block("encoding_offset_increment",
                                      {String("encoding"), Integer("offset"), Integer("increment")})
                                    .Token("INCRBY")})});
}

}  // namespace

void RegisterBitmapCommands(CommandTable& table) {
  namespace cf = cmdflag;
  namespace kf = keyflag;
  const uint64_t kWrite = cf::kWrite | cf::kDenyOom;
  const uint64_t kWriteAcl = aclcat::kWrite | aclcat::kSlow;
  const std::vector<KeySpec> ro_key = {KeySpec::Range(1, 0, 1, kf::kRO | kf::kAccess)};
  const std::string_view kON = "O(N)";
  const std::string_view kPerSub = "O(1) for each subcommand specified";

  CommandSpec setbit =
      BitCommand("setbit", 4, kWrite, kWriteAcl,
                 {KeySpec::Range(1, 0, 1, kf::kRW | kf::kAccess | kf::kUpdate)}, CmdSetBit, "2.2.0",
                 "Sets or clears the bit at offset in the string value stored at key", "O(1)");
  setbit.args = {Key("key", 0), Integer("offset"), Integer("value")};
  table.Add(std::move(setbit));

  CommandSpec getbit = BitCommand(
      "getbit", 3, cf::kReadOnly | cf::kFast, aclcat::kRead | aclcat::kFast, ro_key, CmdGetBit,
      "2.2.0", "Returns the bit value at offset in the string value stored at key", "O(1)");
  getbit.args = {Key("key", 0), Integer("offset")};
  table.Add(std::move(getbit));

  CommandSpec bitcount =
      BitCommand("bitcount", -2, cf::kReadOnly, aclcat::kRead | aclcat::kSlow, ro_key, CmdBitCount,
                 "2.6.0", "Count set bits in a string", kON);
  bitcount.history = {{"7.0.0", "Added the `BYTE|BIT` option."}};
  bitcount.args = {Key("key", 0),
                   Block("index", {Integer("start"), Integer("end"), IndexUnit()}).Optional()};
  table.Add(std::move(bitcount));

  CommandSpec bitpos =
      BitCommand("bitpos", -3, cf::kReadOnly, aclcat::kRead | aclcat::kSlow, ro_key, CmdBitPos,
                 "2.8.7", "Find first bit set or clear in a string", kON);
  bitpos.history = {{"7.0.0", "Added the `BYTE|BIT` option."}};
  bitpos.args = {Key("key", 0), Integer("bit"),
                 Block("index", {Integer("start"),
                                 Block("end_index", {Integer("end"), IndexUnit()}).Optional()})
                     .Optional()};
  table.Add(std::move(bitpos));

  CommandSpec bitop =
      BitCommand("bitop", -4, kWrite, kWriteAcl,
                 {KeySpec::Range(2, 0, 1, kf::kOW | kf::kUpdate),
                  KeySpec::Range(3, -1, 1, kf::kRO | kf::kAccess)},
                 CmdBitOp, "2.6.0", "Perform bitwise operations between strings", kON);
  bitop.args = {String("operation"), Key("destkey", 0), Key("key", 1).Multiple()};
  table.Add(std::move(bitop));

  KeySpec bitfield_key =
      KeySpec::Range(1, 0, 1, kf::kRW | kf::kAccess | kf::kUpdate | kf::kVariableFlags);
  bitfield_key.notes = "This command allows both access and modification of the key";
  CommandSpec bitfield =
      BitCommand("bitfield", -2, kWrite, kWriteAcl, {bitfield_key}, CmdBitField, "3.2.0",
                 "Perform arbitrary bitfield integer operations on strings", kPerSub);
  bitfield.args = {
      Key("key", 0),
      OneOf("operation",
            {Block("encoding_offset", {String("encoding"), Integer("offset")}).Token("GET"),
             BitfieldWrite()})
          .Optional()
          .Multiple()};
  table.Add(std::move(bitfield));

  CommandSpec bitfield_ro = BitCommand(
      "bitfield_ro", -2, cf::kReadOnly | cf::kFast, aclcat::kRead | aclcat::kFast, ro_key,
      CmdBitFieldRo, "6.0.0",
      "Perform arbitrary bitfield integer operations on strings. Read-only variant of BITFIELD",
      kPerSub);
  bitfield_ro.args = {Key("key", 0),
                      Block("encoding_offset", {String("encoding"), Integer("offset")})
                          .Token("GET")
                          .Optional()
                          .Multiple()
                          .MultipleToken()};
  table.Add(std::move(bitfield_ro));
}

}  // namespace shoal
