#include "auth/policy.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace kompas::auth {
namespace {

using v1::Role;

// Who reads and writes case material: everyone but the read-only exporter.
const std::vector<Role> kCaseReaders = {v1::ROLE_PROFESSIONAL, v1::ROLE_FACILITATOR,
                                        v1::ROLE_PRIVACY_OFFICER, v1::ROLE_STEWARD};
const std::vector<Role> kAnyRole = {v1::ROLE_PROFESSIONAL, v1::ROLE_FACILITATOR,
                                    v1::ROLE_PRIVACY_OFFICER, v1::ROLE_STEWARD,
                                    v1::ROLE_EXPORTER};

const std::vector<Rule>& Table() {
  static const auto* rules = new std::vector<Rule>{
      // CommunityService: reading a community needs membership; shaping one
      // is administration.
      {"/kompas.v1.CommunityService/GetCommunity", Access::kRoles, kAnyRole, false},
      {"/kompas.v1.CommunityService/ListCommunities", Access::kAuthenticated, {}, false},
      {"/kompas.v1.CommunityService/CreateCommunity", Access::kAdmin, {}, false},
      {"/kompas.v1.CommunityService/ListMembers", Access::kRoles, kAnyRole, false},
      {"/kompas.v1.CommunityService/AddMember", Access::kAdmin, {}, false},
      // Re-attributes case material, so it is on the trail.
      {"/kompas.v1.CommunityService/RemoveMember", Access::kAdmin, {}, true},
      {"/kompas.v1.CommunityService/ListMunicipalities", Access::kAuthenticated, {}, false},
      // Who am I: any signed-in caller, about themselves only.
      {"/kompas.v1.CommunityService/GetCaller", Access::kAuthenticated, {}, false},
      // CaseService: professionals write cases; every role but the exporter
      // reads them and reflects. Only the author edits (domain rule).
      {"/kompas.v1.CaseService/CreateCase", Access::kRoles, {v1::ROLE_PROFESSIONAL}, true},
      {"/kompas.v1.CaseService/GetCase", Access::kRoles, kCaseReaders, true},
      {"/kompas.v1.CaseService/ListCases", Access::kRoles, kCaseReaders, true},
      {"/kompas.v1.CaseService/UpdateCase", Access::kRoles, {v1::ROLE_PROFESSIONAL}, true},
      {"/kompas.v1.CaseService/DeleteCase", Access::kRoles, {v1::ROLE_PROFESSIONAL}, true},
      {"/kompas.v1.CaseService/CreateReflection", Access::kRoles, kCaseReaders, true},
      {"/kompas.v1.CaseService/ListReflections", Access::kRoles, kCaseReaders, true},
      // SessionService: facilitators start sessions; every case reader
      // follows and takes part. Which facilitator moves, concludes and
      // closes a session, who speaks in which phase, and that only
      // participants park questions and evaluate are the domain's rules
      // (domain/sessions.cc). Parked questions are the privacy officers'.
      {"/kompas.v1.SessionService/ListMethods", Access::kAuthenticated, {}, false},
      {"/kompas.v1.SessionService/CreateSession", Access::kRoles, {v1::ROLE_FACILITATOR}, true},
      {"/kompas.v1.SessionService/GetSession", Access::kRoles, kCaseReaders, true},
      {"/kompas.v1.SessionService/ListSessions", Access::kRoles, kCaseReaders, true},
      {"/kompas.v1.SessionService/JoinSession", Access::kRoles, kCaseReaders, true},
      {"/kompas.v1.SessionService/AdvancePhase", Access::kRoles, {v1::ROLE_FACILITATOR}, true},
      {"/kompas.v1.SessionService/WatchSession", Access::kRoles, kCaseReaders, true},
      {"/kompas.v1.SessionService/ParkQuestion", Access::kRoles, kCaseReaders, true},
      {"/kompas.v1.SessionService/ListParkedQuestions", Access::kRoles,
       {v1::ROLE_PRIVACY_OFFICER}, true},
      {"/kompas.v1.SessionService/AnswerParkedQuestion", Access::kRoles,
       {v1::ROLE_PRIVACY_OFFICER}, true},
      {"/kompas.v1.SessionService/AddConclusion", Access::kRoles, {v1::ROLE_FACILITATOR}, true},
      {"/kompas.v1.SessionService/CloseSession", Access::kRoles, {v1::ROLE_FACILITATOR}, true},
      {"/kompas.v1.SessionService/SubmitEvaluation", Access::kRoles, kCaseReaders, true},
      {"/kompas.v1.SessionService/GetEvaluationSummary", Access::kRoles, kCaseReaders, true},
      // StandardService: stewards shape standards; members endorse and
      // report errata; municipalities' positions are set by their stewards
      // and privacy officers (their own municipality only: a domain rule);
      // every role, the exporter too, reads. Reading standards is not
      // reading case material, so reads are not on the trail; every change
      // is.
      {"/kompas.v1.StandardService/CreateStandard", Access::kRoles, {v1::ROLE_STEWARD}, true},
      {"/kompas.v1.StandardService/GetStandard", Access::kRoles, kAnyRole, false},
      {"/kompas.v1.StandardService/ListStandards", Access::kRoles, kAnyRole, false},
      {"/kompas.v1.StandardService/UpdateStandard", Access::kRoles, {v1::ROLE_STEWARD}, true},
      {"/kompas.v1.StandardService/ListRevisions", Access::kRoles, kAnyRole, false},
      {"/kompas.v1.StandardService/DiffRevisions", Access::kRoles, kAnyRole, false},
      {"/kompas.v1.StandardService/ProposeStandard", Access::kRoles, {v1::ROLE_STEWARD}, true},
      {"/kompas.v1.StandardService/EndorseStandard", Access::kRoles, kCaseReaders, true},
      {"/kompas.v1.StandardService/WithdrawEndorsement", Access::kRoles, kCaseReaders, true},
      {"/kompas.v1.StandardService/AdoptStandard", Access::kRoles, {v1::ROLE_STEWARD}, true},
      {"/kompas.v1.StandardService/RejectStandard", Access::kRoles, {v1::ROLE_STEWARD}, true},
      {"/kompas.v1.StandardService/RetireStandard", Access::kRoles, {v1::ROLE_STEWARD}, true},
      {"/kompas.v1.StandardService/SupersedeStandard", Access::kRoles, {v1::ROLE_STEWARD}, true},
      {"/kompas.v1.StandardService/ReportErratum", Access::kRoles, kCaseReaders, true},
      {"/kompas.v1.StandardService/ListErrata", Access::kRoles, kAnyRole, false},
      {"/kompas.v1.StandardService/ResolveErratum", Access::kRoles, {v1::ROLE_STEWARD}, true},
      {"/kompas.v1.StandardService/SetPosition", Access::kRoles,
       {v1::ROLE_STEWARD, v1::ROLE_PRIVACY_OFFICER}, true},
      {"/kompas.v1.StandardService/ListPositions", Access::kRoles, kAnyRole, false},
      {"/kompas.v1.StandardService/GetRegisterSummary", Access::kRoles, kAnyRole, false},
      // KompasService: stewards publish; everyone reads and exports.
      {"/kompas.v1.KompasService/PublishKompas", Access::kRoles, {v1::ROLE_STEWARD}, true},
      {"/kompas.v1.KompasService/GetKompas", Access::kRoles, kAnyRole, false},
      {"/kompas.v1.KompasService/ListKompasVersions", Access::kRoles, kAnyRole, false},
      {"/kompas.v1.KompasService/DiffKompas", Access::kRoles, kAnyRole, false},
      {"/kompas.v1.KompasService/ExportKompas", Access::kRoles, kAnyRole, false},
      // SearchService: results and snippets are case material, so the
      // exporter gets none, and each case or reflection returned is a read
      // on the trail (like ListCases).
      {"/kompas.v1.SearchService/Search", Access::kRoles, kCaseReaders, true},
      {"/kompas.v1.SearchService/SimilarCases", Access::kRoles, kCaseReaders, true},
      {"/kompas.v1.SearchService/ApplicableStandards", Access::kRoles, kCaseReaders, true},
      // AnnotationService: annotating is reading and writing case material;
      // only an annotation's author changes it (domain rule).
      {"/kompas.v1.AnnotationService/CreateAnnotation", Access::kRoles, kCaseReaders, true},
      {"/kompas.v1.AnnotationService/ListAnnotations", Access::kRoles, kCaseReaders, true},
      {"/kompas.v1.AnnotationService/UpdateAnnotation", Access::kRoles, kCaseReaders, true},
      {"/kompas.v1.AnnotationService/DeleteAnnotation", Access::kRoles, kCaseReaders, true},
      // PrivacyService: anyone signed in may preview a text; nothing is stored.
      {"/kompas.v1.PrivacyService/CheckText", Access::kAuthenticated, {}, false},
      // AuditService: the trail is for privacy officers (and admins); reading
      // it is itself on the trail.
      {"/kompas.v1.AuditService/ListAuditEvents", Access::kRoles, {v1::ROLE_PRIVACY_OFFICER},
       true},
  };
  return *rules;
}

}  // namespace

const std::vector<Rule>& Rules() { return Table(); }

const Rule* RuleFor(absl::string_view method) {
  for (const Rule& r : Table()) {
    if (r.method == method) return &r;
  }
  return nullptr;
}

std::string RoleWord(v1::Role role) {
  std::string name = v1::Role_Name(role);
  return name.rfind("ROLE_", 0) == 0 ? name.substr(5) : name;
}

absl::Status Authorize(const Rule& rule, const domain::Principal& caller,
                       absl::string_view community, const std::optional<v1::Member>& membership,
                       absl::string_view resource) {
  // Administrators manage the server; they read and write case material
  // only where they hold a role, like anyone else (least privilege).
  if (caller.admin && rule.access != Access::kRoles) return absl::OkStatus();
  switch (rule.access) {
    case Access::kAuthenticated:
      return absl::OkStatus();
    case Access::kAdmin:
      return absl::PermissionDeniedError("this needs a server administrator (ADMIN)");
    case Access::kRoles: {
      if (community.empty()) {
        return absl::InvalidArgumentError("the request names no community");
      }
      // Not a member: the community's resources do not exist for you.
      if (!membership.has_value()) return absl::NotFoundError(absl::StrCat(resource, " not found"));
      for (int role : membership->roles()) {
        if (std::find(rule.roles.begin(), rule.roles.end(), role) != rule.roles.end()) {
          return absl::OkStatus();
        }
      }
      std::vector<std::string> needed;
      for (v1::Role r : rule.roles) needed.push_back(RoleWord(r));
      return absl::PermissionDeniedError(
          absl::StrCat("this needs the ", absl::StrJoin(needed, " or "), " role in communities/",
                       community));
    }
  }
  return absl::PermissionDeniedError("no access rule");
}

}  // namespace kompas::auth
