#include "node/keyspace/types/stream.h"

#include <algorithm>
#include <charconv>

namespace shoal {

// ---------------------------------------------------------------------------
// IDs
// ---------------------------------------------------------------------------

std::string StreamId::ToString() const { return std::to_string(ms) + "-" + std::to_string(seq); }

bool StreamId::Increment() {
  if (seq == kMax) {
    if (ms == kMax) return false;
    ++ms;
    seq = 0;
  } else {
    ++seq;
  }
  return true;
}

bool StreamId::Decrement() {
  if (seq == 0) {
    if (ms == 0) return false;
    --ms;
    seq = kMax;
  } else {
    --seq;
  }
  return true;
}

namespace {

constexpr std::string_view kInvalidId = "ERR Invalid stream ID specified as stream command argument";

// Digits only, as strtoull would take them without sign or space.
bool ParseU64(std::string_view s, uint64_t* out) {
  if (s.empty()) return false;
  auto res = std::from_chars(s.data(), s.data() + s.size(), *out);
  return res.ec == std::errc() && res.ptr == s.data() + s.size();
}

}  // namespace

StatusOr<StreamId> ParseStreamId(std::string_view s, MissingSeq missing, bool allow_special) {
  if (allow_special && s == "-") return StreamId::Min();
  if (allow_special && s == "+") return StreamId::Max();
  StreamId id;
  const size_t dash = s.find('-');
  if (dash == std::string_view::npos) {
    if (missing == MissingSeq::kReject || !ParseU64(s, &id.ms)) {
      return Status::Error(std::string(kInvalidId));
    }
    id.seq = missing == MissingSeq::kMax ? StreamId::kMax : 0;
    return id;
  }
  if (!ParseU64(s.substr(0, dash), &id.ms) || !ParseU64(s.substr(dash + 1), &id.seq)) {
    return Status::Error(std::string(kInvalidId));
  }
  return id;
}

// ---------------------------------------------------------------------------
// Consumer groups
// ---------------------------------------------------------------------------

StreamConsumer& ConsumerGroup::GetOrCreateConsumer(std::string_view name, int64_t now_ms,
                                                   bool* created) {
  auto it = consumers.find(std::string(name));
  *created = it == consumers.end();
  if (*created) {
    StreamConsumer c;
    c.name = std::string(name);
    c.seen_time_ms = now_ms;
    it = consumers.emplace(c.name, std::move(c)).first;
  }
  return it->second;
}

ConsumerGroup* StreamValue::FindGroup(std::string_view name) {
  auto it = groups_.find(std::string(name));
  return it == groups_.end() ? nullptr : &it->second;
}

// ---------------------------------------------------------------------------
// Value basics
// ---------------------------------------------------------------------------

std::unique_ptr<CollectionValue> StreamValue::Clone() const {
  return std::make_unique<StreamValue>(*this);
}

size_t StreamValue::MemoryUsage() const {
  // Map nodes (three pointers, colour, key and value) plus each listpack.
  constexpr size_t kMapNode = 32 + sizeof(StreamId) + sizeof(Listpack);
  size_t bytes = sizeof(*this);
  for (const auto& [id, lp] : entries_) bytes += kMapNode + lp.allocated_bytes();
  for (const auto& [name, g] : groups_) {
    bytes += 64 + name.size() + g.pel.size() * (48 + sizeof(PendingEntry));
    for (const auto& [cname, c] : g.consumers) bytes += 96 + cname.size() + c.pel.size() * 48;
  }
  return bytes;
}

StreamId StreamValue::first_id() const {
  return entries_.empty() ? StreamId::Min() : entries_.begin()->first;
}

// ---------------------------------------------------------------------------
// Entries
// ---------------------------------------------------------------------------

namespace {

StreamEntry Unpack(StreamId id, const Listpack& lp) {
  StreamEntry e;
  e.id = id;
  for (Listpack::Pos p = lp.First(); p != Listpack::kEnd;) {
    std::string field = lp.GetString(p);
    p = lp.Next(p);
    std::string value = p == Listpack::kEnd ? std::string() : lp.GetString(p);
    e.fields.emplace_back(std::move(field), std::move(value));
    if (p != Listpack::kEnd) p = lp.Next(p);
  }
  return e;
}

}  // namespace

StatusOr<StreamId> StreamValue::Add(
    std::optional<StreamId> id, bool seq_auto, int64_t now_ms,
    const std::vector<std::pair<std::string_view, std::string_view>>& fields) {
  if (last_id_ == StreamId::Max()) {
    return Status::Error(
        "ERR The stream has exhausted the last possible ID, unable to add more items");
  }
  StreamId next;
  if (!id) {
    // "*": the current time, or the last ID's successor if the clock is
    // behind it.
    const auto ms = static_cast<uint64_t>(std::max<int64_t>(now_ms, 0));
    if (ms > last_id_.ms) {
      next = {ms, 0};
    } else {
      next = last_id_;
      next.Increment();  // cannot overflow: last_id_ is not the maximum
    }
  } else if (seq_auto) {
    next = {id->ms, 0};
    if (id->ms == last_id_.ms) {
      if (last_id_.seq == StreamId::kMax) {
        return Status::Error(
            "ERR The ID specified in XADD is equal or smaller than the target stream top item");
      }
      next.seq = last_id_.seq + 1;
    } else if (id->ms < last_id_.ms) {
      return Status::Error(
          "ERR The ID specified in XADD is equal or smaller than the target stream top item");
    }
  } else {
    next = *id;
  }
  if (next.IsZero()) return Status::Error("ERR The ID specified in XADD must be greater than 0-0");
  if (next <= last_id_) {
    return Status::Error(
        "ERR The ID specified in XADD is equal or smaller than the target stream top item");
  }
  Listpack lp;
  for (const auto& [f, v] : fields) {
    lp.Append(f);
    lp.Append(v);
  }
  entries_.emplace(next, std::move(lp));
  last_id_ = next;
  ++entries_added_;
  return next;
}

uint64_t StreamValue::Trim(const TrimSpec& spec, uint64_t node_max_entries) {
  if (spec.strategy == TrimSpec::Strategy::kNone) return 0;
  const uint64_t block = std::max<uint64_t>(node_max_entries, 1);
  // As in Redis, a limit of 0 means no limit.
  const uint64_t limit = spec.limit > 0 ? static_cast<uint64_t>(spec.limit) : UINT64_MAX;
  auto should_remove = [&](const StreamId& id, uint64_t length) {
    return spec.strategy == TrimSpec::Strategy::kMaxLen ? length > spec.maxlen : id < spec.minid;
  };
  uint64_t removed = 0;
  if (!spec.approx) {
    while (!entries_.empty() && removed < limit &&
           should_remove(entries_.begin()->first, entries_.size())) {
      entries_.erase(entries_.begin());
      ++removed;
    }
    return removed;
  }
  // Whole blocks only: a block goes when all of it may go.
  while (!entries_.empty()) {
    const uint64_t n = std::min<uint64_t>(block, entries_.size());
    if (removed + n > limit) break;
    auto last_of_block = std::next(entries_.begin(), static_cast<long>(n - 1));
    const bool whole = spec.strategy == TrimSpec::Strategy::kMaxLen
                           ? entries_.size() - n >= spec.maxlen
                           : last_of_block->first < spec.minid;
    if (!whole) break;
    entries_.erase(entries_.begin(), std::next(last_of_block));
    removed += n;
  }
  return removed;
}

std::vector<StreamEntry> StreamValue::Range(StreamId start, StreamId end, uint64_t count,
                                            bool rev) const {
  std::vector<StreamEntry> out;
  if (start > end) return out;
  if (!rev) {
    for (auto it = entries_.lower_bound(start); it != entries_.end() && it->first <= end; ++it) {
      if (count != 0 && out.size() >= count) break;
      out.push_back(Unpack(it->first, it->second));
    }
    return out;
  }
  auto it = entries_.upper_bound(end);
  while (it != entries_.begin()) {
    --it;
    if (it->first < start) break;
    if (count != 0 && out.size() >= count) break;
    out.push_back(Unpack(it->first, it->second));
  }
  return out;
}

std::optional<StreamEntry> StreamValue::Get(StreamId id) const {
  auto it = entries_.find(id);
  if (it == entries_.end()) return std::nullopt;
  return Unpack(it->first, it->second);
}

bool StreamValue::RestoreEntry(StreamEntry entry) {
  if (!entries_.empty() && entry.id <= entries_.rbegin()->first) return false;
  Listpack lp;
  for (const auto& [f, v] : entry.fields) {
    lp.Append(f);
    lp.Append(v);
  }
  entries_.emplace_hint(entries_.end(), entry.id, std::move(lp));
  return true;
}

std::optional<StreamEntry> StreamValue::First() const {
  if (entries_.empty()) return std::nullopt;
  return Unpack(entries_.begin()->first, entries_.begin()->second);
}

std::optional<StreamEntry> StreamValue::Last() const {
  if (entries_.empty()) return std::nullopt;
  return Unpack(entries_.rbegin()->first, entries_.rbegin()->second);
}

uint64_t StreamValue::Delete(const std::vector<StreamId>& ids) {
  uint64_t deleted = 0;
  for (const StreamId& id : ids) {
    if (entries_.erase(id) == 0) continue;
    ++deleted;
    if (id > max_deleted_id_) max_deleted_id_ = id;
  }
  return deleted;
}

// ---------------------------------------------------------------------------
// Group read counters (Redis 7's entries-read and lag)
// ---------------------------------------------------------------------------

bool StreamValue::RangeHasTombstones(StreamId start, StreamId end) const {
  if (entries_.empty() || max_deleted_id_.IsZero()) return false;
  return start <= max_deleted_id_ && max_deleted_id_ <= end;
}

int64_t StreamValue::EstimateEntriesRead(StreamId id) const {
  const auto added = static_cast<int64_t>(entries_added_);
  if (entries_added_ == 0) return 0;
  if (entries_.empty() && id <= last_id_) return added;
  if (id == last_id_) return added;
  if (id > last_id_) return kInvalidEntriesRead;
  const StreamId first = first_id();
  if (max_deleted_id_.IsZero() || max_deleted_id_ < first) {
    // No tombstones between the first entry and the end.
    const auto length = static_cast<int64_t>(entries_.size());
    if (id < first) return added - length;
    if (id == first) return added - length + 1;
  }
  return kInvalidEntriesRead;
}

std::optional<int64_t> StreamValue::Lag(const ConsumerGroup& group) const {
  if (entries_added_ == 0) return 0;
  const auto added = static_cast<int64_t>(entries_added_);
  if (group.entries_read != kInvalidEntriesRead &&
      !RangeHasTombstones(group.last_id, StreamId::Max())) {
    return added - group.entries_read;
  }
  const int64_t read = EstimateEntriesRead(group.last_id);
  if (read == kInvalidEntriesRead) return std::nullopt;
  return added - read;
}

void StreamValue::AdvanceGroup(ConsumerGroup& group, StreamId id) const {
  if (id <= group.last_id) return;
  if (group.entries_read != kInvalidEntriesRead && !RangeHasTombstones(id, StreamId::Max())) {
    ++group.entries_read;
  } else if (entries_added_ > 0) {
    group.entries_read = EstimateEntriesRead(id);
  }
  group.last_id = id;
}

}  // namespace shoal
