#include "node/replication/backlog.h"

#include <algorithm>

namespace shoal {

void ReplicationBacklog::Append(std::string_view bytes) {
  end_offset_ += static_cast<int64_t>(bytes.size());
  if (buf_.empty()) return;
  // Only the newest capacity() bytes can stay.
  if (bytes.size() > buf_.size()) bytes = bytes.substr(bytes.size() - buf_.size());
  size_t done = 0;
  while (done < bytes.size()) {
    const size_t n = std::min(bytes.size() - done, buf_.size() - head_);
    buf_.replace(head_, n, bytes.substr(done, n));
    head_ = (head_ + n) % buf_.size();
    done += n;
  }
  size_ = std::min(buf_.size(), size_ + bytes.size());
}

void ReplicationBacklog::Resize(size_t capacity) {
  std::string kept = Since(first_offset());
  const int64_t end = end_offset_;
  buf_.assign(capacity, '\0');
  head_ = 0;
  size_ = 0;
  end_offset_ = end - static_cast<int64_t>(kept.size());
  Append(kept);
}

void ReplicationBacklog::Clear() {
  head_ = 0;
  size_ = 0;
}

bool ReplicationBacklog::CanServe(int64_t psync_offset) const {
  return psync_offset >= first_offset() && psync_offset <= end_offset_ + 1;
}

std::string ReplicationBacklog::Since(int64_t psync_offset) const {
  const int64_t want = end_offset_ - psync_offset + 1;
  const size_t n = want <= 0 ? 0 : std::min(static_cast<size_t>(want), size_);
  std::string out;
  if (n == 0) return out;
  out.reserve(n);
  // The newest byte is just before head_.
  size_t start = (head_ + buf_.size() - n) % buf_.size();
  for (size_t done = 0; done < n;) {
    const size_t chunk = std::min(n - done, buf_.size() - start);
    out.append(buf_, start, chunk);
    start = (start + chunk) % buf_.size();
    done += chunk;
  }
  return out;
}

}  // namespace shoal
