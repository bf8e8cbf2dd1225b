// The replica's side of Redis's replication handshake, as a state machine
// with no I/O: the link feeds it the bytes the master sent and carries out
// the actions it returns (bytes to send, an RDB to load, stream bytes to
// apply). The sequence, as Redis 7 replicas run it:
//
//   -> PING                                 <- +PONG (or an auth error)
//   -> AUTH [user] password   (masterauth)  <- +OK
//   -> REPLCONF listening-port <port>       <- +OK (errors ignored)
//   -> REPLCONF ip-address <ip>  (if announced)
//   -> REPLCONF capa eof capa psync2        <- +OK (errors ignored)
//   -> PSYNC <replid> <offset+1> | PSYNC ? -1
//   <- +FULLRESYNC <replid> <offset>, then the RDB as "$<len>\r\n<bytes>" or
//      "$EOF:<40-byte mark>\r\n<bytes><mark>" (newlines before it are
//      keep-alives)
//   <- +CONTINUE [<new replid>], then the stream from the next offset
//   <- the command stream (RESP), for ever
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace shoal {

class ReplicaHandshake {
 public:
  struct Params {
    int listening_port = 0;
    std::string announce_ip;
    std::string masteruser;
    std::string masterauth;
    std::string cached_replid;  // empty: no cached master (PSYNC ? -1)
    int64_t cached_offset = -1;
  };

  struct Action {
    enum class Kind {
      kSend,      // bytes: send to the master
      kFullSync,  // bytes: the RDB image; replid/offset: the master's
      kContinue,  // replid: the master's (possibly new) id
      kStream,    // bytes: command stream to apply
      kFailed,    // bytes: why; the link is dropped and retried later
    };
    Kind kind;
    std::string bytes;
    std::string replid;
    int64_t offset = 0;
  };

  explicit ReplicaHandshake(Params params) : params_(std::move(params)) {}

  // The first bytes to send once connected (PING).
  std::vector<Action> Start();
  // Bytes from the master; returns what to do, in order.
  std::vector<Action> OnData(std::string_view data);

  enum class State {
    kIdle,
    kWaitPong,
    kWaitAuth,
    kWaitPort,
    kWaitIp,
    kWaitCapa,
    kWaitPsync,
    kWaitBulkHeader,
    kReadBulk,
    kReadEofBulk,
    kStreaming,
    kFailed,
  };
  State state() const { return state_; }

 private:
  // Takes one "\r\n"-terminated line from the buffer, if complete.
  bool TakeLine(std::string* line);
  void OnLine(const std::string& line, std::vector<Action>* out);
  void OnPsyncReply(const std::string& line, std::vector<Action>* out);
  void SendCommand(std::initializer_list<std::string_view> args, std::vector<Action>* out);
  void AfterAuth(std::vector<Action>* out);
  void Fail(std::string why, std::vector<Action>* out);
  void Step(std::vector<Action>* out);

  Params params_;
  State state_ = State::kIdle;
  std::string in_;
  std::string master_replid_;
  int64_t master_offset_ = 0;
  size_t bulk_left_ = 0;
  std::string eof_mark_;
  std::string rdb_;
};

}  // namespace shoal
