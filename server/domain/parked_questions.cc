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
#include "domain/internal/paging.h"
#include "domain/internal/session_rules.h"
#include "domain/internal/rename.h"
#include "domain/internal/page_token.h"
#include "domain/internal/proto_time.h"
#include "domain/internal/records.h"
#include "domain/internal/screened_text.h"
#include "domain/internal/request_ids.h"
#include "domain/methods.h"
#include "domain/validation.h"
#include "store/keys.h"

namespace kompas::domain {
using store::Table;
namespace keys = store::keys;

absl::StatusOr<v1::ParkedQuestion> Sessions::ParkQuestion(const Call& call,
                                                          const v1::ParkQuestionRequest& request) {
  ASSIGN_OR_RETURN(CommunityChild name, ParseChildName(request.parent(), kSessions, "parent"));
  ASSIGN_OR_RETURN(v1::ParkedQuestion q,
                   internal::ScreenedText(
                       *gate_, *communities_, name.community, request, "question",
                       request.question(), "text", [&](FieldViolations& v) {
                         CheckRequestId(v, "request_id", request.request_id());
                       }));
  const std::string me = MemberName(name.community, call.member_id());
  const std::string request_key = keys::RequestId(
      internal::kParkRequestScope, request.parent(),
      cases_->key_secret().RequestIdTag(call.member_id(), request.request_id()));
  std::optional<v1::ParkedQuestion> earlier;
  ASSIGN_OR_RETURN(
      v1::Session s,
      Mutate(call, name, request.parent(),
             [&](v1::Session& s, store::WriteBatch& batch)
                 -> absl::StatusOr<std::optional<v1::SessionEvent>> {
               if (!request.request_id().empty()) {
                 ASSIGN_OR_RETURN(auto stored, store_->Get(Table::kRequestIds, request_key));
                 if (stored.has_value()) {
                   ASSIGN_OR_RETURN(*stored, internal::ReplayedName(*stored, request,
                                                                    request.request_id()));
                   for (const v1::ParkedQuestion& p : s.parked_questions()) {
                     if (p.name() == *stored) earlier = p;
                   }
                   if (earlier.has_value()) return std::nullopt;
                 }
               }
               if (s.state() != v1::SESSION_STATE_ACTIVE) return internal::NotActive(s);
               if (!internal::IsParticipant(s, me)) {
                 return FailedPrecondition(
                     v1::SESSION_PARTICIPANT, s.name(),
                     absl::StrCat("only participants of ", s.name(),
                                  " park questions there; join it first (JoinSession)"),
                     {{"session", s.name()}});
               }
               if (s.parked_questions_size() >= kMaxParkedQuestions) {
                 return internal::SessionLimit(s, kMaxParkedQuestions, "parked questions",
                                               "parked_questions");
               }
               ASSIGN_OR_RETURN(std::string id, UnusedId(Table::kParkedQuestions,
                                                         keys::Prefix({name.community})));
               q.set_name(FormatChild(name.community, kParkedQuestions, id));
               q.set_session(s.name());
               q.set_case_(s.case_());
               q.set_asked_by(me);
               *q.mutable_create_time() = internal::Now();
               q.set_state(v1::PARKED_QUESTION_STATE_OPEN);
               batch.Put(Table::kParkedQuestions, keys::ParkedQuestion(name.community, id),
                         q.SerializeAsString());
               if (!request.request_id().empty()) {
                 batch.Put(Table::kRequestIds, request_key,
                           internal::RequestIdEntry(q.name(), request));
               }
               *s.add_parked_questions() = q;
               v1::SessionEvent e;
               *e.mutable_question_parked() = q;
               return e;
             }));
  if (earlier.has_value()) return *earlier;
  return q;
}

absl::StatusOr<v1::ListParkedQuestionsResponse> Sessions::ListParkedQuestions(
    const Call& /*call*/, const v1::ListParkedQuestionsRequest& request) const {
  FieldViolations v;
  ASSIGN_OR_RETURN(std::string community_id, internal::ListedCommunity(request, v));
  if (!v1::ParkedQuestionState_IsValid(request.state())) {
    v.Add("state", "is not a known state (OPEN or ANSWERED)");
  }
  RETURN_IF_ERROR(v.ToStatus());
  const internal::PageScan scan{.table = Table::kParkedQuestions,
                                .prefix = keys::Prefix({community_id}),
                                .server_id_cursor = true};
  v1::ListParkedQuestionsResponse response;
  RETURN_IF_ERROR(internal::ListRecords<v1::ParkedQuestion>(
      *store_, scan,
      internal::PageRequestOf(request,
                              absl::StrCat(request.parent(), "|", static_cast<int>(request.state()))),
      [&](const v1::ParkedQuestion& q) {
        return request.state() == v1::PARKED_QUESTION_STATE_UNSPECIFIED ||
               q.state() == request.state();
      },
      [](v1::ListParkedQuestionsResponse& r, v1::ParkedQuestion&& q) {
        *r.add_parked_questions() = std::move(q);
      },
      response));
  return response;
}

absl::StatusOr<v1::ParkedQuestion> Sessions::AnswerParkedQuestion(
    const Call& call, const v1::AnswerParkedQuestionRequest& request) {
  ASSIGN_OR_RETURN(CommunityChild qname, ParseChildName(request.name(), kParkedQuestions, "name"));
  FieldViolations v;
  CheckText(v, "answer", request.answer(), /*required=*/true);
  RETURN_IF_ERROR(v.ToStatus());
  ASSIGN_OR_RETURN(v1::Community community, communities_->Load(qname.community));
  v1::AnswerParkedQuestionRequest screened;
  screened.set_answer(request.answer());
  RETURN_IF_ERROR(gate_->ScreenWrite(screened, "", request, community).status());
  const std::string question_key = keys::ParkedQuestion(qname.community, qname.id);
  ASSIGN_OR_RETURN(auto stored,
                   internal::LoadRecord<v1::ParkedQuestion>(*store_, Table::kParkedQuestions,
                                                            question_key));
  if (!stored.has_value()) return NotFound(request.name());
  ASSIGN_OR_RETURN(CommunityChild sname,
                   ParseChildName(stored->session(), kSessions, "question.session"));
  v1::ParkedQuestion answered;
  RETURN_IF_ERROR(
      Mutate(call, sname, request.name(),
             [&](v1::Session& s, store::WriteBatch& batch)
                 -> absl::StatusOr<std::optional<v1::SessionEvent>> {
               // Reloaded under the lock: two officers cannot both answer.
               ASSIGN_OR_RETURN(auto q, internal::LoadRecord<v1::ParkedQuestion>(
                                            *store_, Table::kParkedQuestions, question_key));
               if (!q.has_value()) return NotFound(request.name());
               if (q->state() == v1::PARKED_QUESTION_STATE_ANSWERED) {
                 return FailedPrecondition(
                     v1::PARKED_QUESTION_STATE, q->name(),
                     absl::StrCat(q->name(), " was already answered by ", q->answered_by(),
                                  "; an answer is not overwritten"));
               }
               q->set_answer(screened.answer());
               q->set_answered_by(MemberName(qname.community, call.member_id()));
               *q->mutable_answer_time() = internal::Now();
               q->set_state(v1::PARKED_QUESTION_STATE_ANSWERED);
               batch.Put(Table::kParkedQuestions, question_key, q->SerializeAsString());
               for (v1::ParkedQuestion& copy : *s.mutable_parked_questions()) {
                 if (copy.name() == q->name()) copy = *q;
               }
               answered = *q;
               v1::SessionEvent e;
               *e.mutable_question_answered() = *q;
               return e;
             })
          .status());
  return answered;
}

}  // namespace kompas::domain
