#include "node/persistence/rdb_values.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "common/listpack.h"
#include "node/keyspace/types/list.h"
#include "node/keyspace/types/stream.h"
#include "node/persistence/rdb_format.h"
#include "node/persistence/rdb_sets.h"
#include "node/persistence/rdb_hash.h"

namespace shoal::rdb {
namespace {

Status Corrupt(std::string_view what) { return Status::Error(std::string(what)); }

// Unwraps a StatusOr into `var`, returning its error from the function.
#define RDB_ASSIGN(var, expr)              \
  auto var##_or = (expr);                  \
  if (!var##_or.ok()) return var##_or.status(); \
  auto var = std::move(*var##_or)

// ---------------------------------------------------------------------------
// Strings
// ---------------------------------------------------------------------------

void WriteString(RdbWriter& w, const Object& o) {
  std::string scratch;
  w.String(o.StringBytes(&scratch));
}

// ---------------------------------------------------------------------------
// Streams (RDB_TYPE_STREAM_LISTPACKS_2)
//
// Entries are grouped in nodes, each a listpack keyed by its first ("master")
// ID as 16 big-endian bytes. A node starts with the master entry:
//   <count> <deleted> <num master fields> <field>... <0>
// then each entry:
//   <flags> <ms - master ms> <seq - master seq>
//   flags & SAMEFIELDS: <value>...               (the master's fields)
//   otherwise:          <num fields> <field> <value>...
//   <lp-count: number of listpack elements of the entry before this one>
// ---------------------------------------------------------------------------

std::string EncodeIdBigEndian(StreamId id) {
  std::string out(16, '\0');
  for (int i = 0; i < 8; ++i) {
    out[i] = static_cast<char>(id.ms >> (56 - 8 * i));
    out[8 + i] = static_cast<char>(id.seq >> (56 - 8 * i));
  }
  return out;
}

StreamId DecodeIdBigEndian(std::string_view b) {
  StreamId id;
  for (int i = 0; i < 8; ++i) {
    id.ms = (id.ms << 8) | static_cast<uint8_t>(b[i]);
    id.seq = (id.seq << 8) | static_cast<uint8_t>(b[8 + i]);
  }
  return id;
}

bool SameFields(const StreamEntry& a, const StreamEntry& master) {
  if (a.fields.size() != master.fields.size()) return false;
  for (size_t i = 0; i < a.fields.size(); ++i) {
    if (a.fields[i].first != master.fields[i].first) return false;
  }
  return true;
}

// Builds one node from entries[begin, end).
Listpack EncodeStreamNode(const std::vector<StreamEntry>& entries, size_t begin, size_t end) {
  const StreamEntry& master = entries[begin];
  Listpack lp;
  lp.AppendInt(static_cast<int64_t>(end - begin));
  lp.AppendInt(0);
  lp.AppendInt(static_cast<int64_t>(master.fields.size()));
  for (const auto& [f, v] : master.fields) lp.Append(f);
  lp.AppendInt(0);
  for (size_t i = begin; i < end; ++i) {
    const StreamEntry& e = entries[i];
    const bool same = SameFields(e, master);
    lp.AppendInt(same ? kStreamItemSameFields : 0);
    lp.AppendInt(static_cast<int64_t>(e.id.ms - master.id.ms));
    lp.AppendInt(static_cast<int64_t>(e.id.seq - master.id.seq));
    const auto n = static_cast<int64_t>(e.fields.size());
    if (same) {
      for (const auto& [f, v] : e.fields) lp.Append(v);
    } else {
      lp.AppendInt(n);
      for (const auto& [f, v] : e.fields) {
        lp.Append(f);
        lp.Append(v);
      }
    }
    lp.AppendInt(same ? n + 3 : 2 * n + 4);
  }
  return lp;
}

void WriteStreamIdPair(RdbWriter& w, StreamId id) {
  w.Length(id.ms);
  w.Length(id.seq);
}

void WriteStream(RdbWriter& w, const StreamValue& s, const ServerConfig& cfg) {
  const std::vector<StreamEntry> entries = s.Range(StreamId::Min(), StreamId::Max(), 0, false);
  // Node boundaries as Redis draws them when appending: a new node once the
  // entry count or the listpack's bytes reach the configured maximum.
  const auto max_entries = static_cast<size_t>(cfg.stream_node_max_entries);
  const auto max_bytes = static_cast<size_t>(cfg.stream_node_max_bytes);
  std::vector<std::pair<size_t, size_t>> nodes;
  size_t begin = 0, bytes = 0;
  for (size_t i = 0; i < entries.size(); ++i) {
    size_t entry_bytes = 0;
    for (const auto& [f, v] : entries[i].fields) entry_bytes += f.size() + v.size();
    const bool full = (max_bytes > 0 && bytes + entry_bytes >= max_bytes) ||
                      (max_entries > 0 && i - begin >= max_entries);
    if (i > begin && full) {
      nodes.emplace_back(begin, i);
      begin = i;
      bytes = 0;
    }
    bytes += entry_bytes + 16;
  }
  if (begin < entries.size()) nodes.emplace_back(begin, entries.size());
  w.Length(nodes.size());
  for (const auto& [b, e] : nodes) {
    w.String(EncodeIdBigEndian(entries[b].id));
    w.String(EncodeStreamNode(entries, b, e).data());
  }
  w.Length(s.Size());
  WriteStreamIdPair(w, s.last_id());
  WriteStreamIdPair(w, s.first_id());
  WriteStreamIdPair(w, s.max_deleted_id());
  w.Length(s.entries_added());
  w.Length(s.groups().size());
  for (const auto& [name, g] : s.groups()) {
    w.String(name);
    WriteStreamIdPair(w, g.last_id);
    w.Length(static_cast<uint64_t>(g.entries_read));
    w.Length(g.pel.size());
    for (const auto& [id, p] : g.pel) {
      w.Raw(EncodeIdBigEndian(id));
      w.Millis(p.delivery_time_ms);
      w.Length(p.delivery_count);
    }
    w.Length(g.consumers.size());
    for (const auto& [cname, c] : g.consumers) {
      w.String(cname);
      w.Millis(c.seen_time_ms);
      w.Length(c.pel.size());
      for (const auto& [id, unused] : c.pel) w.Raw(EncodeIdBigEndian(id));
    }
  }
}

// Walks one node's listpack into `out`, checking every element is present
// and of the expected kind.
class NodeWalker {
 public:
  explicit NodeWalker(const Listpack& lp) : lp_(lp), pos_(lp.First()) {}
  StatusOr<int64_t> Int() {
    if (pos_ == Listpack::kEnd) return Corrupt("stream node ends early");
    const Listpack::Entry e = lp_.Get(pos_);
    pos_ = lp_.Next(pos_);
    if (!e.is_int) return Corrupt("stream node holds a string where a number belongs");
    return e.int_value;
  }
  StatusOr<std::string> Str() {
    if (pos_ == Listpack::kEnd) return Corrupt("stream node ends early");
    std::string s = lp_.GetString(pos_);
    pos_ = lp_.Next(pos_);
    return s;
  }
  bool done() const { return pos_ == Listpack::kEnd; }

 private:
  const Listpack& lp_;
  Listpack::Pos pos_;
};

Status ReadStreamNode(StreamId master_id, const Listpack& lp, StreamValue* s) {
  NodeWalker w(lp);
  RDB_ASSIGN(count, w.Int());
  RDB_ASSIGN(deleted, w.Int());
  RDB_ASSIGN(num_master, w.Int());
  if (count < 0 || deleted < 0 || num_master < 0 || count + deleted == 0) {
    return Corrupt("bad stream node header");
  }
  std::vector<std::string> master_fields;
  for (int64_t i = 0; i < num_master; ++i) {
    RDB_ASSIGN(f, w.Str());
    master_fields.push_back(std::move(f));
  }
  RDB_ASSIGN(terminator, w.Int());
  if (terminator != 0) return Corrupt("bad stream master entry");
  for (int64_t i = 0; i < count + deleted; ++i) {
    RDB_ASSIGN(flags, w.Int());
    RDB_ASSIGN(ms_diff, w.Int());
    RDB_ASSIGN(seq_diff, w.Int());
    StreamEntry e;
    e.id = {master_id.ms + static_cast<uint64_t>(ms_diff),
            master_id.seq + static_cast<uint64_t>(seq_diff)};
    if ((flags & kStreamItemSameFields) != 0) {
      for (const std::string& f : master_fields) {
        RDB_ASSIGN(v, w.Str());
        e.fields.emplace_back(f, std::move(v));
      }
    } else {
      RDB_ASSIGN(n, w.Int());
      if (n < 0 || n > static_cast<int64_t>(lp.size())) return Corrupt("bad stream entry size");
      for (int64_t j = 0; j < n; ++j) {
        RDB_ASSIGN(f, w.Str());
        RDB_ASSIGN(v, w.Str());
        e.fields.emplace_back(std::move(f), std::move(v));
      }
    }
    RDB_ASSIGN(lp_count, w.Int());
    (void)lp_count;
    if ((flags & kStreamItemDeleted) != 0) continue;
    if (!s->RestoreEntry(std::move(e))) return Corrupt("duplicate or unordered stream entry");
  }
  if (!w.done()) return Corrupt("trailing data in stream node");
  return Status::Ok();
}

StatusOr<StreamId> ReadIdPair(RdbReader& r) {
  RDB_ASSIGN(ms, r.Length());
  RDB_ASSIGN(seq, r.Length());
  return StreamId{ms, seq};
}

StatusOr<StreamId> ReadRawId(RdbReader& r) {
  RDB_ASSIGN(raw, r.Raw(16));
  return DecodeIdBigEndian(raw);
}

Status ReadStreamGroups(RdbReader& r, bool v2, StreamValue* s) {
  RDB_ASSIGN(num_groups, r.Length());
  for (uint64_t g = 0; g < num_groups; ++g) {
    RDB_ASSIGN(name, r.String());
    RDB_ASSIGN(last_id, ReadIdPair(r));
    int64_t entries_read = kInvalidEntriesRead;
    if (v2) {
      RDB_ASSIGN(n, r.Length());
      entries_read = static_cast<int64_t>(n);
    } else {
      entries_read = s->EstimateEntriesRead(last_id);
    }
    auto [it, inserted] = s->groups().try_emplace(name);
    if (!inserted) return Corrupt("duplicate consumer group");
    ConsumerGroup& group = it->second;
    group.last_id = last_id;
    group.entries_read = entries_read;
    RDB_ASSIGN(pel_size, r.Length());
    for (uint64_t i = 0; i < pel_size; ++i) {
      RDB_ASSIGN(id, ReadRawId(r));
      RDB_ASSIGN(when, r.Millis());
      RDB_ASSIGN(deliveries, r.Length());
      group.pel[id] = PendingEntry{when, deliveries, {}};
    }
    RDB_ASSIGN(num_consumers, r.Length());
    for (uint64_t c = 0; c < num_consumers; ++c) {
      RDB_ASSIGN(cname, r.String());
      RDB_ASSIGN(seen, r.Millis());
      StreamConsumer& consumer = group.consumers[cname];
      consumer.name = cname;
      consumer.seen_time_ms = seen;
      RDB_ASSIGN(owned, r.Length());
      for (uint64_t i = 0; i < owned; ++i) {
        RDB_ASSIGN(id, ReadRawId(r));
        auto p = group.pel.find(id);
        if (p == group.pel.end()) return Corrupt("consumer owns an entry not in the group PEL");
        p->second.consumer = cname;
        consumer.pel[id] = true;
      }
    }
    for (const auto& [id, p] : group.pel) {
      if (p.consumer.empty()) return Corrupt("pending entry without a consumer");
    }
  }
  return Status::Ok();
}

StatusOr<Object> ReadStream(RdbReader& r, uint8_t type) {
  auto stream = std::make_unique<StreamValue>();
  RDB_ASSIGN(num_nodes, r.Length());
  for (uint64_t n = 0; n < num_nodes; ++n) {
    RDB_ASSIGN(key, r.String());
    if (key.size() != 16) return Corrupt("bad stream node key");
    RDB_ASSIGN(bytes, r.String());
    Listpack lp;
    if (!Listpack::FromBytes(bytes, &lp)) return Corrupt("invalid stream node listpack");
    Status st = ReadStreamNode(DecodeIdBigEndian(key), lp, stream.get());
    if (!st.ok()) return st;
  }
  RDB_ASSIGN(length, r.Length());
  if (length != stream->Size()) return Corrupt("stream length does not match its entries");
  RDB_ASSIGN(last_id, ReadIdPair(r));
  stream->SetLastId(last_id);
  const bool v2 = type == kTypeStreamListpacks2;
  if (v2) {
    RDB_ASSIGN(first_id, ReadIdPair(r));
    (void)first_id;  // derived from the entries
    RDB_ASSIGN(max_deleted, ReadIdPair(r));
    RDB_ASSIGN(added, r.Length());
    stream->SetMaxDeletedId(max_deleted);
    stream->SetEntriesAdded(added);
  } else {
    stream->SetEntriesAdded(length);
  }
  Status st = ReadStreamGroups(r, v2, stream.get());
  if (!st.ok()) return st;
  return Object::Collection(ObjType::kStream, std::move(stream));
}

}  // namespace

// ---------------------------------------------------------------------------
// Lists (RDB_TYPE_LIST_QUICKLIST_2: <nodes> then per node <container>
// <listpack bytes>; container 1 is a plain node of one element, 2 a
// listpack; and the plain RDB_TYPE_LIST of older files)
// ---------------------------------------------------------------------------

void WriteList(RdbWriter& w, const ListValue& list) {
  const size_t nodes = list.Nodes().size();
  w.Length(nodes);
  for (size_t i = 0; i < nodes; ++i) {
    w.Length(kQuicklistNodePacked);
    w.String(list.NodeListpack(i).data());
  }
}

StatusOr<Object> ReadList(RdbReader& r, uint8_t type, const ServerConfig& cfg) {
  auto list = NewListValue(cfg.list_max_listpack_size, cfg.list_compress_depth);
  RDB_ASSIGN(count, r.Length());
  for (uint64_t i = 0; i < count; ++i) {
    if (type == kTypeList) {
      RDB_ASSIGN(element, r.String());
      list->Push(ListValue::End::kTail, element);
      continue;
    }
    RDB_ASSIGN(container, r.Length());
    RDB_ASSIGN(bytes, r.String());
    if (container == kQuicklistNodePlain) {
      list->Push(ListValue::End::kTail, bytes);
      continue;
    }
    if (container != kQuicklistNodePacked) return Corrupt("unknown quicklist node container");
    Listpack lp;
    if (!Listpack::FromBytes(bytes, &lp)) return Corrupt("invalid quicklist node listpack");
    list->AppendNode(std::move(lp));  // empty nodes are skipped, as Redis does
  }
  if (list->Size() == 0) return Corrupt("empty list");
  return Object::Collection(ObjType::kList, std::move(list));
}

// ---------------------------------------------------------------------------
// Dispatch by type
// ---------------------------------------------------------------------------

uint8_t TypeOf(const Object& value) {
  switch (value.type()) {
    case ObjType::kStream:
      return kTypeStreamListpacks2;
    case ObjType::kHash:
      return HashTypeOf(value.As<HashValue>());
    case ObjType::kList:
      return kTypeListQuicklist2;
    case ObjType::kSet:
      return SetTypeOf(value.As<SetValue>());
    case ObjType::kZSet:
      return ZSetTypeOf(value.As<ZSetValue>());
    default:
      return kTypeString;
  }
}

void WriteValue(RdbWriter& w, const Object& value, const ServerConfig& cfg) {
  switch (value.type()) {
    case ObjType::kString:
      WriteString(w, value);
      return;
    case ObjType::kStream:
      WriteStream(w, value.As<StreamValue>(), cfg);
      return;
    case ObjType::kHash:
      WriteHash(w, value.As<HashValue>());
      return;
    case ObjType::kList:
      WriteList(w, value.As<ListValue>());
      return;
    case ObjType::kSet:
      WriteSet(w, value.As<SetValue>());
      return;
    case ObjType::kZSet:
      WriteZSet(w, value.As<ZSetValue>());
      return;
    default:
      // Types whose RDB form is not written yet are saved as empty strings
      // rather than producing an unreadable file.
      w.String("");
      return;
  }
}

StatusOr<Object> ReadObject(RdbReader& r, uint8_t type, const ServerConfig& cfg) {
  switch (type) {
    case kTypeString: {
      RDB_ASSIGN(s, r.String());
      return Object::String(std::move(s));
    }
    case kTypeStreamListpacks:
    case kTypeStreamListpacks2:
      return ReadStream(r, type);
    case kTypeHash:
    case kTypeHashListpack:
      return ReadHash(r, type, cfg);
    case kTypeSet:
    case kTypeSetIntset:
      return ReadSet(r, type, cfg);
    case kTypeZSet:
    case kTypeZSet2:
    case kTypeZSetListpack:
      return ReadZSet(r, type, cfg);
    case kTypeList:
    case kTypeListQuicklist2:
      return ReadList(r, type, cfg);
    default:
      break;
  }
  return Corrupt("unknown or unsupported value type " + std::to_string(type));
}

}  // namespace shoal::rdb
