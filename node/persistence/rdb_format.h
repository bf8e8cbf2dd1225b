// The RDB file format as Redis 7.0 writes it (version 10), field by field.
//
// File:
//   "REDIS" + 4 ASCII digits of the version ("0010")
//   aux fields:        0xFA <string key> <string value>     (redis-ver, ctime, ...)
//   functions:         0xF5 <string library code>            (FUNCTION2)
//   per database:      0xFE <length db>                      (SELECTDB)
//                      0xFB <length keys> <length expires>   (RESIZEDB, a sizing hint)
//   per key:           [0xFC <int64 LE expire ms>]           (EXPIRETIME_MS)
//                      [0xF8 <length idle seconds>]          (IDLE, under LRU policies)
//                      [0xF9 <uint8 LFU counter>]            (FREQ, under LFU policies)
//                      <uint8 type> <string key> <value>
//   end:               0xFF <uint64 LE CRC-64 of everything before it, 0 if disabled>
//
// Lengths: 00xxxxxx (6 bits), 01xxxxxx xxxxxxxx (14 bits, big-endian),
// 0x80 + 4 bytes BE, 0x81 + 8 bytes BE. 11xxxxxx marks a specially encoded
// string: 0 int8, 1 int16 LE, 2 int32 LE, 3 LZF (<length compressed>
// <length original> <bytes>).
//
// DUMP payloads are <uint8 type> <value> <uint16 LE RDB version> <uint64 LE
// CRC-64 of the preceding bytes>.
#pragma once

#include <cstdint>

namespace shoal::rdb {

inline constexpr int kVersion = 10;

// Value types.
enum Type : uint8_t {
  kTypeString = 0,
  kTypeList = 1,
  kTypeSet = 2,
  kTypeZSet = 3,
  kTypeHash = 4,
  kTypeZSet2 = 5,  // binary double scores
  kTypeModule = 6,
  kTypeModule2 = 7,
  kTypeHashZipmap = 9,
  kTypeListZiplist = 10,
  kTypeSetIntset = 11,
  kTypeZSetZiplist = 12,
  kTypeHashZiplist = 13,
  kTypeListQuicklist = 14,
  kTypeStreamListpacks = 15,
  kTypeHashListpack = 16,
  kTypeZSetListpack = 17,
  kTypeListQuicklist2 = 18,
  kTypeStreamListpacks2 = 19,
};

// Opcodes between keys.
enum Opcode : uint8_t {
  kOpFunction2 = 245,
  kOpFunction = 246,
  kOpModuleAux = 247,
  kOpIdle = 248,
  kOpFreq = 249,
  kOpAux = 250,
  kOpResizeDb = 251,
  kOpExpireTimeMs = 252,
  kOpExpireTime = 253,
  kOpSelectDb = 254,
  kOpEof = 255,
};

// Length encodings.
inline constexpr uint8_t kLen6Bit = 0;
inline constexpr uint8_t kLen14Bit = 1;
inline constexpr uint8_t kLen32Bit = 0x80;
inline constexpr uint8_t kLen64Bit = 0x81;
inline constexpr uint8_t kEncVal = 3;  // top two bits 11: special string encoding

inline constexpr uint8_t kEncInt8 = 0;
inline constexpr uint8_t kEncInt16 = 1;
inline constexpr uint8_t kEncInt32 = 2;
inline constexpr uint8_t kEncLzf = 3;

// Quicklist 2 node containers.
inline constexpr uint64_t kQuicklistNodePlain = 1;
inline constexpr uint64_t kQuicklistNodePacked = 2;

// Stream listpack entry flags.
inline constexpr int64_t kStreamItemDeleted = 1;
inline constexpr int64_t kStreamItemSameFields = 2;

}  // namespace shoal::rdb
