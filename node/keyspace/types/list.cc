#include "node/keyspace/types/list.h"

#include <algorithm>
#include <cstring>

#include "common/lzf.h"

namespace shoal {

namespace {

// Size limits of fill -1..-5 (list-max-listpack-size).
constexpr size_t kOptimizationLevel[] = {4096, 8192, 16384, 32768, 65536};
// A node limited by entry count still never grows past this many bytes.
constexpr size_t kSizeSafetyLimit = 8192;
// Nodes smaller than this are not worth compressing.
constexpr size_t kMinCompressBytes = 48;
// Compression must save at least this much to be kept.
constexpr size_t kMinCompressImprove = 8;
// Header (6) + end byte (1): what merging two listpacks saves.
constexpr size_t kListpackOverhead = 7;

bool MeetsSizeLevel(size_t sz, int fill) {
  if (fill >= 0) return false;
  const size_t offset = static_cast<size_t>(-fill) - 1;
  return offset < std::size(kOptimizationLevel) && sz <= kOptimizationLevel[offset];
}

// Whether a node of `sz` bytes and `count` entries is within the fill
// policy (Redis 7.0's size-then-count rule).
bool WithinFill(int fill, size_t sz, size_t count) {
  if (MeetsSizeLevel(sz, fill)) return true;
  if (sz > kSizeSafetyLimit) return false;
  return static_cast<int64_t>(count) <= fill;
}

// The listpack holding a's entries followed by b's.
Listpack Concat(const Listpack& a, const Listpack& b) {
  std::string_view da = a.data();
  std::string_view db = b.data();
  std::string bytes;
  bytes.reserve(da.size() + db.size() - kListpackOverhead);
  bytes.append(da.substr(0, da.size() - 1));
  bytes.append(db.substr(Listpack::kHeaderSize));
  const size_t total = bytes.size();
  const size_t n = a.size() + b.size();
  for (int i = 0; i < 4; ++i) bytes[i] = static_cast<char>((total >> (8 * i)) & 0xFF);
  const size_t hdr = n < 65535 ? n : 65535;
  bytes[4] = static_cast<char>(hdr & 0xFF);
  bytes[5] = static_cast<char>(hdr >> 8);
  Listpack out;
  Listpack::FromBytes(bytes, &out);  // well-formed by construction
  return out;
}

}  // namespace

// One quicklist node: a listpack, or its LZF-compressed bytes.
struct ListValue::Node {
  Listpack lp;                     // the entries (empty while compressed)
  std::unique_ptr<uint8_t[]> lzf;  // compressed listpack bytes, or null
  uint32_t lzf_len = 0;
  uint32_t sz = 0;     // uncompressed listpack bytes
  uint32_t count = 0;  // entries
  // Decompressed temporarily for an edit; compress again afterwards.
  bool recompress = false;

  bool compressed() const { return lzf != nullptr; }
  void UpdateSize() { sz = static_cast<uint32_t>(lp.bytes()); }

  // Redis's __quicklistCompressNode: keeps the compressed form only when it
  // saves at least kMinCompressImprove bytes.
  void Compress() {
    recompress = false;
    if (compressed() || sz < kMinCompressBytes) return;
    auto buf = std::make_unique<uint8_t[]>(sz);
    const size_t n = LzfCompress(lp.data().data(), sz, buf.get(), sz);
    if (n == 0 || n + kMinCompressImprove >= sz) return;
    lzf = std::make_unique<uint8_t[]>(n);
    std::memcpy(lzf.get(), buf.get(), n);
    lzf_len = static_cast<uint32_t>(n);
    lp = Listpack();
  }

  // The entries, decompressed into a new listpack.
  Listpack Decompressed() const {
    std::string bytes(sz, '\0');
    const size_t n = LzfDecompress(lzf.get(), lzf_len, bytes.data(), sz);
    Listpack out;
    if (n == sz) Listpack::FromBytes(bytes, &out);
    return out;
  }

  void Decompress() {
    recompress = false;
    if (!compressed()) return;
    lp = Decompressed();
    lzf.reset();
    lzf_len = 0;
  }
};

ListValue::ListValue(int fill, int compress_depth)
    : fill_(std::clamp(fill, -5, 32767)), depth_(std::clamp(compress_depth, 0, 65535)) {}

ListValue::~ListValue() = default;

std::unique_ptr<ListValue> NewListValue(int fill, int compress_depth) {
  return std::make_unique<ListValue>(fill, compress_depth);
}

std::unique_ptr<CollectionValue> ListValue::Clone() const {
  auto copy = std::make_unique<ListValue>(fill_, depth_);
  copy->count_ = count_;
  copy->nodes_.reserve(nodes_.size());
  for (const auto& n : nodes_) {
    auto c = std::make_unique<Node>();
    c->lp = n->lp;
    if (n->compressed()) {
      c->lzf = std::make_unique<uint8_t[]>(n->lzf_len);
      std::memcpy(c->lzf.get(), n->lzf.get(), n->lzf_len);
    }
    c->lzf_len = n->lzf_len;
    c->sz = n->sz;
    c->count = n->count;
    c->recompress = n->recompress;
    copy->nodes_.push_back(std::move(c));
  }
  return copy;
}

size_t ListValue::MemoryUsage() const {
  size_t bytes = sizeof(*this) + nodes_.capacity() * sizeof(nodes_[0]);
  for (const auto& n : nodes_) {
    bytes += sizeof(Node) + n->lp.allocated_bytes() + n->lzf_len;
  }
  return bytes;
}

// ---------------------------------------------------------------------------
// Fill policy
// ---------------------------------------------------------------------------

bool ListValue::AllowInsert(const Node* node, size_t value_len) const {
  if (node == nullptr) return false;
  // Redis estimates the entry's overhead from its length: the backlen and
  // encoding bytes of the worst case.
  size_t overhead = value_len < 254 ? 1 : 5;
  if (value_len < 64) {
    overhead += 1;
  } else if (value_len < 16384) {
    overhead += 2;
  } else {
    overhead += 5;
  }
  const size_t new_sz = node->sz + value_len + overhead;
  if (MeetsSizeLevel(new_sz, fill_)) return true;
  if (new_sz > kSizeSafetyLimit) return false;
  return static_cast<int64_t>(node->count) < fill_;
}

bool ListValue::AllowMerge(const Node* a, const Node* b) const {
  if (a == nullptr || b == nullptr) return false;
  return WithinFill(fill_, a->sz + b->sz - kListpackOverhead, a->count + b->count);
}

// ---------------------------------------------------------------------------
// Compression bookkeeping (Redis's __quicklistCompress and friends)
// ---------------------------------------------------------------------------

size_t ListValue::Find(const Node* node) const {
  for (size_t i = 0; i < nodes_.size(); ++i) {
    if (nodes_[i].get() == node) return i;
  }
  return nodes_.size();
}

// Keeps the `depth_` nodes at each end uncompressed and compresses `node`
// (when it is deeper) and the first node past the depth on each side. As
// every node enters the interior by crossing that boundary, all interior
// nodes end up compressed.
void ListValue::CompressAround(const Node* node) {
  const size_t len = nodes_.size();
  if (depth_ == 0 || len < static_cast<size_t>(depth_) * 2) return;
  size_t fwd = 0;
  size_t rev = len - 1;
  bool in_depth = false;
  for (int d = 0; d < depth_; ++d) {
    nodes_[fwd]->Decompress();
    nodes_[rev]->Decompress();
    if (nodes_[fwd].get() == node || nodes_[rev].get() == node) in_depth = true;
    if (fwd == rev || fwd + 1 == rev) return;
    ++fwd;
    --rev;
  }
  if (!in_depth && node != nullptr) const_cast<Node*>(node)->Compress();
  nodes_[fwd]->Compress();
  nodes_[rev]->Compress();
}

void ListValue::CompressUpdated(size_t i) {
  if (nodes_[i]->recompress) {
    nodes_[i]->Compress();
  } else {
    CompressAround(nodes_[i].get());
  }
}

void ListValue::DecompressForUse(size_t i) {
  Node& n = *nodes_[i];
  if (n.compressed()) {
    n.Decompress();
    n.recompress = true;
  }
}

void ListValue::RecompressOnly(size_t i) {
  if (nodes_[i]->recompress) nodes_[i]->Compress();
}

void ListValue::InsertNode(size_t at, std::unique_ptr<Node> node, size_t old_node, bool has_old) {
  Node* added = node.get();
  Node* old = has_old ? nodes_[old_node].get() : nullptr;
  nodes_.insert(nodes_.begin() + static_cast<ptrdiff_t>(at), std::move(node));
  if (old != nullptr) CompressUpdated(Find(old));
  CompressUpdated(Find(added));
}

void ListValue::DeleteNode(size_t i) {
  count_ -= nodes_[i]->count;
  nodes_.erase(nodes_.begin() + static_cast<ptrdiff_t>(i));
  // A node within the depth may have gone: its neighbour moves in.
  CompressAround(nullptr);
}

// ---------------------------------------------------------------------------
// Ends
// ---------------------------------------------------------------------------

void ListValue::Push(End where, std::string_view value) {
  const bool head = where == End::kHead;
  Node* end = nodes_.empty() ? nullptr : (head ? nodes_.front() : nodes_.back()).get();
  if (AllowInsert(end, value.size())) {
    if (head) {
      end->lp.Prepend(value);
    } else {
      end->lp.Append(value);
    }
    end->UpdateSize();
    ++end->count;
  } else {
    auto node = std::make_unique<Node>();
    node->lp.Append(value);
    node->UpdateSize();
    node->count = 1;
    const bool has_old = !nodes_.empty();
    if (head) {
      InsertNode(0, std::move(node), 0, has_old);
    } else {
      InsertNode(nodes_.size(), std::move(node), nodes_.size() - 1, has_old);
    }
  }
  ++count_;
}

std::optional<std::string> ListValue::Pop(End where) {
  if (count_ == 0) return std::nullopt;
  const size_t i = where == End::kHead ? 0 : nodes_.size() - 1;
  Node& n = *nodes_[i];
  n.Decompress();  // the ends are never compressed; defensive
  const Listpack::Pos p = where == End::kHead ? n.lp.First() : n.lp.Last();
  std::string value = n.lp.GetString(p);
  n.lp.Delete(p);
  --n.count;
  --count_;
  if (n.count == 0) {
    DeleteNode(i);
  } else {
    n.UpdateSize();
  }
  return value;
}

// ---------------------------------------------------------------------------
// By index
// ---------------------------------------------------------------------------

void ListValue::Locate(size_t index, size_t* node, size_t* offset) const {
  // Walk from the nearer end, as Redis does.
  if (index < count_ / 2 + 1) {
    size_t acc = 0;
    for (size_t i = 0; i < nodes_.size(); ++i) {
      if (index < acc + nodes_[i]->count) {
        *node = i;
        *offset = index - acc;
        return;
      }
      acc += nodes_[i]->count;
    }
  } else {
    size_t acc = count_;
    for (size_t i = nodes_.size(); i-- > 0;) {
      acc -= nodes_[i]->count;
      if (index >= acc) {
        *node = i;
        *offset = index - acc;
        return;
      }
    }
  }
  *node = nodes_.size();
  *offset = 0;
}

Listpack ListValue::NodeListpack(size_t i) const {
  const Node& n = *nodes_[i];
  return n.compressed() ? n.Decompressed() : n.lp;
}

std::string_view ListValue::NodeCompressedBytes(size_t i) const {
  const Node& n = *nodes_[i];
  if (!n.compressed()) return {};
  return {reinterpret_cast<const char*>(n.lzf.get()), n.lzf_len};
}

std::optional<std::string> ListValue::Index(size_t index) const {
  if (index >= count_) return std::nullopt;
  size_t ni = 0;
  size_t off = 0;
  Locate(index, &ni, &off);
  const Node& n = *nodes_[ni];
  if (n.compressed()) {
    Listpack lp = n.Decompressed();
    return lp.GetString(lp.Seek(static_cast<int64_t>(off)));
  }
  return n.lp.GetString(n.lp.Seek(static_cast<int64_t>(off)));
}

void ListValue::Set(size_t index, std::string_view value) {
  size_t ni = 0;
  size_t off = 0;
  Locate(index, &ni, &off);
  DecompressForUse(ni);
  Node& n = *nodes_[ni];
  n.lp.Replace(n.lp.Seek(static_cast<int64_t>(off)), value);
  n.UpdateSize();
  CompressUpdated(ni);
}

void ListValue::Walk(size_t start, bool reverse,
                     const std::function<bool(const Listpack::Entry&)>& fn) const {
  if (start >= count_) return;
  size_t ni = 0;
  size_t off = 0;
  Locate(start, &ni, &off);
  Listpack scratch;
  while (ni < nodes_.size()) {
    const Node& n = *nodes_[ni];
    const Listpack* lp = &n.lp;
    if (n.compressed()) {
      scratch = n.Decompressed();
      lp = &scratch;
    }
    Listpack::Pos p = lp->Seek(static_cast<int64_t>(off));
    while (p != Listpack::kEnd) {
      if (!fn(lp->Get(p))) return;
      p = reverse ? lp->Prev(p) : lp->Next(p);
    }
    if (reverse) {
      if (ni == 0) return;
      --ni;
      off = nodes_[ni]->count - 1;
    } else {
      ++ni;
      off = 0;
    }
  }
}

std::vector<std::string> ListValue::Range(size_t start, size_t end) const {
  std::vector<std::string> out;
  if (start > end || start >= count_) return out;
  out.reserve(end - start + 1);
  const size_t want = end - start + 1;
  Walk(start, false, [&](const Listpack::Entry& e) {
    out.push_back(e.ToString());
    return out.size() < want;
  });
  return out;
}

// ---------------------------------------------------------------------------
// Insertion next to an element (Redis's _quicklistInsert)
// ---------------------------------------------------------------------------

bool ListValue::Insert(std::string_view pivot, std::string_view value, bool after) {
  for (size_t ni = 0; ni < nodes_.size(); ++ni) {
    const Node& n = *nodes_[ni];
    Listpack scratch;
    const Listpack* lp = &n.lp;
    if (n.compressed()) {
      scratch = n.Decompressed();
      lp = &scratch;
    }
    size_t off = 0;
    for (Listpack::Pos p = lp->First(); p != Listpack::kEnd; p = lp->Next(p), ++off) {
      if (lp->Get(p).Equals(pivot)) {
        InsertAt(ni, off, value, after);
        return true;
      }
    }
  }
  return false;
}

void ListValue::InsertAt(size_t ni, size_t offset, std::string_view value, bool after) {
  Node* node = nodes_[ni].get();
  const bool full = !AllowInsert(node, value.size());
  Node* next = ni + 1 < nodes_.size() ? nodes_[ni + 1].get() : nullptr;
  Node* prev = ni > 0 ? nodes_[ni - 1].get() : nullptr;
  const bool at_tail = after && offset == node->count - 1;
  const bool at_head = !after && offset == 0;
  const bool avail_next = at_tail && AllowInsert(next, value.size());
  const bool avail_prev = at_head && AllowInsert(prev, value.size());
  ++count_;

  if (!full) {
    DecompressForUse(ni);
    Listpack::Pos p = node->lp.Seek(static_cast<int64_t>(offset));
    if (after) {
      node->lp.InsertAfter(p, value);
    } else {
      node->lp.InsertBefore(p, value);
    }
    ++node->count;
    node->UpdateSize();
    RecompressOnly(ni);
  } else if (at_tail && avail_next) {
    DecompressForUse(ni + 1);
    next->lp.Prepend(value);
    ++next->count;
    next->UpdateSize();
    RecompressOnly(ni + 1);
  } else if (at_head && avail_prev) {
    DecompressForUse(ni - 1);
    prev->lp.Append(value);
    ++prev->count;
    prev->UpdateSize();
    RecompressOnly(ni - 1);
  } else if ((at_tail && next != nullptr) || (at_head && prev != nullptr)) {
    // The neighbour is full too: a new node between them.
    auto fresh = std::make_unique<Node>();
    fresh->lp.Append(value);
    fresh->count = 1;
    fresh->UpdateSize();
    InsertNode(after ? ni + 1 : ni, std::move(fresh), ni, true);
  } else {
    // Split the node at the pivot; the value goes into the new half.
    DecompressForUse(ni);
    auto half = std::make_unique<Node>();
    half->lp = node->lp;
    if (after) {
      Listpack::Pos keep_end = node->lp.Seek(static_cast<int64_t>(offset + 1));
      node->lp.DeleteRange(keep_end, node->count - offset - 1);
      half->lp.DeleteRange(half->lp.First(), offset + 1);
      half->lp.Prepend(value);
    } else {
      node->lp.DeleteRange(node->lp.First(), offset);
      half->lp.DeleteRange(half->lp.Seek(static_cast<int64_t>(offset)), node->count - offset);
      half->lp.Append(value);
    }
    node->count = static_cast<uint32_t>(node->lp.size());
    node->UpdateSize();
    half->count = static_cast<uint32_t>(half->lp.size());
    half->UpdateSize();
    InsertNode(after ? ni + 1 : ni, std::move(half), ni, true);
    MergeAround(Find(node));
  }
}

// Merges node a+1 into node a (Redis's _quicklistListpackMerge).
void ListValue::Merge(size_t a) {
  Node& left = *nodes_[a];
  Node& right = *nodes_[a + 1];
  left.Decompress();
  right.Decompress();
  left.lp = Concat(left.lp, right.lp);
  left.count += right.count;
  left.UpdateSize();
  left.recompress = false;
  right.count = 0;
  DeleteNode(a + 1);
  CompressUpdated(a);
}

void ListValue::MergeAround(size_t center) {
  Node* c = nodes_[center].get();
  if (center >= 2 && AllowMerge(nodes_[center - 2].get(), nodes_[center - 1].get())) {
    Merge(center - 2);
  }
  size_t ci = Find(c);
  if (ci + 2 < nodes_.size() && AllowMerge(nodes_[ci + 1].get(), nodes_[ci + 2].get())) {
    Merge(ci + 1);
  }
  ci = Find(c);
  size_t target = ci;
  if (ci >= 1 && AllowMerge(nodes_[ci].get(), nodes_[ci - 1].get())) {
    Merge(ci - 1);
    target = ci - 1;
  }
  if (target + 1 < nodes_.size() && AllowMerge(nodes_[target].get(), nodes_[target + 1].get())) {
    Merge(target);
  }
}

// ---------------------------------------------------------------------------
// Deletions
// ---------------------------------------------------------------------------

size_t ListValue::Remove(std::string_view value, int64_t count) {
  const bool reverse = count < 0;
  const uint64_t limit = count == 0 ? UINT64_MAX : static_cast<uint64_t>(reverse ? -count : count);
  size_t removed = 0;
  size_t ni = reverse ? nodes_.size() : 0;
  while (removed < limit) {
    if (reverse) {
      if (ni == 0) break;
      --ni;
    } else if (ni >= nodes_.size()) {
      break;
    }
    const Node* probe = nodes_[ni].get();
    Listpack scratch;
    const Listpack* lp = &probe->lp;
    if (probe->compressed()) {
      scratch = probe->Decompressed();
      lp = &scratch;
    }
    bool any = false;
    for (Listpack::Pos p = lp->First(); p != Listpack::kEnd && !any; p = lp->Next(p)) {
      any = lp->Get(p).Equals(value);
    }
    if (!any) {
      if (!reverse) ++ni;
      continue;
    }
    DecompressForUse(ni);
    Node& n = *nodes_[ni];
    Listpack::Pos p = reverse ? n.lp.Last() : n.lp.First();
    while (p != Listpack::kEnd && removed < limit) {
      if (n.lp.Get(p).Equals(value)) {
        Listpack::Pos after = n.lp.Delete(p);
        ++removed;
        --n.count;
        --count_;
        if (reverse) {
          p = after == Listpack::kEnd ? n.lp.Last() : n.lp.Prev(after);
        } else {
          p = after;
        }
      } else {
        p = reverse ? n.lp.Prev(p) : n.lp.Next(p);
      }
    }
    if (n.count == 0) {
      DeleteNode(ni);
      continue;  // forward: ni now names the next node
    }
    n.UpdateSize();
    RecompressOnly(ni);
    if (!reverse) ++ni;
  }
  return removed;
}

void ListValue::DeleteRange(size_t start, size_t n) {
  if (start >= count_ || n == 0) return;
  n = std::min(n, count_ - start);
  size_t ni = 0;
  size_t off = 0;
  Locate(start, &ni, &off);
  while (n > 0 && ni < nodes_.size()) {
    Node& node = *nodes_[ni];
    const size_t del = std::min<size_t>(n, node.count - off);
    n -= del;
    if (off == 0 && del == node.count) {
      DeleteNode(ni);
    } else {
      DecompressForUse(ni);
      node.lp.DeleteRange(node.lp.Seek(static_cast<int64_t>(off)), del);
      node.count -= static_cast<uint32_t>(del);
      count_ -= del;
      node.UpdateSize();
      RecompressOnly(ni);
      ++ni;
    }
    off = 0;
  }
}

// ---------------------------------------------------------------------------
// Introspection
// ---------------------------------------------------------------------------

std::vector<ListValue::NodeInfo> ListValue::Nodes() const {
  std::vector<NodeInfo> out;
  out.reserve(nodes_.size());
  for (const auto& n : nodes_) {
    out.push_back({n->count, n->sz, n->compressed(), n->lzf_len});
  }
  return out;
}

void ListValue::AppendNode(Listpack lp) {
  auto node = std::make_unique<Node>();
  node->count = static_cast<uint32_t>(lp.size());
  if (node->count == 0) return;
  node->lp = std::move(lp);
  node->UpdateSize();
  count_ += node->count;
  const bool has_old = !nodes_.empty();
  InsertNode(nodes_.size(), std::move(node), nodes_.size() - 1, has_old);
}

}  // namespace shoal
