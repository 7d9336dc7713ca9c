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
#include "domain/internal/audited_write.h"
#include "domain/internal/rename.h"
#include "domain/internal/page_token.h"
#include "domain/internal/proto_time.h"
#include "domain/internal/records.h"
#include "domain/methods.h"
#include "domain/validation.h"
#include "store/keys.h"

namespace kompas::domain {
namespace {

using store::Table;
namespace keys = store::keys;

constexpr char kSessionRequestScope[] = "session";
constexpr char kParkRequestScope[] = "parked-question";
constexpr size_t kMaxRemarkBytes = 2000;

std::string Quoted(const std::vector<std::string>& words) {
  return absl::StrJoin(words, ", ");
}

std::string KindList(const google::protobuf::RepeatedField<int>& kinds) {
  std::vector<std::string> words;
  for (int k : kinds) words.emplace_back(KindWord(static_cast<v1::ReflectionKind>(k)));
  return Quoted(words);
}

bool HasKind(const google::protobuf::RepeatedField<int>& kinds, v1::ReflectionKind kind) {
  return std::find(kinds.begin(), kinds.end(), kind) != kinds.end();
}

bool IsParticipant(const v1::Session& s, const std::string& member_name) {
  return std::find(s.participants().begin(), s.participants().end(), member_name) !=
         s.participants().end();
}

// "ADVICE (Advies)": how errors name a phase.
std::string PhaseLabel(const v1::Phase& p) { return absl::StrCat(p.id(), " (", p.title(), ")"); }

absl::Status PhaseRule(const v1::Session& s, absl::string_view message) {
  return FailedPrecondition("PHASE", s.name(),
                            absl::StrCat(message, " — ", s.phase().instruction()));
}

absl::Status NotActive(const v1::Session& s) {
  return FailedPrecondition("SESSION_STATE", s.name(),
                            absl::StrCat("session ", s.name(),
                                         " is closed; nothing more is added to it"));
}

absl::Status FacilitatorOnly(const v1::Session& s, absl::string_view what) {
  return absl::PermissionDeniedError(absl::StrCat("only the facilitator of ", s.name(), " (",
                                                  s.facilitator(), ") ", what));
}

// The phase of a method by id, or null.
const v1::Phase* FindPhase(const v1::Method& method, absl::string_view id) {
  int i = PhaseIndex(method, id);
  return i < 0 ? nullptr : &method.phases(i);
}

// The template is the authority on what a phase allows, also for a session
// stored under an older text of its template.
void RefreshPhase(v1::Session& s) {
  if (const v1::Method* method = FindMethod(s.method()); method != nullptr) {
    if (const v1::Phase* phase = FindPhase(*method, s.phase().id()); phase != nullptr) {
      *s.mutable_phase() = *phase;
    }
  }
}

std::vector<std::string> PhaseIds(const v1::Method& method) {
  std::vector<std::string> ids;
  for (const v1::Phase& p : method.phases()) ids.push_back(p.id());
  return ids;
}

std::vector<std::string> MethodIds() {
  std::vector<std::string> ids;
  for (const v1::Method& m : Methods()) ids.push_back(m.id());
  return ids;
}

// The phases of a method where conclusions are taken, for error messages.
std::string PhasesWhere(const v1::Method& method, bool (*pred)(const v1::Phase&)) {
  std::vector<std::string> ids;
  for (const v1::Phase& p : method.phases()) {
    if (pred(p)) ids.push_back(p.id());
  }
  return Quoted(ids);
}

// Scans `prefix` of `table` for one page of records that `keep` accepts,
// resuming after the page token's cursor (the key suffix of the last record
// examined). At most Cases::kMaxScannedPerPage entries are examined per
// call, so a selective filter returns a short page with a token instead of
// scanning without bound.
template <typename Record, typename Response>
absl::Status ScanPage(const store::Store& store, Table table, const std::string& prefix,
                      bool newest_first, uint64_t fingerprint, int page_size,
                      const std::string& page_token,
                      const std::function<bool(const Record&)>& keep,
                      const std::function<void(Record&&)>& add, Response& response) {
  ASSIGN_OR_RETURN(std::string cursor, internal::DecodePageToken(page_token, fingerprint));
  if (!cursor.empty() && !IsValidServerId(cursor)) {
    FieldViolations v;
    v.Add("page_token", "is not a token this server made; pass next_page_token unchanged");
    return v.ToStatus();
  }
  store::ScanOptions options{.reverse = newest_first};
  if (!cursor.empty()) options.after = prefix + cursor;
  int added = 0, scanned = 0;
  std::string last, next;
  absl::Status inner;
  RETURN_IF_ERROR(store.Scan(table, prefix, options, [&](absl::string_view key,
                                                         absl::string_view value) {
    if (++scanned > Cases::kMaxScannedPerPage) {
      next = last;
      return false;
    }
    Record r;
    if (!r.ParseFromString(std::string(value))) {
      inner = absl::DataLossError(absl::StrCat("stored ", store::TableName(table),
                                               " record cannot be parsed"));
      return false;
    }
    if (keep(r)) {
      if (added == page_size) {
        next = last;
        return false;
      }
      add(std::move(r));
      ++added;
    }
    last = std::string(keys::LastPart(key));
    return true;
  }));
  RETURN_IF_ERROR(inner);
  if (!next.empty()) response.set_next_page_token(internal::EncodePageToken(fingerprint, next));
  return absl::OkStatus();
}

void CheckScore(FieldViolations& v, absl::string_view field, int score) {
  if (score < 1 || score > 5) {
    v.Add(field, absl::StrCat("is ", score, "; give a score from 1 (not at all) to 5 (completely)"));
  }
}

}  // namespace

Sessions::Sessions(store::Store* store, const Communities* communities, Cases* cases,
                   const TextGate* gate, audit::AuditLog* audit, SessionFeed* feed)
    : store_(store),
      communities_(communities),
      cases_(cases),
      gate_(gate),
      audit_(audit),
      feed_(feed) {
  cases_->set_session_hooks(this);
}

absl::StatusOr<std::string> Sessions::UnusedId(Table table, const std::string& prefix) const {
  for (int attempt = 0; attempt < 8; ++attempt) {
    std::string id = NewServerId();
    ASSIGN_OR_RETURN(auto taken, store_->Get(table, prefix + id));
    if (!taken.has_value()) return id;
  }
  return absl::InternalError("could not find an unused id");
}

absl::StatusOr<v1::Session> Sessions::Load(const CommunityChild& name) const {
  ASSIGN_OR_RETURN(auto s, internal::LoadRecord<v1::Session>(
                               *store_, Table::kSessions, keys::Session(name.community, name.id)));
  if (!s.has_value()) return NotFound(FormatChild(name.community, kSessions, name.id));
  RefreshPhase(*s);
  return *std::move(s);
}

void Sessions::Record(const Principal& caller, const CommunityChild& name, v1::Session& session,
                      v1::SessionEvent& event, store::WriteBatch& batch) const {
  const int64_t sequence = session.last_sequence() + 1;
  session.set_last_sequence(sequence);
  *session.mutable_update_time() = internal::Now();
  event.set_sequence(sequence);
  *event.mutable_time() = session.update_time();
  event.set_actor(MemberName(name.community, caller.member_id));
  batch.Put(Table::kSessions, keys::Session(name.community, name.id), session.SerializeAsString());
  batch.Put(Table::kSessionEvents, keys::SessionEvent(name.community, name.id, sequence),
            event.SerializeAsString());
}

absl::StatusOr<v1::Session> Sessions::Mutate(const Principal& caller, const CommunityChild& name,
                                             const std::string& audit_resource,
                                             const Change& change) {
  ASSIGN_OR_RETURN(v1::Session first, Load(name));
  ASSIGN_OR_RETURN(CaseName case_name, ParseCaseName(first.case_(), "session.case"));
  Cases::CaseLock lock = cases_->LockCase(case_name.community, case_name.case_id);
  ASSIGN_OR_RETURN(v1::Session session, Load(name));  // as of now, under the lock
  store::WriteBatch batch;
  ASSIGN_OR_RETURN(std::optional<v1::SessionEvent> event, change(session, batch));
  if (!event.has_value()) return session;
  Record(caller, name, session, *event, batch);
  RETURN_IF_ERROR(internal::WriteAudited(*store_, audit_, caller, name.community, audit_resource,
                                         batch));
  feed_->Publish(name.community, name.id, *event);
  return session;
}

absl::StatusOr<v1::ListMethodsResponse> Sessions::ListMethods(
    const v1::ListMethodsRequest& /*request*/) const {
  v1::ListMethodsResponse response;
  for (const v1::Method& m : Methods()) *response.add_methods() = m;
  return response;
}

absl::StatusOr<v1::Session> Sessions::Create(const Principal& caller,
                                             const v1::CreateSessionRequest& request) {
  ASSIGN_OR_RETURN(std::string community_id, ParseCommunityName(request.parent(), "parent"));
  FieldViolations v;
  if (!request.has_session()) {
    v.Add("session", "is required: name the case and the method");
    return v.ToStatus();
  }
  const v1::Session& in = request.session();
  auto case_name = ParseCaseName(in.case_(), "session.case");
  if (in.case_().empty()) {
    v.Add("session.case", "is required: the case to discuss, communities/{community}/cases/{case}");
  } else if (!case_name.ok()) {
    v.Add("session.case", "must be a case name, communities/{community}/cases/{case}");
  } else if (case_name->community != community_id) {
    v.Add("session.case", absl::StrCat("must be a case of ", request.parent()));
  }
  const v1::Method* method = FindMethod(in.method());
  if (method == nullptr) {
    v.Add("session.method", absl::StrCat(in.method().empty() ? "is required" : "is not a known method",
                                         "; choose one of: ", Quoted(MethodIds())));
  }
  if (!in.title().empty()) CheckTitle(v, "session.title", in.title());
  CheckRequestId(v, "request_id", request.request_id());
  RETURN_IF_ERROR(v.ToStatus());

  ASSIGN_OR_RETURN(v1::Community community, communities_->Load(community_id));
  const std::string facilitator = MemberName(community_id, caller.member_id);
  v1::Session screened;
  screened.set_title(in.title());
  ASSIGN_OR_RETURN(v1::AnonymizationReport report,
                   gate_->Screen(screened, "session", request.privacy_mode(),
                                 request.acknowledge_warnings(),
                                 AllowListOf(community.pii_allow_list())));
  (void)report;

  Cases::CaseLock lock = cases_->LockCase(case_name->community, case_name->case_id);
  const std::string request_key = keys::RequestId(kSessionRequestScope, request.parent(),
                                                  caller.member_id, request.request_id());
  if (!request.request_id().empty()) {
    ASSIGN_OR_RETURN(auto earlier, store_->Get(Table::kRequestIds, request_key));
    if (earlier.has_value()) {
      ASSIGN_OR_RETURN(CommunityChild earlier_name,
                       ParseChildName(*earlier, kSessions, "request_id"));
      return Load(earlier_name);
    }
  }
  ASSIGN_OR_RETURN(v1::Case c, cases_->Find(case_name->community, case_name->case_id));
  if (c.status() != v1::CASE_STATUS_OPEN) {
    if (c.status() == v1::CASE_STATUS_DRAFT && c.author() != facilitator) {
      return NotFound(c.name());  // a draft is its author's alone
    }
    return FailedPrecondition(
        "CASE_STATUS", c.name(),
        c.status() == v1::CASE_STATUS_IN_SESSION
            ? absl::StrCat("case ", c.name(), " is already being discussed in ",
                           c.active_session(), "; one session per case at a time")
            : absl::StrCat("case ", c.name(), " is ", StatusWord(c.status()),
                           "; a session starts on an OPEN case (a DRAFT is opened by its author)"));
  }

  ASSIGN_OR_RETURN(const std::string id, UnusedId(Table::kSessions, keys::Prefix({community_id})));
  const CommunityChild name{community_id, id};
  v1::Session s;
  s.set_name(FormatChild(community_id, kSessions, id));
  s.set_case_(c.name());
  s.set_method(method->id());
  s.set_title(screened.title().empty() ? c.title() : screened.title());
  s.set_state(v1::SESSION_STATE_ACTIVE);
  *s.mutable_phase() = method->phases(0);
  s.set_facilitator(facilitator);
  s.set_case_owner(c.author());
  s.add_participants(facilitator);
  *s.mutable_create_time() = internal::Now();

  store::WriteBatch batch;
  RETURN_IF_ERROR(cases_->StageSessionMove(c, v1::CASE_STATUS_IN_SESSION, s.name(), batch).status());
  if (!request.request_id().empty()) batch.Put(Table::kRequestIds, request_key, s.name());
  v1::SessionEvent started;
  *started.mutable_phase_changed()->mutable_to() = s.phase();
  Record(caller, name, s, started, batch);
  RETURN_IF_ERROR(internal::WriteAudited(*store_, audit_, caller, community_id, s.name(), batch));
  feed_->Publish(community_id, id, started);
  return s;
}

absl::StatusOr<v1::Session> Sessions::Get(const Principal& /*caller*/,
                                          const v1::GetSessionRequest& request) const {
  ASSIGN_OR_RETURN(CommunityChild name, ParseChildName(request.name(), kSessions, "name"));
  return Load(name);
}

absl::StatusOr<v1::ListSessionsResponse> Sessions::List(
    const Principal& /*caller*/, const v1::ListSessionsRequest& request) const {
  ASSIGN_OR_RETURN(std::string community_id, ParseCommunityName(request.parent(), "parent"));
  FieldViolations v;
  const int page_size = CheckPageSize(v, request.page_size());
  if (!v1::SessionState_IsValid(request.state())) v.Add("state", "is not a known session state");
  if (!request.case_().empty() && !ParseCaseName(request.case_(), "case").ok()) {
    v.Add("case", "must be a case name, communities/{community}/cases/{case}");
  }
  RETURN_IF_ERROR(v.ToStatus());
  RETURN_IF_ERROR(communities_->Load(community_id).status());
  const uint64_t fingerprint = internal::Fingerprint(absl::StrCat(
      request.parent(), "|", static_cast<int>(request.state()), "|", request.case_()));
  v1::ListSessionsResponse response;
  RETURN_IF_ERROR((ScanPage<v1::Session, v1::ListSessionsResponse>(
      *store_, Table::kSessions, keys::Prefix({community_id}), /*newest_first=*/true,
      fingerprint, page_size, request.page_token(),
      [&](const v1::Session& s) {
        return (request.state() == v1::SESSION_STATE_UNSPECIFIED || s.state() == request.state()) &&
               (request.case_().empty() || s.case_() == request.case_());
      },
      [&](v1::Session&& s) {
        RefreshPhase(s);
        *response.add_sessions() = std::move(s);
      },
      response)));
  return response;
}

absl::StatusOr<v1::Session> Sessions::Join(const Principal& caller,
                                           const v1::JoinSessionRequest& request) {
  ASSIGN_OR_RETURN(CommunityChild name, ParseChildName(request.name(), kSessions, "name"));
  const std::string me = MemberName(name.community, caller.member_id);
  return Mutate(caller, name, request.name(),
                [&](v1::Session& s, store::WriteBatch&)
                    -> absl::StatusOr<std::optional<v1::SessionEvent>> {
                  if (s.state() != v1::SESSION_STATE_ACTIVE) return NotActive(s);
                  if (IsParticipant(s, me)) return std::nullopt;  // joining twice is fine
                  s.add_participants(me);
                  v1::SessionEvent e;
                  e.set_participant_joined(me);
                  return e;
                });
}

absl::StatusOr<v1::Session> Sessions::AdvancePhase(const Principal& caller,
                                                   const v1::AdvancePhaseRequest& request) {
  ASSIGN_OR_RETURN(CommunityChild name, ParseChildName(request.name(), kSessions, "name"));
  const std::string me = MemberName(name.community, caller.member_id);
  return Mutate(
      caller, name, request.name(),
      [&](v1::Session& s, store::WriteBatch&) -> absl::StatusOr<std::optional<v1::SessionEvent>> {
        if (s.facilitator() != me) return FacilitatorOnly(s, "moves its phases");
        if (s.state() != v1::SESSION_STATE_ACTIVE) return NotActive(s);
        const v1::Method* method = FindMethod(s.method());
        if (method == nullptr) return absl::InternalError("the session's method is unknown");
        const int current = PhaseIndex(*method, s.phase().id());
        if (!request.current_phase().empty() && request.current_phase() != s.phase().id()) {
          return WithReason(absl::StatusCode::kAborted, "PHASE_MOVED",
                            absl::StrCat(s.name(), " is in phase ", s.phase().id(), ", not ",
                                         request.current_phase(),
                                         "; someone moved it meanwhile. Look again and retry"));
        }
        int target = current + 1;
        if (!request.target_phase().empty()) {
          target = PhaseIndex(*method, request.target_phase());
          if (target < 0) {
            FieldViolations v;
            v.Add("target_phase",
                  absl::StrCat("is not a phase of the ", method->id(),
                               " method; its phases are: ", Quoted(PhaseIds(*method))));
            return v.ToStatus();
          }
          if (target >= current) {
            return FailedPrecondition(
                "PHASE", s.name(),
                absl::StrCat("target_phase ", request.target_phase(), " is not before the current "
                             "phase ", s.phase().id(), "; target_phase only goes back — leave it "
                             "empty to move to the next phase"));
          }
        } else if (target >= method->phases_size()) {
          return FailedPrecondition(
              "PHASE", s.name(),
              absl::StrCat(PhaseLabel(s.phase()), " is the last phase of the ", method->id(),
                           " method; close the session (CloseSession) to end it"));
        }
        v1::SessionEvent e;
        e.mutable_phase_changed()->set_from(s.phase().id());
        *s.mutable_phase() = method->phases(target);
        *e.mutable_phase_changed()->mutable_to() = s.phase();
        return e;
      });
}

absl::StatusOr<std::function<void()>> Sessions::AdmitReflection(const Principal& caller,
                                                                 const v1::Case& c,
                                                                 v1::Reflection& reflection,
                                                                 store::WriteBatch& batch) {
  ASSIGN_OR_RETURN(CommunityChild name,
                   ParseChildName(c.active_session(), kSessions, "case.active_session"));
  ASSIGN_OR_RETURN(v1::Session s, Load(name));
  if (s.state() != v1::SESSION_STATE_ACTIVE) return NotActive(s);
  const std::string me = MemberName(name.community, caller.member_id);
  if (!IsParticipant(s, me)) {
    return FailedPrecondition(
        "SESSION_PARTICIPANT", s.name(),
        absl::StrCat("case ", c.name(), " is being discussed in ", s.name(),
                     "; only its participants speak there. Join it first (JoinSession)"));
  }
  const bool owner = me == s.case_owner();
  const auto& allowed = owner ? s.phase().owner_kinds() : s.phase().participant_kinds();
  const v1::ReflectionKind kind = reflection.kind();
  if (allowed.empty()) {
    return PhaseRule(s, owner ? absl::StrCat("in phase ", PhaseLabel(s.phase()),
                                             " the case owner listens and does not post")
                              : absl::StrCat("in phase ", PhaseLabel(s.phase()),
                                             " only the case owner speaks; the others listen"));
  }
  if (!HasKind(allowed, kind)) {
    return PhaseRule(s, absl::StrCat("phase ", PhaseLabel(s.phase()), " accepts ",
                                     KindList(allowed), " from ",
                                     owner ? "the case owner" : "participants", ", not ",
                                     KindWord(kind)));
  }
  reflection.set_session(s.name());
  reflection.set_phase(s.phase().id());
  v1::SessionEvent event;
  *event.mutable_reflection() = reflection;
  Record(caller, name, s, event, batch);
  return [feed = feed_, name, event] { feed->Publish(name.community, name.id, event); };
}

absl::StatusOr<int> Sessions::StageRename(const std::string& community, const std::string& from,
                                          const std::string& to,
                                          store::WriteBatch& batch) const {
  const std::string prefix = keys::Prefix({community});
  ASSIGN_OR_RETURN(int sessions,
                   internal::StageRenameIn<v1::Session>(*store_, Table::kSessions, prefix, from, to, batch));
  ASSIGN_OR_RETURN(int events, internal::StageRenameIn<v1::SessionEvent>(*store_, Table::kSessionEvents,
                                                               prefix, from, to, batch));
  ASSIGN_OR_RETURN(int questions, internal::StageRenameIn<v1::ParkedQuestion>(
                                      *store_, Table::kParkedQuestions, prefix, from, to, batch));
  return sessions + events + questions;
}

absl::StatusOr<int> Sessions::SessionsAbout(const std::string& community,
                                            const std::string& case_name) const {
  int count = 0;
  absl::Status inner;
  RETURN_IF_ERROR(store_->Scan(Table::kSessions, keys::Prefix({community}), {},
                               [&](absl::string_view, absl::string_view value) {
                                 v1::Session s;
                                 if (!s.ParseFromString(std::string(value))) {
                                   inner = absl::DataLossError("stored session cannot be parsed");
                                   return false;
                                 }
                                 count += s.case_() == case_name;
                                 return true;
                               }));
  RETURN_IF_ERROR(inner);
  return count;
}

absl::StatusOr<Cases::CaseLock> Sessions::StageConclusionLink(const std::string& conclusion,
                                                              const std::string& standard,
                                                              const std::string& field,
                                                              store::WriteBatch& batch) {
  const size_t slash = conclusion.rfind("/conclusions/");
  auto session_name = ParseChildName(
      slash == std::string::npos ? conclusion : conclusion.substr(0, slash), kSessions, field);
  const std::string id =
      slash == std::string::npos ? "" : conclusion.substr(slash + strlen("/conclusions/"));
  if (!session_name.ok() || id.empty()) {
    FieldViolations v;
    v.Add(field, "must be a conclusion, communities/{community}/sessions/{session}/conclusions/{id}");
    return v.ToStatus();
  }
  ASSIGN_OR_RETURN(v1::Session first, Load(*session_name));
  ASSIGN_OR_RETURN(CaseName case_name, ParseCaseName(first.case_(), "session.case"));
  Cases::CaseLock lock = cases_->LockCase(case_name.community, case_name.case_id);
  ASSIGN_OR_RETURN(v1::Session s, Load(*session_name));
  v1::Conclusion* found = nullptr;
  for (v1::Conclusion& c : *s.mutable_conclusions()) {
    if (c.id() == id) found = &c;
  }
  if (found == nullptr) return NotFound(conclusion);
  if (!found->standard().empty() && found->standard() != standard) {
    return FailedPrecondition("CONCLUSION", conclusion,
                              absl::StrCat(conclusion, " already became ", found->standard()));
  }
  found->set_standard(standard);
  batch.Put(Table::kSessions, keys::Session(session_name->community, session_name->id),
            s.SerializeAsString());
  return lock;
}

absl::StatusOr<v1::ParkedQuestion> Sessions::ParkQuestion(const Principal& caller,
                                                          const v1::ParkQuestionRequest& request) {
  ASSIGN_OR_RETURN(CommunityChild name, ParseChildName(request.parent(), kSessions, "parent"));
  FieldViolations v;
  CheckText(v, "question.text", request.question().text(), /*required=*/true);
  CheckRequestId(v, "request_id", request.request_id());
  RETURN_IF_ERROR(v.ToStatus());
  ASSIGN_OR_RETURN(v1::Community community, communities_->Load(name.community));
  v1::ParkedQuestion q;
  q.set_text(request.question().text());
  ASSIGN_OR_RETURN(v1::AnonymizationReport report,
                   gate_->Screen(q, "question", request.privacy_mode(),
                                 request.acknowledge_warnings(),
                                 AllowListOf(community.pii_allow_list())));
  (void)report;
  const std::string me = MemberName(name.community, caller.member_id);
  const std::string request_key = keys::RequestId(kParkRequestScope, request.parent(),
                                                  caller.member_id, request.request_id());
  std::optional<v1::ParkedQuestion> earlier;
  ASSIGN_OR_RETURN(
      v1::Session s,
      Mutate(caller, name, request.parent(),
             [&](v1::Session& s, store::WriteBatch& batch)
                 -> absl::StatusOr<std::optional<v1::SessionEvent>> {
               if (!request.request_id().empty()) {
                 ASSIGN_OR_RETURN(auto stored, store_->Get(Table::kRequestIds, request_key));
                 if (stored.has_value()) {
                   for (const v1::ParkedQuestion& p : s.parked_questions()) {
                     if (p.name() == *stored) earlier = p;
                   }
                   if (earlier.has_value()) return std::nullopt;
                 }
               }
               if (s.state() != v1::SESSION_STATE_ACTIVE) return NotActive(s);
               if (!IsParticipant(s, me)) {
                 return FailedPrecondition(
                     "SESSION_PARTICIPANT", s.name(),
                     absl::StrCat("only participants of ", s.name(),
                                  " park questions there; join it first (JoinSession)"));
               }
               if (s.parked_questions_size() >= kMaxParkedQuestions) {
                 return FailedPrecondition(
                     "SESSION_LIMIT", s.name(),
                     absl::StrCat(s.name(), " already holds ", kMaxParkedQuestions,
                                  " parked questions, the most one session keeps"));
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
                 batch.Put(Table::kRequestIds, request_key, q.name());
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
    const Principal& /*caller*/, const v1::ListParkedQuestionsRequest& request) const {
  ASSIGN_OR_RETURN(std::string community_id, ParseCommunityName(request.parent(), "parent"));
  FieldViolations v;
  const int page_size = CheckPageSize(v, request.page_size());
  if (!v1::ParkedQuestionState_IsValid(request.state())) {
    v.Add("state", "is not a known state (OPEN or ANSWERED)");
  }
  RETURN_IF_ERROR(v.ToStatus());
  const uint64_t fingerprint = internal::Fingerprint(
      absl::StrCat(request.parent(), "|", static_cast<int>(request.state())));
  v1::ListParkedQuestionsResponse response;
  RETURN_IF_ERROR((ScanPage<v1::ParkedQuestion, v1::ListParkedQuestionsResponse>(
      *store_, Table::kParkedQuestions, keys::Prefix({community_id}), /*newest_first=*/false,
      fingerprint, page_size, request.page_token(),
      [&](const v1::ParkedQuestion& q) {
        return request.state() == v1::PARKED_QUESTION_STATE_UNSPECIFIED ||
               q.state() == request.state();
      },
      [&](v1::ParkedQuestion&& q) { *response.add_parked_questions() = std::move(q); },
      response)));
  return response;
}

absl::StatusOr<v1::ParkedQuestion> Sessions::AnswerParkedQuestion(
    const Principal& caller, const v1::AnswerParkedQuestionRequest& request) {
  ASSIGN_OR_RETURN(CommunityChild qname, ParseChildName(request.name(), kParkedQuestions, "name"));
  FieldViolations v;
  CheckText(v, "answer", request.answer(), /*required=*/true);
  RETURN_IF_ERROR(v.ToStatus());
  ASSIGN_OR_RETURN(v1::Community community, communities_->Load(qname.community));
  v1::AnswerParkedQuestionRequest screened;
  screened.set_answer(request.answer());
  ASSIGN_OR_RETURN(v1::AnonymizationReport report,
                   gate_->Screen(screened, "", request.privacy_mode(),
                                 request.acknowledge_warnings(),
                                 AllowListOf(community.pii_allow_list())));
  (void)report;
  const std::string question_key = keys::ParkedQuestion(qname.community, qname.id);
  ASSIGN_OR_RETURN(auto stored,
                   internal::LoadRecord<v1::ParkedQuestion>(*store_, Table::kParkedQuestions,
                                                            question_key));
  if (!stored.has_value()) return NotFound(request.name());
  ASSIGN_OR_RETURN(CommunityChild sname,
                   ParseChildName(stored->session(), kSessions, "question.session"));
  v1::ParkedQuestion answered;
  RETURN_IF_ERROR(
      Mutate(caller, sname, request.name(),
             [&](v1::Session& s, store::WriteBatch& batch)
                 -> absl::StatusOr<std::optional<v1::SessionEvent>> {
               // Reloaded under the lock: two officers cannot both answer.
               ASSIGN_OR_RETURN(auto q, internal::LoadRecord<v1::ParkedQuestion>(
                                            *store_, Table::kParkedQuestions, question_key));
               if (!q.has_value()) return NotFound(request.name());
               if (q->state() == v1::PARKED_QUESTION_STATE_ANSWERED) {
                 return FailedPrecondition(
                     "PARKED_QUESTION_STATE", q->name(),
                     absl::StrCat(q->name(), " was already answered by ", q->answered_by(),
                                  "; an answer is not overwritten"));
               }
               q->set_answer(screened.answer());
               q->set_answered_by(MemberName(qname.community, caller.member_id));
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

absl::StatusOr<v1::Conclusion> Sessions::AddConclusion(const Principal& caller,
                                                       const v1::AddConclusionRequest& request) {
  ASSIGN_OR_RETURN(CommunityChild name, ParseChildName(request.parent(), kSessions, "parent"));
  FieldViolations v;
  CheckText(v, "conclusion.text", request.conclusion().text(), /*required=*/true);
  RETURN_IF_ERROR(v.ToStatus());
  ASSIGN_OR_RETURN(v1::Community community, communities_->Load(name.community));
  v1::Conclusion conclusion;
  conclusion.set_text(request.conclusion().text());
  ASSIGN_OR_RETURN(v1::AnonymizationReport report,
                   gate_->Screen(conclusion, "conclusion", request.privacy_mode(),
                                 request.acknowledge_warnings(),
                                 AllowListOf(community.pii_allow_list())));
  (void)report;
  const std::string me = MemberName(name.community, caller.member_id);
  RETURN_IF_ERROR(
      Mutate(caller, name, request.parent(),
             [&](v1::Session& s, store::WriteBatch&)
                 -> absl::StatusOr<std::optional<v1::SessionEvent>> {
               if (s.facilitator() != me) return FacilitatorOnly(s, "records conclusions");
               if (s.state() != v1::SESSION_STATE_ACTIVE) return NotActive(s);
               if (!s.phase().records_conclusions()) {
                 const v1::Method* method = FindMethod(s.method());
                 return PhaseRule(
                     s, absl::StrCat("conclusions are recorded in phase ",
                                     method == nullptr ? "" :
                                     PhasesWhere(*method, [](const v1::Phase& p) {
                                       return p.records_conclusions();
                                     }),
                                     "; the session is in ", PhaseLabel(s.phase())));
               }
               if (s.conclusions_size() >= kMaxConclusions) {
                 return FailedPrecondition(
                     "SESSION_LIMIT", s.name(),
                     absl::StrCat(s.name(), " already holds ", kMaxConclusions,
                                  " conclusions, the most one session keeps"));
               }
               conclusion.set_id(absl::StrCat(s.conclusions_size() + 1));
               conclusion.set_author(me);
               *conclusion.mutable_create_time() = internal::Now();
               *s.add_conclusions() = conclusion;
               v1::SessionEvent e;
               *e.mutable_conclusion_added() = conclusion;
               return e;
             })
          .status());
  return conclusion;
}

absl::StatusOr<v1::Session> Sessions::Close(const Principal& caller,
                                            const v1::CloseSessionRequest& request) {
  ASSIGN_OR_RETURN(CommunityChild name, ParseChildName(request.name(), kSessions, "name"));
  const std::string me = MemberName(name.community, caller.member_id);
  return Mutate(
      caller, name, request.name(),
      [&](v1::Session& s, store::WriteBatch& batch)
          -> absl::StatusOr<std::optional<v1::SessionEvent>> {
        if (s.facilitator() != me) return FacilitatorOnly(s, "closes it");
        if (s.state() != v1::SESSION_STATE_ACTIVE) return NotActive(s);
        ASSIGN_OR_RETURN(CaseName case_name, ParseCaseName(s.case_(), "session.case"));
        ASSIGN_OR_RETURN(v1::Case c, cases_->Find(case_name.community, case_name.case_id));
        v1::CaseStatus after = c.status();
        if (c.status() == v1::CASE_STATUS_IN_SESSION && c.active_session() == s.name()) {
          after = s.conclusions_size() > 0 ? v1::CASE_STATUS_CONCLUDED : v1::CASE_STATUS_OPEN;
          RETURN_IF_ERROR(cases_->StageSessionMove(c, after, "", batch).status());
        }
        s.set_state(v1::SESSION_STATE_CLOSED);
        *s.mutable_close_time() = internal::Now();
        v1::SessionEvent e;
        e.mutable_closed()->set_case_status(after);
        return e;
      });
}

absl::StatusOr<v1::SubmitEvaluationResponse> Sessions::SubmitEvaluation(
    const Principal& caller, const v1::SubmitEvaluationRequest& request) {
  ASSIGN_OR_RETURN(CommunityChild name, ParseChildName(request.parent(), kSessions, "parent"));
  FieldViolations v;
  if (!request.has_evaluation()) {
    v.Add("evaluation", "is required");
    return v.ToStatus();
  }
  const v1::Evaluation& in = request.evaluation();
  CheckScore(v, "evaluation.safety", in.safety());
  CheckScore(v, "evaluation.clarity", in.clarity());
  CheckScore(v, "evaluation.method_kept", in.method_kept());
  CheckText(v, "evaluation.remark", in.remark(), /*required=*/false, kMaxRemarkBytes);
  RETURN_IF_ERROR(v.ToStatus());
  ASSIGN_OR_RETURN(v1::Community community, communities_->Load(name.community));
  v1::Evaluation evaluation = in;
  evaluation.DiscardUnknownFields();
  ASSIGN_OR_RETURN(v1::AnonymizationReport report,
                   gate_->Screen(evaluation, "evaluation", request.privacy_mode(),
                                 request.acknowledge_warnings(),
                                 AllowListOf(community.pii_allow_list())));
  (void)report;

  ASSIGN_OR_RETURN(v1::Session first, Load(name));
  ASSIGN_OR_RETURN(CaseName case_name, ParseCaseName(first.case_(), "session.case"));
  Cases::CaseLock lock = cases_->LockCase(case_name.community, case_name.case_id);
  ASSIGN_OR_RETURN(v1::Session s, Load(name));
  const std::string me = MemberName(name.community, caller.member_id);
  if (!IsParticipant(s, me)) {
    return FailedPrecondition("SESSION_PARTICIPANT", s.name(),
                              absl::StrCat("only participants of ", s.name(), " evaluate it"));
  }
  if (s.state() == v1::SESSION_STATE_ACTIVE && !s.phase().takes_evaluation()) {
    return PhaseRule(s, absl::StrCat("the evaluation opens in the method's evaluation phase or "
                                     "when the session is closed; the session is in ",
                                     PhaseLabel(s.phase())));
  }
  const std::string key = keys::Evaluation(name.community, name.id, caller.member_id);
  ASSIGN_OR_RETURN(auto existing, store_->Get(Table::kEvaluations, key));
  if (existing.has_value()) {
    return absl::AlreadyExistsError(absl::StrCat(
        "you already evaluated ", s.name(), "; an evaluation is given once and not changed"));
  }
  store::WriteBatch batch;
  batch.Put(Table::kEvaluations, key, evaluation.SerializeAsString());
  RETURN_IF_ERROR(internal::WriteAudited(*store_, audit_, caller, name.community, s.name(), batch));
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
    const Principal& /*caller*/, const v1::GetEvaluationSummaryRequest& request) const {
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

absl::StatusOr<Sessions::Watch> Sessions::StartWatch(const Principal& /*caller*/,
                                                     const v1::WatchSessionRequest& request,
                                                     std::function<void()> wake) const {
  ASSIGN_OR_RETURN(CommunityChild name, ParseChildName(request.name(), kSessions, "name"));
  FieldViolations v;
  if (request.after_sequence() < 0) {
    v.Add("after_sequence", "must be 0 (from the start) or the sequence of an event you saw");
  }
  RETURN_IF_ERROR(v.ToStatus());
  Watch watch;
  // Subscribe before reading the session, so no event falls between them.
  watch.events = feed_->Subscribe(name.community, name.id, request.after_sequence(),
                                  std::move(wake));
  ASSIGN_OR_RETURN(watch.session, Load(name));
  if (request.after_sequence() > watch.session.last_sequence()) {
    v.Add("after_sequence", absl::StrCat("is ", request.after_sequence(), " but ", request.name(),
                                         " has only ", watch.session.last_sequence(),
                                         " events"));
    return v.ToStatus();
  }
  return watch;
}

}  // namespace kompas::domain
