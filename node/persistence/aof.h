// The append-only file in Redis 7's multi-part layout: inside appenddirname,
//
//   <appendfilename>.<n>.base.rdb   (or .base.aof without the RDB preamble)
//   <appendfilename>.<n>.incr.aof   commands since that base, in RESP
//   <appendfilename>.manifest       which files make up the dataset:
//       file appendonly.aof.1.base.rdb seq 1 type b
//       file appendonly.aof.1.incr.aof seq 1 type i
//
// Write commands reach Append through the Propagator; they are buffered and
// written (and, under appendfsync always, synced) before any reply leaves
// the server, so an acknowledged write is on disk under "always" and at most
// about a second behind under "everysec". BGREWRITEAOF forks a child that
// writes a new base while the parent switches to a new incremental file; the
// manifest names the new set only once the base is complete.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "common/status.h"

namespace shoal {

class Node;

struct AofManifestEntry {
  std::string file;
  int64_t seq = 0;
  char type = 'i';  // 'b' base, 'i' incremental, 'h' history
};

// Parses / formats the manifest text. Parse errors name the line.
StatusOr<std::vector<AofManifestEntry>> ParseAofManifest(std::string_view text);
std::string FormatAofManifest(const std::vector<AofManifestEntry>& entries);

class Aof {
 public:
  explicit Aof(Node& node) : node_(node) {}
  ~Aof();
  Aof(const Aof&) = delete;
  Aof& operator=(const Aof&) = delete;

  enum class LoadResult { kNotExist, kLoaded, kFailed };
  // At start-up with appendonly yes: replays the manifest's files.
  LoadResult Load();
  // Starts appending (creating a base from the current data when no AOF
  // exists yet). Called at start-up and by CONFIG SET appendonly yes.
  Status Enable();
  void Disable();
  bool enabled() const { return fd_ != -1; }

  // The propagation sink.
  void Append(int db, const std::vector<std::string>& argv);
  // Writes what is buffered, syncing under appendfsync always.
  void FlushBeforeReply();
  // Called before replies are sent. Writes what is buffered; under
  // appendfsync always, when written data is not yet synced, it schedules
  // one sync for every connection waiting in this round of the event loop
  // (through the poster) and returns false: the caller then passes the call
  // that resumes its replies to AfterSync. Without a poster (tests) it
  // syncs at once.
  bool ReadyForReplies();
  void AfterSync(std::function<void()> retry);
  // Runs a task after the handlers already queued on the event loop.
  void set_poster(std::function<void(std::function<void()>)> poster) {
    poster_ = std::move(poster);
  }
  // everysec syncs, finished rewrites, automatic rewrites.
  void Cron();
  // BGREWRITEAOF. Errors: already running.
  StatusOr<bool> BackgroundRewrite(bool* scheduled);

  // --- INFO persistence --------------------------------------------------------
  bool rewrite_in_progress() const { return child_ != -1; }
  bool rewrite_scheduled() const { return scheduled_; }
  int64_t last_rewrite_secs() const { return last_rewrite_secs_; }
  bool last_rewrite_ok() const { return last_rewrite_ok_; }
  bool last_write_ok() const { return last_write_ok_; }
  uint64_t rewrites() const { return rewrites_; }
  uint64_t current_size() const { return base_size_ + incr_size_; }
  uint64_t base_size() const { return base_size_; }

 private:
  std::string Dir() const;
  std::string PathOf(const std::string& file) const;
  std::string FileName(int64_t seq, char type) const;
  Status WriteManifest(const std::vector<AofManifestEntry>& entries);
  Status OpenIncr(int64_t seq);
  Status WriteBase(const std::string& file);
  bool Replay(const std::string& path, bool last);
  void FinishRewrite(bool ok);

  Node& node_;
  int fd_ = -1;
  int sink_id_ = 0;
  int selected_db_ = -1;
  std::string buf_;
  bool unsynced_always_ = false;  // written under "always", not yet synced
  bool sync_scheduled_ = false;
  std::vector<std::function<void()>> waiting_;
  std::function<void(std::function<void()>)> poster_;
  std::vector<AofManifestEntry> manifest_;
  int64_t last_fsync_ms_ = 0;
  bool unsynced_ = false;
  pid_t child_ = -1;
  int64_t child_start_ms_ = 0;
  std::string child_base_;
  bool scheduled_ = false;
  int64_t last_rewrite_secs_ = -1;
  bool last_rewrite_ok_ = true;
  bool last_write_ok_ = true;
  uint64_t rewrites_ = 0;
  uint64_t base_size_ = 0;
  uint64_t incr_size_ = 0;
};

}  // namespace shoal
