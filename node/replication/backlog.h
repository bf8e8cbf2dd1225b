// The replication backlog: the last repl-backlog-size bytes of the command
// stream a master sends its replicas, addressed by replication offset, so a
// replica that lost its link for a moment resumes with the bytes it missed
// (PSYNC ... +CONTINUE) instead of a full resync.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace shoal {

class ReplicationBacklog {
 public:
  explicit ReplicationBacklog(size_t capacity) { Resize(capacity); }

  // Appends stream bytes, advancing the end offset by their length.
  void Append(std::string_view bytes);
  // Changes the capacity, keeping the newest bytes that fit.
  void Resize(size_t capacity);
  void Clear();

  // The offset of the first byte held (Redis's repl_backlog_first_byte_offset),
  // and how many bytes are held.
  int64_t first_offset() const { return end_offset_ - static_cast<int64_t>(size_) + 1; }
  size_t histlen() const { return size_; }
  size_t capacity() const { return buf_.size(); }
  // The stream offset after the last byte appended.
  int64_t end_offset() const { return end_offset_; }
  void set_end_offset(int64_t offset) { end_offset_ = offset; }

  // Whether a replica whose next needed byte is `psync_offset` (its own
  // offset + 1, as PSYNC sends it) can continue from here.
  bool CanServe(int64_t psync_offset) const;
  // The bytes from `psync_offset` to the end.
  std::string Since(int64_t psync_offset) const;

 private:
  std::string buf_;
  size_t head_ = 0;  // where the next byte goes
  size_t size_ = 0;
  int64_t end_offset_ = 0;
};

}  // namespace shoal
