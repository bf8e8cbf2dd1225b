// What the allocator reports: the bytes handed out (used_memory) and its
// name (INFO mem_allocator). shoal-node links jemalloc, as Redis does; the
// library code finds it at run time, so tests and sanitizer builds fall back
// to glibc's figures.
#pragma once

#include <cstddef>
#include <string>

namespace shoal {

// Bytes currently allocated by the process.
size_t AllocatedBytes();
// "jemalloc-5.3.0" or "libc".
std::string AllocatorName();

// AllocatedBytes() cheap enough to read before every command, for eviction.
// jemalloc's total costs a statistics refresh over all arenas (tens of
// microseconds), so the meter takes that total at Resync() and then adds what
// the calling thread allocated and freed since, read from jemalloc's
// per-thread counters (two loads). The data-owning thread does nearly all
// allocation; other threads' share is picked up at the next Resync(), which
// the node's cron calls a few times a second. Without jemalloc every read
// asks the allocator. Used only from the thread that constructed it.
class AllocationMeter {
 public:
  AllocationMeter();
  size_t Used() const;
  void Resync();

 private:
  const uint64_t* thread_allocated_ = nullptr;  // jemalloc's, or null
  const uint64_t* thread_freed_ = nullptr;
  size_t base_ = 0;
  uint64_t allocated_at_base_ = 0;
  uint64_t freed_at_base_ = 0;
};

}  // namespace shoal
