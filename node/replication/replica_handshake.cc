#include "node/replication/replica_handshake.h"

#include <charconv>

namespace shoal {

namespace {

constexpr size_t kEofMarkSize = 40;
constexpr size_t kMaxLine = 64 * 1024;

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

}  // namespace

void ReplicaHandshake::SendCommand(std::initializer_list<std::string_view> args,
                                   std::vector<Action>* out) {
  std::string bytes = "*" + std::to_string(args.size()) + "\r\n";
  for (std::string_view a : args) {
    bytes += "$" + std::to_string(a.size()) + "\r\n";
    bytes.append(a);
    bytes += "\r\n";
  }
  out->push_back({Action::Kind::kSend, std::move(bytes), {}, 0});
}

void ReplicaHandshake::Fail(std::string why, std::vector<Action>* out) {
  state_ = State::kFailed;
  out->push_back({Action::Kind::kFailed, std::move(why), {}, 0});
}

std::vector<ReplicaHandshake::Action> ReplicaHandshake::Start() {
  std::vector<Action> out;
  state_ = State::kWaitPong;
  SendCommand({"PING"}, &out);
  return out;
}

bool ReplicaHandshake::TakeLine(std::string* line) {
  // A master preparing the RDB sends bare "\n" keep-alives.
  const size_t start = in_.find_first_not_of('\n');
  in_.erase(0, start == std::string::npos ? in_.size() : start);
  const size_t eol = in_.find("\r\n");
  if (eol == std::string::npos) return false;
  line->assign(in_, 0, eol);
  in_.erase(0, eol + 2);
  return true;
}

void ReplicaHandshake::AfterAuth(std::vector<Action>* out) {
  state_ = State::kWaitPort;
  SendCommand({"REPLCONF", "listening-port", std::to_string(params_.listening_port)}, out);
}

void ReplicaHandshake::OnLine(const std::string& line, std::vector<Action>* out) {
  switch (state_) {
    case State::kWaitPong:
      // A master that wants a password answers PING with an auth error;
      // that still proves it is alive.
      if (line[0] == '-' && !StartsWith(line, "-NOAUTH") && !StartsWith(line, "-NOPERM") &&
          !StartsWith(line, "-ERR operation not permitted")) {
        return Fail("Error reply to PING from master: '" + line + "'", out);
      }
      if (!params_.masterauth.empty()) {
        state_ = State::kWaitAuth;
        if (params_.masteruser.empty()) {
          SendCommand({"AUTH", params_.masterauth}, out);
        } else {
          SendCommand({"AUTH", params_.masteruser, params_.masterauth}, out);
        }
        return;
      }
      return AfterAuth(out);
    case State::kWaitAuth:
      if (line[0] == '-') return Fail("Unable to AUTH to MASTER: " + line, out);
      return AfterAuth(out);
    case State::kWaitPort:
      // Errors here are not fatal: old masters do not know REPLCONF.
      if (!params_.announce_ip.empty()) {
        state_ = State::kWaitIp;
        return SendCommand({"REPLCONF", "ip-address", params_.announce_ip}, out);
      }
      [[fallthrough]];
    case State::kWaitIp:
      state_ = State::kWaitCapa;
      return SendCommand({"REPLCONF", "capa", "eof", "capa", "psync2"}, out);
    case State::kWaitCapa:
      state_ = State::kWaitPsync;
      if (params_.cached_replid.empty()) return SendCommand({"PSYNC", "?", "-1"}, out);
      return SendCommand(
          {"PSYNC", params_.cached_replid, std::to_string(params_.cached_offset + 1)}, out);
    case State::kWaitPsync:
      return OnPsyncReply(line, out);
    case State::kWaitBulkHeader:
      if (line.empty()) return;  // keep-alive newline while the master prepares the RDB
      if (line[0] != '$') return Fail("Bad protocol from MASTER, the first byte is not '$'", out);
      if (StartsWith(line, "$EOF:") && line.size() == 5 + kEofMarkSize) {
        eof_mark_ = line.substr(5);
        state_ = State::kReadEofBulk;
        return;
      }
      {
        uint64_t len = 0;
        auto res = std::from_chars(line.data() + 1, line.data() + line.size(), len);
        if (res.ec != std::errc() || res.ptr != line.data() + line.size()) {
          return Fail("Bad RDB length from MASTER: " + line, out);
        }
        bulk_left_ = len;
        rdb_.clear();
        state_ = State::kReadBulk;
      }
      return;
    default:
      return;
  }
}

void ReplicaHandshake::OnPsyncReply(const std::string& line, std::vector<Action>* out) {
  if (StartsWith(line, "+FULLRESYNC")) {
    // "+FULLRESYNC <replid> <offset>"
    const size_t a = line.find(' ');
    const size_t b = a == std::string::npos ? a : line.find(' ', a + 1);
    if (b == std::string::npos) return Fail("Bad FULLRESYNC reply: " + line, out);
    master_replid_ = line.substr(a + 1, b - a - 1);
    master_offset_ = std::strtoll(line.c_str() + b + 1, nullptr, 10);
    state_ = State::kWaitBulkHeader;
    return;
  }
  if (StartsWith(line, "+CONTINUE")) {
    std::string replid = line.size() > 10 ? line.substr(10) : params_.cached_replid;
    state_ = State::kStreaming;
    out->push_back({Action::Kind::kContinue, {}, std::move(replid), params_.cached_offset});
    return;
  }
  Fail("Unexpected reply to PSYNC from master: " + line, out);
}

void ReplicaHandshake::Step(std::vector<Action>* out) {
  for (;;) {
    switch (state_) {
      case State::kReadBulk: {
        const size_t n = std::min(bulk_left_, in_.size());
        rdb_.append(in_, 0, n);
        in_.erase(0, n);
        bulk_left_ -= n;
        if (bulk_left_ > 0) return;
        state_ = State::kStreaming;
        out->push_back({Action::Kind::kFullSync, std::move(rdb_), master_replid_, master_offset_});
        rdb_.clear();
        continue;
      }
      case State::kReadEofBulk: {
        rdb_ += in_;
        in_.clear();
        if (rdb_.size() < kEofMarkSize ||
            rdb_.compare(rdb_.size() - kEofMarkSize, kEofMarkSize, eof_mark_) != 0) {
          return;
        }
        rdb_.resize(rdb_.size() - kEofMarkSize);
        state_ = State::kStreaming;
        out->push_back({Action::Kind::kFullSync, std::move(rdb_), master_replid_, master_offset_});
        rdb_.clear();
        continue;
      }
      case State::kStreaming:
        if (!in_.empty()) {
          out->push_back({Action::Kind::kStream, std::move(in_), {}, 0});
          in_.clear();
        }
        return;
      case State::kFailed:
      case State::kIdle:
        return;
      default: {
        std::string line;
        if (!TakeLine(&line)) {
          if (in_.size() > kMaxLine) Fail("Reply line from master too long", out);
          return;
        }
        if (line.empty() && state_ != State::kWaitBulkHeader) continue;  // keep-alive
        OnLine(line, out);
        continue;
      }
    }
  }
}

std::vector<ReplicaHandshake::Action> ReplicaHandshake::OnData(std::string_view data) {
  std::vector<Action> out;
  in_.append(data);
  Step(&out);
  return out;
}

}  // namespace shoal
