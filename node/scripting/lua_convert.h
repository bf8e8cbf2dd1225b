// Conversions between RESP replies and Lua values, by Redis 7.0's rules.
//
// RESP -> Lua (what redis.call returns):
//   integer -> number; bulk -> string; status -> {ok=s}; error -> {err=s};
//   array -> table (1-based); null -> false under RESP2, nil under RESP3;
//   RESP3 only: map -> {map={k=v}}, set -> {set={m=true}}, double ->
//   {double=n}, boolean -> boolean, big number -> {big_number=s},
//   verbatim -> {verbatim_string={format=f, string=s}}.
// Lua -> RESP (what a script returns):
//   string -> bulk; number -> integer (truncated); true -> 1 (#t in RESP3);
//   false/nil -> null (#f for false in RESP3); {err=s} -> error;
//   {ok=s} -> status; {double=n}, {big_number=s}, {map=t}, {set=t};
//   other tables -> array of t[1], t[2], ... up to the first nil.
#pragma once

#include "common/resp/value.h"
#include "common/resp/writer.h"

struct lua_State;

namespace shoal::lua {

void PushReply(lua_State* L, const resp::Value& value, int protocol);
// Writes the value at stack index idx (not popped). script_resp is the
// script's redis.setresp: booleans follow it (RESP2 scripts return 1 or
// null even to RESP3 clients), everything else the caller's protocol.
void WriteValue(lua_State* L, int idx, resp::ReplyWriter& reply, int script_resp);

}  // namespace shoal::lua
