#include "clusterctl/node_info_format.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>
#include <google/protobuf/text_format.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <string_view>
#include <utility>
#include <vector>

namespace shoal::clusterctl {
namespace {

namespace pb = google::protobuf;

// The JSON value of one field of `message`. Scalars map to their JSON
// counterpart and enums to their name; a nested message falls back to
// protobuf's text form, a repeated field to an array of such texts.
nlohmann::json FieldToJson(const pb::Message& message, const pb::FieldDescriptor& field) {
  const pb::Reflection& r = *message.GetReflection();
  if (field.is_repeated()) {
    nlohmann::json items = nlohmann::json::array();
    for (int i = 0; i < r.FieldSize(message, &field); ++i) {
      std::string text;
      pb::TextFormat::PrintFieldValueToString(message, &field, i, &text);
      items.push_back(std::move(text));
    }
    return items;
  }
  if (field.cpp_type() == pb::FieldDescriptor::CPPTYPE_MESSAGE) {
    std::string text;
    pb::TextFormat::PrintFieldValueToString(message, &field, -1, &text);
    return text;
  }
  switch (field.cpp_type()) {
    case pb::FieldDescriptor::CPPTYPE_STRING:
      return r.GetString(message, &field);
    case pb::FieldDescriptor::CPPTYPE_BOOL:
      return r.GetBool(message, &field);
    case pb::FieldDescriptor::CPPTYPE_INT32:
      return r.GetInt32(message, &field);
    case pb::FieldDescriptor::CPPTYPE_INT64:
      return r.GetInt64(message, &field);
    case pb::FieldDescriptor::CPPTYPE_UINT32:
      return r.GetUInt32(message, &field);
    case pb::FieldDescriptor::CPPTYPE_UINT64:
      return r.GetUInt64(message, &field);
    case pb::FieldDescriptor::CPPTYPE_DOUBLE:
      return r.GetDouble(message, &field);
    case pb::FieldDescriptor::CPPTYPE_FLOAT:
      return r.GetFloat(message, &field);
    case pb::FieldDescriptor::CPPTYPE_ENUM:
      return r.GetEnum(message, &field)->name();
    case pb::FieldDescriptor::CPPTYPE_MESSAGE:
      break;  // Handled above.
  }
  return nullptr;
}

// The table's text for one value: JSON strings without their quotes.
std::string ValueText(const nlohmann::json& value) {
  return value.is_string() ? value.get<std::string>() : value.dump();
}

// Fields whose raw number deserves a readable gloss in the table.
std::string Gloss(std::string_view field_name, const nlohmann::json& value) {
  if (!value.is_number_unsigned()) {
    return "";
  }
  if (field_name == "uptime_seconds") {
    return " (" + HumanizeDuration(value.get<uint64_t>()) + ")";
  }
  if (field_name == "used_memory") {
    return " (" + HumanizeBytes(value.get<uint64_t>()) + ")";
  }
  return "";
}

}  // namespace

std::string HumanizeDuration(uint64_t seconds) {
  const std::array<std::pair<uint64_t, const char*>, 4> units = {
      {{86400, "d"}, {3600, "h"}, {60, "m"}, {1, "s"}}};
  std::string out;
  for (const auto& [size, suffix] : units) {
    const uint64_t count = seconds / size;
    seconds %= size;
    // Once a larger unit was printed, smaller ones print even when zero.
    if (count == 0 && out.empty() && size != 1) {
      continue;
    }
    if (!out.empty()) {
      out += ' ';
    }
    out += std::to_string(count) + suffix;
  }
  return out;
}

std::string HumanizeBytes(uint64_t bytes) {
  if (bytes < 1024) {
    return std::to_string(bytes) + "B";
  }
  const std::array<char, 6> suffixes = {'K', 'M', 'G', 'T', 'P', 'E'};
  double value = static_cast<double>(bytes) / 1024;
  size_t unit = 0;
  while (value >= 1024 && unit + 1 < suffixes.size()) {  // Bounded by the suffix count.
    value /= 1024;
    ++unit;
  }
  std::array<char, 32> buf{};
  std::snprintf(buf.data(), buf.size(), "%.2f%c", value, suffixes[unit]);
  return buf.data();
}

nlohmann::json NodeInfoToJson(const admin::v1::NodeInfo& info) {
  nlohmann::json out = nlohmann::json::object();
  const pb::Descriptor& descriptor = *info.GetDescriptor();
  for (int i = 0; i < descriptor.field_count(); ++i) {
    const pb::FieldDescriptor& field = *descriptor.field(i);
    out[field.name()] = FieldToJson(info, field);
  }
  return out;
}

std::string FormatNodeInfoTable(const admin::v1::NodeInfo& info) {
  const pb::Descriptor& descriptor = *info.GetDescriptor();
  std::vector<std::pair<std::string, std::string>> rows;
  size_t width = 0;
  for (int i = 0; i < descriptor.field_count(); ++i) {
    const pb::FieldDescriptor& field = *descriptor.field(i);
    const nlohmann::json value = FieldToJson(info, field);
    rows.emplace_back(field.name(), ValueText(value) + Gloss(field.name(), value));
    width = std::max(width, field.name().size());
  }
  std::string out;
  for (const auto& [name, value] : rows) {
    out += name;
    out.append(width - name.size() + 2, ' ');
    out += value;
    out += '\n';
  }
  return out;
}

}  // namespace shoal::clusterctl
