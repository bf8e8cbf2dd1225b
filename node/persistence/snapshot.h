// RDB snapshots of a running node: SAVE (in the calling thread), BGSAVE (in
// a forked child, so serving never stalls: the child sees a copy-on-write
// image of memory as of the fork and writes it out while the parent keeps
// serving; the cost is the pages the parent modifies meanwhile, reported as
// rdb_last_cow_size), save points ("save <seconds> <changes>"), and the
// state INFO persistence reports.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>

#include "common/status.h"

namespace shoal {

class Node;

class Snapshotter {
 public:
  explicit Snapshotter(Node& node);
  ~Snapshotter();
  Snapshotter(const Snapshotter&) = delete;
  Snapshotter& operator=(const Snapshotter&) = delete;

  // SAVE: serializes and writes dbfilename in dir now.
  Status Save();
  // BGSAVE: forks a child that writes the snapshot. Errors: a save already
  // running (unless `schedule`, which queues one), or fork failing.
  enum class BgResult { kStarted, kScheduled };
  StatusOr<BgResult> BackgroundSave(bool schedule);
  // Reaps a finished child, runs a scheduled BGSAVE, checks save points.
  void Cron();
  // Loads dbfilename (at start-up, DEBUG RELOAD) if it exists, into the
  // keyspace the caller emptied. Returns false only on a file that exists
  // but cannot be loaded (at start-up the process then stops).
  bool LoadFromDisk();
  // Whether writes must be refused with MISCONF (stop-writes-on-bgsave-error).
  bool WritesRefused() const;

  // --- INFO persistence ------------------------------------------------------
  bool in_progress() const { return child_ != -1; }
  int64_t last_save_time_s() const { return last_save_s_; }
  bool last_bgsave_ok() const { return last_bgsave_ok_; }
  int64_t last_bgsave_time_sec() const { return last_bgsave_secs_; }
  int64_t current_bgsave_time_sec() const;
  uint64_t saves() const { return saves_; }
  uint64_t keys_loaded() const { return keys_loaded_; }
  uint64_t keys_expired_on_load() const { return keys_expired_on_load_; }
  int64_t bgsave_scheduled() const { return scheduled_ ? 1 : 0; }

 private:
  std::string Path() const;
  std::string Image();
  void Finished(bool ok, int64_t now_ms);

  Node& node_;
  pid_t child_ = -1;
  int64_t child_start_ms_ = 0;
  uint64_t dirty_at_start_ = 0;
  bool scheduled_ = false;
  int64_t last_save_s_ = 0;
  int64_t last_attempt_ms_ = 0;
  bool last_bgsave_ok_ = true;
  int64_t last_bgsave_secs_ = -1;
  uint64_t saves_ = 0;
  uint64_t keys_loaded_ = 0;
  uint64_t keys_expired_on_load_ = 0;
};

}  // namespace shoal
