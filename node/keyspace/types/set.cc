// SetValue: see set.h.

#include "node/keyspace/types/set.h"

#include <charconv>
#include <cstdint>
#include <utility>

#include "common/strutil.h"

namespace shoal {

namespace {

// Decimal text of v in buf (at least 21 bytes).
std::string_view FormatInt(int64_t v, char* buf) {
  const auto r = std::to_chars(buf, buf + 21, v);
  return {buf, static_cast<size_t>(r.ptr - buf)};
}

}  // namespace

// The union holds one word either way; a set value is a 16-byte allocation.
static_assert(sizeof(IntSet) == sizeof(uintptr_t));
static_assert(sizeof(SetValue) == 16);

bool SetMemberAsInteger(std::string_view s, int64_t* out) { return ParseInt64(s, out); }

std::unique_ptr<SetValue> SetValue::CreateFor(std::string_view first) {
  auto set = CreateIntSet();
  int64_t v;
  if (!SetMemberAsInteger(first, &v)) set->SetTable(std::make_unique<StringSetTable>());
  return set;
}

SetValue::~SetValue() {
  if (is_table()) {
    delete TablePtr();
  } else {
    intset_.~IntSet();
  }
}

void SetValue::SetTable(std::unique_ptr<StringSetTable> table) {
  if (is_table()) {
    delete TablePtr();
  } else {
    intset_.~IntSet();
  }
  table_ = reinterpret_cast<uintptr_t>(table.release()) | kTableTag;
}

std::unique_ptr<SetValue> SetValue::CreateIntSet() { return std::make_unique<SetValue>(); }

StatusOr<std::unique_ptr<SetValue>> SetValue::FromIntSetBytes(std::string_view bytes) {
  StatusOr<IntSet> is = IntSet::FromBytes(bytes);
  if (!is.ok()) return is.status();
  auto set = CreateIntSet();
  set->intset_ = std::move(*is);
  return set;
}

std::unique_ptr<CollectionValue> SetValue::Clone() const {
  auto copy = std::make_unique<SetValue>();
  if (const IntSet* is = intset()) {
    copy->intset_ = *is;
  } else {
    copy->SetTable(std::make_unique<StringSetTable>(*table()));
  }
  return copy;
}

size_t SetValue::MemoryUsage() const {
  if (const IntSet* is = intset()) return sizeof(*this) + is->AllocatedBytes();
  return sizeof(*this) + table()->AllocatedBytes();
}

Encoding SetValue::encoding() const {
  return intset() != nullptr ? Encoding::kIntset : Encoding::kHashtable;
}

size_t SetValue::Size() const {
  if (const IntSet* is = intset()) return is->Size();
  return table()->Size();
}

void SetValue::ConvertToHashtable() {
  IntSet* is = mutable_intset();
  if (is == nullptr) return;
  auto table = std::make_unique<StringSetTable>();
  table->Reserve(is->Size());
  char buf[24];
  for (size_t i = 0; i < is->Size(); ++i) table->Insert(FormatInt(is->Get(i), buf));
  SetTable(std::move(table));
}

bool SetValue::Add(std::string_view member, size_t max_intset_entries) {
  if (IntSet* is = mutable_intset()) {
    int64_t v;
    if (SetMemberAsInteger(member, &v)) {
      if (!is->Add(v)) return false;
      if (is->Size() > max_intset_entries) ConvertToHashtable();
      return true;
    }
    ConvertToHashtable();
  }
  return mutable_table().Insert(member);
}

bool SetValue::Remove(std::string_view member) {
  if (IntSet* is = mutable_intset()) {
    int64_t v;
    return SetMemberAsInteger(member, &v) && is->Remove(v);
  }
  return mutable_table().Erase(member);
}

bool SetValue::Contains(std::string_view member) const {
  if (const IntSet* is = intset()) {
    int64_t v;
    return SetMemberAsInteger(member, &v) && is->Contains(v);
  }
  return table()->Contains(member);
}

void SetValue::ForEach(const std::function<void(std::string_view)>& fn) const {
  if (const IntSet* is = intset()) {
    char buf[24];
    for (size_t i = 0; i < is->Size(); ++i) fn(FormatInt(is->Get(i), buf));
    return;
  }
  table()->ForEach([&fn](std::string_view m) { fn(m); });
}

std::vector<std::string> SetValue::Members() const {
  std::vector<std::string> out;
  out.reserve(Size());
  ForEach([&out](std::string_view m) { out.emplace_back(m); });
  return out;
}

std::string SetValue::RandomMember(Rng& rng) {
  if (IntSet* is = mutable_intset()) {
    char buf[24];
    return std::string(FormatInt(is->Random(rng), buf));
  }
  return std::string(mutable_table().RandomMember(rng));
}

std::string SetValue::PopRandom(Rng& rng) {
  std::string member = RandomMember(rng);
  Remove(member);
  return member;
}

uint64_t SetValue::Scan(uint64_t cursor, size_t count,
                        const std::function<void(std::string_view)>& fn) {
  if (intset() != nullptr) {
    ForEach(fn);
    return 0;
  }
  const StringSetTable& t = *table();
  size_t seen = 0;
  // Bounded like Redis's scanGenericCommand: at most 10*count bucket visits.
  size_t budget = count > SIZE_MAX / 10 ? SIZE_MAX : count * 10;
  do {
    cursor = t.Scan(cursor, [&](std::string_view m) {
      ++seen;
      fn(m);
    });
  } while (cursor != 0 && budget-- > 0 && seen < count);
  return cursor;
}

}  // namespace shoal
