#include "domain/errors.h"

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace kompas::domain {

std::string ReasonName(v1::ErrorReason reason) { return v1::ErrorReason_Name(reason); }

void FieldViolations::Add(absl::string_view field, absl::string_view description,
                          v1::FieldProblem problem, size_t limit) {
  auto* v = bad_request_.add_field_violations();
  v->set_field(std::string(field));
  v->set_description(std::string(description));
  v->set_reason(v1::FieldProblem_Name(problem));
  limits_.push_back(limit);
}

absl::Status FieldViolations::ToStatus() const {
  if (empty()) return absl::OkStatus();
  // The summary repeats the violations so a client that ignores details
  // still tells its user what to fix.
  std::string message = "invalid request: ";
  std::vector<std::string> fields, limits;
  for (int i = 0; i < bad_request_.field_violations_size(); ++i) {
    const auto& v = bad_request_.field_violations(i);
    if (i > 0) message += "; ";
    absl::StrAppend(&message, v.field(), " ", v.description());
    fields.push_back(v.field());
    limits.push_back(limits_[i] == 0 ? "" : absl::StrCat(limits_[i]));
  }
  absl::Status status =
      WithReason(absl::StatusCode::kInvalidArgument, v1::INVALID_FIELDS, message,
                 {{"fields", absl::StrJoin(fields, ",")}, {"limits", absl::StrJoin(limits, ",")}});
  status.SetPayload(kBadRequestUrl, absl::Cord(bad_request_.SerializeAsString()));
  return status;
}

std::string CollectionOf(absl::string_view name) {
  const absl::string_view first = name.substr(0, name.find(' '));
  std::vector<absl::string_view> parts = absl::StrSplit(first, '/');
  // collection/id pairs: the last pair's collection; a trailing
  // collection (a parent's list) is itself the answer.
  if (parts.size() < 2) return "";
  return std::string(parts.size() % 2 == 0 ? parts[parts.size() - 2] : parts.back());
}

absl::Status NotFound(absl::string_view resource_name) {
  return NotFound(resource_name, CollectionOf(resource_name));
}

absl::Status NotFound(absl::string_view what, absl::string_view kind) {
  return WithReason(absl::StatusCode::kNotFound, v1::NOT_FOUND, absl::StrCat(what, " not found"),
                    {{"kind", std::string(kind)}});
}

absl::Status FailedPrecondition(v1::ErrorReason reason, absl::string_view subject,
                                absl::string_view message, const Facts& facts) {
  google::rpc::PreconditionFailure failure;
  auto* v = failure.add_violations();
  v->set_type(ReasonName(reason));
  v->set_subject(std::string(subject));
  v->set_description(std::string(message));
  absl::Status status =
      WithReason(absl::StatusCode::kFailedPrecondition, reason, message, facts);
  status.SetPayload(kPreconditionFailureUrl, absl::Cord(failure.SerializeAsString()));
  return status;
}

absl::Status WithReason(absl::StatusCode code, v1::ErrorReason reason, absl::string_view message,
                        const Facts& facts) {
  google::rpc::ErrorInfo info;
  info.set_reason(ReasonName(reason));
  info.set_domain(kErrorDomain);
  info.mutable_metadata()->insert(facts.begin(), facts.end());
  absl::Status status(code, message);
  status.SetPayload(kErrorInfoUrl, absl::Cord(info.SerializeAsString()));
  return status;
}

std::string ReasonOf(const absl::Status& status) {
  auto payload = status.GetPayload(kErrorInfoUrl);
  google::rpc::ErrorInfo info;
  if (!payload.has_value() || !info.ParseFromString(std::string(*payload))) return "";
  return info.reason();
}

}  // namespace kompas::domain
