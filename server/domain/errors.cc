#include "domain/errors.h"

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace kompas::domain {

void FieldViolations::Add(absl::string_view field, absl::string_view description) {
  auto* v = bad_request_.add_field_violations();
  v->set_field(std::string(field));
  v->set_description(std::string(description));
}

absl::Status FieldViolations::ToStatus() const {
  if (empty()) return absl::OkStatus();
  // The summary repeats the violations so a client that ignores details
  // still tells its user what to fix.
  std::string message = "invalid request: ";
  for (int i = 0; i < bad_request_.field_violations_size(); ++i) {
    const auto& v = bad_request_.field_violations(i);
    if (i > 0) message += "; ";
    absl::StrAppend(&message, v.field(), " ", v.description());
  }
  absl::Status status = absl::InvalidArgumentError(message);
  status.SetPayload(kBadRequestUrl, absl::Cord(bad_request_.SerializeAsString()));
  return status;
}

absl::Status NotFound(absl::string_view resource_name) {
  return absl::NotFoundError(absl::StrCat(resource_name, " not found"));
}

absl::Status FailedPrecondition(absl::string_view type, absl::string_view subject,
                                absl::string_view message) {
  google::rpc::PreconditionFailure failure;
  auto* v = failure.add_violations();
  v->set_type(std::string(type));
  v->set_subject(std::string(subject));
  v->set_description(std::string(message));
  absl::Status status = absl::FailedPreconditionError(message);
  status.SetPayload(kPreconditionFailureUrl, absl::Cord(failure.SerializeAsString()));
  return status;
}

absl::Status WithReason(absl::StatusCode code, absl::string_view reason,
                        absl::string_view message,
                        const std::map<std::string, std::string>& metadata) {
  google::rpc::ErrorInfo info;
  info.set_reason(std::string(reason));
  info.set_domain(kErrorDomain);
  info.mutable_metadata()->insert(metadata.begin(), metadata.end());
  absl::Status status(code, message);
  status.SetPayload(kErrorInfoUrl, absl::Cord(info.SerializeAsString()));
  return status;
}

}  // namespace kompas::domain
