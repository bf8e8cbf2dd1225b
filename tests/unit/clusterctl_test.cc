// clusterctl without a cluster: address parsing, NodeInfo rendering, and the
// command line's exit codes and messages.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/unit/clusterctl_runner.h"
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "clusterctl/address.h"
#include "clusterctl/cli.h"
#include "clusterctl/node_info_format.h"

namespace shoal::clusterctl {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

// ---------------------------------------------------------------------------
// Addresses
// ---------------------------------------------------------------------------

TEST(ParseHostPortTest, AcceptsHostAndPort) {
  struct Case {
    const char* text;
    HostPort want;
  };
  const Case cases[] = {
      {"127.0.0.1:7379", {"127.0.0.1", 7379}},
      {"localhost:1", {"localhost", 1}},
      {"node-1.example:65535", {"node-1.example", 65535}},
      {"[::1]:7379", {"::1", 7379}},
      {"[fe80::1%eth0]:7000", {"fe80::1%eth0", 7000}},
  };
  for (const Case& c : cases) {
    StatusOr<HostPort> got = ParseHostPort(c.text);
    ASSERT_TRUE(got.ok()) << c.text << ": " << got.status().message();
    EXPECT_EQ(*got, c.want) << c.text;
  }
}

TEST(ParseHostPortTest, RejectsMalformedAddresses) {
  const char* bad[] = {"",           "127.0.0.1",     "127.0.0.1:", ":7379",   "host:0",
                       "host:65536", "host:99999999", "host:12a",   "host:-1", "host:+1",
                       "::1:7379",   "[::1]",         "[::1]7379",  "[::1",    "[]:7379",
                       " host:1",    "host:1 ",       "host: 1"};
  for (const char* text : bad) {
    StatusOr<HostPort> got = ParseHostPort(text);
    EXPECT_FALSE(got.ok()) << "accepted '" << text << "'";
    if (!got.ok()) {
      EXPECT_THAT(got.status().message(), HasSubstr("invalid address"));
    }
  }
}

TEST(ParseHostPortTest, UnbracketedIpv6SaysHowToWriteIt) {
  StatusOr<HostPort> got = ParseHostPort("::1:7379");
  ASSERT_FALSE(got.ok());
  EXPECT_THAT(got.status().message(), HasSubstr("[ADDRESS]:PORT"));
}

TEST(FormatHostPortTest, RoundTrips) {
  for (const char* text : {"127.0.0.1:7379", "[::1]:7379", "localhost:6379"}) {
    StatusOr<HostPort> parsed = ParseHostPort(text);
    ASSERT_TRUE(parsed.ok()) << text;
    EXPECT_EQ(FormatHostPort(*parsed), text);
  }
}

// ---------------------------------------------------------------------------
// Rendering NodeInfo
// ---------------------------------------------------------------------------

TEST(HumanizeTest, Durations) {
  EXPECT_EQ(HumanizeDuration(0), "0s");
  EXPECT_EQ(HumanizeDuration(59), "59s");
  EXPECT_EQ(HumanizeDuration(60), "1m 0s");
  EXPECT_EQ(HumanizeDuration(3600), "1h 0m 0s");
  EXPECT_EQ(HumanizeDuration(93784), "1d 2h 3m 4s");
  EXPECT_EQ(HumanizeDuration(uint64_t{86400} * 400), "400d 0h 0m 0s");
}

TEST(HumanizeTest, Bytes) {
  EXPECT_EQ(HumanizeBytes(0), "0B");
  EXPECT_EQ(HumanizeBytes(1023), "1023B");
  EXPECT_EQ(HumanizeBytes(1024), "1.00K");
  EXPECT_EQ(HumanizeBytes(1536), "1.50K");
  EXPECT_EQ(HumanizeBytes(uint64_t{3} * 1024 * 1024), "3.00M");
  EXPECT_EQ(HumanizeBytes(uint64_t{5} << 30), "5.00G");
}

admin::v1::NodeInfo SampleInfo() {
  admin::v1::NodeInfo info;
  info.set_id("0123456789abcdef0123456789abcdef01234567");
  info.set_version("0.1.0");
  info.set_redis_version("7.0.15");
  info.set_role("master");
  info.set_host("127.0.0.1");
  info.set_port(6379);
  info.set_admin_port(7379);
  info.set_cluster_bus_port(16379);
  info.set_uptime_seconds(93784);
  info.set_keys(uint64_t{1} << 40);  // past 2^32 and 2^31: no narrowing on the way
  info.set_expires(7);
  info.set_used_memory(uint64_t{3} * 1024 * 1024);
  info.set_connected_clients(2);
  info.set_pid(4242);
  info.set_cluster_enabled(true);
  return info;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  for (size_t end = text.find('\n'); end != std::string::npos; end = text.find('\n', start)) {
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  EXPECT_EQ(start, text.size()) << "table must end with a newline";
  return lines;
}

TEST(NodeInfoTableTest, OneAlignedRowPerField) {
  const std::vector<std::string> lines = Lines(FormatNodeInfoTable(SampleInfo()));
  ASSERT_EQ(static_cast<int>(lines.size()), admin::v1::NodeInfo::descriptor()->field_count());
  // The value column starts at the same offset on every line: the longest
  // field name plus two spaces.
  const size_t value_column = std::string("connected_clients").size() + 2;
  for (const std::string& line : lines) {
    ASSERT_GT(line.size(), value_column) << line;
    EXPECT_NE(line[value_column], ' ') << line;
    EXPECT_EQ(line[value_column - 1], ' ') << line;
  }
  EXPECT_EQ(lines[0], "id                 0123456789abcdef0123456789abcdef01234567");
  EXPECT_THAT(lines, ::testing::Contains("role               master"));
  EXPECT_THAT(lines, ::testing::Contains("port               6379"));
  EXPECT_THAT(lines, ::testing::Contains("uptime_seconds     93784 (1d 2h 3m 4s)"));
  EXPECT_THAT(lines, ::testing::Contains("keys               1099511627776"));
  EXPECT_THAT(lines, ::testing::Contains("used_memory        3145728 (3.00M)"));
  EXPECT_THAT(lines, ::testing::Contains("cluster_enabled    true"));
}

TEST(NodeInfoJsonTest, FieldsKeepTheirTypes) {
  const nlohmann::json j = NodeInfoToJson(SampleInfo());
  ASSERT_TRUE(j.is_object());
  EXPECT_EQ(static_cast<int>(j.size()), admin::v1::NodeInfo::descriptor()->field_count());
  EXPECT_EQ(j.at("id"), "0123456789abcdef0123456789abcdef01234567");
  EXPECT_EQ(j.at("role"), "master");
  EXPECT_TRUE(j.at("port").is_number_unsigned());
  EXPECT_EQ(j.at("port"), 6379);
  EXPECT_EQ(j.at("keys").get<uint64_t>(), uint64_t{1} << 40);
  EXPECT_EQ(j.at("uptime_seconds"), 93784);
  EXPECT_EQ(j.at("cluster_enabled"), true);
  // What a script reads back is what the node sent.
  EXPECT_EQ(nlohmann::json::parse(j.dump()), j);
}

TEST(NodeInfoJsonTest, DefaultsArePresentNotOmitted) {
  const nlohmann::json j = NodeInfoToJson(admin::v1::NodeInfo());
  EXPECT_EQ(j.at("id"), "");
  EXPECT_EQ(j.at("keys"), 0);
  EXPECT_EQ(j.at("cluster_enabled"), false);
}

// ---------------------------------------------------------------------------
// The command line
// ---------------------------------------------------------------------------

using shoal::testing::CliResult;
using shoal::testing::RunCli;

// A loopback port nothing listens on: bound, read back, released.
int UnusedPort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  EXPECT_GE(fd, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  EXPECT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
  socklen_t len = sizeof(addr);
  EXPECT_EQ(getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  close(fd);
  return ntohs(addr.sin_port);
}

TEST(ClusterctlCliTest, NoSubCommandIsUsageError) {
  CliResult r = RunCli({});
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_THAT(r.err, StartsWith("clusterctl: "));
}

TEST(ClusterctlCliTest, UnknownSubCommandIsUsageError) {
  CliResult r = RunCli({"frobnicate"});
  EXPECT_EQ(r.code, kExitUsage);
  EXPECT_THAT(r.err, HasSubstr("frobnicate"));
  EXPECT_EQ(r.out, "");
}

TEST(ClusterctlCliTest, UnimplementedSubCommandsFailLoudly) {
  for (const char* name : {"create", "add-node", "del-node", "reshard", "rebalance", "check",
                           "failover", "master-addr"}) {
    CliResult bare = RunCli({name});
    EXPECT_EQ(bare.code, kExitUsage) << name;
    EXPECT_EQ(bare.err,
              std::string("clusterctl: '") + name + "' is not implemented yet in this version\n");
    EXPECT_EQ(bare.out, "") << name;
    // Whatever a script passes along, the answer is the same.
    CliResult with_args = RunCli({name, "127.0.0.1:7000", "--replicas", "1"});
    EXPECT_EQ(with_args.code, kExitUsage) << name;
    EXPECT_EQ(with_args.err, bare.err);
  }
}

TEST(ClusterctlCliTest, HelpListsEverySubCommandAndTheAdminPortRule) {
  CliResult r = RunCli({"--help"});
  EXPECT_EQ(r.code, kExitOk);
  for (const char* name : {"create", "add-node", "del-node", "reshard", "rebalance", "check",
                           "info", "failover", "master-addr"}) {
    EXPECT_THAT(r.out, HasSubstr(name));
  }
  EXPECT_THAT(r.out, HasSubstr("client port + 1000"));

  CliResult info = RunCli({"info", "--help"});
  EXPECT_EQ(info.code, kExitOk);
  EXPECT_THAT(info.out, HasSubstr("--json"));
  EXPECT_THAT(info.out, HasSubstr("--timeout"));
  EXPECT_THAT(info.out, HasSubstr("client port + 1000"));
}

TEST(ClusterctlCliTest, InfoUsageErrors) {
  EXPECT_EQ(RunCli({"info"}).code, kExitUsage);
  EXPECT_EQ(RunCli({"info", "127.0.0.1:7379", "--timeout", "0"}).code, kExitUsage);
  EXPECT_EQ(RunCli({"info", "127.0.0.1:7379", "--timeout", "soon"}).code, kExitUsage);
  EXPECT_EQ(RunCli({"info", "127.0.0.1:7379", "extra"}).code, kExitUsage);

  CliResult bad = RunCli({"info", "not-an-address"});
  EXPECT_EQ(bad.code, kExitUsage);
  EXPECT_THAT(bad.err, StartsWith("clusterctl: invalid address 'not-an-address'"));
  EXPECT_EQ(bad.out, "");
}

TEST(ClusterctlCliTest, InfoOnUnreachableNodeFails) {
  const std::string address = "127.0.0.1:" + std::to_string(UnusedPort());
  CliResult r = RunCli({"info", address, "--timeout", "5"});
  EXPECT_EQ(r.code, kExitFailure);
  EXPECT_THAT(r.err, StartsWith("clusterctl: cannot reach node at " + address + ": "));
  EXPECT_GT(r.err.size(), ("clusterctl: cannot reach node at " + address + ": \n").size())
      << "the gRPC error text is missing";
  EXPECT_EQ(r.out, "");
}

}  // namespace
}  // namespace shoal::clusterctl
