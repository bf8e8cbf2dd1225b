#include "node/process.h"

#include <fcntl.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/asio.hpp>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include "node/admin/admin_service.h"
#include "node/config/config.h"
#include "node/persistence/aof.h"
#include "node/persistence/snapshot.h"
#include "node/replication/master_link.h"
#include "node/core/dispatcher.h"
#include "node/core/node.h"
#include "node/core/version.h"
#include "node/net/server.h"

namespace shoal {

namespace asio = boost::asio;

namespace {

void Usage() {
  std::fprintf(stderr,
               "Usage: shoal-node [/path/to/shoal.conf] [options] [-]\n"
               "       shoal-node - (read config from stdin)\n"
               "       shoal-node -v or --version\n"
               "       shoal-node -h or --help\n\n"
               "Examples:\n"
               "       shoal-node (run the server with default config)\n"
               "       shoal-node /etc/shoal/6379.conf\n"
               "       shoal-node --port 7777\n"
               "       shoal-node --port 7777 --replicaof 127.0.0.1 8888\n"
               "       shoal-node /etc/myshoal.conf --loglevel verbose\n");
}

Status SetUpLogging(const ServerConfig& cfg) {
  std::shared_ptr<spdlog::logger> logger;
  try {
    if (cfg.logfile.empty()) {
      logger = spdlog::stdout_logger_mt("shoal");
    } else {
      logger = spdlog::basic_logger_mt("shoal", cfg.logfile);
    }
  } catch (const spdlog::spdlog_ex& e) {
    return Status::Error(std::string("Can't open the log file: ") + e.what());
  }
  // Redis's line shape: "pid:role dd Mon yyyy hh:mm:ss.mmm <level> message".
  logger->set_pattern("%P:M %d %b %Y %H:%M:%S.%e %L %v");
  spdlog::level::level_enum level = spdlog::level::info;
  if (cfg.loglevel == "debug") level = spdlog::level::debug;
  if (cfg.loglevel == "verbose") level = spdlog::level::debug;
  if (cfg.loglevel == "warning") level = spdlog::level::warn;
  if (cfg.loglevel == "nothing") level = spdlog::level::off;
  logger->set_level(level);
  logger->flush_on(spdlog::level::info);
  spdlog::set_default_logger(logger);
  return Status::Ok();
}

// Classic double-fork-free daemonize, as Redis: fork, setsid, stdio to
// /dev/null.
void Daemonize() {
  if (fork() != 0) std::_Exit(0);
  setsid();
  int fd = open("/dev/null", O_RDWR, 0);
  if (fd != -1) {
    dup2(fd, STDIN_FILENO);
    dup2(fd, STDOUT_FILENO);
    dup2(fd, STDERR_FILENO);
    if (fd > STDERR_FILENO) close(fd);
  }
}

void WritePidfile(const std::string& path) {
  std::ofstream f(path, std::ios::trunc);
  if (!f) {
    spdlog::warn("Failed to write PID file: {}", path);
    return;
  }
  f << getpid() << "\n";
}

NetLimits NetLimitsFrom(const ServerConfig& cfg) {
  NetLimits l;
  l.query_buffer_limit = static_cast<uint64_t>(cfg.client_query_buffer_limit);
  const ClientBufferLimit& normal =
      cfg.client_output_buffer_limit[static_cast<int>(ClientClass::kNormal)];
  l.output_hard_limit = normal.hard_limit_bytes;
  l.output_soft_limit = normal.soft_limit_bytes;
  l.output_soft_seconds = normal.soft_limit_seconds;
  return l;
}

NetOptions NetOptionsFrom(const ServerConfig& cfg) {
  NetOptions o;
  o.bind = cfg.bind;
  o.port = cfg.port;
  o.tcp_backlog = cfg.tcp_backlog;
  o.tcp_keepalive = cfg.tcp_keepalive;
  o.unixsocket = cfg.unixsocket;
  o.unixsocketperm = cfg.unixsocketperm;
  o.limits = NetLimitsFrom(cfg);
  return o;
}

admin::v1::NodeInfo NodeInfoOf(Node& node) {
  admin::v1::NodeInfo info;
  const ServerConfig& cfg = node.cfg();
  info.set_id(node.run_id());
  info.set_version(SHOAL_VERSION);
  info.set_redis_version(kRedisCompatVersion);
  info.set_role("master");
  info.set_host(cfg.bind.empty() || cfg.bind[0] == "*" ? "127.0.0.1" : cfg.bind[0]);
  info.set_port(static_cast<uint32_t>(node.tcp_port));
  info.set_admin_port(static_cast<uint32_t>(node.admin_port));
  info.set_cluster_bus_port(0);
  info.set_uptime_seconds(
      static_cast<uint64_t>((node.clock().NowMs() - node.start_time_ms()) / 1000));
  size_t expires = 0;
  for (int i = 0; i < node.keyspace().num_dbs(); ++i) expires += node.keyspace().db(i).ExpiresSize();
  info.set_keys(node.keyspace().TotalKeys());
  info.set_expires(expires);
  info.set_used_memory(node.UsedMemory());
  info.set_connected_clients(node.num_clients());
  info.set_pid(static_cast<uint32_t>(getpid()));
  info.set_cluster_enabled(cfg.cluster_enabled);
  return info;
}

}  // namespace

int RunNode(int argc, char** argv) {
  Config config;
  if (Status st = config.ParseArgs(argc, argv); !st.ok()) {
    std::fprintf(stderr, "\n%s\n", st.message().c_str());
    return 1;
  }
  // As redis-server: -v / -h count only as the first argument.
  if (config.action() == Config::Action::kPrintVersion) {
    std::printf("Shoal server v=%s redis-compat=%s bits=64\n", SHOAL_VERSION,
                kRedisCompatVersion);
    return 0;
  }
  if (config.action() == Config::Action::kPrintHelp) {
    Usage();
    return 0;
  }
  const ServerConfig& cfg = config.values();
  if (cfg.daemonize) Daemonize();
  if (Status st = SetUpLogging(cfg); !st.ok()) {
    std::fprintf(stderr, "%s\n", st.message().c_str());
    return 1;
  }
  if (!cfg.dir.empty() && chdir(cfg.dir.c_str()) != 0) {
    spdlog::critical("Can't chdir to '{}': {}", cfg.dir, std::strerror(errno));
    return 1;
  }

  SystemClock clock;
  asio::io_context io(1);
  Node::Options options;
  options.clock = &clock;
  std::string config_file = config.config_file();
  auto node = std::make_unique<Node>(std::move(config), options);
  node->config_file = config_file;
  node->executable = argv[0];
  spdlog::info("Shoal version={}, redis-compat={}, bits=64, pid={}, just started", SHOAL_VERSION,
               kRedisCompatVersion, getpid());
  if (config_file.empty()) {
    spdlog::warn("Warning: no config file specified, using the default config. In order to "
                 "specify a config file use shoal-node /path/to/shoal.conf");
  }

  NodeSessionFactory factory(*node);
  NetServer net(io, factory, NetOptionsFrom(node->cfg()));
  if (Status st = net.Listen(); !st.ok()) {
    spdlog::critical("{}", st.message());
    return 1;
  }
  node->tcp_port = net.port();
  node->config().OnAnyChange([&node, &net]() {
    net.SetLimits(NetLimitsFrom(node->cfg()));
    return Status::Ok();
  });

  std::unique_ptr<admin::AdminServer> admin_server;
  int admin_port = node->cfg().EffectiveAdminPort();
  if (admin_port > 0) {
    admin::AdminServerOptions ao;
    ao.bind_address = cfg.bind.empty() || cfg.bind[0] == "*" || cfg.bind[0] == "-::*"
                          ? "127.0.0.1"
                          : (cfg.bind[0][0] == '-' ? cfg.bind[0].substr(1) : cfg.bind[0]);
    ao.port = admin_port;
    ao.shard = io.get_executor();
    ao.node_info = [&node] { return NodeInfoOf(*node); };
    ao.health = [] { return admin::v1::HealthResponse::SERVING; };
    auto started = admin::AdminServer::Start(std::move(ao));
    if (!started.ok()) {
      spdlog::critical("Failed starting the admin (gRPC) server on port {}: {}", admin_port,
                       started.status().message());
      return 1;
    }
    admin_server = std::move(started.value());
    node->admin_port = admin_server->port();
  }

  if (!node->cfg().pidfile.empty()) WritePidfile(node->cfg().pidfile);
  node->replication().set_connector(AsioMasterConnector(io.get_executor()));
  node->aof().set_poster([&io](std::function<void()> task) { asio::post(io, std::move(task)); });

  // Shutdown: from signals or the SHUTDOWN command. Either way the loop
  // stops after the current command's reply is queued.
  bool stopping = false;
  auto shutdown = [&](const char* why) {
    if (stopping) return;
    stopping = true;
    spdlog::info("{}", why);
    net.Stop();
    io.stop();
  };
  // With save points configured, a final snapshot is written first; if it
  // fails the server keeps running (unless forced), as Redis does.
  auto final_save = [&node](bool force) {
    spdlog::info("Saving the final RDB snapshot before exiting.");
    if (node->snapshots().Save().ok()) return true;
    spdlog::warn("Error trying to save the DB, can't exit.");
    return force;
  };
  node->request_shutdown = [&](bool save, bool force) {
    if (save && !final_save(force)) return false;
    asio::post(io, [&] { shutdown("User requested shutdown..."); });
    return true;
  };
  // A script past busy-reply-threshold polls the loop from its Lua hook.
  node->poll_events = [&io] { io.poll(); };
  asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code& ec, int sig) {
    if (ec) return;
    spdlog::info(sig == SIGINT ? "Received SIGINT scheduling shutdown..."
                               : "Received SIGTERM scheduling shutdown...");
    if (!node->cfg().save.empty()) final_save(/*force=*/true);
    shutdown("Shutting down.");
  });
  std::signal(SIGPIPE, SIG_IGN);

  // The cron: hz times a second.
  asio::steady_timer cron(io);
  std::function<void()> arm = [&] {
    int hz = std::clamp(node->cfg().hz, 1, 500);
    cron.expires_after(std::chrono::microseconds(1'000'000 / hz));
    cron.async_wait([&](const boost::system::error_code& ec) {
      if (ec) return;
      node->Cron();
      arm();
    });
  };
  arm();

  spdlog::info("Server initialized");
  // With appendonly yes the AOF is the dataset (dump.rdb is not read), as in
  // Redis; a missing AOF starts empty and gets a base file from the data.
  if (node->cfg().appendonly) {
    if (node->aof().Load() == Aof::LoadResult::kFailed) return 1;
    if (Status st = node->aof().Enable(); !st.ok()) {
      spdlog::critical("{}", st.message());
      return 1;
    }
  } else if (!node->snapshots().LoadFromDisk()) {
    return 1;
  }
  if (!node->cfg().replicaof.host.empty()) {
    (void)node->replication().SetMaster(node->cfg().replicaof.host, node->cfg().replicaof.port);
  }
  if (net.port() > 0) spdlog::info("Ready to accept connections tcp on port {}", net.port());
  if (!node->cfg().unixsocket.empty()) {
    spdlog::info("Ready to accept connections unix at {}", node->cfg().unixsocket);
  }
  if (admin_server) spdlog::info("Admin gRPC service on port {}", admin_server->port());

  io.run();

  if (admin_server) admin_server->Shutdown(std::chrono::milliseconds(500));
  if (!node->cfg().pidfile.empty()) ::unlink(node->cfg().pidfile.c_str());
  spdlog::info("Shoal is now ready to exit, bye bye...");
  spdlog::shutdown();
  return 0;
}

}  // namespace shoal
