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

}  // namespace shoal
