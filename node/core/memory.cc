#include "node/core/memory.h"

#include <dlfcn.h>
#include <malloc.h>

#include <cstdint>

namespace shoal {

namespace {

using MallctlFn = int (*)(const char*, void*, size_t*, void*, size_t);

// jemalloc's control entry point when the binary links it, else nullptr.
MallctlFn Mallctl() {
  static const MallctlFn fn = reinterpret_cast<MallctlFn>(dlsym(RTLD_DEFAULT, "mallctl"));
  return fn;
}

// The sanitizers' allocator replaces malloc and keeps its own count.
using SanitizerAllocatedFn = size_t (*)();
SanitizerAllocatedFn SanitizerAllocated() {
  static const SanitizerAllocatedFn fn = reinterpret_cast<SanitizerAllocatedFn>(
      dlsym(RTLD_DEFAULT, "__sanitizer_get_current_allocated_bytes"));
  return fn;
}

}  // namespace

size_t AllocatedBytes() {
  if (MallctlFn mallctl = Mallctl()) {
    // Statistics are cached until the epoch is advanced.
    uint64_t epoch = 1;
    size_t len = sizeof(epoch);
    mallctl("epoch", &epoch, &len, &epoch, len);
    size_t allocated = 0;
    len = sizeof(allocated);
    if (mallctl("stats.allocated", &allocated, &len, nullptr, 0) == 0) return allocated;
  }
  if (SanitizerAllocatedFn allocated = SanitizerAllocated()) return allocated();
  struct mallinfo2 mi = mallinfo2();
  return mi.uordblks + mi.hblkhd;
}

AllocationMeter::AllocationMeter() { Resync(); }

size_t AllocationMeter::Used() const {
  if (thread_allocated_ == nullptr) return AllocatedBytes();
  const int64_t delta = static_cast<int64_t>(*thread_allocated_ - allocated_at_base_) -
                        static_cast<int64_t>(*thread_freed_ - freed_at_base_);
  const int64_t used = static_cast<int64_t>(base_) + delta;
  return used > 0 ? static_cast<size_t>(used) : 0;
}

void AllocationMeter::Resync() {
  MallctlFn mallctl = Mallctl();
  if (mallctl == nullptr) return;
  // The counters of the calling thread, asked again each time: the meter
  // follows the thread that uses it even if another one built it.
  uint64_t* allocated = nullptr;
  uint64_t* freed = nullptr;
  size_t len = sizeof(allocated);
  if (mallctl("thread.allocatedp", &allocated, &len, nullptr, 0) != 0 ||
      mallctl("thread.deallocatedp", &freed, &len, nullptr, 0) != 0) {
    thread_allocated_ = thread_freed_ = nullptr;
    return;
  }
  thread_allocated_ = allocated;
  thread_freed_ = freed;
  base_ = AllocatedBytes();
  allocated_at_base_ = *thread_allocated_;
  freed_at_base_ = *thread_freed_;
}

std::string AllocatorName() {
  if (MallctlFn mallctl = Mallctl()) {
    const char* version = nullptr;
    size_t len = sizeof(version);
    if (mallctl("version", &version, &len, nullptr, 0) == 0 && version != nullptr) {
      std::string v(version);
      return "jemalloc-" + v.substr(0, v.find('-'));
    }
    return "jemalloc";
  }
  return "libc";
}

}  // namespace shoal
