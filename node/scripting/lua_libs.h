// Script libraries Redis bundles that Debian has no Lua 5.1 build of:
// cmsgpack (MessagePack) and struct (binary packing). Each returns its
// table on the stack.
#pragma once

struct lua_State;

namespace shoal::lua {

int OpenMsgpack(lua_State* L);
int OpenStruct(lua_State* L);

}  // namespace shoal::lua
