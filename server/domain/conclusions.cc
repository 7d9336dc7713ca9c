#include "domain/sessions.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <set>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "common/status_macros.h"
#include "domain/case_lifecycle.h"
#include "domain/errors.h"
#include "domain/ids.h"
#include "domain/internal/session_rules.h"
#include "domain/internal/rename.h"
#include "domain/internal/page_token.h"
#include "domain/internal/proto_time.h"
#include "domain/internal/records.h"
#include "domain/internal/screened_text.h"
#include "domain/methods.h"
#include "domain/validation.h"
#include "store/keys.h"

namespace kompas::domain {
namespace keys = store::keys;

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
    return FailedPrecondition(v1::CONCLUSION, conclusion,
                              absl::StrCat(conclusion, " already became ", found->standard()),
                              {{"standard", found->standard()}});
  }
  found->set_standard(standard);
  batch.Put(store::Table::kSessions, keys::Session(session_name->community, session_name->id),
            s.SerializeAsString());
  return lock;
}

absl::StatusOr<v1::Conclusion> Sessions::AddConclusion(const Call& call,
                                                       const v1::AddConclusionRequest& request) {
  ASSIGN_OR_RETURN(CommunityChild name, ParseChildName(request.parent(), kSessions, "parent"));
  ASSIGN_OR_RETURN(v1::Conclusion conclusion,
                   internal::ScreenedText(*gate_, *communities_, name.community, request,
                                          "conclusion", request.conclusion(), "text"));
  const std::string me = MemberName(name.community, call.member_id());
  RETURN_IF_ERROR(
      Mutate(call, name, request.parent(),
             [&](v1::Session& s, store::WriteBatch&)
                 -> absl::StatusOr<std::optional<v1::SessionEvent>> {
               RETURN_IF_ERROR(internal::FacilitatorOfActive(s, me, "records conclusions"));
               if (!s.phase().records_conclusions()) {
                 const v1::Method* method = FindMethod(s.method());
                 const std::string phases =
                     method == nullptr ? "" : internal::PhasesWhere(*method, [](const v1::Phase& p) {
                       return p.records_conclusions();
                     });
                 return internal::PhaseRule(s,
                                  absl::StrCat("conclusions are recorded in phase ", phases,
                                               "; the session is in ", internal::PhaseLabel(s.phase())),
                                  {{"phases", absl::StrReplaceAll(phases, {{", ", ","}})}});
               }
               if (s.conclusions_size() >= kMaxConclusions) {
                 return internal::SessionLimit(s, kMaxConclusions, "conclusions", "conclusions");
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

}  // namespace kompas::domain
