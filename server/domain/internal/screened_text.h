// The start of every write that posts one text into a community — an
// erratum's description, a parked question, a conclusion: the text checked
// (required), then screened by the PII gate as the request asks, with the
// community's allow-list.
//
//   ASSIGN_OR_RETURN(v1::Conclusion c,
//                    internal::ScreenedText(*gate_, *communities_, name.community, request,
//                                           "conclusion", request.conclusion(), "text"));
#ifndef KOMPAS_DOMAIN_INTERNAL_SCREENED_TEXT_H_
#define KOMPAS_DOMAIN_INTERNAL_SCREENED_TEXT_H_

#include <string>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "common/status_macros.h"
#include "domain/communities.h"
#include "domain/errors.h"
#include "domain/text_gate.h"
#include "domain/validation.h"
#include "google/protobuf/descriptor.h"

namespace kompas::domain::internal {

// A fresh `Record` holding only the string field `text_field` of `in` (the
// request's field `field`, e.g. "question"), screened for `request` in
// community `community_id`. Refuses an empty or invalid text, and whatever
// `more_checks` adds to the same violations, before anything is read.
template <typename Record, typename Request>
absl::StatusOr<Record> ScreenedText(
    const TextGate& gate, const Communities& communities, absl::string_view community_id,
    const Request& request, absl::string_view field, const Record& in,
    absl::string_view text_field,
    absl::FunctionRef<void(FieldViolations&)> more_checks = [](FieldViolations&) {}) {
  const google::protobuf::FieldDescriptor* f =
      Record::descriptor()->FindFieldByName(std::string(text_field));
  const google::protobuf::Reflection* r = Record::GetReflection();
  const std::string text = r->GetString(in, f);
  FieldViolations v;
  CheckText(v, absl::StrCat(field, ".", text_field), text, /*required=*/true);
  more_checks(v);
  RETURN_IF_ERROR(v.ToStatus());
  ASSIGN_OR_RETURN(v1::Community community, communities.Load(community_id));
  Record record;
  r->SetString(&record, f, text);
  RETURN_IF_ERROR(gate.ScreenWrite(record, field, request, community).status());
  return record;
}

}  // namespace kompas::domain::internal

#endif  // KOMPAS_DOMAIN_INTERNAL_SCREENED_TEXT_H_
