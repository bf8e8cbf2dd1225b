// LZF: the small, fast LZ77 compressor Redis uses for RDB strings and for
// quicklist nodes beyond list-compress-depth, in its exact byte format so the
// compressed bytes can go into RDB files unchanged.
//
// A compressed stream is a sequence of chunks, each starting with a control
// byte:
//
//   000LLLLL <L+1 bytes>            literal run of 1..32 bytes
//   LLLooooo oooooooo               back reference, L in 1..6: copy L+2 bytes
//   111ooooo <len-7> oooooooo       back reference: copy (7 + len-7) + 2 bytes
//
// A back reference copies from `offset + 1` bytes before the current output
// position (offset is the 13-bit o...o, so up to 8192 bytes back); copies may
// overlap their own output (run-length effect).
#pragma once

#include <cstddef>
#include <cstdint>

namespace shoal {

// Compresses in[0, in_len) into out, writing at most out_len bytes. Returns
// the compressed size, or 0 when the output would not fit in out_len (or
// in_len is 0): the caller then stores the data uncompressed.
size_t LzfCompress(const void* in, size_t in_len, void* out, size_t out_len);

// Decompresses in[0, in_len) into out. Returns the decompressed size, or 0
// when the input is malformed (a truncated chunk, a reference before the
// start of the output) or the output does not fit in out_len. Never reads
// or writes outside the given buffers.
size_t LzfDecompress(const void* in, size_t in_len, void* out, size_t out_len);

}  // namespace shoal
