// A parsed RESP2/RESP3 reply, for clients of Shoal written in C++ (tests,
// sentinel, clusterctl). No I/O.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace shoal::resp {

struct Value {
  enum class Type {
    kStatus,     // +OK
    kError,      // -ERR ...
    kInteger,    // :1
    kBulk,       // $3 foo
    kNull,       // $-1, *-1, _
    kArray,      // *
    kMap,        // % (elems hold key, value, key, value, ...)
    kSet,        // ~
    kPush,       // >
    kDouble,     // ,1.5 (str holds the text)
    kBool,       // #t
    kBigNumber,  // (123
    kVerbatim,   // =  (str holds the text after "txt:")
  };
  Type type = Type::kNull;
  std::string str;
  int64_t integer = 0;
  std::vector<Value> elems;

  bool is_error() const { return type == Type::kError; }
  bool is_null() const { return type == Type::kNull; }
  // Renders the value the way tests like to compare it: strings bare,
  // integers as "(integer) 1", errors as "(error) ERR ...", nil as "(nil)",
  // aggregates as "[a, b]" (maps as "{k: v}").
  std::string ToString() const;
};

class ReplyParser {
 public:
  enum class Result { kNeedMore, kDone, kError };
  // Parses one complete reply from the front of data. On kDone, *consumed is
  // its length. Re-parses from the start each call (replies are small in
  // the places this is used).
  Result Parse(std::string_view data, size_t* consumed, Value* out);
};

}  // namespace shoal::resp
