// The stream type: an append-only log of entries (ID → field/value pairs)
// with consumer groups, as Redis 7.0 defines it. Data logic only: every
// operation returns values or a Status with Redis's error text; the command
// layer (node/commands/streams.cc) parses arguments and writes replies.
//
// Entries live in an ordered map keyed by ID, each entry's fields and values
// packed in one listpack. Redis groups entries into radix-tree nodes of up to
// stream-node-max-entries; Shoal keeps no such nodes, so "approximate"
// trimming (MAXLEN ~ / MINID ~) removes whole blocks of node_max_entries
// entries counted from the head, which is what Redis's node-at-a-time
// trimming looks like from outside.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/listpack.h"
#include "common/status.h"
#include "node/keyspace/object.h"

namespace shoal {

struct StreamId {
  uint64_t ms = 0;
  uint64_t seq = 0;

  static constexpr uint64_t kMax = UINT64_MAX;
  static StreamId Min() { return {0, 0}; }
  static StreamId Max() { return {kMax, kMax}; }

  auto operator<=>(const StreamId&) const = default;
  bool IsZero() const { return ms == 0 && seq == 0; }
  std::string ToString() const;
  // The next/previous ID in order; false on overflow/underflow.
  bool Increment();
  bool Decrement();
};

// How a missing sequence part of an ID is completed: "-" ranges start at
// sequence 0, "+" ranges end at the maximum.
enum class MissingSeq { kZero, kMax, kReject };

// Parses "ms-seq" or "ms" (completed per `missing`), and the special "-" and
// "+". Errors: "ERR Invalid stream ID specified as stream command argument".
StatusOr<StreamId> ParseStreamId(std::string_view s, MissingSeq missing, bool allow_special);

// One entry: its ID and field/value pairs.
struct StreamEntry {
  StreamId id;
  std::vector<std::pair<std::string, std::string>> fields;
};

class StreamValue;

// A pending (delivered, not acknowledged) entry of a consumer group.
struct PendingEntry {
  int64_t delivery_time_ms = 0;
  uint64_t delivery_count = 0;
  std::string consumer;
};

struct StreamConsumer {
  std::string name;
  int64_t seen_time_ms = 0;
  std::map<StreamId, bool> pel;  // IDs this consumer has pending (value unused)
};

inline constexpr int64_t kInvalidEntriesRead = -1;

struct ConsumerGroup {
  StreamId last_id;
  int64_t entries_read = kInvalidEntriesRead;
  std::map<StreamId, PendingEntry> pel;
  std::map<std::string, StreamConsumer> consumers;  // ordered by name, as Redis's rax

  StreamConsumer& GetOrCreateConsumer(std::string_view name, int64_t now_ms, bool* created);
};

// XADD/XTRIM trimming.
struct TrimSpec {
  enum class Strategy { kNone, kMaxLen, kMinId } strategy = Strategy::kNone;
  bool approx = false;
  uint64_t maxlen = 0;
  StreamId minid;
  int64_t limit = 0;  // most entries to remove; 0: no limit
};

class StreamValue final : public CollectionValue {
 public:
  StreamValue() = default;
  std::unique_ptr<CollectionValue> Clone() const override;
  size_t MemoryUsage() const override;
  Encoding encoding() const override { return Encoding::kStream; }
  size_t Size() const override { return entries_.size(); }

  // --- Entries -----------------------------------------------------------------
  // Appends an entry. `id` is nullopt for "*"; `seq_auto` for "<ms>-*".
  // Errors: Redis's "equal or smaller than the target stream top item" and
  // "must be greater than 0-0".
  StatusOr<StreamId> Add(std::optional<StreamId> id, bool seq_auto, int64_t now_ms,
                         const std::vector<std::pair<std::string_view, std::string_view>>& fields);
  // Removes entries per the spec; returns how many went.
  uint64_t Trim(const TrimSpec& spec, uint64_t node_max_entries);
  // Entries with start <= id <= end, at most count (0: all), reversed when
  // `rev` (then from end down to start).
  std::vector<StreamEntry> Range(StreamId start, StreamId end, uint64_t count, bool rev) const;
  std::optional<StreamEntry> Get(StreamId id) const;
  // Deletes the given IDs; returns how many existed.
  uint64_t Delete(const std::vector<StreamId>& ids);

  StreamId last_id() const { return last_id_; }
  StreamId first_id() const;
  StreamId max_deleted_id() const { return max_deleted_id_; }
  uint64_t entries_added() const { return entries_added_; }
  // XSETID: validated by the caller against the current state.
  void SetLastId(StreamId id) { last_id_ = id; }
  void SetEntriesAdded(uint64_t n) { entries_added_ = n; }
  void SetMaxDeletedId(StreamId id) { max_deleted_id_ = id; }
  // Loading (RDB, RESTORE): appends an entry in ID order without the
  // checks and counters of Add. False if the ID is not above the last one.
  bool RestoreEntry(StreamEntry entry);
  std::optional<StreamEntry> First() const;
  std::optional<StreamEntry> Last() const;

  // --- Consumer groups ---------------------------------------------------------
  std::map<std::string, ConsumerGroup>& groups() { return groups_; }
  const std::map<std::string, ConsumerGroup>& groups() const { return groups_; }
  ConsumerGroup* FindGroup(std::string_view name);

  // Redis's estimate of how many entries were added before (and including)
  // `id`: kInvalidEntriesRead when it cannot be known (tombstones).
  int64_t EstimateEntriesRead(StreamId id) const;
  // Whether deleted entries may lie in [start, end].
  bool RangeHasTombstones(StreamId start, StreamId end) const;
  // XINFO GROUPS "lag": nullopt when unknown.
  std::optional<int64_t> Lag(const ConsumerGroup& group) const;
  // Records that `group` delivered entry `id` (XREADGROUP with ">").
  void AdvanceGroup(ConsumerGroup& group, StreamId id) const;

 private:
  std::map<StreamId, Listpack> entries_;
  StreamId last_id_;
  StreamId max_deleted_id_;
  uint64_t entries_added_ = 0;
  std::map<std::string, ConsumerGroup> groups_;
};

}  // namespace shoal
