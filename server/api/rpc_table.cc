#include "api/rpc_table.h"

#include <cstdio>
#include <cstdlib>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "api/finite_stream.h"
#include "api/raw_unary.h"
#include "api/session_watch.h"
#include "common/status_macros.h"
#include "domain/names.h"
#include "google/protobuf/descriptor.h"
#include "kompas/v1/admin.grpc.pb.h"
#include "kompas/v1/annotation.grpc.pb.h"
#include "kompas/v1/audit.grpc.pb.h"
#include "kompas/v1/case.grpc.pb.h"
#include "kompas/v1/community.grpc.pb.h"
#include "kompas/v1/kompas.grpc.pb.h"
#include "kompas/v1/privacy.grpc.pb.h"
#include "kompas/v1/search.grpc.pb.h"
#include "kompas/v1/session.grpc.pb.h"
#include "kompas/v1/standard.grpc.pb.h"

namespace kompas::api {
namespace {

using domain::Call;
using v1::Role;

constexpr bool kAudited = true;      // reads or changes case material
constexpr bool kNotAudited = false;

// Who reads and writes case material: everyone but the read-only exporter.
const std::vector<Role> kCaseReaders = {v1::ROLE_PROFESSIONAL, v1::ROLE_FACILITATOR,
                                        v1::ROLE_PRIVACY_OFFICER, v1::ROLE_STEWARD};
const std::vector<Role> kAnyRole = {v1::ROLE_PROFESSIONAL, v1::ROLE_FACILITATOR,
                                    v1::ROLE_PRIVACY_OFFICER, v1::ROLE_STEWARD,
                                    v1::ROLE_EXPORTER};

struct Who {
  auth::Access access;
  std::vector<Role> roles;
};
// Anyone with a valid token; the use case limits what is returned.
Who Signed() { return {auth::Access::kAuthenticated, {}}; }
// Server-wide administrators only.
Who Admin() { return {auth::Access::kAdmin, {}}; }
// One of `roles` in the community the request names.
Who Roles(std::vector<Role> roles) { return {auth::Access::kRoles, std::move(roles)}; }
// A server administrator, or one of `roles` in the community the request names.
Who AdminOrRoles(std::vector<Role> roles) {
  return {auth::Access::kAdminOrRoles, std::move(roles)};
}

// The request and response types of a use case
// `(const Backends&, const Call&, const Request&) -> StatusOr<Response>`.
template <typename F>
struct UseCase : UseCase<decltype(&F::operator())> {};
template <typename C, typename Result, typename Req>
struct UseCase<Result (C::*)(const Backends&, const Call&, const Req&) const> {
  using Request = Req;
  using Returns = typename Result::value_type;
};

[[noreturn]] void BrokenLine(absl::string_view method, absl::string_view why) {
  std::fprintf(stderr, "rpc_table.cc: the line of %s %s\n", std::string(method).c_str(),
               std::string(why).c_str());
  std::abort();
}

// The table's line for `name` of `Service`, checked against the descriptors.
template <typename Service, typename Request, typename Response>
Rpc Describe(const char* name, Who who, bool audited, bool streams) {
  const auto* service = google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
      Service::service_full_name());
  const auto* method = service == nullptr ? nullptr : service->FindMethodByName(name);
  const std::string full = absl::StrCat(Service::service_full_name(), ".", name);
  if (method == nullptr) BrokenLine(full, "names no method in the proto");
  if (method->input_type() != Request::descriptor()) BrokenLine(full, "has the wrong request");
  if (method->output_type() != Response::descriptor()) BrokenLine(full, "has the wrong response");
  if (method->client_streaming() || method->server_streaming() != streams) {
    BrokenLine(full, "does not stream the way the proto says");
  }
  Rpc rpc;
  rpc.method = method;
  rpc.path = absl::StrCat("/", service->full_name(), "/", method->name());
  rpc.rule = auth::Rule{who.access, std::move(who.roles), audited};
  return rpc;
}

template <typename Service, typename F>
Rpc Unary(const char* name, Who who, bool audited, F use_case) {
  using Request = typename UseCase<F>::Request;
  using Response = typename UseCase<F>::Returns;
  Rpc rpc = Describe<Service, Request, Response>(name, std::move(who), audited, false);
  rpc.unary = [use_case](const Rpc& self, grpc::CallbackServerContext* context,
                         const CallEnv& env, const Backends& b,
                         const grpc::ByteBuffer* request, grpc::ByteBuffer* response) {
    return RawUnary<Request, Response>(
        context, env, self.path, &self.rule, request, response,
        [use_case, b](const Call& call, const Request& r) { return use_case(b, call, r); });
  };
  return rpc;
}

// A server stream whose messages are all known when it starts.
template <typename Service, typename F>
Rpc FiniteStream(const char* name, Who who, bool audited, F use_case) {
  using Request = typename UseCase<F>::Request;
  using Response = typename UseCase<F>::Returns::value_type;
  Rpc rpc = Describe<Service, Request, Response>(name, std::move(who), audited, true);
  rpc.stream = [use_case](const Rpc& self, grpc::CallbackServerContext* context,
                          const CallEnv& env, const Backends& b, const grpc::ByteBuffer* request) {
    return RawFiniteStream<Request, Response>(
        context, env, self.path, &self.rule, request,
        [use_case, b](const Call& call, const Request& r) { return use_case(b, call, r); });
  };
  return rpc;
}

// WatchSession: a stream that follows a session's events (session_watch.h).
template <typename Service, typename Request, typename Response>
Rpc Watch(const char* name, Who who, bool audited) {
  Rpc rpc = Describe<Service, Request, Response>(name, std::move(who), audited, true);
  rpc.stream = [](const Rpc& self, grpc::CallbackServerContext* context, const CallEnv& env,
                  const Backends& b, const grpc::ByteBuffer* request) {
    return ServeStream(context, env, StreamMethod{self.path, &self.rule}, request,
                       MakeWatchSource(b.sessions, env.watches));
  };
  return rpc;
}

std::vector<Rpc>* Build() {
  // Resource-level rules (only the author edits a case, which facilitator
  // moves a session, ...) live in the domain; this table says who may call
  // at all. Administrators pass every rule except community roles: case
  // material needs a role in its community, also for an administrator.
  return new std::vector<Rpc>{
      // CommunityService: reading a community needs membership; shaping one
      // is administration.
      Unary<v1::CommunityService>("GetCommunity", Roles(kAnyRole), kNotAudited,
          [](const Backends& b, const Call&, const v1::GetCommunityRequest& r) {
            return b.communities->Get(r);
          }),
      Unary<v1::CommunityService>("ListCommunities", Signed(), kNotAudited,
          [](const Backends& b, const Call& c, const v1::ListCommunitiesRequest& r) {
            return b.communities->List(c, r);
          }),
      Unary<v1::CommunityService>("CreateCommunity", Admin(), kNotAudited,
          [](const Backends& b, const Call&, const v1::CreateCommunityRequest& r) {
            return b.communities->Create(r);
          }),
      Unary<v1::CommunityService>("ListMembers", Roles(kAnyRole), kNotAudited,
          [](const Backends& b, const Call&, const v1::ListMembersRequest& r) {
            return b.communities->ListMembers(r);
          }),
      Unary<v1::CommunityService>("AddMember", Admin(), kNotAudited,
          [](const Backends& b, const Call&, const v1::AddMemberRequest& r) {
            return b.communities->AddMember(r);
          }),
      // Re-attributes case material, so it is on the trail.
      Unary<v1::CommunityService>("RemoveMember", Admin(), kAudited,
          [](const Backends& b, const Call& c, const v1::RemoveMemberRequest& r)
              -> absl::StatusOr<v1::RemoveMemberResponse> {
            ASSIGN_OR_RETURN(v1::RemoveMemberResponse removed, b.cases->RemoveMember(c, r));
            // Tokens belong to the member id, not to the membership: left
            // valid, re-adding the same id later would revive them.
            ASSIGN_OR_RETURN(domain::MemberRef member, domain::ParseMemberName(r.name(), "name"));
            RETURN_IF_ERROR(b.tokens->RevokeAllOf(member.member).status());
            return removed;
          }),
      Unary<v1::CommunityService>("ListMunicipalities", Signed(), kNotAudited,
          [](const Backends& b, const Call&, const v1::ListMunicipalitiesRequest& r) {
            return b.communities->ListMunicipalities(r);
          }),
      // Who am I: any signed-in caller, about themselves only.
      Unary<v1::CommunityService>("GetCaller", Signed(), kNotAudited,
          [](const Backends& b, const Call& c, const v1::GetCallerRequest&) {
            return b.communities->GetCaller(c);
          }),
      // CaseService: professionals write cases; every role but the exporter
      // reads them and reflects. Only the author edits (domain rule).
      Unary<v1::CaseService>("CreateCase", Roles({v1::ROLE_PROFESSIONAL}), kAudited,
          [](const Backends& b, const Call& c, const v1::CreateCaseRequest& r) {
            return b.cases->Create(c, r);
          }),
      Unary<v1::CaseService>("GetCase", Roles(kCaseReaders), kAudited,
          [](const Backends& b, const Call& c, const v1::GetCaseRequest& r) {
            return b.cases->Get(c, r);
          }),
      Unary<v1::CaseService>("ListCases", Roles(kCaseReaders), kAudited,
          [](const Backends& b, const Call& c, const v1::ListCasesRequest& r) {
            return b.cases->List(c, r);
          }),
      Unary<v1::CaseService>("UpdateCase", Roles({v1::ROLE_PROFESSIONAL}), kAudited,
          [](const Backends& b, const Call& c, const v1::UpdateCaseRequest& r) {
            return b.cases->Update(c, r);
          }),
      Unary<v1::CaseService>("DeleteCase", Roles({v1::ROLE_PROFESSIONAL}), kAudited,
          [](const Backends& b, const Call& c, const v1::DeleteCaseRequest& r) {
            return ToEmpty(b.cases->Delete(c, r));
          }),
      Unary<v1::CaseService>("CreateReflection", Roles(kCaseReaders), kAudited,
          [](const Backends& b, const Call& c, const v1::CreateReflectionRequest& r) {
            return b.cases->CreateReflection(c, r);
          }),
      Unary<v1::CaseService>("ListReflections", Roles(kCaseReaders), kAudited,
          [](const Backends& b, const Call& c, const v1::ListReflectionsRequest& r) {
            return b.cases->ListReflections(c, r);
          }),
      // SessionService: facilitators start sessions; every case reader
      // follows and takes part. Which facilitator moves, concludes and
      // closes a session, who speaks in which phase, and that only
      // participants park questions and evaluate are the domain's rules
      // (domain/sessions.cc). Parked questions are the privacy officers'.
      Unary<v1::SessionService>("ListMethods", Signed(), kNotAudited,
          [](const Backends& b, const Call&, const v1::ListMethodsRequest& r) {
            return b.sessions->ListMethods(r);
          }),
      Unary<v1::SessionService>("CreateSession", Roles({v1::ROLE_FACILITATOR}), kAudited,
          [](const Backends& b, const Call& c, const v1::CreateSessionRequest& r) {
            return b.sessions->Create(c, r);
          }),
      Unary<v1::SessionService>("GetSession", Roles(kCaseReaders), kAudited,
          [](const Backends& b, const Call& c, const v1::GetSessionRequest& r) {
            return b.sessions->Get(c, r);
          }),
      Unary<v1::SessionService>("ListSessions", Roles(kCaseReaders), kAudited,
          [](const Backends& b, const Call& c, const v1::ListSessionsRequest& r) {
            return b.sessions->List(c, r);
          }),
      Unary<v1::SessionService>("JoinSession", Roles(kCaseReaders), kAudited,
          [](const Backends& b, const Call& c, const v1::JoinSessionRequest& r) {
            return b.sessions->Join(c, r);
          }),
      Unary<v1::SessionService>("AdvancePhase", Roles({v1::ROLE_FACILITATOR}), kAudited,
          [](const Backends& b, const Call& c, const v1::AdvancePhaseRequest& r) {
            return b.sessions->AdvancePhase(c, r);
          }),
      Watch<v1::SessionService, v1::WatchSessionRequest, v1::WatchSessionResponse>("WatchSession", Roles(kCaseReaders), kAudited),
      Unary<v1::SessionService>("ParkQuestion", Roles(kCaseReaders), kAudited,
          [](const Backends& b, const Call& c, const v1::ParkQuestionRequest& r) {
            return b.sessions->ParkQuestion(c, r);
          }),
      Unary<v1::SessionService>("ListParkedQuestions", Roles({v1::ROLE_PRIVACY_OFFICER}), kAudited,
          [](const Backends& b, const Call& c, const v1::ListParkedQuestionsRequest& r) {
            return b.sessions->ListParkedQuestions(c, r);
          }),
      Unary<v1::SessionService>("AnswerParkedQuestion", Roles({v1::ROLE_PRIVACY_OFFICER}), kAudited,
          [](const Backends& b, const Call& c, const v1::AnswerParkedQuestionRequest& r) {
            return b.sessions->AnswerParkedQuestion(c, r);
          }),
      Unary<v1::SessionService>("AddConclusion", Roles({v1::ROLE_FACILITATOR}), kAudited,
          [](const Backends& b, const Call& c, const v1::AddConclusionRequest& r) {
            return b.sessions->AddConclusion(c, r);
          }),
      Unary<v1::SessionService>("CloseSession", Roles({v1::ROLE_FACILITATOR}), kAudited,
          [](const Backends& b, const Call& c, const v1::CloseSessionRequest& r) {
            return b.sessions->Close(c, r);
          }),
      Unary<v1::SessionService>("SubmitEvaluation", Roles(kCaseReaders), kAudited,
          [](const Backends& b, const Call& c, const v1::SubmitEvaluationRequest& r) {
            return b.sessions->SubmitEvaluation(c, r);
          }),
      Unary<v1::SessionService>("GetEvaluationSummary", Roles(kCaseReaders), kAudited,
          [](const Backends& b, const Call& c, const v1::GetEvaluationSummaryRequest& r) {
            return b.sessions->GetEvaluationSummary(c, r);
          }),
      // StandardService: stewards shape standards; members endorse and
      // report errata; municipalities' positions are set by their stewards
      // and privacy officers (their own municipality only: a domain rule);
      // every role, the exporter too, reads. Reading standards is not
      // reading case material, so reads are not on the trail; every change
      // is.
      Unary<v1::StandardService>("CreateStandard", Roles({v1::ROLE_STEWARD}), kAudited,
          [](const Backends& b, const Call& c, const v1::CreateStandardRequest& r) {
            return b.standards->Create(c, r);
          }),
      Unary<v1::StandardService>("GetStandard", Roles(kAnyRole), kNotAudited,
          [](const Backends& b, const Call& c, const v1::GetStandardRequest& r) {
            return b.standards->Get(c, r);
          }),
      Unary<v1::StandardService>("ListStandards", Roles(kAnyRole), kNotAudited,
          [](const Backends& b, const Call& c, const v1::ListStandardsRequest& r) {
            return b.standards->List(c, r);
          }),
      Unary<v1::StandardService>("UpdateStandard", Roles({v1::ROLE_STEWARD}), kAudited,
          [](const Backends& b, const Call& c, const v1::UpdateStandardRequest& r) {
            return b.standards->Update(c, r);
          }),
      Unary<v1::StandardService>("ListRevisions", Roles(kAnyRole), kNotAudited,
          [](const Backends& b, const Call& c, const v1::ListRevisionsRequest& r) {
            return b.standards->ListRevisions(c, r);
          }),
      Unary<v1::StandardService>("DiffRevisions", Roles(kAnyRole), kNotAudited,
          [](const Backends& b, const Call& c, const v1::DiffRevisionsRequest& r) {
            return b.standards->DiffRevisions(c, r);
          }),
      Unary<v1::StandardService>("ProposeStandard", Roles({v1::ROLE_STEWARD}), kAudited,
          [](const Backends& b, const Call& c, const v1::ProposeStandardRequest& r) {
            return b.standards->Propose(c, r);
          }),
      Unary<v1::StandardService>("EndorseStandard", Roles(kCaseReaders), kAudited,
          [](const Backends& b, const Call& c, const v1::EndorseStandardRequest& r) {
            return b.standards->Endorse(c, r);
          }),
      Unary<v1::StandardService>("WithdrawEndorsement", Roles(kCaseReaders), kAudited,
          [](const Backends& b, const Call& c, const v1::WithdrawEndorsementRequest& r) {
            return b.standards->Withdraw(c, r);
          }),
      Unary<v1::StandardService>("AdoptStandard", Roles({v1::ROLE_STEWARD}), kAudited,
          [](const Backends& b, const Call& c, const v1::AdoptStandardRequest& r) {
            return b.standards->Adopt(c, r);
          }),
      Unary<v1::StandardService>("RejectStandard", Roles({v1::ROLE_STEWARD}), kAudited,
          [](const Backends& b, const Call& c, const v1::RejectStandardRequest& r) {
            return b.standards->Reject(c, r);
          }),
      Unary<v1::StandardService>("RetireStandard", Roles({v1::ROLE_STEWARD}), kAudited,
          [](const Backends& b, const Call& c, const v1::RetireStandardRequest& r) {
            return b.standards->Retire(c, r);
          }),
      Unary<v1::StandardService>("SupersedeStandard", Roles({v1::ROLE_STEWARD}), kAudited,
          [](const Backends& b, const Call& c, const v1::SupersedeStandardRequest& r) {
            return b.standards->Supersede(c, r);
          }),
      Unary<v1::StandardService>("ReportErratum", Roles(kCaseReaders), kAudited,
          [](const Backends& b, const Call& c, const v1::ReportErratumRequest& r) {
            return b.standards->ReportErratum(c, r);
          }),
      Unary<v1::StandardService>("ListErrata", Roles(kAnyRole), kNotAudited,
          [](const Backends& b, const Call& c, const v1::ListErrataRequest& r) {
            return b.standards->ListErrata(c, r);
          }),
      Unary<v1::StandardService>("ResolveErratum", Roles({v1::ROLE_STEWARD}), kAudited,
          [](const Backends& b, const Call& c, const v1::ResolveErratumRequest& r) {
            return b.standards->ResolveErratum(c, r);
          }),
      Unary<v1::StandardService>("SetPosition", Roles({v1::ROLE_STEWARD, v1::ROLE_PRIVACY_OFFICER}), kAudited,
          [](const Backends& b, const Call& c, const v1::SetPositionRequest& r) {
            return b.standards->SetPosition(c, r);
          }),
      Unary<v1::StandardService>("ListPositions", Roles(kAnyRole), kNotAudited,
          [](const Backends& b, const Call& c, const v1::ListPositionsRequest& r) {
            return b.standards->ListPositions(c, r);
          }),
      Unary<v1::StandardService>("GetRegisterSummary", Roles(kAnyRole), kNotAudited,
          [](const Backends& b, const Call& c, const v1::GetRegisterSummaryRequest& r) {
            return b.standards->GetRegisterSummary(c, r);
          }),
      // KompasService: stewards publish; everyone reads and exports.
      Unary<v1::KompasService>("PublishKompas", Roles({v1::ROLE_STEWARD}), kAudited,
          [](const Backends& b, const Call& c, const v1::PublishKompasRequest& r) {
            return b.kompas_versions->Publish(c, r);
          }),
      Unary<v1::KompasService>("GetKompas", Roles(kAnyRole), kNotAudited,
          [](const Backends& b, const Call& c, const v1::GetKompasRequest& r) {
            return b.kompas_versions->Get(c, r);
          }),
      Unary<v1::KompasService>("ListKompasVersions", Roles(kAnyRole), kNotAudited,
          [](const Backends& b, const Call& c, const v1::ListKompasVersionsRequest& r) {
            return b.kompas_versions->List(c, r);
          }),
      Unary<v1::KompasService>("DiffKompas", Roles(kAnyRole), kNotAudited,
          [](const Backends& b, const Call& c, const v1::DiffKompasRequest& r) {
            return b.kompas_versions->Diff(c, r);
          }),
      FiniteStream<v1::KompasService>("ExportKompas", Roles(kAnyRole), kNotAudited,
          [](const Backends& b, const Call& c, const v1::ExportKompasRequest& r) {
            return b.kompas_versions->Export(c, r);
          }),
      // SearchService: results and snippets are case material, so the
      // exporter gets none, and each case or reflection returned is a read
      // on the trail (like ListCases).
      Unary<v1::SearchService>("Search", Roles(kCaseReaders), kAudited,
          [](const Backends& b, const Call& c, const v1::SearchRequest& r) {
            return b.searches->Search(c, r);
          }),
      Unary<v1::SearchService>("SimilarCases", Roles(kCaseReaders), kAudited,
          [](const Backends& b, const Call& c, const v1::SimilarCasesRequest& r) {
            return b.searches->SimilarCases(c, r);
          }),
      Unary<v1::SearchService>("ApplicableStandards", Roles(kCaseReaders), kAudited,
          [](const Backends& b, const Call& c, const v1::ApplicableStandardsRequest& r) {
            return b.searches->ApplicableStandards(c, r);
          }),
      // AnnotationService: annotating is reading and writing case material;
      // only an annotation's author changes it (domain rule).
      Unary<v1::AnnotationService>("CreateAnnotation", Roles(kCaseReaders), kAudited,
          [](const Backends& b, const Call& c, const v1::CreateAnnotationRequest& r) {
            return b.annotations->Create(c, r);
          }),
      Unary<v1::AnnotationService>("ListAnnotations", Roles(kCaseReaders), kAudited,
          [](const Backends& b, const Call& c, const v1::ListAnnotationsRequest& r) {
            return b.annotations->List(c, r);
          }),
      Unary<v1::AnnotationService>("UpdateAnnotation", Roles(kCaseReaders), kAudited,
          [](const Backends& b, const Call& c, const v1::UpdateAnnotationRequest& r) {
            return b.annotations->Update(c, r);
          }),
      Unary<v1::AnnotationService>("DeleteAnnotation", Roles(kCaseReaders), kAudited,
          [](const Backends& b, const Call& c, const v1::DeleteAnnotationRequest& r) {
            return ToEmpty(b.annotations->Delete(c, r));
          }),
      // PrivacyService: anyone signed in may preview a text; nothing is stored.
      Unary<v1::PrivacyService>("CheckText", Signed(), kNotAudited,
          [](const Backends& b, const Call& c, const v1::CheckTextRequest& r) {
            return b.privacy->CheckText(c, r);
          }),
      // AuditService: the trail is for privacy officers (and admins); reading
      // it is itself on the trail.
      Unary<v1::AuditService>("ListAuditEvents", Roles({v1::ROLE_PRIVACY_OFFICER}), kAudited,
          [](const Backends& b, const Call& c, const v1::ListAuditEventsRequest& r) {
            return b.audit_trail->List(c, r);
          }),
      // A signed checkpoint of the (server-wide) chain: for administrators,
      // who need no community, and privacy officers of the community named;
      // on the trail like every audit call.
      Unary<v1::AuditService>("GetAuditCheckpoint", AdminOrRoles({v1::ROLE_PRIVACY_OFFICER}),
                              kAudited,
          [](const Backends& b, const Call& c, const v1::GetAuditCheckpointRequest& r) {
            return b.audit_trail->Checkpoint(c, r);
          }),
      // AdminService: administration while serving, every call on the trail
      // (the use cases write their own events: domain/administration.h).
      Unary<v1::AdminService>("IssueToken", Admin(), kAudited,
          [](const Backends& b, const Call& c, const v1::IssueTokenRequest& r) {
            return b.administration->IssueToken(c, r);
          }),
      Unary<v1::AdminService>("ListTokens", Admin(), kAudited,
          [](const Backends& b, const Call& c, const v1::ListTokensRequest& r) {
            return b.administration->ListTokens(c, r);
          }),
      Unary<v1::AdminService>("RevokeToken", Admin(), kAudited,
          [](const Backends& b, const Call& c, const v1::RevokeTokenRequest& r) {
            return b.administration->RevokeToken(c, r);
          }),
      Unary<v1::AdminService>("AddMember", Admin(), kAudited,
          [](const Backends& b, const Call& c, const v1::AddMemberRequest& r) {
            return b.administration->AddMember(c, r);
          }),
      Unary<v1::AdminService>("UpdateMemberRoles", Admin(), kAudited,
          [](const Backends& b, const Call& c, const v1::UpdateMemberRolesRequest& r) {
            return b.administration->UpdateMemberRoles(c, r);
          }),
      Unary<v1::AdminService>("RemoveMember", Admin(), kAudited,
          [](const Backends& b, const Call& c, const v1::RemoveMemberRequest& r) {
            return b.administration->RemoveMember(c, r);
          }),
      Unary<v1::AdminService>("CreateCommunity", Admin(), kAudited,
          [](const Backends& b, const Call& c, const v1::CreateCommunityRequest& r) {
            return b.administration->CreateCommunity(c, r);
          }),
      Unary<v1::AdminService>("UpdateCommunitySettings", Admin(), kAudited,
          [](const Backends& b, const Call& c, const v1::UpdateCommunitySettingsRequest& r) {
            return b.administration->UpdateCommunitySettings(c, r);
          }),
      Unary<v1::AdminService>("CreateBackup", Admin(), kAudited,
          [](const Backends& b, const Call& c, const v1::CreateBackupRequest& r) {
            return b.administration->CreateBackup(c, r);
          }),
  };
}

}  // namespace

const std::vector<Rpc>& Rpcs() {
  static const std::vector<Rpc>* rpcs = Build();
  return *rpcs;
}

const Rpc* FindRpc(absl::string_view path) {
  static const auto* by_path = [] {
    auto* map = new absl::flat_hash_map<std::string, const Rpc*>();
    for (const Rpc& rpc : Rpcs()) (*map)[rpc.path] = &rpc;
    return map;
  }();
  auto it = by_path->find(path);
  return it == by_path->end() ? nullptr : it->second;
}

std::vector<const google::protobuf::ServiceDescriptor*> RpcServices() {
  std::vector<const google::protobuf::ServiceDescriptor*> out;
  for (const Rpc& rpc : Rpcs()) {
    if (out.empty() || out.back() != rpc.method->service()) out.push_back(rpc.method->service());
  }
  return out;
}

}  // namespace kompas::api
