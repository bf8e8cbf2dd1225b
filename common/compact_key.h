// CompactKey: an owned byte string of 32 bytes that keeps up to 31 bytes
// inline (std::string keeps 15). Keyspace keys are usually short, so most
// keys live inside their hash-table node: one allocation and one cache miss
// fewer per key than a std::string key.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace shoal {

class CompactKey {
 public:
  static constexpr size_t kInlineCapacity = 31;

  CompactKey() { SetInlineSize(0); }
  explicit CompactKey(std::string_view s) { Assign(s); }
  CompactKey(const CompactKey& other) { Assign(other.view()); }
  CompactKey(CompactKey&& other) noexcept {
    std::memcpy(buf_, other.buf_, sizeof(buf_));
    other.SetInlineSize(0);
  }
  CompactKey& operator=(const CompactKey& other) {
    if (this != &other) {
      Release();
      Assign(other.view());
    }
    return *this;
  }
  CompactKey& operator=(CompactKey&& other) noexcept {
    if (this != &other) {
      Release();
      std::memcpy(buf_, other.buf_, sizeof(buf_));
      other.SetInlineSize(0);
    }
    return *this;
  }
  ~CompactKey() { Release(); }

  const char* data() const { return is_heap() ? HeapPtr() : buf_; }
  size_t size() const { return is_heap() ? HeapSize() : static_cast<uint8_t>(buf_[31]); }
  bool empty() const { return size() == 0; }
  std::string_view view() const { return {data(), size()}; }
  operator std::string_view() const { return view(); }  // NOLINT: used as a key
  std::string str() const { return std::string(view()); }
  // Bytes held outside the object (0 when inline), for memory accounting.
  size_t heap_bytes() const { return is_heap() ? HeapSize() : 0; }

  friend bool operator==(const CompactKey& a, const CompactKey& b) { return a.view() == b.view(); }
  friend bool operator==(const CompactKey& a, std::string_view b) { return a.view() == b; }
  friend bool operator==(std::string_view a, const CompactKey& b) { return a == b.view(); }

 private:
  // Inline: bytes in buf_[0..30], length in buf_[31] (< 0x80).
  // Heap: pointer in buf_[0..7], length in buf_[8..15], buf_[31] == kHeapFlag.
  static constexpr uint8_t kHeapFlag = 0x80;

  bool is_heap() const { return static_cast<uint8_t>(buf_[31]) == kHeapFlag; }
  void SetInlineSize(size_t n) { buf_[31] = static_cast<char>(n); }
  const char* HeapPtr() const {
    const char* p;
    std::memcpy(&p, buf_, sizeof(p));
    return p;
  }
  size_t HeapSize() const {
    uint64_t n;
    std::memcpy(&n, buf_ + 8, sizeof(n));
    return static_cast<size_t>(n);
  }
  void Assign(std::string_view s) {
    if (s.size() <= kInlineCapacity) {
      if (!s.empty()) std::memcpy(buf_, s.data(), s.size());
      SetInlineSize(s.size());
      return;
    }
    char* p = new char[s.size()];
    std::memcpy(p, s.data(), s.size());
    uint64_t n = s.size();
    std::memcpy(buf_, &p, sizeof(p));
    std::memcpy(buf_ + 8, &n, sizeof(n));
    buf_[31] = static_cast<char>(kHeapFlag);
  }
  void Release() {
    if (is_heap()) delete[] HeapPtr();
    SetInlineSize(0);
  }

  alignas(8) char buf_[32];
};

static_assert(sizeof(CompactKey) == 32);

}  // namespace shoal
