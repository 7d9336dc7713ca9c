#include "domain/sessions.h"


#include <algorithm>
#include <cstring>
#include <map>
#include <set>
#include <utility>
#include <vector>

#include "absl/strings/cord.h"
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
#include "domain/internal/request_ids.h"
#include "domain/internal/required.h"
#include "domain/methods.h"
#include "domain/validation.h"
#include "google/rpc/error_details.pb.h"
#include "store/keys.h"

namespace kompas::domain {
namespace {

using store::Table;
namespace keys = store::keys;
using internal::kSessionRequestScope;
using internal::Quoted;
using internal::IsParticipant;
using internal::PhaseLabel;
using internal::NotActive;
using internal::FacilitatorOfActive;
using internal::RefreshPhase;
using internal::PhaseIds;
using internal::MethodIds;

// A content write that would take `s` past Sessions::kMaxSessionBytes.
absl::Status SessionFull(const v1::Session& s) {
  return WithReason(
      absl::StatusCode::kFailedPrecondition, v1::SESSION_FULL,
      absl::StrCat(s.name(), " would grow to ", s.ByteSizeLong(), " bytes, past the ",
                   Sessions::kMaxSessionBytes,
                   " a session keeps; nothing was written. Shorten the text, or close this "
                   "session and continue in a new one"),
      {{"max_session_bytes", absl::StrCat(Sessions::kMaxSessionBytes)}, {"session", s.name()}});
}

}  // namespace

Sessions::Sessions(store::Store* store, const Communities* communities, Cases* cases,
                   const TextGate* gate, SessionFeed* feed)
    : store_(store),
      communities_(communities),
      cases_(cases),
      gate_(gate),
      feed_(feed) {
  cases_->set_session_hooks(this);
  // Sessions are written under their case's lock, which Cases registered.
  cases_->member_registry().Register(
      "sessions", nullptr,
      {MemberTable::Of<v1::Session>(Table::kSessions),
       MemberTable::Of<v1::SessionEvent>(Table::kSessionEvents),
       MemberTable::Of<v1::ParkedQuestion>(Table::kParkedQuestions)});
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

void Sessions::Record(const Call& call, const CommunityChild& name, v1::Session& session,
                      v1::SessionEvent& event, store::WriteBatch& batch) const {
  const int64_t sequence = session.last_sequence() + 1;
  session.set_last_sequence(sequence);
  *session.mutable_update_time() = internal::Now();
  event.set_sequence(sequence);
  *event.mutable_time() = session.update_time();
  // A reflection that goes out without its author (internal::EventFor: the
  // case owner's words on a hidden origin) must not name her as the actor.
  const bool anonymous = event.has_reflection() && event.reflection().author().empty();
  if (!anonymous) event.set_actor(MemberName(name.community, call.member_id()));
  batch.Put(Table::kSessions, keys::Session(name.community, name.id), session.SerializeAsString());
  batch.Put(Table::kSessionEvents, keys::SessionEvent(name.community, name.id, sequence),
            event.SerializeAsString());
}

absl::StatusOr<v1::Session> Sessions::Mutate(const Call& call, const CommunityChild& name,
                                             const std::string& audit_resource,
                                             const Change& change, Growth growth) {
  ASSIGN_OR_RETURN(v1::Session first, Load(name));
  ASSIGN_OR_RETURN(CaseName case_name, ParseCaseName(first.case_(), "session.case"));
  Cases::CaseLock lock = cases_->LockCase(case_name.community, case_name.case_id);
  ASSIGN_OR_RETURN(v1::Session session, Load(name));  // as of now, under the lock
  store::WriteBatch batch;
  ASSIGN_OR_RETURN(std::optional<v1::SessionEvent> event, change(session, batch));
  if (!event.has_value()) return session;
  if (growth == Growth::kContent && session.ByteSizeLong() > kMaxSessionBytes) {
    return SessionFull(session);
  }
  Record(call, name, session, *event, batch);
  RETURN_IF_ERROR(call.Commit(*store_, batch, name.community, audit_resource));
  feed_->Publish(name.community, name.id, *event);
  return session;
}

absl::StatusOr<v1::Session> Sessions::MutateAsFacilitator(const Call& call,
                                                          const std::string& session_name,
                                                          absl::string_view what,
                                                          const Change& change, Growth growth) {
  ASSIGN_OR_RETURN(CommunityChild name, ParseChildName(session_name, kSessions, "name"));
  const std::string me = MemberName(name.community, call.member_id());
  return Mutate(
      call, name, session_name,
      [&](v1::Session& s, store::WriteBatch& batch)
          -> absl::StatusOr<std::optional<v1::SessionEvent>> {
        RETURN_IF_ERROR(FacilitatorOfActive(s, me, what));
        return change(s, batch);
      },
      growth);
}

absl::StatusOr<v1::ListMethodsResponse> Sessions::ListMethods(
    const v1::ListMethodsRequest& /*request*/) const {
  v1::ListMethodsResponse response;
  for (const v1::Method& m : Methods()) *response.add_methods() = m;
  return response;
}

absl::StatusOr<v1::Session> Sessions::Create(const Call& call,
                                             const v1::CreateSessionRequest& request) {
  ASSIGN_OR_RETURN(std::string community_id, ParseCommunityName(request.parent(), "parent"));
  RETURN_IF_ERROR(internal::RequireMessage(request.has_session(), "session",
                                           "is required: name the case and the method"));
  FieldViolations v;
  const v1::Session& in = request.session();
  auto case_name = ParseCaseName(in.case_(), "session.case");
  if (in.case_().empty()) {
    v.Add("session.case", "is required: the case to discuss, communities/{community}/cases/{case}",
          v1::REQUIRED);
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
  const std::string facilitator = MemberName(community_id, call.member_id());
  v1::Session screened;
  screened.set_title(in.title());
  RETURN_IF_ERROR(gate_->ScreenWrite(screened, "session", request, community).status());

  Cases::CaseLock lock = cases_->LockCase(case_name->community, case_name->case_id);
  const std::string request_key = keys::RequestId(
      kSessionRequestScope, request.parent(),
      cases_->key_secret().RequestIdTag(call.member_id(), request.request_id()));
  if (!request.request_id().empty()) {
    ASSIGN_OR_RETURN(auto earlier, store_->Get(Table::kRequestIds, request_key));
    if (earlier.has_value()) {
      ASSIGN_OR_RETURN(*earlier, internal::ReplayedName(*earlier, request, request.request_id()));
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
    Facts facts = {{"status", std::string(StatusWord(c.status()))}, {"allowed", "OPEN"}};
    if (c.status() == v1::CASE_STATUS_IN_SESSION) facts["session"] = c.active_session();
    return FailedPrecondition(
        v1::CASE_STATUS, c.name(),
        c.status() == v1::CASE_STATUS_IN_SESSION
            ? absl::StrCat("case ", c.name(), " is already being discussed in ",
                           c.active_session(), "; one session per case at a time")
            : absl::StrCat("case ", c.name(), " is ", StatusWord(c.status()),
                           "; a session starts on an OPEN case (a DRAFT is opened by its author)"),
        facts);
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
  if (!request.request_id().empty()) {
    batch.Put(Table::kRequestIds, request_key, internal::RequestIdEntry(s.name(), request));
  }
  v1::SessionEvent started;
  *started.mutable_phase_changed()->mutable_to() = s.phase();
  Record(call, name, s, started, batch);
  RETURN_IF_ERROR(call.Commit(*store_, batch, community_id, s.name()));
  feed_->Publish(community_id, id, started);
  return s;
}

absl::StatusOr<v1::Session> Sessions::ViewFor(const Call& call, v1::Session s) const {
  if (s.case_owner().empty()) return s;
  ASSIGN_OR_RETURN(CommunityChild name, ParseChildName(s.name(), kSessions, "session.name"));
  const std::string me = MemberName(name.community, call.member_id());
  // The facilitator needs the owner to keep "the owner listens"; the owner
  // is herself.
  if (me == s.facilitator() || me == s.case_owner()) return s;
  ASSIGN_OR_RETURN(CaseName case_name, ParseCaseName(s.case_(), "session.case"));
  absl::StatusOr<v1::Case> c = cases_->Find(case_name.community, case_name.case_id);
  if (!c.ok() && !absl::IsNotFound(c.status())) return c.status();
  // A hidden origin hides its author (whose municipality is public); so does
  // a case that is gone, whose wish can no longer be read.
  if (!c.ok() || c->hide_origin()) s.clear_case_owner();
  return s;
}

absl::StatusOr<v1::Session> Sessions::Get(const Call& call,
                                          const v1::GetSessionRequest& request) const {
  ASSIGN_OR_RETURN(CommunityChild name, ParseChildName(request.name(), kSessions, "name"));
  ASSIGN_OR_RETURN(v1::Session s, Load(name));
  return ViewFor(call, std::move(s));
}

absl::StatusOr<v1::ListSessionsResponse> Sessions::List(
    const Call& call, const v1::ListSessionsRequest& request) const {
  FieldViolations v;
  ASSIGN_OR_RETURN(std::string community_id, internal::ListedCommunity(request, v));
  if (!v1::SessionState_IsValid(request.state())) v.Add("state", "is not a known session state");
  if (!request.case_().empty() && !ParseCaseName(request.case_(), "case").ok()) {
    v.Add("case", "must be a case name, communities/{community}/cases/{case}");
  }
  RETURN_IF_ERROR(v.ToStatus());
  RETURN_IF_ERROR(communities_->Load(community_id).status());
  const internal::PageScan scan{.table = Table::kSessions,
                                .prefix = keys::Prefix({community_id}),
                                .newest_first = true,
                                .server_id_cursor = true};
  v1::ListSessionsResponse response;
  RETURN_IF_ERROR(internal::ListRecords<v1::Session>(
      *store_, scan,
      internal::PageRequestOf(request, absl::StrCat(request.parent(), "|",
                                                    static_cast<int>(request.state()), "|",
                                                    request.case_())),
      [&](const v1::Session& s) {
        return (request.state() == v1::SESSION_STATE_UNSPECIFIED || s.state() == request.state()) &&
               (request.case_().empty() || s.case_() == request.case_());
      },
      [](v1::ListSessionsResponse& r, v1::Session&& s) {
        RefreshPhase(s);
        *r.add_sessions() = std::move(s);
      },
      response));
  for (v1::Session& s : *response.mutable_sessions()) {
    ASSIGN_OR_RETURN(s, ViewFor(call, std::move(s)));
  }
  return response;
}

absl::StatusOr<v1::Session> Sessions::Join(const Call& call,
                                           const v1::JoinSessionRequest& request) {
  ASSIGN_OR_RETURN(CommunityChild name, ParseChildName(request.name(), kSessions, "name"));
  const std::string me = MemberName(name.community, call.member_id());
  ASSIGN_OR_RETURN(v1::Session joined,
                   Mutate(call, name, request.name(),
                          [&](v1::Session& s, store::WriteBatch&)
                              -> absl::StatusOr<std::optional<v1::SessionEvent>> {
                            if (s.state() != v1::SESSION_STATE_ACTIVE) return NotActive(s);
                            if (IsParticipant(s, me)) return std::nullopt;  // joining twice is fine
                            s.add_participants(me);
                            v1::SessionEvent e;
                            e.set_participant_joined(me);
                            return e;
                          },
                          Growth::kBounded));
  return ViewFor(call, std::move(joined));
}

absl::StatusOr<v1::Session> Sessions::AdvancePhase(const Call& call,
                                                   const v1::AdvancePhaseRequest& request) {
  return MutateAsFacilitator(
      call, request.name(), "moves its phases",
      [&](v1::Session& s, store::WriteBatch&) -> absl::StatusOr<std::optional<v1::SessionEvent>> {
        const v1::Method* method = FindMethod(s.method());
        if (method == nullptr) return absl::InternalError("the session's method is unknown");
        const int current = PhaseIndex(*method, s.phase().id());
        if (!request.current_phase().empty() && request.current_phase() != s.phase().id()) {
          return WithReason(absl::StatusCode::kAborted, v1::PHASE_MOVED,
                            absl::StrCat(s.name(), " is in phase ", s.phase().id(), ", not ",
                                         request.current_phase(),
                                         "; someone moved it meanwhile. Look again and retry"),
                            {{"phase", s.phase().id()}, {"phase_title", s.phase().title()}});
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
                v1::PHASE, s.name(),
                absl::StrCat("target_phase ", request.target_phase(), " is not before the current "
                             "phase ", s.phase().id(), "; target_phase only goes back — leave it "
                             "empty to move to the next phase"),
                {{"phase", s.phase().id()},
                 {"phase_title", s.phase().title()},
                 {"target_phase", request.target_phase()}});
          }
        } else if (target >= method->phases_size()) {
          return FailedPrecondition(
              v1::PHASE, s.name(),
              absl::StrCat(PhaseLabel(s.phase()), " is the last phase of the ", method->id(),
                           " method; close the session (CloseSession) to end it"),
              {{"phase", s.phase().id()}, {"phase_title", s.phase().title()}, {"last", "true"}});
        }
        v1::SessionEvent e;
        e.mutable_phase_changed()->set_from(s.phase().id());
        *s.mutable_phase() = method->phases(target);
        *e.mutable_phase_changed()->mutable_to() = s.phase();
        return e;
      },
      Growth::kBounded);
}

absl::StatusOr<v1::Session> Sessions::Close(const Call& call,
                                            const v1::CloseSessionRequest& request) {
  return MutateAsFacilitator(
      call, request.name(), "closes it",
      [&](v1::Session& s, store::WriteBatch& batch)
          -> absl::StatusOr<std::optional<v1::SessionEvent>> {
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
      },
      Growth::kBounded);
}

absl::StatusOr<Sessions::Watch> Sessions::StartWatch(const Call& call,
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
  ASSIGN_OR_RETURN(watch.session, ViewFor(call, std::move(watch.session)));
  if (request.after_sequence() > watch.session.last_sequence()) {
    v.Add("after_sequence", absl::StrCat("is ", request.after_sequence(), " but ", request.name(),
                                         " has only ", watch.session.last_sequence(),
                                         " events"));
    return v.ToStatus();
  }
  return watch;
}

}  // namespace kompas::domain
