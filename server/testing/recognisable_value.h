// For tests that plant values in messages through reflection (every
// OUTPUT_ONLY field of every request, say) and then look for them.
#ifndef KOMPAS_TESTING_RECOGNISABLE_VALUE_H_
#define KOMPAS_TESTING_RECOGNISABLE_VALUE_H_

#include <string>

#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"

namespace kompas::testing {

// Sets field `f` of `m` (adds one value to a repeated field) to a value a
// test can recognise: `text` for a string, `number` for an integer or a
// double, true for a bool, the last value of an enum. Returns false, setting
// nothing, for a message field (the caller recurses) or a kind it does not set.
inline bool SetRecognisable(google::protobuf::Message& m, const google::protobuf::FieldDescriptor* f,
                            const std::string& text, int number) {
  using google::protobuf::FieldDescriptor;
  const google::protobuf::Reflection* r = m.GetReflection();
  const bool many = f->is_repeated();
  switch (f->cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING:
      many ? r->AddString(&m, f, text) : r->SetString(&m, f, text);
      return true;
    case FieldDescriptor::CPPTYPE_INT32:
      many ? r->AddInt32(&m, f, number) : r->SetInt32(&m, f, number);
      return true;
    case FieldDescriptor::CPPTYPE_INT64:
      many ? r->AddInt64(&m, f, number) : r->SetInt64(&m, f, number);
      return true;
    case FieldDescriptor::CPPTYPE_DOUBLE:
      many ? r->AddDouble(&m, f, number) : r->SetDouble(&m, f, number);
      return true;
    case FieldDescriptor::CPPTYPE_BOOL:
      many ? r->AddBool(&m, f, true) : r->SetBool(&m, f, true);
      return true;
    case FieldDescriptor::CPPTYPE_ENUM: {
      const auto* last = f->enum_type()->value(f->enum_type()->value_count() - 1);
      many ? r->AddEnum(&m, f, last) : r->SetEnum(&m, f, last);
      return true;
    }
    default:
      return false;
  }
}

}  // namespace kompas::testing

#endif  // KOMPAS_TESTING_RECOGNISABLE_VALUE_H_
