// Rules that the use cases of sessions, parked questions, conclusions and
// evaluations share: phase rules and refusals, and the filtered page scan.
#ifndef KOMPAS_DOMAIN_INTERNAL_SESSION_RULES_H_
#define KOMPAS_DOMAIN_INTERNAL_SESSION_RULES_H_

#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "common/status_macros.h"
#include "domain/cases.h"
#include "domain/errors.h"
#include "domain/ids.h"
#include "domain/internal/page_token.h"
#include "domain/methods.h"
#include "domain/validation.h"
#include "kompas/v1/session.pb.h"
#include "store/keys.h"
#include "store/store.h"

namespace kompas::domain::internal {

inline constexpr char kSessionRequestScope[] = "session";
inline constexpr char kParkRequestScope[] = "parked-question";
inline constexpr size_t kMaxRemarkBytes = 2000;

inline std::string Quoted(const std::vector<std::string>& words) {
  return absl::StrJoin(words, ", ");
}

inline std::string KindList(const google::protobuf::RepeatedField<int>& kinds) {
  std::vector<std::string> words;
  for (int k : kinds) words.emplace_back(KindWord(static_cast<v1::ReflectionKind>(k)));
  return Quoted(words);
}

inline bool HasKind(const google::protobuf::RepeatedField<int>& kinds, v1::ReflectionKind kind) {
  return std::find(kinds.begin(), kinds.end(), kind) != kinds.end();
}

inline bool IsParticipant(const v1::Session& s, const std::string& member_name) {
  return std::find(s.participants().begin(), s.participants().end(), member_name) !=
         s.participants().end();
}

// "ADVICE (Advies)": how errors name a phase.
inline std::string PhaseLabel(const v1::Phase& p) { return absl::StrCat(p.id(), " (", p.title(), ")"); }

// Comma-joined for ErrorInfo metadata: "QUESTION,ADVICE".
inline std::string KindFacts(const google::protobuf::RepeatedField<int>& kinds) {
  std::vector<std::string> words;
  for (int k : kinds) words.emplace_back(KindWord(static_cast<v1::ReflectionKind>(k)));
  return absl::StrJoin(words, ",");
}

// A refusal by the session's current phase (PHASE); `facts` add to the
// phase's id and title.
inline absl::Status PhaseRule(const v1::Session& s, absl::string_view message,
                              Facts facts = {}) {
  facts["phase"] = s.phase().id();
  facts["phase_title"] = s.phase().title();
  return FailedPrecondition(v1::PHASE, s.name(),
                            absl::StrCat(message, " — ", s.phase().instruction()), facts);
}

inline absl::Status NotActive(const v1::Session& s) {
  return FailedPrecondition(v1::SESSION_STATE, s.name(),
                            absl::StrCat("session ", s.name(),
                                         " is closed; nothing more is added to it"),
                            {{"state", std::string(absl::StripPrefix(
                                           v1::SessionState_Name(s.state()), "SESSION_STATE_"))}});
}

// The refusal of one more of `what` ("parked questions"; `fact` names it
// in the facts, "parked_questions") in a session that holds `limit` already.
inline absl::Status SessionLimit(const v1::Session& s, int limit, absl::string_view what,
                                 absl::string_view fact) {
  return FailedPrecondition(
      v1::SESSION_LIMIT, s.name(),
      absl::StrCat(s.name(), " already holds ", limit, " ", what, ", the most one session keeps"),
      {{"what", std::string(fact)}, {"limit", absl::StrCat(limit)}});
}

inline absl::Status FacilitatorOnly(const v1::Session& s, absl::string_view what) {
  return WithReason(absl::StatusCode::kPermissionDenied, v1::FACILITATOR_ONLY,
                    absl::StrCat("only the facilitator of ", s.name(), " (", s.facilitator(),
                                 ") ", what),
                    {{"session", s.name()}});
}

// OK when `me` facilitates `s` and it is still active; else the refusal
// (FacilitatorOnly with `what`, or NotActive).
inline absl::Status FacilitatorOfActive(const v1::Session& s, absl::string_view me,
                                        absl::string_view what) {
  if (s.facilitator() != me) return FacilitatorOnly(s, what);
  if (s.state() != v1::SESSION_STATE_ACTIVE) return NotActive(s);
  return absl::OkStatus();
}

// The phase of a method by id, or null.
inline const v1::Phase* FindPhase(const v1::Method& method, absl::string_view id) {
  int i = PhaseIndex(method, id);
  return i < 0 ? nullptr : &method.phases(i);
}

// The template is the authority on what a phase allows, also for a session
// stored under an older text of its template.
inline void RefreshPhase(v1::Session& s) {
  if (const v1::Method* method = FindMethod(s.method()); method != nullptr) {
    if (const v1::Phase* phase = FindPhase(*method, s.phase().id()); phase != nullptr) {
      *s.mutable_phase() = *phase;
    }
  }
}

inline std::vector<std::string> PhaseIds(const v1::Method& method) {
  std::vector<std::string> ids;
  for (const v1::Phase& p : method.phases()) ids.push_back(p.id());
  return ids;
}

inline std::vector<std::string> MethodIds() {
  std::vector<std::string> ids;
  for (const v1::Method& m : Methods()) ids.push_back(m.id());
  return ids;
}

// The phases of a method where conclusions are taken, for error messages.
inline std::string PhasesWhere(const v1::Method& method, bool (*pred)(const v1::Phase&)) {
  std::vector<std::string> ids;
  for (const v1::Phase& p : method.phases()) {
    if (pred(p)) ids.push_back(p.id());
  }
  return Quoted(ids);
}

inline void CheckScore(FieldViolations& v, absl::string_view field, int score) {
  if (score < 1 || score > 5) {
    v.Add(field, absl::StrCat("is ", score, "; give a score from 1 (not at all) to 5 (completely)"));
  }
}

}  // namespace kompas::domain::internal

#endif  // KOMPAS_DOMAIN_INTERNAL_SESSION_RULES_H_
