#include "node/scripting/lua_convert.h"

#include <cstdlib>
#include <lua.hpp>
#include <string>

namespace shoal::lua {

namespace {

// Deeper nesting than this is answered with an error rather than risking the
// C stack (Redis stops at the Lua stack limit).
constexpr int kMaxDepth = 256;

void SetField(lua_State* L, const char* name) { lua_setfield(L, -2, name); }

void PushAggregate(lua_State* L, const resp::Value& v, int protocol) {
  lua_createtable(L, static_cast<int>(v.elems.size()), 0);
  int i = 1;
  for (const resp::Value& e : v.elems) {
    PushReply(L, e, protocol);
    lua_rawseti(L, -2, i++);
  }
}

}  // namespace

void PushReply(lua_State* L, const resp::Value& v, int protocol) {
  luaL_checkstack(L, 4, "reached lua stack limit");
  using T = resp::Value::Type;
  switch (v.type) {
    case T::kInteger:
      lua_pushnumber(L, static_cast<lua_Number>(v.integer));
      return;
    case T::kBulk:
      lua_pushlstring(L, v.str.data(), v.str.size());
      return;
    case T::kStatus:
      lua_newtable(L);
      lua_pushlstring(L, v.str.data(), v.str.size());
      SetField(L, "ok");
      return;
    case T::kError:
      lua_newtable(L);
      lua_pushlstring(L, v.str.data(), v.str.size());
      SetField(L, "err");
      return;
    case T::kNull:
      if (protocol >= 3) {
        lua_pushnil(L);
      } else {
        lua_pushboolean(L, 0);
      }
      return;
    case T::kArray:
    case T::kPush:
      PushAggregate(L, v, protocol);
      return;
    case T::kMap:
      lua_newtable(L);
      lua_newtable(L);
      for (size_t i = 0; i + 1 < v.elems.size(); i += 2) {
        PushReply(L, v.elems[i], protocol);
        PushReply(L, v.elems[i + 1], protocol);
        lua_settable(L, -3);
      }
      SetField(L, "map");
      return;
    case T::kSet:
      lua_newtable(L);
      lua_newtable(L);
      for (const resp::Value& e : v.elems) {
        PushReply(L, e, protocol);
        lua_pushboolean(L, 1);
        lua_settable(L, -3);
      }
      SetField(L, "set");
      return;
    case T::kDouble:
      lua_newtable(L);
      lua_pushnumber(L, std::strtod(v.str.c_str(), nullptr));
      SetField(L, "double");
      return;
    case T::kBool:
      lua_pushboolean(L, v.integer != 0);
      return;
    case T::kBigNumber:
      lua_newtable(L);
      lua_pushlstring(L, v.str.data(), v.str.size());
      SetField(L, "big_number");
      return;
    case T::kVerbatim:
      lua_newtable(L);
      lua_newtable(L);
      lua_pushstring(L, "txt");
      SetField(L, "format");
      lua_pushlstring(L, v.str.data(), v.str.size());
      SetField(L, "string");
      SetField(L, "verbatim_string");
      return;
  }
  lua_pushnil(L);
}

namespace {

void Write(lua_State* L, int idx, resp::ReplyWriter& reply, int depth, int sresp);

// The string field `name` of the table at idx, if it is a string.
// Raw lookups only: this runs outside any protected call, so a metamethod
// must never get the chance to raise an error.
void RawField(lua_State* L, int idx, const char* name) {
  lua_pushstring(L, name);
  lua_rawget(L, idx);
}

bool StringField(lua_State* L, int idx, const char* name, std::string* out) {
  RawField(L, idx, name);
  bool found = lua_type(L, -1) == LUA_TSTRING;
  if (found) {
    size_t len = 0;
    const char* s = lua_tolstring(L, -1, &len);
    out->assign(s, len);
  }
  lua_pop(L, 1);
  return found;
}

void WriteMapOrSet(lua_State* L, int idx, resp::ReplyWriter& reply, int depth, int sresp,
                   bool map) {
  // Counted first: the header precedes the elements.
  size_t n = 0;
  lua_pushnil(L);
  while (lua_next(L, idx) != 0) {
    ++n;
    lua_pop(L, 1);
  }
  if (map) {
    reply.MapHeader(n);
  } else {
    reply.SetHeader(n);
  }
  lua_pushnil(L);
  while (lua_next(L, idx) != 0) {
    // key at -2, value at -1
    Write(L, lua_gettop(L) - 1, reply, depth + 1, sresp);
    if (map) Write(L, lua_gettop(L), reply, depth + 1, sresp);
    lua_pop(L, 1);
  }
}

void WriteTable(lua_State* L, int idx, resp::ReplyWriter& reply, int depth, int sresp) {
  std::string text;
  if (StringField(L, idx, "err", &text)) {
    // Redis keeps the error as given, only trimming line breaks.
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    reply.Error(text);
    return;
  }
  if (StringField(L, idx, "ok", &text)) {
    for (char& c : text) {
      if (c == '\r' || c == '\n') c = ' ';
    }
    reply.Status(text);
    return;
  }
  RawField(L, idx, "double");
  if (lua_type(L, -1) == LUA_TNUMBER) {
    double d = lua_tonumber(L, -1);
    lua_pop(L, 1);
    reply.Double(d);
    return;
  }
  lua_pop(L, 1);
  if (StringField(L, idx, "big_number", &text)) {
    reply.BigNumber(text);
    return;
  }
  for (const char* kind : {"map", "set"}) {
    RawField(L, idx, kind);
    if (lua_type(L, -1) == LUA_TTABLE) {
      WriteMapOrSet(L, lua_gettop(L), reply, depth, sresp, kind[0] == 'm');
      lua_pop(L, 1);
      return;
    }
    lua_pop(L, 1);
  }
  // An array: t[1], t[2], ... up to the first nil.
  size_t n = 0;
  for (;; ++n) {
    lua_rawgeti(L, idx, static_cast<int>(n + 1));
    bool nil = lua_isnil(L, -1);
    lua_pop(L, 1);
    if (nil) break;
  }
  reply.ArrayHeader(n);
  for (size_t i = 1; i <= n; ++i) {
    lua_rawgeti(L, idx, static_cast<int>(i));
    Write(L, lua_gettop(L), reply, depth + 1, sresp);
    lua_pop(L, 1);
  }
}

void Write(lua_State* L, int idx, resp::ReplyWriter& reply, int depth, int sresp) {
  if (depth > kMaxDepth || !lua_checkstack(L, 4)) {
    reply.Error("ERR reached lua stack limit");
    return;
  }
  switch (lua_type(L, idx)) {
    case LUA_TSTRING: {
      size_t len = 0;
      const char* s = lua_tolstring(L, idx, &len);
      reply.Bulk(std::string_view(s, len));
      return;
    }
    case LUA_TBOOLEAN:
      if (sresp >= 3) {
        reply.Bool(lua_toboolean(L, idx) != 0);
      } else if (lua_toboolean(L, idx)) {
        reply.Integer(1);
      } else {
        reply.Null();
      }
      return;
    case LUA_TNUMBER:
      reply.Integer(static_cast<int64_t>(lua_tonumber(L, idx)));
      return;
    case LUA_TTABLE:
      WriteTable(L, idx, reply, depth, sresp);
      return;
    default:
      reply.Null();
      return;
  }
}

}  // namespace

void WriteValue(lua_State* L, int idx, resp::ReplyWriter& reply, int script_resp) {
  Write(L, idx < 0 ? lua_gettop(L) + 1 + idx : idx, reply, 0, script_resp);
}

}  // namespace shoal::lua
