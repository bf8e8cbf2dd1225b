// Keyspace notifications: which events the string and generic commands,
// expiry, key creation and read misses fire, on which channels, under which
// notify-keyspace-events classes.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/resp/parser.h"
#include "tests/unit/harness.h"

namespace shoal::testing {
namespace {

// "channel payload" of each message in captured bytes.
std::vector<std::string> Messages(const std::string& bytes) {
  std::vector<std::string> out;
  std::string_view rest = bytes;
  for (int guard = 0; guard < 10000 && !rest.empty(); ++guard) {
    resp::ReplyParser parser;
    resp::Value v;
    size_t consumed = 0;
    if (parser.Parse(rest, &consumed, &v) != resp::ReplyParser::Result::kDone) break;
    rest.remove_prefix(consumed);
    if (v.elems.size() < 3) continue;
    const size_t n = v.elems.size();
    out.push_back(v.elems[n - 2].str + " " + v.elems[n - 1].str);
  }
  return out;
}

// A node with notifications on and one client listening to every event.
class NotificationsTest : public ::testing::Test {
 protected:
  explicit NotificationsTest(std::string flags = "KEA") : h_({{"notify-keyspace-events", flags}}) {
    listener_ = h_.NewCapturingClient();
    h_.Use(listener_);
    h_.Run({"PSUBSCRIBE", "__key*__:*"});
    h_.Use(0);
  }
  std::vector<std::string> Events() { return Messages(h_.Pushed(listener_)); }
  // Only the keyevent channel's messages, as "event key".
  std::vector<std::string> KeyEvents() {
    std::vector<std::string> out;
    for (const std::string& m : Events()) {
      constexpr std::string_view kPrefix = "__keyevent@";
      if (m.compare(0, kPrefix.size(), kPrefix) != 0) continue;
      out.push_back(m.substr(m.find("__:") + 3));
    }
    return out;
  }

  CommandHarness h_;
  size_t listener_ = 0;
};

using V = std::vector<std::string>;

TEST_F(NotificationsTest, SetPublishesOnBothChannels) {
  h_.Run({"SET", "k", "v"});
  EXPECT_EQ(Events(), (V{"__keyspace@0__:k set", "__keyevent@0__:set k"}));
  h_.Run({"SELECT", "3"});
  h_.Run({"SET", "k", "v", "EX", "10"});
  EXPECT_EQ(KeyEvents(), (V{"set k", "expire k"}));
}

TEST_F(NotificationsTest, StringCommands) {
  h_.Run({"GETSET", "k", "1"});
  h_.Run({"INCR", "k"});
  h_.Run({"DECRBY", "k", "5"});
  h_.Run({"INCRBYFLOAT", "k", "1.5"});
  h_.Run({"APPEND", "k", "0"});
  h_.Run({"SETRANGE", "k", "0", "9"});
  h_.Run({"SETRANGE", "k", "0", ""});  // changes nothing, announces nothing
  h_.Run({"MSET", "a", "1", "b", "2"});
  h_.Run({"MSETNX", "a", "1", "c", "2"});  // not written
  h_.Run({"GETDEL", "a"});
  h_.Run({"GETDEL", "a"});
  EXPECT_EQ(KeyEvents(), (V{"set k", "incrby k", "incrby k", "incrbyfloat k", "append k",
                            "setrange k", "set a", "set b", "del a"}));
}

TEST_F(NotificationsTest, FailedCommandsAnnounceNothing) {
  h_.Run({"SET", "s", "text"});
  Events();
  EXPECT_TRUE(h_.RunValue({"INCR", "s"}).is_error());
  h_.Run({"SET", "s", "x", "NX"});
  EXPECT_EQ(KeyEvents(), V{});
}

TEST_F(NotificationsTest, GetExEvents) {
  h_.Run({"SET", "k", "v"});
  Events();
  h_.Run({"GETEX", "k", "EX", "100"});
  h_.Run({"GETEX", "k", "PERSIST"});
  h_.Run({"GETEX", "k", "PERSIST"});  // no TTL left to remove
  h_.Run({"GETEX", "k", "PXAT", "1"});
  EXPECT_EQ(KeyEvents(), (V{"expire k", "persist k", "del k"}));
}

TEST_F(NotificationsTest, GenericCommands) {
  h_.Run({"MSET", "a", "1", "b", "2"});
  Events();
  h_.Run({"EXPIRE", "a", "100"});
  h_.Run({"PERSIST", "a"});
  h_.Run({"PERSIST", "a"});
  h_.Run({"RENAME", "a", "c"});
  h_.Run({"RENAME", "c", "c"});
  h_.Run({"COPY", "c", "d"});
  h_.Run({"DEL", "d", "missing", "b"});
  h_.Run({"PEXPIRE", "c", "-1"});
  EXPECT_EQ(KeyEvents(), (V{"expire a", "persist a", "rename_from a", "rename_to c", "copy_to d",
                            "del d", "del b", "del c"}));
}

TEST_F(NotificationsTest, MoveAnnouncesInBothDatabases) {
  h_.Run({"SET", "k", "v"});
  Events();
  h_.Run({"MOVE", "k", "2"});
  EXPECT_EQ(Events(), (V{"__keyspace@0__:k move_from", "__keyevent@0__:move_from k",
                         "__keyspace@2__:k move_to", "__keyevent@2__:move_to k"}));
}

TEST_F(NotificationsTest, ExpiredKeysAnnounceExpired) {
  h_.Run({"SET", "k", "v", "PX", "100"});
  Events();
  h_.clock().AdvanceMs(200);
  EXPECT_EQ(h_.Run({"GET", "k"}), "(nil)");
  EXPECT_EQ(KeyEvents(), V{"expired k"});
}

TEST_F(NotificationsTest, ClassesFilterEvents) {
  h_.Run({"CONFIG", "SET", "notify-keyspace-events", "E$"});
  h_.Run({"SET", "k", "v"});
  h_.Run({"EXPIRE", "k", "10"});
  h_.Run({"DEL", "k"});
  EXPECT_EQ(Events(), V{"__keyevent@0__:set k"});
  h_.Run({"CONFIG", "SET", "notify-keyspace-events", "Kg"});
  h_.Run({"SET", "k", "v"});
  h_.Run({"DEL", "k"});
  EXPECT_EQ(Events(), V{"__keyspace@0__:k del"});
  // Without K or E nothing is published whatever the classes.
  h_.Run({"CONFIG", "SET", "notify-keyspace-events", "g$"});
  h_.Run({"SET", "k", "v"});
  EXPECT_EQ(Events(), V{});
}

TEST_F(NotificationsTest, NewAndKeyMissNeedTheirOwnClasses) {
  // "A" covers neither.
  h_.Run({"GET", "nothing"});
  h_.Run({"SET", "k", "v"});
  EXPECT_EQ(KeyEvents(), V{"set k"});
  h_.Run({"CONFIG", "SET", "notify-keyspace-events", "Enm$"});
  h_.Run({"GET", "nothing"});
  h_.Run({"SET", "k", "v2"});  // exists: not new
  h_.Run({"SET", "n", "v"});
  EXPECT_EQ(KeyEvents(), (V{"keymiss nothing", "set k", "new n", "set n"}));
}

}  // namespace
}  // namespace shoal::testing
