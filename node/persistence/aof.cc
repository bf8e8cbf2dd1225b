#include "node/persistence/aof.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <spdlog/spdlog.h>

#include <cerrno>
#include <cstring>
#include <sstream>

#include "common/resp/parser.h"
#include "node/core/dispatcher.h"
#include "node/core/node.h"
#include "node/core/propagation.h"
#include "node/persistence/rdb.h"

namespace shoal {

// ---------------------------------------------------------------------------
// Manifest
// ---------------------------------------------------------------------------

StatusOr<std::vector<AofManifestEntry>> ParseAofManifest(std::string_view text) {
  std::vector<AofManifestEntry> out;
  std::istringstream in{std::string(text)};
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.empty() || line[0] == '#') continue;
    std::istringstream words(line);
    std::string key, value;
    AofManifestEntry e;
    bool has_file = false, has_seq = false, has_type = false;
    while (words >> key >> value) {
      if (key == "file") {
        e.file = value;
        has_file = true;
      } else if (key == "seq") {
        e.seq = std::strtoll(value.c_str(), nullptr, 10);
        has_seq = e.seq > 0;
      } else if (key == "type") {
        e.type = value.size() == 1 ? value[0] : '?';
        has_type = e.type == 'b' || e.type == 'i' || e.type == 'h';
      }
    }
    if (!has_file || !has_seq || !has_type || e.file.find('/') != std::string::npos) {
      return Status::Error("Invalid AOF manifest file format at line " + std::to_string(n));
    }
    out.push_back(std::move(e));
  }
  return out;
}

std::string FormatAofManifest(const std::vector<AofManifestEntry>& entries) {
  std::string out;
  for (const AofManifestEntry& e : entries) {
    out += "file " + e.file + " seq " + std::to_string(e.seq) + " type " + e.type + "\n";
  }
  return out;
}

// ---------------------------------------------------------------------------
// Files
// ---------------------------------------------------------------------------

namespace {

uint64_t FileSize(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 ? static_cast<uint64_t>(st.st_size) : 0;
}

void AppendCommand(const std::vector<std::string>& argv, std::string* out) {
  *out += "*" + std::to_string(argv.size()) + "\r\n";
  for (const std::string& a : argv) {
    *out += "$" + std::to_string(a.size()) + "\r\n";
    *out += a;
    *out += "\r\n";
  }
}

}  // namespace

Aof::~Aof() {
  if (child_ != -1) {
    kill(child_, SIGUSR1);
    waitpid(child_, nullptr, 0);
  }
  if (fd_ != -1) {
    FlushBeforeReply();
    fsync(fd_);
    close(fd_);
  }
}

std::string Aof::Dir() const { return node_.cfg().appenddirname; }
std::string Aof::PathOf(const std::string& file) const { return Dir() + "/" + file; }

std::string Aof::FileName(int64_t seq, char type) const {
  const std::string& name = node_.cfg().appendfilename;
  if (type == 'b') {
    return name + "." + std::to_string(seq) +
           (node_.cfg().aof_use_rdb_preamble ? ".base.rdb" : ".base.aof");
  }
  return name + "." + std::to_string(seq) + ".incr.aof";
}

Status Aof::WriteManifest(const std::vector<AofManifestEntry>& entries) {
  Status st = rdb::WriteFileAtomically(PathOf(node_.cfg().appendfilename + ".manifest"),
                                       FormatAofManifest(entries));
  if (st.ok()) manifest_ = entries;
  return st;
}

Status Aof::OpenIncr(int64_t seq) {
  const std::string path = PathOf(FileName(seq, 'i'));
  const int fd = open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return Status::Error("Can't open the append-only file " + path + ": " +
                                   std::strerror(errno));
  if (fd_ != -1) close(fd_);
  fd_ = fd;
  selected_db_ = -1;
  incr_size_ = FileSize(path);
  return Status::Ok();
}

// The current data as a base file: an RDB image (aof-use-rdb-preamble) or,
// without the preamble, the same image; Shoal always writes the RDB form,
// which Redis 7 reads in either case.
Status Aof::WriteBase(const std::string& file) {
  rdb::SaveOptions opts;
  opts.now_ms = node_.clock().NowMs();
  opts.used_memory = node_.UsedMemory();
  opts.aof_base = true;
  return rdb::WriteFileAtomically(PathOf(file),
                                  rdb::Serialize(node_.keyspace(), node_.cfg(), opts));
}

Status Aof::Enable() {
  if (fd_ != -1) return Status::Ok();
  mkdir(Dir().c_str(), 0755);
  if (manifest_.empty()) {
    // No AOF yet: the current data becomes the base.
    const std::string base = FileName(1, 'b');
    Status st = WriteBase(base);
    if (!st.ok()) return st;
    base_size_ = FileSize(PathOf(base));
    st = WriteManifest({{base, 1, 'b'}, {FileName(1, 'i'), 1, 'i'}});
    if (!st.ok()) return st;
    spdlog::info("Creating AOF base file {} on server start", base);
  }
  int64_t incr_seq = 0;
  for (const AofManifestEntry& e : manifest_) {
    if (e.type == 'i') incr_seq = std::max(incr_seq, e.seq);
  }
  if (incr_seq == 0) {
    incr_seq = 1;
    std::vector<AofManifestEntry> m = manifest_;
    m.push_back({FileName(1, 'i'), 1, 'i'});
    Status st = WriteManifest(m);
    if (!st.ok()) return st;
  }
  Status st = OpenIncr(incr_seq);
  if (!st.ok()) return st;
  last_fsync_ms_ = node_.clock().NowMs();
  sink_id_ = node_.propagator().AddSink(
      [this](int db, const std::vector<std::string>& argv) { Append(db, argv); });
  return Status::Ok();
}

void Aof::Disable() {
  if (fd_ == -1) return;
  FlushBeforeReply();
  fsync(fd_);
  close(fd_);
  fd_ = -1;
  node_.propagator().RemoveSink(sink_id_);
  manifest_.clear();
}

// ---------------------------------------------------------------------------
// Appending
// ---------------------------------------------------------------------------

void Aof::Append(int db, const std::vector<std::string>& argv) {
  if (db != selected_db_) {
    AppendCommand({"SELECT", std::to_string(db)}, &buf_);
    selected_db_ = db;
  }
  AppendCommand(argv, &buf_);
}

void Aof::FlushBeforeReply() {
  if (buf_.empty() || fd_ == -1) return;
  size_t done = 0;
  while (done < buf_.size()) {
    const ssize_t n = write(fd_, buf_.data() + done, buf_.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      if (last_write_ok_) spdlog::warn("Error writing to the AOF file: {}", std::strerror(errno));
      last_write_ok_ = false;
      buf_.erase(0, done);  // kept for the next attempt
      return;
    }
    done += static_cast<size_t>(n);
  }
  incr_size_ += buf_.size();
  buf_.clear();
  last_write_ok_ = true;
  if (node_.cfg().appendfsync == "always") {
    unsynced_always_ = true;
  } else {
    unsynced_ = true;
  }
}

bool Aof::ReadyForReplies() {
  FlushBeforeReply();
  if (!unsynced_always_ || fd_ == -1) return true;
  if (!poster_) {
    fdatasync(fd_);
    unsynced_always_ = false;
    last_fsync_ms_ = node_.clock().NowMs();
    return true;
  }
  return false;
}

void Aof::AfterSync(std::function<void()> retry) {
  waiting_.push_back(std::move(retry));
  if (!sync_scheduled_) {
    sync_scheduled_ = true;
    poster_([this] {
      // One sync covers everything the round wrote; then the replies go.
      FlushBeforeReply();
      if (fd_ != -1) fdatasync(fd_);
      unsynced_always_ = false;
      sync_scheduled_ = false;
      last_fsync_ms_ = node_.clock().NowMs();
      std::vector<std::function<void()>> ready;
      ready.swap(waiting_);
      for (auto& f : ready) f();
    });
  }
}

// ---------------------------------------------------------------------------
// Loading
// ---------------------------------------------------------------------------

bool Aof::Replay(const std::string& path, bool last) {
  StatusOr<std::string> data = rdb::ReadFile(path);
  if (!data.ok()) {
    spdlog::warn("Unrecoverable error reading the append only file {}: {}", path,
                 data.status().message());
    return false;
  }
  ConnectionInfo info;
  info.addr = "aof:0";
  info.loopback = true;
  NodeSessionFactory factory(node_);
  std::string refusal;
  std::unique_ptr<Session> session = factory.Open(info, nullptr, &refusal);
  static_cast<ClientSession*>(session.get())->client().authenticated = true;
  resp::RequestParser parser;
  std::vector<std::string> argv;
  std::string sink;
  size_t pos = 0;
  while (pos < data->size()) {
    size_t used = 0;
    const resp::RequestParser::Result r = parser.Parse(std::string_view(*data).substr(pos), &used,
                                                       &argv);
    if (r == resp::RequestParser::Result::kError || (*data)[pos] != '*') {
      spdlog::warn("Bad file format reading the append only file {}: {} at offset {}", path,
                   parser.error().empty() ? "not a RESP command" : parser.error(), pos);
      return false;
    }
    if (r == resp::RequestParser::Result::kNeedMore) {
      if (!last || !node_.cfg().aof_load_truncated) {
        spdlog::warn("Unexpected end of file reading the append only file {} at offset {}. "
                     "You can: 1) Make a backup of your AOF file, then use ./redis-check-aof "
                     "--fix <filename.manifest>. 2) Alternatively you can set the "
                     "'aof-load-truncated' configuration option to yes and restart the server.",
                     path, pos);
        return false;
      }
      spdlog::warn("!!! Warning: short read while loading the AOF file {}!!!", path);
      spdlog::warn("AOF {} loaded anyway because aof-load-truncated is enabled; truncated at "
                   "offset {}",
                   path, pos);
      if (truncate(path.c_str(), static_cast<off_t>(pos)) != 0) return false;
      break;
    }
    pos += used;
    sink.clear();
    session->OnCommand(argv, &sink);
    argv.clear();
  }
  session->OnClosed();
  return true;
}

Aof::LoadResult Aof::Load() {
  StatusOr<std::string> text = rdb::ReadFile(PathOf(node_.cfg().appendfilename + ".manifest"));
  if (!text.ok()) return LoadResult::kNotExist;
  StatusOr<std::vector<AofManifestEntry>> entries = ParseAofManifest(*text);
  if (!entries.ok()) {
    spdlog::warn("{}", entries.status().message());
    return LoadResult::kFailed;
  }
  std::vector<const AofManifestEntry*> files;
  for (const AofManifestEntry& e : *entries) {
    if (e.type == 'b') files.insert(files.begin(), &e);
    if (e.type == 'i') files.push_back(&e);
  }
  for (size_t i = 0; i < files.size(); ++i) {
    const std::string path = PathOf(files[i]->file);
    if (files[i]->type == 'b') {
      StatusOr<std::string> image = rdb::ReadFile(path);
      if (image.ok() && image->compare(0, 5, "REDIS") == 0) {
        StatusOr<rdb::LoadStats> st = rdb::Load(*image, node_.keyspace(), node_.cfg(),
                                                node_.clock().NowMs(), false);
        if (!st.ok()) {
          spdlog::warn("Bad RDB preamble in the AOF base {}: {}", path, st.status().message());
          return LoadResult::kFailed;
        }
        base_size_ = image->size();
        continue;
      }
      base_size_ = FileSize(path);
    }
    if (!Replay(path, i + 1 == files.size())) return LoadResult::kFailed;
  }
  manifest_ = *entries;
  spdlog::info("DB loaded from append only file");
  return LoadResult::kLoaded;
}

// ---------------------------------------------------------------------------
// Rewriting
// ---------------------------------------------------------------------------

StatusOr<bool> Aof::BackgroundRewrite(bool* scheduled) {
  *scheduled = false;
  if (child_ != -1) {
    return Status::Error("ERR Background append only file rewriting already in progress");
  }
  if (fd_ == -1) {
    // Without an AOF, BGREWRITEAOF just writes a fresh one.
    Status st = Enable();
    if (!st.ok()) return st;
    return true;
  }
  FlushBeforeReply();
  int64_t base_seq = 0, incr_seq = 0;
  for (const AofManifestEntry& e : manifest_) {
    if (e.type == 'b') base_seq = std::max(base_seq, e.seq);
    if (e.type == 'i') incr_seq = std::max(incr_seq, e.seq);
  }
  child_base_ = FileName(base_seq + 1, 'b');
  const pid_t pid = fork();
  if (pid < 0) return Status::Error(std::string("ERR Can't rewrite append only file in "
                                                "background: fork: ") + std::strerror(errno));
  if (pid == 0) _exit(WriteBase(child_base_).ok() ? 0 : 1);
  child_ = pid;
  child_start_ms_ = node_.clock().NowMs();
  // From now on commands go to a new incremental file; until the new base is
  // complete the manifest keeps the old base and every incremental file.
  fsync(fd_);
  std::vector<AofManifestEntry> m = manifest_;
  m.push_back({FileName(incr_seq + 1, 'i'), incr_seq + 1, 'i'});
  Status st = WriteManifest(m);
  if (st.ok()) st = OpenIncr(incr_seq + 1);
  if (!st.ok()) spdlog::warn("{}", st.message());
  spdlog::info("Background append only file rewriting started by pid {}", pid);
  return true;
}

void Aof::FinishRewrite(bool ok) {
  last_rewrite_ok_ = ok;
  last_rewrite_secs_ = (node_.clock().NowMs() - child_start_ms_) / 1000;
  child_ = -1;
  if (!ok) {
    spdlog::warn("Background AOF rewrite terminated with error");
    return;
  }
  int64_t base_seq = 0;
  for (const AofManifestEntry& e : manifest_) {
    if (e.type == 'b') base_seq = std::max(base_seq, e.seq);
  }
  const AofManifestEntry current_incr = manifest_.back();
  std::vector<AofManifestEntry> old = manifest_;
  if (!WriteManifest({{child_base_, base_seq + 1, 'b'}, current_incr}).ok()) return;
  for (const AofManifestEntry& e : old) {
    if (e.file != current_incr.file) unlink(PathOf(e.file).c_str());
  }
  base_size_ = FileSize(PathOf(child_base_));
  ++rewrites_;
  spdlog::info("Background AOF rewrite finished successfully");
}

void Aof::Cron() {
  const int64_t now = node_.clock().NowMs();
  if (child_ != -1) {
    int status = 0;
    const pid_t done = waitpid(child_, &status, WNOHANG);
    if (done == child_) FinishRewrite(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  }
  if (fd_ == -1) return;
  FlushBeforeReply();
  // Under "always", what the cron itself wrote (expired keys' DELs) is
  // synced here when no reply round did it.
  if (unsynced_always_ && !sync_scheduled_) {
    fdatasync(fd_);
    unsynced_always_ = false;
  }
  if (unsynced_ && node_.cfg().appendfsync == "everysec" && now - last_fsync_ms_ >= 1000) {
    fdatasync(fd_);
    unsynced_ = false;
    last_fsync_ms_ = now;
  }
  if (scheduled_ && child_ == -1) {
    scheduled_ = false;
    bool sched = false;
    (void)BackgroundRewrite(&sched);
  }
  // Automatic rewrite once the AOF grew by the configured percentage over
  // its size after the last rewrite.
  const ServerConfig& cfg = node_.cfg();
  const uint64_t size = current_size();
  if (child_ == -1 && cfg.auto_aof_rewrite_percentage > 0 && base_size_ > 0 &&
      size >= static_cast<uint64_t>(cfg.auto_aof_rewrite_min_size) &&
      (size - base_size_) * 100 / base_size_ >=
          static_cast<uint64_t>(cfg.auto_aof_rewrite_percentage)) {
    spdlog::info("Starting automatic rewriting of AOF on {}% growth",
                 (size - base_size_) * 100 / base_size_);
    bool sched = false;
    (void)BackgroundRewrite(&sched);
  }
}

}  // namespace shoal
