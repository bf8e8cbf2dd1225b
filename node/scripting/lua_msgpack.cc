// cmsgpack for scripts: pack(...) / unpack(s) / unpack_one(s [, offset]) /
// unpack_limit(s, limit [, offset]), encoding as Redis's bundled
// lua-cmsgpack does (smallest integer form, float32 when exact, arrays for
// tables whose keys are exactly 1..n, 16 levels of nesting at most). Debian
// ships no Lua 5.1 build of it, hence this implementation.

#include <cmath>
#include <cstdint>
#include <cstring>
#include <lua.hpp>
#include <string>

#include "node/scripting/lua_libs.h"

namespace shoal::lua {

namespace {

constexpr int kMaxNesting = 16;

void PutBig(std::string* out, uint64_t v, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) out->push_back(static_cast<char>(v >> (8 * i)));
}

void EncodeInt(std::string* out, int64_t n) {
  auto u = static_cast<uint64_t>(n);
  if (n >= 0) {
    if (n <= 127) {
      out->push_back(static_cast<char>(n));
    } else if (n <= 0xff) {
      out->push_back(static_cast<char>(0xcc));
      PutBig(out, u, 1);
    } else if (n <= 0xffff) {
      out->push_back(static_cast<char>(0xcd));
      PutBig(out, u, 2);
    } else if (n <= 0xffffffffLL) {
      out->push_back(static_cast<char>(0xce));
      PutBig(out, u, 4);
    } else {
      out->push_back(static_cast<char>(0xcf));
      PutBig(out, u, 8);
    }
  } else if (n >= -32) {
    out->push_back(static_cast<char>(n));
  } else if (n >= -128) {
    out->push_back(static_cast<char>(0xd0));
    PutBig(out, u, 1);
  } else if (n >= -32768) {
    out->push_back(static_cast<char>(0xd1));
    PutBig(out, u, 2);
  } else if (n >= INT32_MIN) {
    out->push_back(static_cast<char>(0xd2));
    PutBig(out, u, 4);
  } else {
    out->push_back(static_cast<char>(0xd3));
    PutBig(out, u, 8);
  }
}

void EncodeNumber(std::string* out, lua_Number n) {
  if (std::isfinite(n) && n == std::floor(n) && n >= -9.2e18 && n <= 1.8e19) {
    if (n > 9.2e18) {
      out->push_back(static_cast<char>(0xcf));
      PutBig(out, static_cast<uint64_t>(n), 8);
    } else {
      EncodeInt(out, static_cast<int64_t>(n));
    }
    return;
  }
  auto f = static_cast<float>(n);
  if (static_cast<double>(f) == n) {
    uint32_t bits;
    std::memcpy(&bits, &f, 4);
    out->push_back(static_cast<char>(0xca));
    PutBig(out, bits, 4);
  } else {
    uint64_t bits;
    std::memcpy(&bits, &n, 8);
    out->push_back(static_cast<char>(0xcb));
    PutBig(out, bits, 8);
  }
}

void EncodeHeader(std::string* out, size_t n, int fix_base, int fix_max, int op16, int op32) {
  if (n <= static_cast<size_t>(fix_max)) {
    out->push_back(static_cast<char>(fix_base | n));
  } else if (n <= 0xffff) {
    out->push_back(static_cast<char>(op16));
    PutBig(out, n, 2);
  } else {
    out->push_back(static_cast<char>(op32));
    PutBig(out, n, 4);
  }
}

// Keys exactly 1..n: an array of n elements.
bool IsArray(lua_State* L, int idx, size_t* n) {
  size_t count = 0;
  lua_Number max = 0;
  lua_pushnil(L);
  while (lua_next(L, idx) != 0) {
    lua_pop(L, 1);
    if (lua_type(L, -1) != LUA_TNUMBER) {
      lua_pop(L, 1);
      return false;
    }
    lua_Number k = lua_tonumber(L, -1);
    if (k <= 0 || k != std::floor(k)) {
      lua_pop(L, 1);
      return false;
    }
    max = std::max(max, k);
    ++count;
  }
  *n = count;
  return max == static_cast<lua_Number>(count);
}

void Encode(lua_State* L, int idx, std::string* out, int level) {
  switch (lua_type(L, idx)) {
    case LUA_TBOOLEAN:
      out->push_back(static_cast<char>(lua_toboolean(L, idx) ? 0xc3 : 0xc2));
      return;
    case LUA_TNUMBER:
      EncodeNumber(out, lua_tonumber(L, idx));
      return;
    case LUA_TSTRING: {
      size_t len = 0;
      const char* s = lua_tolstring(L, idx, &len);
      if (len < 32) {
        out->push_back(static_cast<char>(0xa0 | len));
      } else if (len <= 0xff) {
        out->push_back(static_cast<char>(0xd9));
        PutBig(out, len, 1);
      } else if (len <= 0xffff) {
        out->push_back(static_cast<char>(0xda));
        PutBig(out, len, 2);
      } else {
        out->push_back(static_cast<char>(0xdb));
        PutBig(out, len, 4);
      }
      out->append(s, len);
      return;
    }
    case LUA_TTABLE: {
      if (level >= kMaxNesting || !lua_checkstack(L, 4)) break;
      size_t n = 0;
      if (IsArray(L, idx, &n)) {
        EncodeHeader(out, n, 0x90, 15, 0xdc, 0xdd);
        for (size_t i = 1; i <= n; ++i) {
          lua_rawgeti(L, idx, static_cast<int>(i));
          Encode(L, lua_gettop(L), out, level + 1);
          lua_pop(L, 1);
        }
        return;
      }
      n = 0;
      lua_pushnil(L);
      while (lua_next(L, idx) != 0) {
        ++n;
        lua_pop(L, 1);
      }
      EncodeHeader(out, n, 0x80, 15, 0xde, 0xdf);
      lua_pushnil(L);
      while (lua_next(L, idx) != 0) {
        Encode(L, lua_gettop(L) - 1, out, level + 1);
        Encode(L, lua_gettop(L), out, level + 1);
        lua_pop(L, 1);
      }
      return;
    }
    default:
      break;
  }
  out->push_back(static_cast<char>(0xc0));
}

int Pack(lua_State* L) {
  const int argc = lua_gettop(L);
  if (argc == 0) return luaL_argerror(L, 0, "MessagePack pack needs input.");
  std::string out;
  for (int i = 1; i <= argc; ++i) Encode(L, i, &out, 0);
  lua_pushlstring(L, out.data(), out.size());
  return 1;
}

// --- Decoding --------------------------------------------------------------

struct Cursor {
  const uint8_t* p;
  size_t left;
  bool error = false;
};

uint64_t GetBig(Cursor& c, int bytes) {
  if (c.left < static_cast<size_t>(bytes)) {
    c.error = true;
    return 0;
  }
  uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v = (v << 8) | c.p[i];
  c.p += bytes;
  c.left -= bytes;
  return v;
}

void DecodeOne(lua_State* L, Cursor& c, int level);

void DecodeString(lua_State* L, Cursor& c, size_t len) {
  if (c.left < len) {
    c.error = true;
    return;
  }
  lua_pushlstring(L, reinterpret_cast<const char*>(c.p), len);
  c.p += len;
  c.left -= len;
}

void DecodeArray(lua_State* L, Cursor& c, size_t n, int level) {
  lua_newtable(L);
  for (size_t i = 1; i <= n && !c.error; ++i) {
    DecodeOne(L, c, level + 1);
    if (c.error) return;
    lua_rawseti(L, -2, static_cast<int>(i));
  }
}

void DecodeMap(lua_State* L, Cursor& c, size_t n, int level) {
  lua_newtable(L);
  for (size_t i = 0; i < n && !c.error; ++i) {
    DecodeOne(L, c, level + 1);
    if (c.error) return;
    DecodeOne(L, c, level + 1);
    if (c.error) return;
    lua_settable(L, -3);
  }
}

void DecodeOne(lua_State* L, Cursor& c, int level) {
  if (c.left == 0 || !lua_checkstack(L, 4)) {
    c.error = true;
    return;
  }
  const uint8_t b = *c.p++;
  --c.left;
  if (b <= 0x7f) return lua_pushnumber(L, b);
  if (b >= 0xe0) return lua_pushnumber(L, static_cast<int8_t>(b));
  if ((b & 0xe0) == 0xa0) return DecodeString(L, c, b & 0x1f);
  if ((b & 0xf0) == 0x90) return DecodeArray(L, c, b & 0x0f, level);
  if ((b & 0xf0) == 0x80) return DecodeMap(L, c, b & 0x0f, level);
  switch (b) {
    case 0xc0:
      return lua_pushnil(L);
    case 0xc2:
      return lua_pushboolean(L, 0);
    case 0xc3:
      return lua_pushboolean(L, 1);
    case 0xcc:
      return lua_pushnumber(L, static_cast<lua_Number>(GetBig(c, 1)));
    case 0xcd:
      return lua_pushnumber(L, static_cast<lua_Number>(GetBig(c, 2)));
    case 0xce:
      return lua_pushnumber(L, static_cast<lua_Number>(GetBig(c, 4)));
    case 0xcf:
      return lua_pushnumber(L, static_cast<lua_Number>(GetBig(c, 8)));
    case 0xd0:
      return lua_pushnumber(L, static_cast<int8_t>(GetBig(c, 1)));
    case 0xd1:
      return lua_pushnumber(L, static_cast<int16_t>(GetBig(c, 2)));
    case 0xd2:
      return lua_pushnumber(L, static_cast<int32_t>(GetBig(c, 4)));
    case 0xd3:
      return lua_pushnumber(L, static_cast<lua_Number>(static_cast<int64_t>(GetBig(c, 8))));
    case 0xca: {
      auto bits = static_cast<uint32_t>(GetBig(c, 4));
      float f;
      std::memcpy(&f, &bits, 4);
      return lua_pushnumber(L, f);
    }
    case 0xcb: {
      uint64_t bits = GetBig(c, 8);
      double d;
      std::memcpy(&d, &bits, 8);
      return lua_pushnumber(L, d);
    }
    case 0xc4:
    case 0xd9: {
      size_t n = GetBig(c, 1);
      if (!c.error) DecodeString(L, c, n);
      return;
    }
    case 0xc5:
    case 0xda: {
      size_t n = GetBig(c, 2);
      if (!c.error) DecodeString(L, c, n);
      return;
    }
    case 0xc6:
    case 0xdb: {
      size_t n = GetBig(c, 4);
      if (!c.error) DecodeString(L, c, n);
      return;
    }
    case 0xdc: {
      size_t n = GetBig(c, 2);
      if (!c.error) DecodeArray(L, c, n, level);
      return;
    }
    case 0xdd: {
      size_t n = GetBig(c, 4);
      if (!c.error) DecodeArray(L, c, n, level);
      return;
    }
    case 0xde: {
      size_t n = GetBig(c, 2);
      if (!c.error) DecodeMap(L, c, n, level);
      return;
    }
    case 0xdf: {
      size_t n = GetBig(c, 4);
      if (!c.error) DecodeMap(L, c, n, level);
      return;
    }
    default:
      c.error = true;
      return;
  }
}

// Decodes up to `limit` objects (0: all) starting at `offset`. Returns the
// next offset first (-1 at the end) when with_offset, then the objects.
int Unpack(lua_State* L, int limit, size_t offset, bool with_offset) {
  size_t len = 0;
  const char* s = luaL_checklstring(L, 1, &len);
  if (offset > len)
    return luaL_error(L, "Start offset %d greater than input length %d.", static_cast<int>(offset),
                      static_cast<int>(len));
  Cursor c{reinterpret_cast<const uint8_t*>(s) + offset, len - offset};
  const int base = lua_gettop(L);
  if (with_offset) lua_pushnil(L);  // placeholder for the offset
  int count = 0;
  while (c.left > 0 && (limit == 0 || count < limit)) {
    DecodeOne(L, c, 0);
    if (c.error) {
      lua_settop(L, base);
      return luaL_error(L, "Missing bytes in input.");
    }
    ++count;
  }
  if (with_offset) {
    lua_Number next = c.left == 0 ? -1 : static_cast<lua_Number>(len - c.left);
    lua_pushnumber(L, next);
    lua_replace(L, base + 1);
  }
  return lua_gettop(L) - base;
}

int UnpackAll(lua_State* L) { return Unpack(L, 0, 0, false); }
int UnpackOne(lua_State* L) {
  return Unpack(L, 1, static_cast<size_t>(luaL_optinteger(L, 2, 0)), true);
}
int UnpackLimit(lua_State* L) {
  return Unpack(L, luaL_checkint(L, 2), static_cast<size_t>(luaL_optinteger(L, 3, 0)), true);
}

}  // namespace

int OpenMsgpack(lua_State* L) {
  const luaL_Reg fns[] = {{"pack", Pack},
                          {"unpack", UnpackAll},
                          {"unpack_one", UnpackOne},
                          {"unpack_limit", UnpackLimit},
                          {nullptr, nullptr}};
  lua_newtable(L);
  for (const luaL_Reg* f = fns; f->name; ++f) {
    lua_pushcfunction(L, f->func);
    lua_setfield(L, -2, f->name);
  }
  lua_pushstring(L, "lua-cmsgpack");
  lua_setfield(L, -2, "_NAME");
  lua_pushstring(L, "lua-cmsgpack 0.4.0");
  lua_setfield(L, -2, "_VERSION");
  return 1;
}

}  // namespace shoal::lua
