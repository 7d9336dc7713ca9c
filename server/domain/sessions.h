// Intervisie sessions: a facilitator guides peers through the phases of a
// method (domain/methods.h) around one case, and the server keeps the
// method's discipline — who may say what in which phase.
//
//   Sessions sessions(store, &communities, &cases, &gate, &feed);
//   ASSIGN_OR_RETURN(v1::Session s, sessions.Create(caller, request));
//
// Every change to a session is one atomic batch holding the session record,
// its numbered event (session_feed.h) and the audit event, plus the case
// when its status moves (IN_SESSION on create, CONCLUDED or OPEN on close).
// All changes to a session take the lock of its case — the same lock every
// write to the case takes — so events are numbered without gaps and reach
// watchers in order.
#ifndef KOMPAS_DOMAIN_SESSIONS_H_
#define KOMPAS_DOMAIN_SESSIONS_H_

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "domain/call.h"
#include "domain/cases.h"
#include "domain/communities.h"
#include "domain/names.h"
#include "domain/session_feed.h"
#include "domain/text_gate.h"
#include "kompas/v1/session.pb.h"
#include "store/store.h"

namespace kompas::domain {

// Thread-safe. Does not own its arguments, which must outlive it.
class Sessions final : public SessionHooks {
 public:
  // Registers itself with `cases` (SessionHooks).
  // None may be null.
  Sessions(store::Store* store, const Communities* communities, Cases* cases,
           const TextGate* gate, SessionFeed* feed);

  // Evaluations a summary needs before it shows averages and remarks, so
  // that nobody's answers can be read off it.
  static constexpr int kMinimumEvaluations = 3;

  absl::StatusOr<v1::ListMethodsResponse> ListMethods(const v1::ListMethodsRequest& request) const;
  absl::StatusOr<v1::Session> Create(const Call& call,
                                     const v1::CreateSessionRequest& request);
  absl::StatusOr<v1::Session> Get(const Call& call,
                                  const v1::GetSessionRequest& request) const;
  absl::StatusOr<v1::ListSessionsResponse> List(const Call& call,
                                                const v1::ListSessionsRequest& request) const;
  absl::StatusOr<v1::Session> Join(const Call& call, const v1::JoinSessionRequest& request);
  absl::StatusOr<v1::Session> AdvancePhase(const Call& call,
                                           const v1::AdvancePhaseRequest& request);
  absl::StatusOr<v1::ParkedQuestion> ParkQuestion(const Call& call,
                                                  const v1::ParkQuestionRequest& request);
  absl::StatusOr<v1::ListParkedQuestionsResponse> ListParkedQuestions(
      const Call& call, const v1::ListParkedQuestionsRequest& request) const;
  absl::StatusOr<v1::ParkedQuestion> AnswerParkedQuestion(
      const Call& call, const v1::AnswerParkedQuestionRequest& request);
  absl::StatusOr<v1::Conclusion> AddConclusion(const Call& call,
                                               const v1::AddConclusionRequest& request);
  absl::StatusOr<v1::Session> Close(const Call& call, const v1::CloseSessionRequest& request);
  absl::StatusOr<v1::SubmitEvaluationResponse> SubmitEvaluation(
      const Call& call, const v1::SubmitEvaluationRequest& request);
  absl::StatusOr<v1::EvaluationSummary> GetEvaluationSummary(
      const Call& call, const v1::GetEvaluationSummaryRequest& request) const;

  // WatchSession: the session as it is now, and a subscription to its
  // events after request.after_sequence (see SessionFeed).
  struct Watch {
    v1::Session session;
    std::unique_ptr<SessionFeed::Subscription> events;
  };
  absl::StatusOr<Watch> StartWatch(const Call& call, const v1::WatchSessionRequest& request,
                                   std::function<void()> wake) const;

  // For Standards: links a session conclusion,
  // `communities/{c}/sessions/{s}/conclusions/{id}`, to the standard drafted
  // from it — the session record with the conclusion's `standard` set goes
  // into `batch`. Returns the lock to hold until the batch is written.
  // INVALID_ARGUMENT for a malformed name (field `field`), NOT_FOUND when
  // there is no such conclusion, FAILED_PRECONDITION when it already has
  // a standard.
  absl::StatusOr<Cases::CaseLock> StageConclusionLink(const std::string& conclusion,
                                                      const std::string& standard,
                                                      const std::string& field,
                                                      store::WriteBatch& batch);

  // SessionHooks: the current phase decides on reflections.
  absl::StatusOr<std::function<void()>> AdmitReflection(const Call& call,
                                                        const v1::Case& c,
                                                        v1::Reflection& reflection,
                                                        store::WriteBatch& batch) override;
  absl::StatusOr<int> SessionsAbout(const std::string& community,
                                    const std::string& case_name) const override;

  // Most conclusions and parked questions one session holds, so a session
  // record stays small enough to send whole.
  static constexpr int kMaxConclusions = 50;
  static constexpr int kMaxParkedQuestions = 100;
  // Largest stored session record a write that adds content (a parked
  // question, an answer, a conclusion) may leave, in bytes: 1 MiB, a
  // quarter of the default 4 MiB message limit, so GetSession, WatchSession
  // and a ListSessions page (2 MiB budget) can always send it, and the
  // bounded changes that are never refused (joining, moving phases, closing)
  // have room to spare. A write past it is refused before anything is
  // committed: FAILED_PRECONDITION with ErrorInfo reason SESSION_FULL and
  // metadata max_session_bytes.
  static constexpr size_t kMaxSessionBytes = 1u << 20;

 private:
  // A change to a session under its case's lock: `change` edits the session
  // (and may add records to the batch) and returns the event to record, or
  // nullopt for no change. The session, event and audit event are written
  // atomically, then the event is published.
  using Change = std::function<absl::StatusOr<std::optional<v1::SessionEvent>>(
      v1::Session& session, store::WriteBatch& batch)>;
  // kContent changes add client text and are held to kMaxSessionBytes;
  // kBounded ones (join, phase, close) add a few bytes and always pass.
  enum class Growth { kContent, kBounded };
  absl::StatusOr<v1::Session> Mutate(const Call& call, const CommunityChild& name,
                                     const std::string& audit_resource, const Change& change,
                                     Growth growth = Growth::kContent);
  // Mutate for a change only the facilitator of session `session_name` (the
  // request's `name`) makes while it is active; anyone else is refused with
  // FacilitatorOnly(`what`), a closed session with NotActive.
  absl::StatusOr<v1::Session> MutateAsFacilitator(const Call& call,
                                                  const std::string& session_name,
                                                  absl::string_view what, const Change& change,
                                                  Growth growth);
  absl::StatusOr<v1::Session> Load(const CommunityChild& name) const;
  // What `caller` may see of session `s`: for a case with a hidden origin,
  // case_owner only to the facilitator and the owner herself.
  absl::StatusOr<v1::Session> ViewFor(const Call& call, v1::Session s) const;
  // Numbers `event` as the session's next one, stamps it and adds it and the
  // session record to `batch`.
  void Record(const Call& call, const CommunityChild& name, v1::Session& session,
              v1::SessionEvent& event, store::WriteBatch& batch) const;
  absl::StatusOr<std::string> UnusedId(store::Table table, const std::string& prefix) const;

  store::Store* store_;
  const Communities* communities_;
  Cases* cases_;
  const TextGate* gate_;
  SessionFeed* feed_;
};

}  // namespace kompas::domain

#endif  // KOMPAS_DOMAIN_SESSIONS_H_
