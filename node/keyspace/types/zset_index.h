// ZSetIndex: the large ("skiplist") encoding of a sorted set, built for
// memory per member first.
//
// Redis pays per member a dict entry, a bucket, a skiplist node with its level
// array and an sds string (about 100 bytes for a short member). Here a member
// costs:
//
//   * one exact-size allocation, the ZNode: hash-chain link, score and the
//     member's bytes behind a 1- or 5-byte length (32 bytes for a 13-byte
//     member);
//   * one bucket pointer of the member hash (load factor <= 1);
//   * one pointer in a leaf of an order-statistic B+tree that keeps the nodes
//     sorted by (score, member). Inner nodes hold, per child, the subtree's
//     element count and its smallest node, so rank, element-at-rank and
//     range bounds cost O(log n). Leaves are linked both ways for range walks.
//
// The hash grows and shrinks by incremental rehashing (one bucket per
// operation, as Redis's dict), so no single command pays for a whole resize,
// and SCAN uses the reverse-binary cursor that stays valid across resizes.
// Node addresses never change while a member is present.
//
// Accounting: every allocation's usable size is added to allocated_bytes(), so
// MEMORY USAGE reports what the allocator really handed out.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string_view>

namespace shoal::zset {

// One member. Allocated with exactly the bytes it needs; never copied.
struct ZNode {
  ZNode* next;  // hash chain
  double score;
  // Followed by the member: a length byte (or 0xFF and a 4-byte length) and
  // the bytes.
  std::string_view member() const;
  // Node size for a member of `len` bytes.
  static size_t AllocSize(size_t len);
};

class ZSetIndex {
 public:
  explicit ZSetIndex(uint64_t hash_seed);
  ~ZSetIndex();
  ZSetIndex(const ZSetIndex&) = delete;
  ZSetIndex& operator=(const ZSetIndex&) = delete;

  size_t size() const { return size_; }
  size_t allocated_bytes() const { return bytes_; }

  // --- Members ----------------------------------------------------------------
  // The node of `member`, or nullptr. Advances an ongoing rehash.
  const ZNode* Find(std::string_view member);
  // Adds a member that is not present.
  const ZNode* Insert(std::string_view member, double score);
  // Removes a member; false when absent.
  bool Erase(std::string_view member);
  // Moves a present member to a new score.
  void UpdateScore(const ZNode* node, double score);

  // --- Order ------------------------------------------------------------------
  // 0-based position of a present node in (score, member) order.
  size_t Rank(const ZNode* node) const;
  // The node at a 0-based position < size().
  const ZNode* At(size_t rank) const;
  // Number of nodes x for which before(x) holds, where before is monotonic
  // (true for a prefix of the order): the rank of the first node after the
  // prefix.
  size_t CountBefore(const std::function<bool(const ZNode*)>& before) const;
  // Calls fn for ranks [begin, end) in order, or from end-1 down to begin
  // when reverse. fn returns false to stop.
  void Walk(size_t begin, size_t end, bool reverse,
            const std::function<bool(const ZNode*)>& fn) const;

  // --- Scan -------------------------------------------------------------------
  // One SCAN step over the member hash (see the file comment); 0 when done.
  uint64_t Scan(uint64_t cursor, const std::function<void(const ZNode*)>& fn) const;

 private:
  struct Leaf;
  struct Inner;
  struct Path;
  struct Table {
    ZNode** buckets = nullptr;
    size_t used = 0;
    int exp = -1;  // log2(bucket count); -1 when unallocated
    size_t buckets_size() const { return exp < 0 ? 0 : size_t{1} << exp; }
    uint64_t mask() const { return exp < 0 ? 0 : (uint64_t{1} << exp) - 1; }
  };

  // Hash side.
  uint64_t HashOf(std::string_view member) const;
  ZNode* HashFind(std::string_view member) const;
  void HashLink(ZNode* node);
  ZNode* HashUnlink(std::string_view member);
  void RehashStep();
  void ResizeHash(size_t want);
  void MaybeResizeHash();
  void FreeTable(Table& t);

  // Tree side.
  void TreeInsert(ZNode* node);
  void TreeErase(const ZNode* node);
  void Descend(const ZNode* node, Path* path) const;
  void InsertChild(Path& path, int level, void* child, ZNode* first, size_t count);
  void AddSibling(Path& path, int level, void* left, ZNode* left_first, size_t left_count,
                  void* right, ZNode* right_first, size_t right_count);
  const Leaf* LocateRank(size_t rank, uint32_t* pos) const;
  void RemoveChild(Path& path, int level);
  void MergeLeaves(Path& path);
  void CollapseRoot();
  void FreeTree(void* n, int height);

  // Allocation with accounting.
  void* Alloc(size_t n);
  void Free(void* p);

  uint64_t seed_;
  size_t size_ = 0;
  size_t bytes_ = 0;
  Table t_[2];
  int64_t rehash_idx_ = -1;
  void* root_ = nullptr;
  int height_ = 0;  // 0: root_ is a leaf
};

}  // namespace shoal::zset
