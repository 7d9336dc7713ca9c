// Rules that the use cases of cases and reflections share (cases.cc,
// case_list.cc, reflections.cc, and for a hidden origin sessions.cc,
// session_hooks.cc and session_feed.cc): what a caller may see of a case,
// its reflections and its sessions' events, which index entries a change
// moves, and the request-id refusal.
#ifndef KOMPAS_DOMAIN_INTERNAL_CASE_RULES_H_
#define KOMPAS_DOMAIN_INTERNAL_CASE_RULES_H_

#include <algorithm>
#include <set>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "domain/cases.h"
#include "domain/errors.h"
#include "domain/names.h"
#include "domain/validation.h"
#include "kompas/v1/case.pb.h"
#include "kompas/v1/session.pb.h"
#include "store/store.h"

namespace kompas::domain::internal {

// Request-id scopes: a request id is unique per member and kind of create.
inline constexpr char kCaseRequestScope[] = "case";
inline constexpr char kReflectionRequestScope[] = "reflection";

// Adds to `batch` the index entries a case gains and loses by a change.
inline void StageIndexChanges(const std::string& community, const std::string& case_id,
                              const v1::Case& before_change, const v1::Case& after_change,
                              store::WriteBatch& batch) {
  const std::set<std::string> before = CaseIndexKeys(community, before_change, case_id);
  const std::set<std::string> after = CaseIndexKeys(community, after_change, case_id);
  for (const std::string& k : before) {
    if (after.count(k) == 0) batch.Delete(store::Table::kCaseIndex, k);
  }
  for (const std::string& k : after) {
    if (before.count(k) == 0) batch.Put(store::Table::kCaseIndex, k, "");
  }
}

inline bool Contains(const google::protobuf::RepeatedPtrField<std::string>& list,
                     const std::string& x) {
  return std::find(list.begin(), list.end(), x) != list.end();
}

// What the caller may see of a case: a hidden origin only for its author.
// The author goes too, because a member's municipality is public.
inline v1::Case ViewFor(const std::string& caller_name, v1::Case c) {
  if (c.hide_origin() && c.author() != caller_name) {
    c.clear_origin_municipality();
    c.clear_author();
  }
  return c;
}

// What others may see of a reflection on a case: on a hidden origin, the
// case author's own reflections lose their author, or they would name her
// (and so her municipality) all the same. Clients show such a reflection
// as the case owner's ("de inbrenger"), which the method needs and which
// names nobody.
inline v1::Reflection ReflectionFor(const std::string& caller_name, const v1::Case& c,
                                    v1::Reflection r) {
  if (c.hide_origin() && !c.author().empty() && r.author() == c.author() &&
      caller_name != c.author()) {
    r.clear_author();
  }
  return r;
}

// The same for a session event, as every watcher gets it: one of the case
// author's reflections loses its author and the event its actor (who posted
// it), or either would name her. Events are stored that way once the origin
// is hidden; the feed applies this again to stored events it reads back,
// since the origin may have been hidden after they were posted.
inline v1::SessionEvent EventFor(const v1::Case& c, v1::SessionEvent e) {
  if (e.has_reflection() && c.hide_origin() && !c.author().empty() &&
      (e.reflection().author() == c.author() || e.actor() == c.author())) {
    e.mutable_reflection()->clear_author();
    e.clear_actor();
  }
  return e;
}

// The case filters ListCases and Search share: status, theme, law and
// municipality, each optional.
template <typename Request>
void CheckCaseFilters(FieldViolations& v, const Request& request) {
  if (!v1::CaseStatus_IsValid(request.status())) v.Add("status", "is not a known case status");
  if (!request.theme().empty()) CheckTheme(v, "theme", request.theme());
  if (!request.law().empty()) CheckLabel(v, "law", request.law());
  if (!request.municipality().empty() &&
      !ParseMunicipalityName(request.municipality(), "municipality").ok()) {
    v.Add("municipality", "must be municipalities/{cbs_code}, e.g. municipalities/GM0479");
  }
}

// The origin municipality must belong to the community.
inline void CheckOrigin(FieldViolations& v, const std::string& field, const v1::Case& c,
                        const v1::Community& community) {
  if (c.origin_municipality().empty()) return;
  if (!Contains(community.municipalities(), c.origin_municipality())) {
    v.Add(field, absl::StrCat(c.origin_municipality(), " is not a member municipality of ",
                              community.name()));
  }
}

inline absl::Status RequestIdConsumed(const std::string& request_id,
                                      const std::string& earlier) {
  return WithReason(absl::StatusCode::kFailedPrecondition, v1::REQUEST_ID_CONSUMED,
                    absl::StrCat("request_id ", request_id, " already created ", earlier,
                                 ", which was deleted since; use a new request_id"));
}

}  // namespace kompas::domain::internal

#endif  // KOMPAS_DOMAIN_INTERNAL_CASE_RULES_H_
