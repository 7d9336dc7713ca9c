// How the domain reports errors a client can act on. Every error is an
// absl::Status with a canonical code and a message that says what to do;
// structured details ride along as payloads typed by their google.rpc message
// type URL, which the api layer turns into google.rpc.Status details.
//
//   FieldViolations v;
//   if (c.title().empty()) v.Add("case.title", "is required");
//   RETURN_IF_ERROR(v.ToStatus());
#ifndef KOMPAS_DOMAIN_ERRORS_H_
#define KOMPAS_DOMAIN_ERRORS_H_

#include <map>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "google/rpc/error_details.pb.h"

namespace kompas::domain {

// Type URLs of the payloads we attach.
inline constexpr char kBadRequestUrl[] = "type.googleapis.com/google.rpc.BadRequest";
inline constexpr char kErrorInfoUrl[] = "type.googleapis.com/google.rpc.ErrorInfo";
inline constexpr char kPreconditionFailureUrl[] =
    "type.googleapis.com/google.rpc.PreconditionFailure";
// ErrorInfo.domain of every error we raise.
inline constexpr char kErrorDomain[] = "kompas.v1";

// Collects field violations; ToStatus() is OK when there are none, else
// INVALID_ARGUMENT carrying a google.rpc.BadRequest.
class FieldViolations {
 public:
  // field: the request field path, e.g. "case.framing.purpose".
  // description: what is wrong and how to fix it, e.g. "is required".
  void Add(absl::string_view field, absl::string_view description);
  bool empty() const { return bad_request_.field_violations_size() == 0; }
  [[nodiscard]] absl::Status ToStatus() const;

 private:
  google::rpc::BadRequest bad_request_;
};

// NOT_FOUND naming the resource, e.g. "communities/demo/cases/x not found".
[[nodiscard]] absl::Status NotFound(absl::string_view resource_name);
// FAILED_PRECONDITION with a PreconditionFailure violation of this type/subject.
[[nodiscard]] absl::Status FailedPrecondition(absl::string_view type, absl::string_view subject,
                                              absl::string_view message);
// An error of any code with an ErrorInfo carrying a machine-readable reason
// such as "ETAG_MISMATCH".
// `metadata` carries the refusal's facts (a limit, a phase, …) so clients
// can say it in their own words.
[[nodiscard]] absl::Status WithReason(
    absl::StatusCode code, absl::string_view reason, absl::string_view message,
    const std::map<std::string, std::string>& metadata = {});

}  // namespace kompas::domain

#endif  // KOMPAS_DOMAIN_ERRORS_H_
