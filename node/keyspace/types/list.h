// The list type: Redis 7.0's quicklist, a sequence of nodes each holding a
// listpack of entries, so OBJECT ENCODING reports "quicklist" for every list
// as Redis 7.0 does.
//
// Node fill follows list-max-listpack-size exactly as Redis decides it: a
// positive fill caps the entries per node (and a node never grows past 8 KB
// by count alone); -1..-5 cap a node's listpack at 4, 8, 16, 32 or 64 KB.
// With list-compress-depth d > 0, every node further than d nodes from both
// ends is kept LZF-compressed (common/lzf.h) when that saves at least 8 bytes.
// Both settings are fixed when the list is created, as in Redis.
//
// Nodes are held in a vector of pointers rather than a linked list: the same
// node-at-a-time behaviour, 8 bytes per node instead of two link pointers,
// and index arithmetic instead of pointer chasing. Plain (>= 1 GB) nodes are
// not modelled: such elements exceed proto-max-bulk-len's default anyway.
//
// Operations return values; nothing here knows RESP.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/listpack.h"
#include "node/keyspace/object.h"

namespace shoal {

class ListValue final : public CollectionValue {
 public:
  enum class End : uint8_t { kHead, kTail };

  // fill: list-max-listpack-size; depth: list-compress-depth.
  ListValue(int fill, int compress_depth);
  ~ListValue() override;

  std::unique_ptr<CollectionValue> Clone() const override;
  size_t MemoryUsage() const override;
  Encoding encoding() const override { return Encoding::kQuicklist; }
  size_t Size() const override { return count_; }

  // --- Ends ------------------------------------------------------------------
  void Push(End where, std::string_view value);
  // Removes and returns the element at that end; nullopt when empty.
  std::optional<std::string> Pop(End where);

  // --- By index (0-based from the head; callers normalise negatives) --------
  std::optional<std::string> Index(size_t index) const;
  // Replaces the element at index (< Size()).
  void Set(size_t index, std::string_view value);

  // Calls fn for the elements from `start` (an index < Size()) towards the
  // tail, or towards the head when reverse, until fn returns false. The
  // entry is valid only during the call.
  void Walk(size_t start, bool reverse,
            const std::function<bool(const Listpack::Entry&)>& fn) const;
  // Elements [start, end] (inclusive, end < Size()).
  std::vector<std::string> Range(size_t start, size_t end) const;

  // --- Searching edits --------------------------------------------------------
  // Inserts value before (or after) the first element equal to pivot.
  // Returns false when pivot is not in the list.
  bool Insert(std::string_view pivot, std::string_view value, bool after);
  // Removes up to |count| elements equal to value, from the head when
  // count >= 0 and from the tail when negative; 0 removes all. Returns how
  // many were removed.
  size_t Remove(std::string_view value, int64_t count);
  // Deletes `n` elements starting at index `start`.
  void DeleteRange(size_t start, size_t n);

  // --- Introspection (DEBUG, tests, persistence) ------------------------------
  struct NodeInfo {
    size_t count;     // entries
    size_t bytes;     // uncompressed listpack bytes
    bool compressed;  // held LZF-compressed
    size_t compressed_bytes;
  };
  std::vector<NodeInfo> Nodes() const;
  int fill() const { return fill_; }
  int compress_depth() const { return depth_; }
  // Appends a whole listpack as a new tail node (loading a snapshot).
  void AppendNode(Listpack lp);
  // The uncompressed listpack of node i (a copy when that node is compressed).
  Listpack NodeListpack(size_t i) const;
  // Node i's LZF bytes when it is held compressed (RDB writes them as they
  // are, as Redis does), else empty.
  std::string_view NodeCompressedBytes(size_t i) const;

 private:
  struct Node;

  bool AllowInsert(const Node* node, size_t value_len) const;
  bool AllowMerge(const Node* a, const Node* b) const;
  // Locates the element at index: its node and offset inside the node.
  void Locate(size_t index, size_t* node, size_t* offset) const;

  // Node management with Redis's compression bookkeeping.
  void InsertNode(size_t at, std::unique_ptr<Node> node, size_t old_node, bool has_old);
  void DeleteNode(size_t i);
  void CompressAround(const Node* node);  // __quicklistCompress
  void CompressUpdated(size_t i);         // quicklistCompress
  void DecompressForUse(size_t i);
  void RecompressOnly(size_t i);
  void Merge(size_t a);  // merges nodes a and a+1 into a
  void MergeAround(size_t center);
  size_t Find(const Node* node) const;
  void InsertAt(size_t ni, size_t offset, std::string_view value, bool after);

  std::vector<std::unique_ptr<Node>> nodes_;
  size_t count_ = 0;
  int fill_;
  int depth_;
};

// A new list value configured from list-max-listpack-size and
// list-compress-depth.
std::unique_ptr<ListValue> NewListValue(int fill, int compress_depth);

}  // namespace shoal
