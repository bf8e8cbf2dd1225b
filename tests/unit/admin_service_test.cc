// AdminServer over real loopback gRPC, with an io_context on a test thread
// standing in for the node's shard.
#include "node/admin/admin_service.h"

#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include "tests/unit/clusterctl_runner.h"

#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <future>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "clusterctl/cli.h"
#include "node_admin.grpc.pb.h"

namespace shoal::admin {
namespace {

using ::testing::HasSubstr;
using Steady = std::chrono::steady_clock;

// An io_context and, once Start()ed, the thread that runs it. Destroying it
// stops the thread; tasks still queued are dropped with the io_context.
class FakeShard {
 public:
  ~FakeShard() {
    guard_.reset();
    io_.stop();
    if (thread_.joinable()) {
      thread_.join();
    }
  }
  void Start() {
    thread_ = std::thread([this] { io_.run(); });
  }
  boost::asio::any_io_executor executor() { return io_.get_executor(); }
  std::thread::id thread_id() const { return thread_.get_id(); }

 private:
  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> guard_ =
      boost::asio::make_work_guard(io_);
  std::thread thread_;
};

v1::NodeInfo SampleInfo() {
  v1::NodeInfo info;
  info.set_id("0123456789abcdef0123456789abcdef01234567");
  info.set_version("0.1.0");
  info.set_redis_version("7.0.15");
  info.set_role("master");
  info.set_host("127.0.0.1");
  info.set_port(6379);
  info.set_uptime_seconds(3661);
  info.set_keys(12);
  info.set_used_memory(2048);
  info.set_pid(99);
  return info;
}

class AdminServerTest : public ::testing::Test {
 protected:
  // Options whose callbacks record the thread they ran on.
  AdminServerOptions Options() {
    AdminServerOptions options;
    options.shard = shard_.executor();
    options.node_info = [this] {
      ran_on_.store(std::this_thread::get_id());
      return SampleInfo();
    };
    options.health = [this] {
      ran_on_.store(std::this_thread::get_id());
      return v1::HealthResponse::SERVING;
    };
    return options;
  }

  std::unique_ptr<AdminServer> StartServer(const AdminServerOptions& options) {
    StatusOr<std::unique_ptr<AdminServer>> server = AdminServer::Start(options);
    EXPECT_TRUE(server.ok()) << server.status().message();
    if (!server.ok()) {
      return nullptr;
    }
    EXPECT_GT((*server)->port(), 0);
    return std::move(*server);
  }

  static std::unique_ptr<v1::NodeAdmin::Stub> Stub(int port) {
    return v1::NodeAdmin::NewStub(grpc::CreateChannel("127.0.0.1:" + std::to_string(port),
                                                      grpc::InsecureChannelCredentials()));
  }

  static void SetDeadline(grpc::ClientContext& context, std::chrono::milliseconds timeout) {
    context.set_deadline(std::chrono::system_clock::now() + timeout);
  }

  // Declared first so it outlives every server the test starts.
  FakeShard shard_;
  std::atomic<std::thread::id> ran_on_{};
};

TEST_F(AdminServerTest, GetNodeInfoRunsOnTheShard) {
  shard_.Start();
  std::unique_ptr<AdminServer> server = StartServer(Options());
  ASSERT_NE(server, nullptr);

  grpc::ClientContext context;
  SetDeadline(context, std::chrono::seconds(10));
  v1::NodeInfo reply;
  grpc::Status status = Stub(server->port())->GetNodeInfo(&context, {}, &reply);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(reply.id(), SampleInfo().id());
  EXPECT_EQ(reply.keys(), 12u);
  // The server fills in the port it actually listens on.
  EXPECT_EQ(static_cast<int>(reply.admin_port()), server->port());
  EXPECT_EQ(ran_on_.load(), shard_.thread_id());
  EXPECT_NE(ran_on_.load(), std::this_thread::get_id());
}

TEST_F(AdminServerTest, HealthRunsOnTheShard) {
  shard_.Start();
  std::unique_ptr<AdminServer> server = StartServer(Options());
  ASSERT_NE(server, nullptr);

  grpc::ClientContext context;
  SetDeadline(context, std::chrono::seconds(10));
  v1::HealthResponse reply;
  grpc::Status status = Stub(server->port())->Health(&context, {}, &reply);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(reply.status(), v1::HealthResponse::SERVING);
  EXPECT_EQ(ran_on_.load(), shard_.thread_id());
}

TEST_F(AdminServerTest, StuckShardFailsAfterShardTimeout) {
  // The shard is never started: posted work just sits in its queue.
  AdminServerOptions options = Options();
  options.shard_timeout = std::chrono::milliseconds(200);
  std::unique_ptr<AdminServer> server = StartServer(options);
  ASSERT_NE(server, nullptr);
  auto stub = Stub(server->port());

  const Steady::time_point start = Steady::now();
  grpc::ClientContext context;
  SetDeadline(context, std::chrono::seconds(20));
  v1::NodeInfo reply;
  grpc::Status status = stub->GetNodeInfo(&context, {}, &reply);
  const auto elapsed = Steady::now() - start;
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE) << status.error_message();
  EXPECT_THAT(status.error_message(), HasSubstr("shard"));
  EXPECT_GE(elapsed, std::chrono::milliseconds(200));
  EXPECT_LT(elapsed, std::chrono::seconds(10));

  grpc::ClientContext health_context;
  SetDeadline(health_context, std::chrono::seconds(20));
  v1::HealthResponse health;
  EXPECT_EQ(stub->Health(&health_context, {}, &health).error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(ran_on_.load(), std::thread::id());
}

TEST_F(AdminServerTest, StuckShardHonoursTheCallersDeadline) {
  AdminServerOptions options = Options();
  options.shard_timeout = std::chrono::seconds(60);
  std::unique_ptr<AdminServer> server = StartServer(options);
  ASSERT_NE(server, nullptr);

  const Steady::time_point start = Steady::now();
  grpc::ClientContext context;
  SetDeadline(context, std::chrono::milliseconds(300));
  v1::NodeInfo reply;
  grpc::Status status = Stub(server->port())->GetNodeInfo(&context, {}, &reply);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED) << status.error_message();
  EXPECT_LT(Steady::now() - start, std::chrono::seconds(10));

  // The handler saw its call cancelled and let go of its thread, so shutdown
  // does not wait for the 60 s shard timeout.
  const Steady::time_point shutdown_start = Steady::now();
  server->Shutdown(std::chrono::milliseconds(500));
  EXPECT_LT(Steady::now() - shutdown_start, std::chrono::seconds(10));
}

TEST_F(AdminServerTest, ShutdownWithACallInFlightIsBounded) {
  // The shard is busy inside the callback until the test lets it go.
  shard_.Start();
  std::atomic<bool> entered{false};
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  AdminServerOptions options = Options();
  options.shard_timeout = std::chrono::seconds(60);
  options.node_info = [&entered, released] {
    entered.store(true);
    released.wait_for(std::chrono::seconds(30));
    return SampleInfo();
  };
  std::unique_ptr<AdminServer> server = StartServer(options);
  ASSERT_NE(server, nullptr);

  grpc::Status in_flight;
  std::thread caller([&] {
    grpc::ClientContext context;
    SetDeadline(context, std::chrono::seconds(60));
    v1::NodeInfo reply;
    in_flight = Stub(server->port())->GetNodeInfo(&context, {}, &reply);
  });
  const Steady::time_point poll_deadline = Steady::now() + std::chrono::seconds(10);
  while (!entered.load() && Steady::now() < poll_deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));  // poll until poll_deadline
  }
  EXPECT_TRUE(entered.load()) << "the call never reached the shard";

  const Steady::time_point start = Steady::now();
  server->Shutdown(std::chrono::milliseconds(200));
  const auto shutdown_took = Steady::now() - start;
  caller.join();
  release.set_value();
  EXPECT_FALSE(in_flight.ok());
  EXPECT_LT(shutdown_took, std::chrono::seconds(10));
}

TEST_F(AdminServerTest, PortInUseIsAClearError) {
  shard_.Start();
  std::unique_ptr<AdminServer> first = StartServer(Options());
  ASSERT_NE(first, nullptr);

  AdminServerOptions options = Options();
  options.port = first->port();
  StatusOr<std::unique_ptr<AdminServer>> second = AdminServer::Start(options);
  ASSERT_FALSE(second.ok());
  EXPECT_THAT(second.status().message(),
              HasSubstr("cannot listen on 127.0.0.1:" + std::to_string(first->port())));
  EXPECT_THAT(second.status().message(), HasSubstr("in use"));
}

TEST_F(AdminServerTest, RejectsIncompleteOptions) {
  AdminServerOptions no_shard = Options();
  no_shard.shard = {};
  EXPECT_FALSE(AdminServer::Start(no_shard).ok());

  AdminServerOptions no_callback = Options();
  no_callback.node_info = nullptr;
  EXPECT_FALSE(AdminServer::Start(no_callback).ok());

  AdminServerOptions bad_port = Options();
  bad_port.port = 70000;
  EXPECT_FALSE(AdminServer::Start(bad_port).ok());
}

// ---------------------------------------------------------------------------
// clusterctl info against a live AdminServer
// ---------------------------------------------------------------------------

using shoal::testing::CliResult;
using shoal::testing::RunCli;

TEST_F(AdminServerTest, ClusterctlInfoPrintsTable) {
  shard_.Start();
  std::unique_ptr<AdminServer> server = StartServer(Options());
  ASSERT_NE(server, nullptr);
  const std::string port = std::to_string(server->port());

  CliResult r = RunCli({"info", "127.0.0.1:" + port});
  ASSERT_EQ(r.code, clusterctl::kExitOk) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_THAT(r.out, HasSubstr("id                 " + SampleInfo().id() + "\n"));
  EXPECT_THAT(r.out, HasSubstr("role               master\n"));
  EXPECT_THAT(r.out, HasSubstr("admin_port         " + port + "\n"));
  EXPECT_THAT(r.out, HasSubstr("uptime_seconds     3661 (1h 1m 1s)\n"));
  EXPECT_THAT(r.out, HasSubstr("used_memory        2048 (2.00K)\n"));
}

TEST_F(AdminServerTest, ClusterctlInfoPrintsJson) {
  shard_.Start();
  std::unique_ptr<AdminServer> server = StartServer(Options());
  ASSERT_NE(server, nullptr);

  CliResult r = RunCli({"info", "--json", "127.0.0.1:" + std::to_string(server->port())});
  ASSERT_EQ(r.code, clusterctl::kExitOk) << r.err;
  const nlohmann::json j = nlohmann::json::parse(r.out, nullptr, /*allow_exceptions=*/false);
  ASSERT_TRUE(j.is_object()) << r.out;
  EXPECT_EQ(j.at("id"), SampleInfo().id());
  EXPECT_EQ(j.at("role"), "master");
  EXPECT_EQ(j.at("port"), 6379);
  EXPECT_EQ(j.at("admin_port"), server->port());
  EXPECT_EQ(j.at("keys"), 12);
  EXPECT_EQ(j.at("pid"), 99);
  EXPECT_EQ(j.at("cluster_enabled"), false);
}

TEST_F(AdminServerTest, ClusterctlInfoOnStuckShardFails) {
  AdminServerOptions options = Options();
  options.shard_timeout = std::chrono::milliseconds(100);
  std::unique_ptr<AdminServer> server = StartServer(options);
  ASSERT_NE(server, nullptr);

  const std::string address = "127.0.0.1:" + std::to_string(server->port());
  CliResult r = RunCli({"info", address, "--timeout", "5"});
  EXPECT_EQ(r.code, clusterctl::kExitFailure);
  EXPECT_THAT(r.err, HasSubstr("cannot reach node at " + address + ": "));
  EXPECT_THAT(r.err, HasSubstr("shard"));
}

}  // namespace
}  // namespace shoal::admin
