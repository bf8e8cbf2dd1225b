#include "node/net/server.h"

#include <spdlog/spdlog.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/asio.hpp>
#include <chrono>
#include <cstring>
#include <optional>
#include <utility>

namespace shoal {

namespace asio = boost::asio;
using asio::ip::tcp;
using unix_socket = asio::local::stream_protocol;

bool IsLoopbackAddress(const std::string& ip) {
  boost::system::error_code ec;
  auto addr = asio::ip::make_address(ip, ec);
  if (ec) return false;
  if (addr.is_loopback()) return true;
  if (addr.is_v6() && addr.to_v6().is_v4_mapped()) {
    return asio::ip::make_address_v4(asio::ip::v4_mapped, addr.to_v6()).is_loopback();
  }
  return false;
}

// ---------------------------------------------------------------------------
// Connection: one client socket.
//
// Reading and writing are independent chains so that a client that sends a
// long pipeline before reading any reply never deadlocks against us: replies
// accumulate in `pending_` while a write is in flight and go out together.
// ---------------------------------------------------------------------------

class ConnectionBase : public Connection, public std::enable_shared_from_this<ConnectionBase> {
 public:
  virtual void Start(std::unique_ptr<Session> session) = 0;
  virtual void ForceClose() = 0;
  virtual void RefuseAndClose(const std::string& refusal) = 0;
};

class NetServer::Impl {
 public:
  Impl(asio::io_context& io, SessionFactory& factory, const NetLimits* limits)
      : io(io), factory(factory), limits(limits) {}
  asio::io_context& io;
  SessionFactory& factory;
  const NetLimits* limits;
  std::vector<std::unique_ptr<tcp::acceptor>> tcp_acceptors;
  std::unique_ptr<unix_socket::acceptor> unix_acceptor;
  std::string unix_path;
  std::unordered_set<std::shared_ptr<ConnectionBase>> conns;
  bool stopping = false;

  template <typename Socket>
  void Accept(Socket socket, ConnectionInfo info);
};

namespace {

constexpr size_t kReadChunk = 16 * 1024;
// What a held connection may buffer before it stops reading.
constexpr size_t kHeldReadLimit = 1024 * 1024;

// The query buffer: bytes read but not yet parsed. Grows without zero-filling
// (std::string::resize would clear every chunk before each read).
class InputBuffer {
 public:
  // Space for at least `want` more bytes at the end.
  char* Reserve(size_t want) {
    if (cap_ - end_ < want) {
      if (start_ > 0) {  // slide unread bytes to the front first
        std::memmove(data_.get(), data_.get() + start_, end_ - start_);
        end_ -= start_;
        start_ = 0;
      }
      if (cap_ - end_ < want) {
        size_t cap = std::max(cap_ * 2, end_ + want);
        auto grown = std::make_unique_for_overwrite<char[]>(cap);
        if (end_ > 0) std::memcpy(grown.get(), data_.get(), end_);
        data_ = std::move(grown);
        cap_ = cap;
      }
    }
    return data_.get() + end_;
  }
  void Commit(size_t n) { end_ += n; }
  std::string_view Readable() const { return {data_.get() + start_, end_ - start_}; }
  void Consume(size_t n) {
    start_ += n;
    if (start_ == end_) {
      start_ = end_ = 0;
      // Give back memory after a burst of large requests.
      if (cap_ > 4 * kReadChunk) {
        data_.reset();
        cap_ = 0;
      }
    }
  }
  size_t size() const { return end_ - start_; }
  size_t free_space() const { return cap_ - end_; }

 private:
  std::unique_ptr<char[]> data_;
  size_t start_ = 0;
  size_t end_ = 0;
  size_t cap_ = 0;
};

template <typename Socket>
class SocketConnection final : public ConnectionBase {
 public:
  SocketConnection(Socket socket, NetServer::Impl* server)
      : socket_(std::move(socket)), server_(server) {}

  void Start(std::unique_ptr<Session> session) override {
    session_ = std::move(session);
    parser_.set_limits(session_->parser_limits());
    // Replies are first written directly (see Flush); the socket must not
    // block when the peer's window is full.
    boost::system::error_code ignored;
    socket_.non_blocking(true, ignored);
    ReadMore();
  }

  // --- Connection (what the command layer may ask) ------------------------
  void Close(bool flush_first) override {
    if (closed_) return;
    if (flush_first) {
      closing_ = true;
      reading_paused_ = true;
      if (!writing_ && pending_.empty()) Teardown();
      return;
    }
    // Deferred so a command handler iterating over clients (CLIENT KILL)
    // never sees a client vanish under it.
    closing_ = true;
    auto self = shared_from_this();
    asio::post(server_->io, [self] { self->ForceClose(); });
  }

  void Resume() override {
    if (closed_ || !paused_) return;
    paused_ = false;
    auto self = shared_from_this();
    asio::post(server_->io, [this, self] {
      if (closed_) return;
      ProcessInput();
      if (!paused_ && !closing_) ReadMore();
    });
  }

  void SendAsync(const std::string& bytes) override {
    if (closed_ || closing_) return;
    pending_ += bytes;
    CheckOutputLimits();
    Flush();
  }

  size_t query_buffer_size() const override { return inbuf_.size(); }
  size_t query_buffer_free() const override { return inbuf_.free_space(); }
  size_t output_buffer_size() const override { return pending_.size() + writing_buf_.size(); }
  size_t output_buffer_peak() const override { return output_peak_; }

  void ForceClose() override { Teardown(); }

  // Writes a refusal (max clients, protected mode) and closes; the socket is
  // fresh, so this small synchronous write does not block.
  void RefuseAndClose(const std::string& refusal) override {
    boost::system::error_code ignored;
    asio::write(socket_, asio::buffer(refusal), ignored);
    socket_.close(ignored);
    closed_ = true;
  }

 private:
  void ReadMore() {
    if (reading_ || closed_ || reading_paused_) return;
    // A held connection (blocked command, CLIENT PAUSE) keeps reading, a
    // bounded amount, so a peer that goes away is noticed at once: a blocked
    // client that disconnected must not be handed data.
    if (paused_ && inbuf_.size() >= kHeldReadLimit) return;
    reading_ = true;
    char* dst = inbuf_.Reserve(kReadChunk);
    auto self = shared_from_this();
    socket_.async_read_some(
        asio::buffer(dst, kReadChunk),
        [this, self](const boost::system::error_code& ec, size_t n) {
          reading_ = false;
          inbuf_.Commit(n);
          if (closed_) return;
          if (ec) {
            // EOF or reset: flush nothing more, just go.
            Teardown();
            return;
          }
          session_->AccountIo(n, 0);
          ProcessInput();
          if (!closed_) ReadMore();
        });
  }

  // Parses and dispatches every complete request in the buffer, then sends
  // the replies in one write. Requests are parsed a batch at a time so the
  // session can warm the cache for all of a pipeline's keys before the first
  // one runs; they still run strictly in order.
  void ProcessInput() {
    while (!closed_ && !closing_ && !paused_) {
      if (next_ == batch_size_) {
        if (!ParseBatch()) return;  // the connection is gone
        if (batch_size_ == 0) break;
        if (batch_size_ > 1) session_->Prefetch(batch_.data(), batch_size_);
      }
      if (!Dispatch(batch_[next_])) break;
      ++next_;
      if (next_ == batch_size_ && parse_error_) {
        // Every request before the malformed one ran; now the error, then
        // the close, as Redis does.
        session_->OnProtocolError(parser_.error());
        pending_ += "-" + parser_.error() + "\r\n";
        Close(true);
        break;
      }
    }
    CheckOutputLimits();
    Flush();
  }

  // Parses up to kBatch complete requests into batch_. Returns false if the
  // connection was torn down (query buffer limit).
  bool ParseBatch() {
    next_ = 0;
    batch_size_ = 0;
    while (batch_size_ < kBatch && !parse_error_) {
      std::string_view data = inbuf_.Readable();
      if (data.empty()) break;
      // Limits depend on the client's state (AUTH lifts them), which only
      // the commands before this one can change: unauthenticated clients
      // are parsed one request at a time.
      resp::ParserLimits limits = session_->parser_limits();
      if (limits.unauthenticated && batch_size_ > 0) break;
      parser_.set_limits(limits);
      if (batch_.size() == batch_size_) batch_.emplace_back();
      size_t consumed = 0;
      auto result = parser_.Parse(data, &consumed, &batch_[batch_size_]);
      inbuf_.Consume(consumed);
      if (result == resp::RequestParser::Result::kError) {
        parse_error_ = true;
        break;
      }
      if (result == resp::RequestParser::Result::kNeedMore) {
        if (query_buffer_size() + parser_.pending_bytes() > server_->limits->query_buffer_limit) {
          spdlog::warn("Closing client that reached max query buffer length (qbuf={})",
                       query_buffer_size() + parser_.pending_bytes());
          Teardown();
          return false;
        }
        break;
      }
      ++batch_size_;
    }
    if (batch_size_ == 0 && parse_error_) {
      session_->OnProtocolError(parser_.error());
      pending_ += "-" + parser_.error() + "\r\n";
      Close(true);
    }
    return true;
  }

  // Runs one request; returns false when processing must stop (the request
  // stays queued when CLIENT PAUSE holds it).
  bool Dispatch(std::vector<std::string>& argv) {
    // A long command (a script past its time limit) may run the event loop
    // from inside OnCommand; until it returns, this connection neither
    // writes pending_ (the command appends to it) nor tears down.
    dispatching_ = true;
    DispatchResult r = session_->OnCommand(argv, &pending_);
    dispatching_ = false;
    if (teardown_deferred_) {
      Teardown();
      return false;
    }
    switch (r) {
      case DispatchResult::kDone:
        return true;
      case DispatchResult::kPause:
        paused_ = true;
        return false;
      case DispatchResult::kClose:
        ++next_;
        Close(true);
        return false;
    }
    return true;
  }

  void CheckOutputLimits() {
    const NetLimits& lim = *server_->limits;
    size_t size = output_buffer_size();
    output_peak_ = std::max(output_peak_, size);
    bool over = false;
    if (lim.output_hard_limit > 0 && size >= lim.output_hard_limit) over = true;
    if (lim.output_soft_limit > 0 && size >= lim.output_soft_limit) {
      auto now = std::chrono::steady_clock::now();
      if (!soft_since_) soft_since_ = now;
      if (now - *soft_since_ >= std::chrono::seconds(lim.output_soft_seconds)) over = true;
    } else {
      soft_since_.reset();
    }
    if (over && !closed_) {
      spdlog::warn("Client scheduled to be closed ASAP for overcoming of output buffer limits.");
      session_->OnOutputLimit();
      pending_.clear();
      Teardown();
    }
  }

  void Flush() {
    if (writing_ || closed_ || dispatching_) return;
    if (pending_.empty()) {
      if (closing_) Teardown();
      return;
    }
    if (!session_->BeforeWrite()) {
      auto me = std::static_pointer_cast<SocketConnection>(shared_from_this());
      session_->WhenWritable([me] { me->Flush(); });
      return;
    }
    // Like Redis, write straight away: usually the whole reply fits in the
    // socket buffer and no asynchronous operation (and no completion
    // handler) is needed. Only what is left goes through async_write.
    boost::system::error_code ec;
    size_t n = socket_.write_some(asio::buffer(pending_), ec);
    if (ec && ec != asio::error::would_block && ec != asio::error::try_again) {
      Teardown();
      return;
    }
    session_->AccountIo(0, n);
    if (n == pending_.size()) {
      pending_.clear();
      if (pending_.capacity() > 1024 * 1024) std::string().swap(pending_);
      if (closing_) Teardown();
      return;
    }
    writing_ = true;
    writing_buf_.assign(pending_, n, std::string::npos);
    pending_.clear();
    auto self = shared_from_this();
    asio::async_write(socket_, asio::buffer(writing_buf_),
                      [this, self](const boost::system::error_code& ec, size_t n) {
                        writing_ = false;
                        session_->AccountIo(0, n);
                        writing_buf_.clear();
                        if (writing_buf_.capacity() > 1024 * 1024) writing_buf_.shrink_to_fit();
                        if (closed_) return;
                        if (ec) {
                          Teardown();
                          return;
                        }
                        Flush();
                      });
  }

  void Teardown() {
    if (closed_) return;
    if (dispatching_) {
      teardown_deferred_ = true;
      return;
    }
    closed_ = true;
    boost::system::error_code ignored;
    socket_.shutdown(asio::socket_base::shutdown_both, ignored);
    socket_.close(ignored);
    if (session_) session_->OnClosed();
    auto self = shared_from_this();
    // Drop the server's reference after the current handler returns.
    asio::post(server_->io, [self, server = server_] { server->conns.erase(self); });
  }

  Socket socket_;
  NetServer::Impl* server_;
  std::unique_ptr<Session> session_;
  resp::RequestParser parser_;
  // Parsed requests waiting to run: batch_[next_ .. batch_size_).
  static constexpr size_t kBatch = 32;
  std::vector<std::vector<std::string>> batch_;
  size_t batch_size_ = 0;
  size_t next_ = 0;
  bool parse_error_ = false;  // a malformed request follows the batch
  InputBuffer inbuf_;
  std::string pending_;      // replies not yet handed to the socket
  std::string writing_buf_;  // replies being written
  size_t output_peak_ = 0;
  std::optional<std::chrono::steady_clock::time_point> soft_since_;
  bool reading_ = false;
  bool writing_ = false;
  bool reading_paused_ = false;
  bool paused_ = false;   // CLIENT PAUSE holds batch_[next_]
  bool closing_ = false;  // flush, then close
  bool closed_ = false;
  bool dispatching_ = false;      // inside session_->OnCommand
  bool teardown_deferred_ = false;  // Teardown asked for while dispatching
};

std::string EndpointText(const tcp::endpoint& ep) {
  auto addr = ep.address();
  if (addr.is_v6() && addr.to_v6().is_v4_mapped()) {
    addr = asio::ip::make_address_v4(asio::ip::v4_mapped, addr.to_v6());
  }
  return addr.to_string() + ":" + std::to_string(ep.port());
}

}  // namespace

template <typename Socket>
void NetServer::Impl::Accept(Socket socket, ConnectionInfo info) {
  auto conn = std::make_shared<SocketConnection<Socket>>(std::move(socket), this);
  std::string refusal;
  auto session = factory.Open(info, conn.get(), &refusal);
  if (!session) {
    conn->RefuseAndClose(refusal);
    return;
  }
  conns.insert(conn);
  conn->Start(std::move(session));
}

// ---------------------------------------------------------------------------
// NetServer
// ---------------------------------------------------------------------------

namespace {

void StartTcpAccept(NetServer::Impl* impl, tcp::acceptor* acceptor, int keepalive) {
  acceptor->async_accept([impl, acceptor, keepalive](const boost::system::error_code& ec,
                                                     tcp::socket socket) {
    if (impl->stopping) return;
    if (!ec) {
      boost::system::error_code ignored;
      socket.set_option(tcp::no_delay(true), ignored);
      if (keepalive > 0) {
        socket.set_option(asio::socket_base::keep_alive(true), ignored);
        int idle = keepalive;
        ::setsockopt(socket.native_handle(), IPPROTO_TCP, TCP_KEEPIDLE, &idle, sizeof(idle));
      }
      ConnectionInfo info;
      auto remote = socket.remote_endpoint(ignored);
      auto local = socket.local_endpoint(ignored);
      info.addr = EndpointText(remote);
      info.laddr = EndpointText(local);
      info.fd = socket.native_handle();
      std::string ip = info.addr.substr(0, info.addr.rfind(':'));
      info.loopback = IsLoopbackAddress(ip);
      impl->Accept(std::move(socket), std::move(info));
    } else if (ec == asio::error::operation_aborted) {
      return;
    } else {
      spdlog::warn("Accepting client connection: {}", ec.message());
    }
    StartTcpAccept(impl, acceptor, keepalive);
  });
}

void StartUnixAccept(NetServer::Impl* impl) {
  impl->unix_acceptor->async_accept(
      [impl](const boost::system::error_code& ec, unix_socket::socket socket) {
        if (impl->stopping) return;
        if (!ec) {
          ConnectionInfo info;
          info.addr = impl->unix_path + ":0";
          info.laddr = impl->unix_path;
          info.fd = socket.native_handle();
          info.unix_socket = true;
          info.loopback = true;
          impl->Accept(std::move(socket), std::move(info));
        } else if (ec == asio::error::operation_aborted) {
          return;
        }
        StartUnixAccept(impl);
      });
}

}  // namespace

NetServer::NetServer(asio::io_context& io, SessionFactory& factory, NetOptions options)
    : options_(std::move(options)) {
  impl_ = std::make_unique<Impl>(io, factory, &options_.limits);
}

NetServer::~NetServer() { Stop(); }

Status NetServer::Listen() {
  if (options_.port > 0) {
    for (std::string addr : options_.bind) {
      bool optional = !addr.empty() && addr[0] == '-';
      if (optional) addr.erase(0, 1);
      asio::ip::address ip;
      if (addr == "*") {
        ip = asio::ip::address_v4::any();
      } else if (addr == "::*") {
        ip = asio::ip::address_v6::any();
      } else {
        boost::system::error_code ec;
        ip = asio::ip::make_address(addr, ec);
        if (ec) return Status::Error("Invalid bind address '" + addr + "'");
      }
      tcp::endpoint ep(ip, static_cast<uint16_t>(options_.port));
      auto acceptor = std::make_unique<tcp::acceptor>(impl_->io);
      boost::system::error_code ec;
      acceptor->open(ep.protocol(), ec);
      if (!ec) acceptor->set_option(tcp::acceptor::reuse_address(true), ec);
      if (!ec && ip.is_v6()) acceptor->set_option(asio::ip::v6_only(true), ec);
      if (!ec) acceptor->bind(ep, ec);
      if (!ec) acceptor->listen(options_.tcp_backlog, ec);
      if (ec) {
        if (optional) continue;
        return Status::Error("Failed listening on port " + std::to_string(options_.port) +
                             " (tcp), aborting. (" + addr + ": " + ec.message() + ")");
      }
      bound_port_ = acceptor->local_endpoint().port();
      impl_->tcp_acceptors.push_back(std::move(acceptor));
    }
    if (impl_->tcp_acceptors.empty()) {
      return Status::Error("Failed listening on port " + std::to_string(options_.port) +
                           " (tcp): no address could be bound");
    }
    for (auto& a : impl_->tcp_acceptors) StartTcpAccept(impl_.get(), a.get(), options_.tcp_keepalive);
  }
  if (!options_.unixsocket.empty()) {
    ::unlink(options_.unixsocket.c_str());
    impl_->unix_path = options_.unixsocket;
    impl_->unix_acceptor = std::make_unique<unix_socket::acceptor>(impl_->io);
    boost::system::error_code ec;
    unix_socket::endpoint ep(options_.unixsocket);
    impl_->unix_acceptor->open(ep.protocol(), ec);
    if (!ec) impl_->unix_acceptor->bind(ep, ec);
    if (!ec) impl_->unix_acceptor->listen(options_.tcp_backlog, ec);
    if (ec) {
      return Status::Error("Failed opening Unix socket: " + ec.message());
    }
    if (options_.unixsocketperm != 0) {
      ::chmod(options_.unixsocket.c_str(), static_cast<mode_t>(options_.unixsocketperm));
    }
    StartUnixAccept(impl_.get());
  }
  return Status::Ok();
}

void NetServer::Stop() {
  if (impl_->stopping) return;
  impl_->stopping = true;
  boost::system::error_code ignored;
  for (auto& a : impl_->tcp_acceptors) a->close(ignored);
  if (impl_->unix_acceptor) {
    impl_->unix_acceptor->close(ignored);
    ::unlink(impl_->unix_path.c_str());
  }
  auto conns = impl_->conns;
  for (auto& c : conns) c->ForceClose();
  impl_->conns.clear();
}

void NetServer::SetLimits(const NetLimits& limits) { options_.limits = limits; }

size_t NetServer::connections() const { return impl_->conns.size(); }

}  // namespace shoal
