#include "node/keyspace/types/zset_index.h"

#include <malloc.h>

#include <cstdlib>
#include <cstring>
#include <new>

#include "common/dict.h"

namespace shoal::zset {

namespace {

// Capacities chosen so a leaf and an inner node each fill one 1 KiB
// allocation (an exact size class of jemalloc and glibc alike).
constexpr uint32_t kLeafCap = 125;
constexpr uint32_t kInnerCap = 50;
// A tree of height 12 with 25 children per inner node holds > 2^55 members.
constexpr int kMaxDepth = 16;
constexpr int kInitialExp = 2;
constexpr size_t kMinFillRatio = 10;  // shrink the hash below 10% fill
constexpr size_t kHeaderBytes = sizeof(ZNode*) + sizeof(double);

bool NodeLess(const ZNode* a, const ZNode* b) {
  if (a->score != b->score) return a->score < b->score;
  return a->member() < b->member();
}

uint64_t ReverseBits(uint64_t v) {
  v = ((v >> 1) & 0x5555555555555555ULL) | ((v & 0x5555555555555555ULL) << 1);
  v = ((v >> 2) & 0x3333333333333333ULL) | ((v & 0x3333333333333333ULL) << 2);
  v = ((v >> 4) & 0x0F0F0F0F0F0F0F0FULL) | ((v & 0x0F0F0F0F0F0F0F0FULL) << 4);
  v = ((v >> 8) & 0x00FF00FF00FF00FFULL) | ((v & 0x00FF00FF00FF00FFULL) << 8);
  v = ((v >> 16) & 0x0000FFFF0000FFFFULL) | ((v & 0x0000FFFF0000FFFFULL) << 16);
  return (v >> 32) | (v << 32);
}

// Increments the bits of v under mask in bit-reversed order.
uint64_t NextCursor(uint64_t v, uint64_t mask) {
  v |= ~mask;
  v = ReverseBits(v);
  ++v;
  return ReverseBits(v);
}

}  // namespace

// ---------------------------------------------------------------------------
// Nodes
// ---------------------------------------------------------------------------

std::string_view ZNode::member() const {
  const auto* p = reinterpret_cast<const unsigned char*>(this) + kHeaderBytes;
  if (p[0] < 0xFF) return {reinterpret_cast<const char*>(p + 1), p[0]};
  uint32_t len;
  std::memcpy(&len, p + 1, sizeof(len));
  return {reinterpret_cast<const char*>(p + 5), len};
}

size_t ZNode::AllocSize(size_t len) { return kHeaderBytes + (len < 0xFF ? 1 : 5) + len; }

struct ZSetIndex::Leaf {
  Leaf* prev;
  Leaf* next;
  uint32_t n;
  ZNode* items[kLeafCap];
};

struct ZSetIndex::Inner {
  uint32_t n;
  uint32_t counts[kInnerCap];  // elements under each child
  ZNode* first[kInnerCap];     // smallest node under each child
  void* child[kInnerCap];
};

// The way from the root to one leaf position.
struct ZSetIndex::Path {
  Inner* node[kMaxDepth];
  uint32_t idx[kMaxDepth];
  Leaf* leaf;
  uint32_t pos;
};

ZSetIndex::ZSetIndex(uint64_t hash_seed) : seed_(hash_seed) {}

ZSetIndex::~ZSetIndex() {
  if (root_ != nullptr) {
    // Every node sits in exactly one leaf; free them leaf by leaf.
    void* n = root_;
    for (int h = height_; h > 0; --h) n = static_cast<Inner*>(n)->child[0];
    for (Leaf* l = static_cast<Leaf*>(n); l != nullptr; l = l->next) {
      for (uint32_t i = 0; i < l->n; ++i) Free(l->items[i]);
    }
    FreeTree(root_, height_);
  }
  FreeTable(t_[0]);
  FreeTable(t_[1]);
}

void* ZSetIndex::Alloc(size_t n) {
  void* p = std::malloc(n);
  if (p == nullptr) throw std::bad_alloc();
  bytes_ += malloc_usable_size(p);
  return p;
}

void ZSetIndex::Free(void* p) {
  bytes_ -= malloc_usable_size(p);
  std::free(p);
}

void ZSetIndex::FreeTree(void* n, int height) {
  if (height > 0) {
    auto* in = static_cast<Inner*>(n);
    for (uint32_t i = 0; i < in->n; ++i) FreeTree(in->child[i], height - 1);
  }
  Free(n);
}

// ---------------------------------------------------------------------------
// Members
// ---------------------------------------------------------------------------

const ZNode* ZSetIndex::Find(std::string_view member) {
  if (rehash_idx_ >= 0) RehashStep();
  return HashFind(member);
}

const ZNode* ZSetIndex::Insert(std::string_view member, double score) {
  auto* node = static_cast<ZNode*>(Alloc(ZNode::AllocSize(member.size())));
  node->next = nullptr;
  node->score = score;
  auto* p = reinterpret_cast<unsigned char*>(node) + kHeaderBytes;
  if (member.size() < 0xFF) {
    *p++ = static_cast<unsigned char>(member.size());
  } else {
    *p++ = 0xFF;
    const auto len = static_cast<uint32_t>(member.size());
    std::memcpy(p, &len, sizeof(len));
    p += sizeof(len);
  }
  if (!member.empty()) std::memcpy(p, member.data(), member.size());
  if (rehash_idx_ >= 0) RehashStep();
  MaybeResizeHash();
  HashLink(node);
  TreeInsert(node);
  ++size_;
  return node;
}

bool ZSetIndex::Erase(std::string_view member) {
  if (rehash_idx_ >= 0) RehashStep();
  ZNode* node = HashUnlink(member);
  if (node == nullptr) return false;
  TreeErase(node);
  Free(node);
  if (--size_ == 0) {
    FreeTable(t_[0]);
    FreeTable(t_[1]);
    rehash_idx_ = -1;
    return true;
  }
  MaybeResizeHash();
  return true;
}

void ZSetIndex::UpdateScore(const ZNode* node, double score) {
  TreeErase(node);
  ZNode* n = const_cast<ZNode*>(node);
  n->score = score;
  TreeInsert(n);
}

// ---------------------------------------------------------------------------
// Hash
// ---------------------------------------------------------------------------

uint64_t ZSetIndex::HashOf(std::string_view member) const {
  return HashBytes(member.data(), member.size(), seed_);
}

ZNode* ZSetIndex::HashFind(std::string_view member) const {
  if (size_ == 0) return nullptr;
  const uint64_t h = HashOf(member);
  for (const Table& t : t_) {
    if (t.exp < 0) break;
    for (ZNode* n = t.buckets[h & t.mask()]; n != nullptr; n = n->next) {
      if (n->member() == member) return n;
    }
    if (rehash_idx_ < 0) break;
  }
  return nullptr;
}

void ZSetIndex::HashLink(ZNode* node) {
  Table& t = rehash_idx_ >= 0 ? t_[1] : t_[0];
  ZNode*& head = t.buckets[HashOf(node->member()) & t.mask()];
  node->next = head;
  head = node;
  ++t.used;
}

ZNode* ZSetIndex::HashUnlink(std::string_view member) {
  if (size_ == 0) return nullptr;
  const uint64_t h = HashOf(member);
  for (Table& t : t_) {
    if (t.exp < 0) break;
    for (ZNode** link = &t.buckets[h & t.mask()]; *link != nullptr; link = &(*link)->next) {
      ZNode* n = *link;
      if (n->member() == member) {
        *link = n->next;
        --t.used;
        return n;
      }
    }
    if (rehash_idx_ < 0) break;
  }
  return nullptr;
}

// Moves one bucket of the old table, looking at no more than 10 empty ones,
// so every call is bounded.
void ZSetIndex::RehashStep() {
  Table& from = t_[0];
  Table& to = t_[1];
  int empty_visits = 10;
  if (from.used > 0) {
    while (from.buckets[rehash_idx_] == nullptr) {
      ++rehash_idx_;
      if (--empty_visits == 0) return;
    }
    for (ZNode* n = from.buckets[rehash_idx_]; n != nullptr;) {
      ZNode* next = n->next;
      ZNode*& head = to.buckets[HashOf(n->member()) & to.mask()];
      n->next = head;
      head = n;
      --from.used;
      ++to.used;
      n = next;
    }
    from.buckets[rehash_idx_++] = nullptr;
  }
  if (from.used > 0) return;
  FreeTable(t_[0]);
  t_[0] = t_[1];
  t_[1] = Table();
  rehash_idx_ = -1;
}

void ZSetIndex::FreeTable(Table& t) {
  if (t.buckets != nullptr) Free(t.buckets);
  t = Table();
}

// Allocates a table of the smallest power of two >= max(want, 4); with a
// table already in place, starts rehashing into it.
void ZSetIndex::ResizeHash(size_t want) {
  int exp = kInitialExp;
  while ((size_t{1} << exp) < want) ++exp;
  if (exp == t_[0].exp) return;
  Table fresh;
  fresh.exp = exp;
  const size_t bytes = fresh.buckets_size() * sizeof(ZNode*);
  fresh.buckets = static_cast<ZNode**>(Alloc(bytes));
  std::memset(fresh.buckets, 0, bytes);
  if (t_[0].exp < 0) {
    t_[0] = fresh;
    return;
  }
  t_[1] = fresh;
  rehash_idx_ = 0;
}

// Grows at load factor 1 (before an insert), shrinks below 10% fill, frees
// the tables of an empty set.
void ZSetIndex::MaybeResizeHash() {
  if (rehash_idx_ >= 0) return;
  Table& t = t_[0];
  if (t.exp < 0) {
    ResizeHash(0);
  } else if (t.used >= t.buckets_size()) {
    ResizeHash(t.used + 1);
  } else if (t.exp > kInitialExp && t.used * kMinFillRatio < t.buckets_size()) {
    ResizeHash(t.used);
  }
}

uint64_t ZSetIndex::Scan(uint64_t cursor, const std::function<void(const ZNode*)>& fn) const {
  if (size_ == 0) return 0;
  auto visit = [&fn](const Table& t, uint64_t idx) {
    for (const ZNode* n = t.buckets[idx]; n != nullptr; n = n->next) fn(n);
  };
  uint64_t v = cursor;
  if (rehash_idx_ < 0) {
    const uint64_t m0 = t_[0].mask();
    visit(t_[0], v & m0);
    return NextCursor(v, m0);
  }
  const Table* small = &t_[0];
  const Table* large = &t_[1];
  if (small->buckets_size() > large->buckets_size()) std::swap(small, large);
  const uint64_t m0 = small->mask();
  const uint64_t m1 = large->mask();
  visit(*small, v & m0);
  // Then every bucket of the larger table that this one expands to.
  do {
    visit(*large, v & m1);
    v = NextCursor(v, m1);
  } while ((v & (m0 ^ m1)) != 0);
  return v;
}

// ---------------------------------------------------------------------------
// Tree
// ---------------------------------------------------------------------------

// Fills `path` with the way to where `node` is (or would be inserted): in each
// inner node the last child whose smallest element is <= node.
void ZSetIndex::Descend(const ZNode* node, Path* path) const {
  void* cur = root_;
  for (int level = 0; level < height_; ++level) {
    auto* in = static_cast<Inner*>(cur);
    uint32_t lo = 1;
    uint32_t hi = in->n;  // first child whose first element is > node
    while (lo < hi) {
      const uint32_t mid = (lo + hi) / 2;
      if (NodeLess(node, in->first[mid])) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    path->node[level] = in;
    path->idx[level] = lo - 1;
    cur = in->child[lo - 1];
  }
  auto* leaf = static_cast<Leaf*>(cur);
  uint32_t lo = 0;
  uint32_t hi = leaf->n;  // first item not less than node
  while (lo < hi) {
    const uint32_t mid = (lo + hi) / 2;
    if (NodeLess(leaf->items[mid], node)) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  path->leaf = leaf;
  path->pos = lo;
}

void ZSetIndex::TreeInsert(ZNode* node) {
  if (root_ == nullptr) {
    auto* leaf = static_cast<Leaf*>(Alloc(sizeof(Leaf)));
    leaf->prev = leaf->next = nullptr;
    leaf->n = 1;
    leaf->items[0] = node;
    root_ = leaf;
    height_ = 0;
    return;
  }
  Path p;
  Descend(node, &p);
  for (int level = 0; level < height_; ++level) {
    Inner* in = p.node[level];
    ++in->counts[p.idx[level]];
    if (NodeLess(node, in->first[p.idx[level]])) in->first[p.idx[level]] = node;
  }
  Leaf* l = p.leaf;
  const uint32_t pos = p.pos;
  if (l->n < kLeafCap) {
    std::memmove(&l->items[pos + 1], &l->items[pos], (l->n - pos) * sizeof(ZNode*));
    l->items[pos] = node;
    ++l->n;
    return;
  }
  // Split. Appending at the right edge (ascending inserts) keeps the left
  // leaf full instead of leaving two half-empty ones behind.
  const uint32_t keep = (pos == kLeafCap && l->next == nullptr) ? kLeafCap : kLeafCap / 2;
  auto* r = static_cast<Leaf*>(Alloc(sizeof(Leaf)));
  r->n = l->n - keep;
  std::memcpy(r->items, &l->items[keep], r->n * sizeof(ZNode*));
  l->n = keep;
  r->prev = l;
  r->next = l->next;
  if (l->next != nullptr) l->next->prev = r;
  l->next = r;
  Leaf* target = (pos < keep || (pos == keep && keep < kLeafCap)) ? l : r;
  const uint32_t at = target == l ? pos : pos - keep;
  std::memmove(&target->items[at + 1], &target->items[at], (target->n - at) * sizeof(ZNode*));
  target->items[at] = node;
  ++target->n;
  AddSibling(p, height_, l, l->items[0], l->n, r, r->items[0], r->n);
}

// After the node at `level` of `path` split into left and right: records both
// in the parent, or grows a new root above them.
void ZSetIndex::AddSibling(Path& path, int level, void* left, ZNode* left_first, size_t left_count,
                           void* right, ZNode* right_first, size_t right_count) {
  if (level == 0) {
    auto* root = static_cast<Inner*>(Alloc(sizeof(Inner)));
    root->n = 2;
    root->child[0] = left;
    root->child[1] = right;
    root->first[0] = left_first;
    root->first[1] = right_first;
    root->counts[0] = static_cast<uint32_t>(left_count);
    root->counts[1] = static_cast<uint32_t>(right_count);
    root_ = root;
    ++height_;
    return;
  }
  Inner* parent = path.node[level - 1];
  parent->counts[path.idx[level - 1]] = static_cast<uint32_t>(left_count);
  parent->first[path.idx[level - 1]] = left_first;
  InsertChild(path, level - 1, right, right_first, right_count);
}

// Inserts a child right after path.idx[level] in path.node[level], splitting
// upwards as needed.
void ZSetIndex::InsertChild(Path& path, int level, void* child, ZNode* first, size_t count) {
  Inner* in = path.node[level];
  const uint32_t at = path.idx[level] + 1;
  auto put = [](Inner* dst, uint32_t i, void* c, ZNode* f, size_t cnt) {
    const uint32_t tail = dst->n - i;
    std::memmove(&dst->child[i + 1], &dst->child[i], tail * sizeof(void*));
    std::memmove(&dst->first[i + 1], &dst->first[i], tail * sizeof(ZNode*));
    std::memmove(&dst->counts[i + 1], &dst->counts[i], tail * sizeof(uint32_t));
    dst->child[i] = c;
    dst->first[i] = f;
    dst->counts[i] = static_cast<uint32_t>(cnt);
    ++dst->n;
  };
  if (in->n < kInnerCap) return put(in, at, child, first, count);
  bool rightmost = true;
  for (int l = 0; l < level; ++l) rightmost &= path.idx[l] + 1 == path.node[l]->n;
  const uint32_t keep = (at == kInnerCap && rightmost) ? kInnerCap : kInnerCap / 2;
  auto* r = static_cast<Inner*>(Alloc(sizeof(Inner)));
  r->n = in->n - keep;
  std::memcpy(r->child, &in->child[keep], r->n * sizeof(void*));
  std::memcpy(r->first, &in->first[keep], r->n * sizeof(ZNode*));
  std::memcpy(r->counts, &in->counts[keep], r->n * sizeof(uint32_t));
  in->n = keep;
  if (at < keep || (at == keep && keep < kInnerCap)) {
    put(in, at, child, first, count);
  } else {
    put(r, at - keep, child, first, count);
  }
  size_t lcount = 0;
  size_t rcount = 0;
  for (uint32_t i = 0; i < in->n; ++i) lcount += in->counts[i];
  for (uint32_t i = 0; i < r->n; ++i) rcount += r->counts[i];
  AddSibling(path, level, in, in->first[0], lcount, r, r->first[0], rcount);
}

void ZSetIndex::TreeErase(const ZNode* node) {
  Path p;
  Descend(node, &p);
  Leaf* l = p.leaf;
  std::memmove(&l->items[p.pos], &l->items[p.pos + 1], (l->n - p.pos - 1) * sizeof(ZNode*));
  --l->n;
  // The node may be the smallest of some subtrees; its successor takes its
  // place there (a subtree that became empty is removed below).
  ZNode* successor =
      p.pos < l->n ? l->items[p.pos] : (l->next != nullptr ? l->next->items[0] : nullptr);
  for (int level = 0; level < height_; ++level) {
    Inner* in = p.node[level];
    --in->counts[p.idx[level]];
    if (in->first[p.idx[level]] == node) in->first[p.idx[level]] = successor;
  }
  if (l->n > 0) {
    if (height_ > 0 && l->n < kLeafCap / 4) MergeLeaves(p);
    return;
  }
  if (l->prev != nullptr) l->prev->next = l->next;
  if (l->next != nullptr) l->next->prev = l->prev;
  Free(l);
  if (height_ == 0) {
    root_ = nullptr;
    return;
  }
  RemoveChild(p, height_ - 1);
  CollapseRoot();
}

// A root with a single child is replaced by that child.
void ZSetIndex::CollapseRoot() {
  while (height_ > 0 && static_cast<Inner*>(root_)->n == 1) {
    auto* old = static_cast<Inner*>(root_);
    root_ = old->child[0];
    Free(old);
    --height_;
  }
}

// Folds the sparse leaf at the end of `path` and a sibling into one when
// together they fill at most 3/4 of a leaf, so deletions give memory back.
void ZSetIndex::MergeLeaves(Path& path) {
  Inner* parent = path.node[height_ - 1];
  const uint32_t idx = path.idx[height_ - 1];
  uint32_t left_idx = idx;
  if (idx + 1 >= parent->n) {
    if (idx == 0) return;
    left_idx = idx - 1;
  }
  auto* left = static_cast<Leaf*>(parent->child[left_idx]);
  auto* right = static_cast<Leaf*>(parent->child[left_idx + 1]);
  if (left->n + right->n > kLeafCap * 3 / 4) return;
  std::memcpy(&left->items[left->n], right->items, right->n * sizeof(ZNode*));
  left->n += right->n;
  left->next = right->next;
  if (right->next != nullptr) right->next->prev = left;
  parent->counts[left_idx] += parent->counts[left_idx + 1];
  Free(right);
  path.idx[height_ - 1] = left_idx + 1;
  RemoveChild(path, height_ - 1);
  CollapseRoot();
}

// Removes child path.idx[level] (already freed) from path.node[level]; an
// inner node left without children goes too.
void ZSetIndex::RemoveChild(Path& path, int level) {
  Inner* in = path.node[level];
  const uint32_t i = path.idx[level];
  const uint32_t tail = in->n - i - 1;
  std::memmove(&in->child[i], &in->child[i + 1], tail * sizeof(void*));
  std::memmove(&in->first[i], &in->first[i + 1], tail * sizeof(ZNode*));
  std::memmove(&in->counts[i], &in->counts[i + 1], tail * sizeof(uint32_t));
  --in->n;
  if (in->n > 0) return;
  Free(in);
  if (level == 0) {
    root_ = nullptr;
    height_ = 0;
    return;
  }
  RemoveChild(path, level - 1);
}

size_t ZSetIndex::Rank(const ZNode* node) const {
  Path p;
  Descend(node, &p);
  size_t rank = p.pos;
  for (int level = 0; level < height_; ++level) {
    for (uint32_t i = 0; i < p.idx[level]; ++i) rank += p.node[level]->counts[i];
  }
  return rank;
}

// The leaf holding `rank`, and the position in it.
const ZSetIndex::Leaf* ZSetIndex::LocateRank(size_t rank, uint32_t* pos) const {
  void* cur = root_;
  for (int level = 0; level < height_; ++level) {
    auto* in = static_cast<Inner*>(cur);
    uint32_t i = 0;
    while (i + 1 < in->n && rank >= in->counts[i]) rank -= in->counts[i++];
    cur = in->child[i];
  }
  *pos = static_cast<uint32_t>(rank);
  return static_cast<const Leaf*>(cur);
}

const ZNode* ZSetIndex::At(size_t rank) const {
  uint32_t pos = 0;
  return LocateRank(rank, &pos)->items[pos];
}

size_t ZSetIndex::CountBefore(const std::function<bool(const ZNode*)>& before) const {
  if (root_ == nullptr) return 0;
  size_t rank = 0;
  void* cur = root_;
  for (int level = 0; level < height_; ++level) {
    auto* in = static_cast<Inner*>(cur);
    uint32_t lo = 1;
    uint32_t hi = in->n;  // first child whose smallest element is not before
    while (lo < hi) {
      const uint32_t mid = (lo + hi) / 2;
      if (before(in->first[mid])) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    for (uint32_t i = 0; i + 1 < lo; ++i) rank += in->counts[i];
    cur = in->child[lo - 1];
  }
  auto* leaf = static_cast<Leaf*>(cur);
  uint32_t lo = 0;
  uint32_t hi = leaf->n;
  while (lo < hi) {
    const uint32_t mid = (lo + hi) / 2;
    if (before(leaf->items[mid])) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return rank + lo;
}

void ZSetIndex::Walk(size_t begin, size_t end, bool reverse,
                     const std::function<bool(const ZNode*)>& fn) const {
  if (begin >= end || end > size_) return;
  uint32_t pos = 0;
  const Leaf* leaf = LocateRank(reverse ? end - 1 : begin, &pos);
  for (size_t left = end - begin; left > 0; --left) {
    if (!fn(leaf->items[pos])) return;
    if (left == 1) break;
    if (reverse) {
      if (pos == 0) {
        leaf = leaf->prev;
        pos = leaf->n;
      }
      --pos;
    } else if (++pos == leaf->n) {
      leaf = leaf->next;
      pos = 0;
    }
  }
}

}  // namespace shoal::zset
