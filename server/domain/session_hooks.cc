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
#include "domain/internal/case_rules.h"
#include "domain/internal/session_rules.h"
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
using internal::KindFacts;
using internal::KindList;
using internal::HasKind;
using internal::IsParticipant;
using internal::PhaseLabel;
using internal::PhaseRule;
using internal::NotActive;

}  // namespace

absl::StatusOr<std::function<void()>> Sessions::AdmitReflection(const Call& call,
                                                                 const v1::Case& c,
                                                                 v1::Reflection& reflection,
                                                                 store::WriteBatch& batch) {
  ASSIGN_OR_RETURN(CommunityChild name,
                   ParseChildName(c.active_session(), kSessions, "case.active_session"));
  ASSIGN_OR_RETURN(v1::Session s, Load(name));
  if (s.state() != v1::SESSION_STATE_ACTIVE) return NotActive(s);
  const std::string me = MemberName(name.community, call.member_id());
  if (!IsParticipant(s, me)) {
    return FailedPrecondition(
        v1::SESSION_PARTICIPANT, s.name(),
        absl::StrCat("case ", c.name(), " is being discussed in ", s.name(),
                     "; only its participants speak there. Join it first (JoinSession)"),
        {{"session", s.name()}});
  }
  const bool owner = me == s.case_owner();
  const auto& allowed = owner ? s.phase().owner_kinds() : s.phase().participant_kinds();
  const v1::ReflectionKind kind = reflection.kind();
  const Facts facts = {{"accepted_kinds", KindFacts(allowed)},
                       {"kind", std::string(KindWord(kind))},
                       {"speaker", owner ? "owner" : "participant"}};
  if (allowed.empty()) {
    return PhaseRule(s,
                     owner ? absl::StrCat("in phase ", PhaseLabel(s.phase()),
                                          " the case owner listens and does not post")
                           : absl::StrCat("in phase ", PhaseLabel(s.phase()),
                                          " only the case owner speaks; the others listen"),
                     facts);
  }
  if (!HasKind(allowed, kind)) {
    return PhaseRule(s,
                     absl::StrCat("phase ", PhaseLabel(s.phase()), " accepts ", KindList(allowed),
                                  " from ", owner ? "the case owner" : "participants", ", not ",
                                  KindWord(kind)),
                     facts);
  }
  reflection.set_session(s.name());
  reflection.set_phase(s.phase().id());
  // Every watcher shares one copy of an event, so on a hidden origin the
  // owner's words reach all of them without her name (the facilitator and
  // she herself know whose they are from the session's case_owner).
  v1::SessionEvent event;
  *event.mutable_reflection() = internal::ReflectionFor("", c, reflection);
  Record(call, name, s, event, batch);
  return [feed = feed_, name, event] { feed->Publish(name.community, name.id, event); };
}

absl::StatusOr<int> Sessions::SessionsAbout(const std::string& community,
                                            const std::string& case_name) const {
  int count = 0;
  RETURN_IF_ERROR(internal::ScanRecords<v1::Session>(
      *store_, Table::kSessions, keys::Prefix({community}), "stored session cannot be parsed",
      [&](absl::string_view, v1::Session&& s) {
        count += s.case_() == case_name;
        return absl::OkStatus();
      }));
  return count;
}

}  // namespace kompas::domain
