#include "domain/sessions.h"


#include <algorithm>
#include <cstring>
#include <map>
#include <set>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/status_macros.h"
#include "domain/case_lifecycle.h"
#include "domain/errors.h"
#include "domain/ids.h"
#include "domain/internal/session_rules.h"
#include "domain/internal/rename.h"
#include "domain/internal/page_token.h"
#include "domain/internal/proto_time.h"
#include "domain/internal/records.h"
#include "domain/internal/required.h"
#include "domain/methods.h"
#include "domain/validation.h"
#include "store/keys.h"

namespace kompas::domain {
namespace {

using store::Table;
namespace keys = store::keys;
using internal::kMaxRemarkBytes;
using internal::IsParticipant;
using internal::PhaseLabel;
using internal::PhaseRule;
using internal::CheckScore;

}  // namespace

absl::StatusOr<v1::SubmitEvaluationResponse> Sessions::SubmitEvaluation(
    const Call& call, const v1::SubmitEvaluationRequest& request) {
  ASSIGN_OR_RETURN(CommunityChild name, ParseChildName(request.parent(), kSessions, "parent"));
  RETURN_IF_ERROR(internal::RequireMessage(request.has_evaluation(), "evaluation"));
  FieldViolations v;
  const v1::Evaluation& in = request.evaluation();
  CheckScore(v, "evaluation.safety", in.safety());
  CheckScore(v, "evaluation.clarity", in.clarity());
  CheckScore(v, "evaluation.method_kept", in.method_kept());
  CheckText(v, "evaluation.remark", in.remark(), /*required=*/false, kMaxRemarkBytes);
  RETURN_IF_ERROR(v.ToStatus());
  ASSIGN_OR_RETURN(v1::Community community, communities_->Load(name.community));
  v1::Evaluation evaluation = in;
  evaluation.DiscardUnknownFields();
  RETURN_IF_ERROR(gate_->ScreenWrite(evaluation, "evaluation", request, community).status());

  ASSIGN_OR_RETURN(v1::Session first, Load(name));
  ASSIGN_OR_RETURN(CaseName case_name, ParseCaseName(first.case_(), "session.case"));
  Cases::CaseLock lock = cases_->LockCase(case_name.community, case_name.case_id);
  ASSIGN_OR_RETURN(v1::Session s, Load(name));
  const std::string me = MemberName(name.community, call.member_id());
  if (!IsParticipant(s, me)) {
    return FailedPrecondition(v1::SESSION_PARTICIPANT, s.name(),
                              absl::StrCat("only participants of ", s.name(), " evaluate it"),
                              {{"session", s.name()}});
  }
  if (s.state() == v1::SESSION_STATE_ACTIVE && !s.phase().takes_evaluation()) {
    return PhaseRule(s, absl::StrCat("the evaluation opens in the method's evaluation phase or "
                                     "when the session is closed; the session is in ",
                                     PhaseLabel(s.phase())));
  }
  const std::string key = keys::Evaluation(name.community, name.id,
                                           cases_->key_secret().EvaluationTag(call.member_id()));
  ASSIGN_OR_RETURN(auto existing, store_->Get(Table::kEvaluations, key));
  if (existing.has_value()) {
    return WithReason(absl::StatusCode::kAlreadyExists, v1::ALREADY_EVALUATED,
                      absl::StrCat("you already evaluated ", s.name(),
                                   "; an evaluation is given once and not changed"));
  }
  store::WriteBatch batch;
  batch.Put(Table::kEvaluations, key, evaluation.SerializeAsString());
  RETURN_IF_ERROR(call.Commit(*store_, batch, name.community, s.name()));
  int responses = 0;
  RETURN_IF_ERROR(store_->Scan(Table::kEvaluations, keys::EvaluationsOf(name.community, name.id),
                               {}, [&](absl::string_view, absl::string_view) {
                                 ++responses;
                                 return true;
                               }));
  v1::SubmitEvaluationResponse response;
  response.set_responses(responses);
  return response;
}

absl::StatusOr<v1::EvaluationSummary> Sessions::GetEvaluationSummary(
    const Call& /*call*/, const v1::GetEvaluationSummaryRequest& request) const {
  std::string prefix;
  if (auto session = ParseChildName(request.name(), kSessions, "name"); session.ok()) {
    RETURN_IF_ERROR(Load(*session).status());
    prefix = keys::EvaluationsOf(session->community, session->id);
  } else if (auto community = ParseCommunityName(request.name(), "name"); community.ok()) {
    RETURN_IF_ERROR(communities_->Load(*community).status());
    prefix = keys::Prefix({*community});
  } else {
    FieldViolations v;
    v.Add("name",
          "must be a session, communities/{community}/sessions/{session}, or a community, "
          "communities/{community}");
    return v.ToStatus();
  }
  v1::EvaluationSummary summary;
  summary.set_name(request.name());
  summary.set_minimum_responses(kMinimumEvaluations);
  int64_t safety = 0, clarity = 0, method_kept = 0;
  std::vector<std::string> remarks;
  std::set<std::string> sessions;
  absl::Status inner;
  RETURN_IF_ERROR(store_->Scan(Table::kEvaluations, prefix, {}, [&](absl::string_view key,
                                                                   absl::string_view value) {
    v1::Evaluation e;
    if (!e.ParseFromString(std::string(value))) {
      inner = absl::DataLossError("a stored evaluation cannot be parsed");
      return false;
    }
    // Keys are community \0 session \0 hash: the middle part is the session.
    const absl::string_view rest = key.substr(0, key.rfind('\0'));
    sessions.insert(std::string(keys::LastPart(rest)));
    summary.set_responses(summary.responses() + 1);
    safety += e.safety();
    clarity += e.clarity();
    method_kept += e.method_kept();
    if (!e.remark().empty()) remarks.push_back(e.remark());
    return true;
  }));
  RETURN_IF_ERROR(inner);
  summary.set_sessions(static_cast<int>(sessions.size()));
  // Below the minimum only the count is shown: with one or two answers, an
  // average is somebody's answer.
  if (summary.responses() >= kMinimumEvaluations) {
    const double n = summary.responses();
    summary.set_safety(safety / n);
    summary.set_clarity(clarity / n);
    summary.set_method_kept(method_kept / n);
    std::sort(remarks.begin(), remarks.end());  // not in submission order
    for (std::string& r : remarks) summary.add_remarks(std::move(r));
  }
  return summary;
}

}  // namespace kompas::domain
