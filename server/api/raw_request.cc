#include "api/raw_request.h"

#include <map>
#include <vector>

#include "absl/strings/str_cat.h"
#include "domain/errors.h"
#include "domain/output_only.h"
#include "domain/validation.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/unknown_field_set.h"

namespace kompas::api {
namespace {

using google::protobuf::FieldDescriptor;

// Walks the wire format without protobuf's UTF-8 check and reports each
// string field with invalid UTF-8 under its field path.
void FindInvalidUtf8(const google::protobuf::Descriptor* type, const std::string& bytes,
                     const std::string& path, domain::FieldViolations& violations, int depth) {
  google::protobuf::UnknownFieldSet fields;
  if (depth > 32 || !fields.ParseFromString(bytes)) return;
  std::map<int, int> seen;  // occurrences per field number, for [i] in paths
  for (int i = 0; i < fields.field_count(); ++i) {
    const google::protobuf::UnknownField& f = fields.field(i);
    const FieldDescriptor* field = type->FindFieldByNumber(f.number());
    if (field == nullptr || f.type() != google::protobuf::UnknownField::TYPE_LENGTH_DELIMITED) continue;
    std::string field_path = path.empty() ? field->name() : absl::StrCat(path, ".", field->name());
    if (field->is_repeated()) absl::StrAppend(&field_path, "[", seen[f.number()]++, "]");
    if (field->type() == FieldDescriptor::TYPE_STRING) {
      if (!domain::IsValidUtf8(f.length_delimited())) {
        violations.Add(field_path, "is not valid UTF-8", v1::NOT_UTF8);
      }
    } else if (field->type() == FieldDescriptor::TYPE_MESSAGE) {
      FindInvalidUtf8(field->message_type(), f.length_delimited(), field_path, violations,
                      depth + 1);
    }
  }
}

}  // namespace

absl::Status ParseRequestBytes(const std::string& bytes, google::protobuf::Message* message) {
  if (message->ParseFromString(bytes)) {
    // AIP-203: what the server sets, a client cannot: every OUTPUT_ONLY
    // field of every request, at any depth, is gone before a use case runs.
    domain::ClearOutputOnly(*message);
    return absl::OkStatus();
  }
  domain::FieldViolations violations;
  FindInvalidUtf8(message->GetDescriptor(), bytes, "", violations, 0);
  if (violations.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the request is not a valid ", message->GetDescriptor()->full_name(), " message"));
  }
  return violations.ToStatus();
}

absl::Status ParseRequest(const grpc::ByteBuffer& raw, google::protobuf::Message* message) {
  std::vector<grpc::Slice> slices;
  if (!raw.Dump(&slices).ok()) return absl::InvalidArgumentError("unreadable request");
  std::string bytes;
  bytes.reserve(raw.Length());
  for (const grpc::Slice& s : slices) {
    bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
  }
  return ParseRequestBytes(bytes, message);
}

void SerializeResponse(const google::protobuf::Message& message, grpc::ByteBuffer* raw) {
  std::string bytes = message.SerializeAsString();
  grpc::Slice slice(std::move(bytes));
  *raw = grpc::ByteBuffer(&slice, 1);
}

}  // namespace kompas::api
