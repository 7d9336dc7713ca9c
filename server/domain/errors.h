// How the domain reports errors a client can act on. Every error is an
// absl::Status with a canonical code and a message that says what to do;
// structured details ride along as payloads typed by their google.rpc message
// type URL, which the api layer turns into google.rpc.Status details.
// Every error a client can act on carries a google.rpc.ErrorInfo whose
// reason is a kompas.v1.ErrorReason (proto/kompas/v1/errors.proto) and whose
// metadata holds the refusal's facts: reasons are typed, never spelled by
// hand, so a client can rely on each one being declared in the proto.
//
//   FieldViolations v;
//   if (c.title().empty()) v.Add("case.title", "is required", v1::REQUIRED);
//   RETURN_IF_ERROR(v.ToStatus());
//   return FailedPrecondition(v1::QUORUM, s.name(), "adoption needs …",
//                             {{"municipalities_needed", "1"}});
#ifndef KOMPAS_DOMAIN_ERRORS_H_
#define KOMPAS_DOMAIN_ERRORS_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "google/rpc/error_details.pb.h"
#include "kompas/v1/errors.pb.h"

namespace kompas::domain {

// Type URLs of the payloads we attach.
inline constexpr char kBadRequestUrl[] = "type.googleapis.com/google.rpc.BadRequest";
inline constexpr char kErrorInfoUrl[] = "type.googleapis.com/google.rpc.ErrorInfo";
inline constexpr char kPreconditionFailureUrl[] =
    "type.googleapis.com/google.rpc.PreconditionFailure";
// ErrorInfo.domain of every error we raise.
inline constexpr char kErrorDomain[] = "kompas.v1";

// A refusal's facts: ErrorInfo metadata, snake_case keys, plain values
// (numbers in decimal, lists comma-joined). Never text a person wrote.
using Facts = std::map<std::string, std::string>;

// The ErrorInfo.reason string of `reason`: its name, e.g. "QUORUM".
std::string ReasonName(v1::ErrorReason reason);

// Collects field violations; ToStatus() is OK when there are none, else
// INVALID_ARGUMENT carrying a google.rpc.BadRequest and an ErrorInfo
// INVALID_FIELDS (metadata `fields` and `limits`, see errors.proto).
class FieldViolations {
 public:
  // field: the request field path, e.g. "case.framing.purpose".
  // description: what is wrong and how to fix it, e.g. "is required".
  // problem: the violation's reason for clients; limit: the limit the
  // field broke (its unit is the problem's), 0 when there is none.
  void Add(absl::string_view field, absl::string_view description,
           v1::FieldProblem problem = v1::INVALID_VALUE, size_t limit = 0);
  bool empty() const { return bad_request_.field_violations_size() == 0; }
  [[nodiscard]] absl::Status ToStatus() const;

 private:
  google::rpc::BadRequest bad_request_;
  std::vector<size_t> limits_;  // one per violation, 0: none
};

// NOT_FOUND naming the resource, e.g. "communities/demo/cases/x not found",
// with ErrorInfo NOT_FOUND whose `kind` is the resource's collection
// ("cases"), read from the name. `kind` overrides that when the name is
// not a resource name.
[[nodiscard]] absl::Status NotFound(absl::string_view resource_name);
[[nodiscard]] absl::Status NotFound(absl::string_view what, absl::string_view kind);
// The collection a resource name is in: "cases" for
// "communities/demo/cases/x", "communities" for "communities/demo"; the
// first word of `name` is read, so "municipalities/GM0479 in …" works too.
std::string CollectionOf(absl::string_view name);
// FAILED_PRECONDITION with a PreconditionFailure violation of this
// type/subject (its type is the reason's name) and an ErrorInfo with the
// same reason carrying `facts`.
[[nodiscard]] absl::Status FailedPrecondition(v1::ErrorReason reason, absl::string_view subject,
                                              absl::string_view message, const Facts& facts = {});
// An error of any code with an ErrorInfo carrying `reason`; `facts` are the
// refusal's facts (a limit, a phase, …) so clients can say it in their own
// words.
[[nodiscard]] absl::Status WithReason(absl::StatusCode code, v1::ErrorReason reason,
                                      absl::string_view message, const Facts& facts = {});
// The ErrorInfo reason `status` carries ("" when none).
std::string ReasonOf(const absl::Status& status);

}  // namespace kompas::domain

#endif  // KOMPAS_DOMAIN_ERRORS_H_
