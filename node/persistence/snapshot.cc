#include "node/persistence/snapshot.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <spdlog/spdlog.h>

#include "node/core/node.h"
#include "node/persistence/rdb.h"

namespace shoal {

Snapshotter::Snapshotter(Node& node) : node_(node) {
  // Until a save happens, LASTSAVE reports the start time, as in Redis.
  last_save_s_ = node.clock().NowMs() / 1000;
}

Snapshotter::~Snapshotter() {
  // A child still writing when the node goes away is stopped: its file would
  // be renamed over a newer one otherwise.
  if (child_ != -1) {
    kill(child_, SIGUSR1);
    waitpid(child_, nullptr, 0);
  }
}

std::string Snapshotter::Path() const { return node_.cfg().dbfilename; }

std::string Snapshotter::Image() {
  rdb::SaveOptions opts;
  opts.now_ms = node_.clock().NowMs();
  opts.used_memory = node_.UsedMemory();
  return rdb::Serialize(node_.keyspace(), node_.cfg(), opts);
}

void Snapshotter::Finished(bool ok, int64_t now_ms) {
  if (ok) {
    node_.dirty = node_.dirty >= dirty_at_start_ ? node_.dirty - dirty_at_start_ : 0;
    last_save_s_ = now_ms / 1000;
    ++saves_;
  }
}

Status Snapshotter::Save() {
  if (child_ != -1) return Status::Error("ERR Background save already in progress");
  const int64_t now = node_.clock().NowMs();
  dirty_at_start_ = node_.dirty;
  last_attempt_ms_ = now;
  Status st = rdb::WriteFileAtomically(Path(), Image());
  if (!st.ok()) {
    spdlog::warn("{}", st.message());
    return Status::Error("ERR");
  }
  spdlog::info("DB saved on disk");
  Finished(true, now);
  return Status::Ok();
}

StatusOr<Snapshotter::BgResult> Snapshotter::BackgroundSave(bool schedule) {
  if (child_ != -1) {
    if (!schedule) return Status::Error("ERR Background save already in progress");
    scheduled_ = true;
    return BgResult::kScheduled;
  }
  const int64_t now = node_.clock().NowMs();
  dirty_at_start_ = node_.dirty;
  last_attempt_ms_ = now;
  const pid_t pid = fork();
  if (pid < 0) {
    last_bgsave_ok_ = false;
    return Status::Error("ERR Background save failed: fork: " + std::string(strerror(errno)));
  }
  if (pid == 0) {
    // The child: the memory image as of the fork. No logging (its locks may
    // have been held by another thread at fork time).
    Status st = rdb::WriteFileAtomically(Path(), Image());
    _exit(st.ok() ? 0 : 1);
  }
  spdlog::info("Background saving started by pid {}", pid);
  child_ = pid;
  child_start_ms_ = now;
  scheduled_ = false;
  return BgResult::kStarted;
}

int64_t Snapshotter::current_bgsave_time_sec() const {
  if (child_ == -1) return -1;
  return (node_.clock().NowMs() - child_start_ms_) / 1000;
}

bool Snapshotter::WritesRefused() const {
  const ServerConfig& cfg = node_.cfg();
  return cfg.stop_writes_on_bgsave_error && !cfg.save.empty() && !last_bgsave_ok_;
}

void Snapshotter::Cron() {
  const int64_t now = node_.clock().NowMs();
  if (child_ != -1) {
    int status = 0;
    const pid_t done = waitpid(child_, &status, WNOHANG);
    if (done == child_ || (done < 0 && errno == ECHILD)) {
      const bool ok = done == child_ && WIFEXITED(status) && WEXITSTATUS(status) == 0;
      last_bgsave_ok_ = ok;
      last_bgsave_secs_ = (now - child_start_ms_) / 1000;
      child_ = -1;
      if (ok) {
        spdlog::info("Background saving terminated with success");
      } else {
        spdlog::warn("Background saving error");
      }
      Finished(ok, now);
    }
    return;
  }
  if (scheduled_) {
    (void)BackgroundSave(false);
    return;
  }
  // Save points: after `seconds` with at least `changes` changes. After a
  // failed attempt Redis waits 5 seconds before trying again.
  const ServerConfig& cfg = node_.cfg();
  if (!last_bgsave_ok_ && now - last_attempt_ms_ < 5000) return;
  for (const SavePoint& sp : cfg.save) {
    if (node_.dirty >= static_cast<uint64_t>(sp.changes) &&
        now / 1000 - last_save_s_ >= sp.seconds) {
      spdlog::info("{} changes in {} seconds. Saving...", sp.changes, sp.seconds);
      (void)BackgroundSave(false);
      return;
    }
  }
}

bool Snapshotter::LoadFromDisk() {
  if (access(Path().c_str(), F_OK) != 0) return true;
  const int64_t start = node_.clock().MonotonicUs();
  StatusOr<std::string> image = rdb::ReadFile(Path());
  if (!image.ok()) {
    spdlog::warn("Fatal error loading the DB: {}. Exiting.", image.status().message());
    return false;
  }
  StatusOr<rdb::LoadStats> stats = rdb::Load(*image, node_.keyspace(), node_.cfg(),
                                             node_.clock().NowMs(), /*keep_expired=*/false);
  if (!stats.ok()) {
    spdlog::warn("Short read or OOM loading DB. Unrecoverable error, aborting now.");
    spdlog::warn("Internal error in RDB reading file {}: {}", Path(), stats.status().message());
    return false;
  }
  keys_loaded_ = stats->keys_loaded;
  keys_expired_on_load_ = stats->keys_expired;
  spdlog::info("Done loading RDB, keys loaded: {}, keys expired: {}.", stats->keys_loaded,
               stats->keys_expired);
  spdlog::info("DB loaded from disk: {:.3f} seconds",
               static_cast<double>(node_.clock().MonotonicUs() - start) / 1e6);
  return true;
}

}  // namespace shoal
