#include "node/replication/master_link.h"

#include <array>
#include <deque>
#include <memory>

#include <boost/asio.hpp>

namespace shoal {

namespace {

namespace asio = boost::asio;
using asio::ip::tcp;

// The socket and its pending work; shared with the completion handlers so a
// link destroyed by Replication never leaves a handler touching freed
// memory (handlers check `closed` first).
struct LinkState : std::enable_shared_from_this<LinkState> {
  LinkState(asio::any_io_executor ex, MasterLinkCallbacks cb)
      : socket(ex), resolver(ex), callbacks(std::move(cb)) {}

  tcp::socket socket;
  tcp::resolver resolver;
  MasterLinkCallbacks callbacks;
  std::deque<std::string> out;
  bool writing = false;
  bool closed = false;
  std::array<char, 64 * 1024> buf{};

  void Fail(const std::string& why) {
    if (closed) return;
    closed = true;
    boost::system::error_code ignored;
    socket.close(ignored);
    if (callbacks.on_closed) callbacks.on_closed(why);
  }

  void Read() {
    auto self = shared_from_this();
    socket.async_read_some(asio::buffer(buf), [self](boost::system::error_code ec, size_t n) {
      if (self->closed) return;
      if (ec) return self->Fail(ec.message());
      self->callbacks.on_data(std::string_view(self->buf.data(), n));
      if (!self->closed) self->Read();
    });
  }

  void Write() {
    if (writing || out.empty() || closed) return;
    writing = true;
    auto self = shared_from_this();
    asio::async_write(socket, asio::buffer(out.front()),
                      [self](boost::system::error_code ec, size_t) {
                        self->writing = false;
                        if (self->closed) return;
                        if (ec) return self->Fail(ec.message());
                        self->out.pop_front();
                        self->Write();
                      });
  }
};

class AsioMasterLink final : public MasterLink {
 public:
  explicit AsioMasterLink(std::shared_ptr<LinkState> state) : state_(std::move(state)) {}
  ~AsioMasterLink() override {
    state_->closed = true;
    boost::system::error_code ignored;
    state_->socket.close(ignored);
    state_->resolver.cancel();
  }
  void Send(const std::string& bytes) override {
    state_->out.push_back(bytes);
    state_->Write();
  }

 private:
  std::shared_ptr<LinkState> state_;
};

}  // namespace

MasterConnector AsioMasterConnector(asio::any_io_executor executor) {
  return [executor](const std::string& host, int port,
                    MasterLinkCallbacks callbacks) -> std::unique_ptr<MasterLink> {
    auto state = std::make_shared<LinkState>(executor, std::move(callbacks));
    state->resolver.async_resolve(
        host, std::to_string(port),
        [state](boost::system::error_code ec, tcp::resolver::results_type results) {
          if (state->closed) return;
          if (ec) return state->Fail(ec.message());
          asio::async_connect(state->socket, results,
                              [state](boost::system::error_code ec, const tcp::endpoint&) {
                                if (state->closed) return;
                                if (ec) return state->Fail(ec.message());
                                state->socket.set_option(tcp::no_delay(true));
                                if (state->callbacks.on_connected) state->callbacks.on_connected();
                                state->Write();
                                state->Read();
                              });
        });
    return std::make_unique<AsioMasterLink>(state);
  };
}

}  // namespace shoal
