#include "node/replication/replication.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "common/resp/parser.h"
#include "common/strutil.h"
#include "node/core/dispatcher.h"
#include "node/core/node.h"
#include "node/persistence/rdb.h"

namespace shoal {

namespace {

constexpr size_t kReplIdLen = 40;

std::string RandomId(Rng& rng) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < kReplIdLen; ++i) out.push_back(kHex[rng.Uniform(16)]);
  return out;
}

}  // namespace

Replication::Replication(Node& node)
    : node_(node),
      replid2_(kReplIdLen, '0'),
      backlog_(static_cast<size_t>(std::max<int64_t>(node.cfg().repl_backlog_size, 16 * 1024))) {
  replid_ = RandomId(node.rng());
}

Replication::~Replication() = default;

std::string Replication::EncodeCommand(const std::vector<std::string>& argv) const {
  std::string out = "*" + std::to_string(argv.size()) + "\r\n";
  for (const std::string& a : argv) {
    out += "$" + std::to_string(a.size()) + "\r\n";
    out += a;
    out += "\r\n";
  }
  return out;
}

void Replication::NewReplId() { replid_ = RandomId(node_.rng()); }

// PSYNC2: the old history stays reachable under replid2 up to the current
// offset, so replicas of the old master can continue with us.
void Replication::ShiftReplId() {
  replid2_ = replid_;
  second_offset_ = offset() + 1;
  NewReplId();
}

// ---------------------------------------------------------------------------
// Master side
// ---------------------------------------------------------------------------

void Replication::SendToReplicas(std::string_view bytes) {
  if (replicas_.empty()) return;
  const std::string copy(bytes);
  for (const auto& [id, info] : replicas_) {
    Client* c = node_.FindClient(id);
    if (c != nullptr && c->conn != nullptr) c->conn->SendAsync(copy);
  }
}

void Replication::Feed(int db, const std::vector<std::string>& argv) {
  // A replica relays its master's bytes instead (ApplyStream).
  if (applying_ || is_replica()) return;
  std::string bytes;
  if (db != selected_db_) {
    bytes = EncodeCommand({"SELECT", std::to_string(db)});
    selected_db_ = db;
  }
  bytes += EncodeCommand(argv);
  backlog_.Append(bytes);
  SendToReplicas(bytes);
}

std::string Replication::HandlePsync(Client& client, const std::string& replid,
                                     int64_t psync_offset) {
  const bool id_ok = replid == replid_ || (replid == replid2_ && psync_offset <= second_offset_);
  client.replica_link = true;
  ReplicaInfo& info = replicas_[client.id];
  info.client_id = client.id;
  info.ip = client.info.addr.substr(0, client.info.addr.rfind(':'));
  info.last_ack_ms = node_.clock().NowMs();
  EnsureFeed();
  if (id_ok && backlog_.CanServe(psync_offset)) {
    ++sync_partial_ok_;
    info.ack_offset = psync_offset - 1;
    spdlog::info("Partial resynchronization request from {} accepted. Sending {} bytes of "
                 "backlog starting from offset {}.",
                 client.info.addr, backlog_.end_offset() - psync_offset + 1, psync_offset);
    return "+CONTINUE " + replid_ + "\r\n" + backlog_.Since(psync_offset);
  }
  if (replid != "?") ++sync_partial_err_;
  ++sync_full_;
  // The next command must select its db explicitly for this replica.
  selected_db_ = -1;
  rdb::SaveOptions opts;
  opts.now_ms = node_.clock().NowMs();
  opts.used_memory = node_.UsedMemory();
  opts.repl.repl_id = replid_;
  opts.repl.repl_offset = offset();
  opts.repl.repl_stream_db = 0;
  const std::string image = rdb::Serialize(node_.keyspace(), node_.cfg(), opts);
  spdlog::info("Replica {} asks for synchronization; full resync with replid {} offset {}",
               client.info.addr, replid_, offset());
  info.ack_offset = 0;
  return "+FULLRESYNC " + replid_ + " " + std::to_string(offset()) + "\r\n$" +
         std::to_string(image.size()) + "\r\n" + image;
}

void Replication::OnReplConf(Client& client, const std::string& option, const std::string& value) {
  auto it = replicas_.find(client.id);
  if (option == "listening-port") {
    // Remembered for when the client turns into a replica.
    pending_ports_[client.id] = static_cast<int>(std::strtol(value.c_str(), nullptr, 10));
  } else if (option == "ack" && it != replicas_.end()) {
    it->second.ack_offset = std::strtoll(value.c_str(), nullptr, 10);
    it->second.last_ack_ms = node_.clock().NowMs();
  }
  if (it != replicas_.end()) {
    auto port = pending_ports_.find(client.id);
    if (port != pending_ports_.end()) it->second.port = port->second;
  }
}

void Replication::OnClientClosed(uint64_t client_id) {
  replicas_.erase(client_id);
  pending_ports_.erase(client_id);
}

int Replication::CountAcked(int64_t target) const {
  int n = 0;
  for (const auto& [id, info] : replicas_) n += info.ack_offset >= target ? 1 : 0;
  return n;
}

void Replication::RequestAcks() {
  if (replicas_.empty()) return;
  Feed(selected_db_ < 0 ? 0 : selected_db_, {"REPLCONF", "GETACK", "*"});
}

// ---------------------------------------------------------------------------
// Replica side
// ---------------------------------------------------------------------------

// The stream (and its backlog) starts with the first replica, or with the
// first time this node follows a master: a promoted replica must keep
// recording every write from the moment of its promotion, or a sibling that
// resumes from the old history would miss the writes made before it attached.
void Replication::EnsureFeed() {
  if (sink_id_ != 0) return;
  sink_id_ = node_.propagator().AddSink(
      [this](int db, const std::vector<std::string>& argv) { Feed(db, argv); });
}

Status Replication::SetMaster(const std::string& host, int port) {
  EnsureFeed();
  link_.reset();
  handshake_.reset();
  master_session_.reset();
  pending_stream_.clear();
  if (host.empty()) {
    if (is_replica()) {
      spdlog::info("MASTER MODE enabled (user request from a client)");
      ShiftReplId();
    }
    master_host_.clear();
    master_port_ = 0;
    link_state_ = LinkState::kNone;
    node_.keyspace().env().delete_expired = true;
    return Status::Ok();
  }
  master_host_ = host;
  master_port_ = port;
  link_state_ = LinkState::kNone;
  next_connect_ms_ = 0;
  // A replica never deletes expired keys itself: its master's DEL does.
  node_.keyspace().env().delete_expired = false;
  spdlog::info("Connecting to MASTER {}:{}", host, port);
  Connect();
  return Status::Ok();
}

void Replication::Connect() {
  if (!connector_ || master_host_.empty()) return;
  link_state_ = LinkState::kConnecting;
  ReplicaHandshake::Params p;
  p.listening_port = node_.cfg().replica_announce_port != 0 ? node_.cfg().replica_announce_port
                                                            : node_.tcp_port;
  p.announce_ip = node_.cfg().replica_announce_ip;
  p.masteruser = node_.cfg().masteruser;
  p.masterauth = node_.cfg().masterauth;
  p.cached_replid = replid_;
  p.cached_offset = offset();
  handshake_ = std::make_unique<ReplicaHandshake>(std::move(p));
  last_io_ms_ = node_.clock().NowMs();
  MasterLinkCallbacks cb;
  cb.on_connected = [this] {
    link_state_ = LinkState::kHandshake;
    spdlog::info("MASTER <-> REPLICA sync started");
    for (const auto& a : handshake_->Start()) link_->Send(a.bytes);
  };
  cb.on_data = [this](std::string_view data) { OnLinkData(data); };
  cb.on_closed = [this](const std::string& why) { OnLinkClosed(why); };
  link_ = connector_(master_host_, master_port_, std::move(cb));
}

void Replication::OnLinkClosed(const std::string& why) {
  spdlog::warn("Connection with master lost ({})", why);
  link_state_ = LinkState::kNone;
  master_session_.reset();
  pending_stream_.clear();
  // Retry from the cron, not from inside the link's own callback.
  next_connect_ms_ = node_.clock().NowMs() + 1000;
  dead_link_ = std::move(link_);
}

void Replication::OnLinkData(std::string_view data) {
  last_io_ms_ = node_.clock().NowMs();
  for (auto& a : handshake_->OnData(data)) {
    switch (a.kind) {
      case ReplicaHandshake::Action::Kind::kSend:
        link_->Send(a.bytes);
        break;
      case ReplicaHandshake::Action::Kind::kFullSync:
        FullSyncLoaded(a.bytes, a.replid, a.offset);
        break;
      case ReplicaHandshake::Action::Kind::kContinue:
        spdlog::info("Successful partial resynchronization with master.");
        if (a.replid != replid_) {
          replid2_ = replid_;
          second_offset_ = offset() + 1;
          replid_ = a.replid;
        }
        StartApplying();
        break;
      case ReplicaHandshake::Action::Kind::kStream:
        ApplyStream(a.bytes);
        break;
      case ReplicaHandshake::Action::Kind::kFailed:
        spdlog::warn("{}", a.bytes);
        OnLinkClosed(a.bytes);
        return;
    }
    if (link_ == nullptr) return;
  }
}

void Replication::StartApplying() {
  ConnectionInfo info;
  info.addr = master_host_ + ":" + std::to_string(master_port_);
  info.loopback = true;
  NodeSessionFactory factory(node_);
  std::string refusal;
  master_session_ = factory.Open(info, nullptr, &refusal);
  if (master_session_) {
    Client& master = static_cast<ClientSession*>(master_session_.get())->client();
    master.authenticated = true;
    master.master_link = true;
  }
  link_state_ = LinkState::kConnected;
  last_ack_ms_ = 0;
}

void Replication::FullSyncLoaded(const std::string& rdb, const std::string& replid,
                                 int64_t offset) {
  spdlog::info("MASTER <-> REPLICA sync: receiving {} bytes from master", rdb.size());
  node_.keyspace().FlushAll();
  StatusOr<rdb::LoadStats> st = rdb::Load(rdb, node_.keyspace(), node_.cfg(),
                                          node_.clock().NowMs(), /*keep_expired=*/true);
  if (!st.ok()) {
    spdlog::warn("Failed trying to load the MASTER synchronization DB from socket: {}",
                 st.status().message());
    OnLinkClosed("bad RDB from master");
    return;
  }
  spdlog::info("MASTER <-> REPLICA sync: Finished with success");
  replid_ = replid;
  replid2_.assign(kReplIdLen, '0');
  second_offset_ = -1;
  backlog_.Clear();
  backlog_.set_end_offset(offset);
  // Our own replicas followed a history that no longer exists.
  for (const auto& [id, info] : replicas_) {
    Client* c = node_.FindClient(id);
    if (c != nullptr && c->conn != nullptr) c->conn->Close(false);
  }
  StartApplying();
}

void Replication::ApplyStream(std::string_view bytes) {
  if (!master_session_) return;
  pending_stream_.append(bytes);
  resp::RequestParser parser;
  std::vector<std::string> argv;
  std::string sink;
  size_t pos = 0;
  // Bounded by the bytes at hand: each round consumes one whole command.
  while (pos < pending_stream_.size()) {
    size_t used = 0;
    const auto r = parser.Parse(std::string_view(pending_stream_).substr(pos), &used, &argv);
    if (r == resp::RequestParser::Result::kNeedMore) break;
    if (r == resp::RequestParser::Result::kError) {
      OnLinkClosed("protocol error in the master stream");
      return;
    }
    const std::string_view raw = std::string_view(pending_stream_).substr(pos, used);
    pos += used;
    if (argv.size() >= 2 && EqualsIgnoreCase(argv[0], "replconf") &&
        EqualsIgnoreCase(argv[1], "getack")) {
      link_->Send(EncodeCommand({"REPLCONF", "ACK", std::to_string(offset())}));
    } else if (!(argv.size() == 1 && EqualsIgnoreCase(argv[0], "ping"))) {
      applying_ = true;
      sink.clear();
      master_session_->OnCommand(argv, &sink);
      applying_ = false;
    }
    backlog_.Append(raw);
    SendToReplicas(raw);
    argv.clear();
  }
  pending_stream_.erase(0, pos);
}

int64_t Replication::last_io_seconds_ago() const {
  return (node_.clock().NowMs() - last_io_ms_) / 1000;
}

void Replication::Cron() {
  const int64_t now = node_.clock().NowMs();
  dead_link_.reset();
  if (is_replica()) {
    if (link_state_ == LinkState::kNone && now >= next_connect_ms_) Connect();
    if (link_state_ == LinkState::kConnected && link_ != nullptr && now - last_ack_ms_ >= 1000) {
      link_->Send(EncodeCommand({"REPLCONF", "ACK", std::to_string(offset())}));
      last_ack_ms_ = now;
    }
    if (link_state_ != LinkState::kNone && now - last_io_ms_ > node_.cfg().repl_timeout * 1000LL) {
      OnLinkClosed("timeout");
    }
    return;
  }
  // Masters ping their replicas through the stream, so the replicas see the
  // link alive and offsets keep moving.
  const int64_t period = std::max(1, node_.cfg().repl_ping_replica_period) * 1000LL;
  if (!replicas_.empty() && now - last_ping_ms_ >= period) {
    last_ping_ms_ = now;
    const std::string ping = EncodeCommand({"PING"});
    backlog_.Append(ping);
    SendToReplicas(ping);
  }
}

}  // namespace shoal
