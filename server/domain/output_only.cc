#include "domain/output_only.h"

#include <vector>

#include "google/api/field_behavior.pb.h"

namespace kompas::domain {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

bool IsOutputOnly(const FieldDescriptor& field) {
  const google::protobuf::FieldOptions& options = field.options();
  const int n = options.ExtensionSize(google::api::field_behavior);
  for (int i = 0; i < n; ++i) {
    if (options.GetExtension(google::api::field_behavior, i) == google::api::OUTPUT_ONLY) {
      return true;
    }
  }
  return false;
}

namespace {

void ClearIn(Message& message) {
  const google::protobuf::Reflection* r = message.GetReflection();
  std::vector<const FieldDescriptor*> set;
  r->ListFields(message, &set);  // only fields that are present
  for (const FieldDescriptor* f : set) {
    if (IsOutputOnly(*f)) {
      r->ClearField(&message, f);
      continue;
    }
    if (f->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) continue;
    if (f->is_repeated()) {
      // Map entries are messages too; their value field is walked like any.
      for (int i = 0; i < r->FieldSize(message, f); ++i) {
        ClearIn(*r->MutableRepeatedMessage(&message, f, i));
      }
    } else {
      ClearIn(*r->MutableMessage(&message, f));
    }
  }
}

}  // namespace

void ClearOutputOnly(Message& message) {
  message.DiscardUnknownFields();
  ClearIn(message);
}

}  // namespace kompas::domain
