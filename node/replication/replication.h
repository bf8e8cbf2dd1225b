// Replication: Redis 7's PSYNC protocol on both sides.
//
// As a master, every propagated write command is encoded into the
// replication stream, kept in the backlog and sent to online replicas; a
// replica's PSYNC either continues from the backlog (+CONTINUE) or gets a
// full resync (+FULLRESYNC and an RDB image). As a replica, a MasterLink
// (TCP, provided by the process) carries the handshake of ReplicaHandshake,
// the RDB is loaded, and the master's stream is applied through a client
// session of its own; the exact bytes are also kept in this node's backlog
// and relayed to its own replicas (chains), so offsets stay those of the
// top master and PSYNC2 partial resyncs work after a promotion.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "node/replication/backlog.h"
#include "node/replication/replica_handshake.h"

namespace shoal {

class Node;
class Session;
struct Client;

// What Replication needs of a connection to the master (I/O at the edge).
class MasterLink {
 public:
  virtual ~MasterLink() = default;
  virtual void Send(const std::string& bytes) = 0;
};

struct MasterLinkCallbacks {
  std::function<void()> on_connected;
  std::function<void(std::string_view)> on_data;
  std::function<void(const std::string& why)> on_closed;
};

using MasterConnector = std::function<std::unique_ptr<MasterLink>(
    const std::string& host, int port, MasterLinkCallbacks callbacks)>;

class Replication {
 public:
  explicit Replication(Node& node);
  ~Replication();

  // --- Identity and offsets (INFO replication) ---------------------------------
  bool is_replica() const { return !master_host_.empty(); }
  const std::string& replid() const { return replid_; }
  const std::string& replid2() const { return replid2_; }
  int64_t second_offset() const { return second_offset_; }
  int64_t offset() const { return backlog_.end_offset(); }
  const ReplicationBacklog& backlog() const { return backlog_; }

  // --- Master side ---------------------------------------------------------------
  // The Propagator sink.
  void Feed(int db, const std::vector<std::string>& argv);
  // PSYNC from a client, which becomes a replica; returns the reply bytes
  // (+FULLRESYNC and the RDB, or +CONTINUE and the missed stream).
  std::string HandlePsync(Client& client, const std::string& replid, int64_t psync_offset);
  void OnReplConf(Client& client, const std::string& option, const std::string& value);
  // A replica's connection closed.
  void OnClientClosed(uint64_t client_id);
  struct ReplicaInfo {
    uint64_t client_id = 0;
    std::string ip;
    int port = 0;
    int64_t ack_offset = 0;
    int64_t last_ack_ms = 0;
  };
  const std::map<uint64_t, ReplicaInfo>& replicas() const { return replicas_; }
  // WAIT: replicas that acknowledged at least `offset`.
  int CountAcked(int64_t offset) const;
  // Asks every replica for an acknowledgement (REPLCONF GETACK *).
  void RequestAcks();

  // --- Replica side --------------------------------------------------------------
  // REPLICAOF host port; empty host: REPLICAOF NO ONE.
  Status SetMaster(const std::string& host, int port);
  const std::string& master_host() const { return master_host_; }
  int master_port() const { return master_port_; }
  bool link_up() const { return link_state_ == LinkState::kConnected; }
  bool sync_in_progress() const {
    return link_state_ == LinkState::kConnecting || link_state_ == LinkState::kHandshake;
  }
  int64_t last_io_seconds_ago() const;
  // Whether the stream being applied comes from the master (the master
  // client may write to a read-only replica).
  bool applying_master_stream() const { return applying_; }
  uint64_t sync_full() const { return sync_full_; }
  uint64_t sync_partial_ok() const { return sync_partial_ok_; }
  uint64_t sync_partial_err() const { return sync_partial_err_; }

  // Closes the link to the master (CLIENT KILL TYPE master); the cron
  // reconnects and resumes with a partial resync.
  void DropMasterLink(const std::string& why) {
    if (link_ != nullptr) OnLinkClosed(why);
  }

  void set_connector(MasterConnector connector) { connector_ = std::move(connector); }

  // Reconnects, sends REPLCONF ACK every second, pings replicas.
  void Cron();

 private:
  enum class LinkState { kNone, kConnecting, kHandshake, kConnected };

  void EnsureFeed();
  void Connect();
  void OnLinkData(std::string_view data);
  void OnLinkClosed(const std::string& why);
  void ApplyStream(std::string_view bytes);
  void StartApplying();
  void FullSyncLoaded(const std::string& rdb, const std::string& replid, int64_t offset);
  void SendToReplicas(std::string_view bytes);
  void NewReplId();
  void ShiftReplId();
  std::string EncodeCommand(const std::vector<std::string>& argv) const;

  Node& node_;
  std::string replid_;
  std::string replid2_;
  int64_t second_offset_ = -1;
  ReplicationBacklog backlog_;
  int selected_db_ = -1;
  std::map<uint64_t, ReplicaInfo> replicas_;
  int64_t last_ping_ms_ = 0;
  int sink_id_ = 0;

  std::string master_host_;
  int master_port_ = 0;
  LinkState link_state_ = LinkState::kNone;
  std::unique_ptr<ReplicaHandshake> handshake_;
  std::unique_ptr<MasterLink> link_;
  std::unique_ptr<MasterLink> dead_link_;  // closed from its own callback; freed by the cron
  std::map<uint64_t, int> pending_ports_;  // REPLCONF listening-port before PSYNC
  std::unique_ptr<Session> master_session_;
  std::string pending_stream_;
  bool applying_ = false;
  int64_t last_io_ms_ = 0;
  int64_t last_ack_ms_ = 0;
  int64_t next_connect_ms_ = 0;
  MasterConnector connector_;
  uint64_t sync_full_ = 0;
  uint64_t sync_partial_ok_ = 0;
  uint64_t sync_partial_err_ = 0;
};

}  // namespace shoal
