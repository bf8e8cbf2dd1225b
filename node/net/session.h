// The seam between the transport (sockets, buffers) and the command layer.
// The transport knows only these interfaces: it never includes command or
// keyspace headers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/resp/parser.h"

namespace shoal {

// What the transport tells the command layer about a new connection.
struct ConnectionInfo {
  std::string addr;   // "127.0.0.1:50288" or "/tmp/shoal.sock:0"
  std::string laddr;  // local address
  int fd = -1;
  bool unix_socket = false;
  bool loopback = false;  // peer is 127.0.0.0/8, ::1 or a unix socket
};

// Implemented by the transport: what the command layer may ask of a
// connection.
class Connection {
 public:
  virtual ~Connection() = default;
  // Closes the connection after the replies already produced are flushed
  // (QUIT) or at once (CLIENT KILL).
  virtual void Close(bool flush_first) = 0;
  // Continues processing buffered requests after a session returned kPause.
  virtual void Resume() = 0;
  // Sends out-of-band bytes (MONITOR feed, later pub/sub pushes).
  virtual void SendAsync(const std::string& bytes) = 0;
  virtual size_t query_buffer_size() const = 0;
  virtual size_t query_buffer_free() const = 0;
  virtual size_t output_buffer_size() const = 0;
  virtual size_t output_buffer_peak() const = 0;
};

enum class DispatchResult {
  kDone,   // the command ran; its reply (if any) was appended
  kPause,  // not run now: the transport keeps argv and stops reading until Resume()
  kClose,  // flush the output, then close
};

// Implemented by the command layer: one per connection.
class Session {
 public:
  virtual ~Session() = default;
  // Runs one command; appends its reply to *out. argv may be moved from
  // unless kPause is returned.
  virtual DispatchResult OnCommand(std::vector<std::string>& argv, std::string* out) = 0;
  // A hint: these requests will run next, in order (a pipelined batch). The
  // session may warm caches for their keys; it must not run them.
  virtual void Prefetch(const std::vector<std::string>* batch, size_t n) {}
  // The parser limits for this connection's next request.
  virtual resp::ParserLimits parser_limits() const = 0;
  // Reports a protocol error (for logs and stats) before the close.
  virtual void OnProtocolError(const std::string& error) = 0;
  // Called once, when the connection is gone.
  virtual void OnClosed() = 0;
  // Bytes read from / written to the socket (INFO stats).
  virtual void AccountIo(size_t read, size_t written) = 0;
  // The connection is being dropped for exceeding client-output-buffer-limit.
  virtual void OnOutputLimit() = 0;
  // Replies are about to be sent: whatever must be durable before a client
  // sees an acknowledgement (the AOF under appendfsync always) is written.
  // Returns false when the replies must wait (a sync is scheduled); the
  // transport then hands WhenWritable the call that resumes writing.
  virtual bool BeforeWrite() { return true; }
  virtual void WhenWritable(std::function<void()> retry) { retry(); }
};

// Implemented by the command layer: makes sessions, and says no to
// connections over limits.
class SessionFactory {
 public:
  virtual ~SessionFactory() = default;
  // Returns nullptr and sets *refusal (the bytes to send before closing, e.g.
  // "-ERR max number of clients reached\r\n") when the connection is refused.
  virtual std::unique_ptr<Session> Open(const ConnectionInfo& info, Connection* conn,
                                        std::string* refusal) = 0;
};

}  // namespace shoal
