// For tests that plant values in messages through reflection (every
// OUTPUT_ONLY field of every request, say) and then look for them.
#ifndef KOMPAS_TESTING_RECOGNISABLE_VALUE_H_
#define KOMPAS_TESTING_RECOGNISABLE_VALUE_H_

#include <cstdint>
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
  using google::protobuf::Reflection;
  const Reflection* r = m.GetReflection();
  // Adds `value` to a repeated field through `add`, else sets it through `set`.
  auto put = [&](auto set, auto add, auto value) {
    f->is_repeated() ? (r->*add)(&m, f, value) : (r->*set)(&m, f, value);
    return true;
  };
  switch (f->cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING: return put(&Reflection::SetString, &Reflection::AddString, text);
    case FieldDescriptor::CPPTYPE_INT32: return put(&Reflection::SetInt32, &Reflection::AddInt32, number);
    case FieldDescriptor::CPPTYPE_INT64:
      return put(&Reflection::SetInt64, &Reflection::AddInt64, static_cast<int64_t>(number));
    case FieldDescriptor::CPPTYPE_DOUBLE:
      return put(&Reflection::SetDouble, &Reflection::AddDouble, static_cast<double>(number));
    case FieldDescriptor::CPPTYPE_BOOL: return put(&Reflection::SetBool, &Reflection::AddBool, true);
    case FieldDescriptor::CPPTYPE_ENUM:
      return put(&Reflection::SetEnum, &Reflection::AddEnum,
                 f->enum_type()->value(f->enum_type()->value_count() - 1));
    default:
      return false;
  }
}

}  // namespace kompas::testing

#endif  // KOMPAS_TESTING_RECOGNISABLE_VALUE_H_
