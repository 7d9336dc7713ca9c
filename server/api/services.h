// The gRPC services of kompas.v1. Handlers are one line each: they name
// their use case and hand it to RawUnary (raw_unary.h), which authenticates,
// parses, authorizes, runs, audits and logs the call.
//
// Every method is registered "raw" (bytes in, bytes out) so that request
// parsing is ours: see raw_request.h for why.
#ifndef KOMPAS_API_SERVICES_H_
#define KOMPAS_API_SERVICES_H_

#include "api/unary.h"
#include "domain/annotations.h"
#include "domain/audit_trail.h"
#include "domain/cases.h"
#include "domain/communities.h"
#include "domain/privacy_checks.h"
#include "domain/kompas_versions.h"
#include "domain/searches.h"
#include "domain/sessions.h"
#include "domain/standards.h"
#include "kompas/v1/annotation.grpc.pb.h"
#include "kompas/v1/audit.grpc.pb.h"
#include "kompas/v1/case.grpc.pb.h"
#include "kompas/v1/community.grpc.pb.h"
#include "kompas/v1/privacy.grpc.pb.h"
#include "kompas/v1/kompas.grpc.pb.h"
#include "kompas/v1/search.grpc.pb.h"
#include "kompas/v1/session.grpc.pb.h"
#include "kompas/v1/standard.grpc.pb.h"

namespace kompas::api {

using RawCommunityService = v1::CommunityService::WithRawCallbackMethod_GetCaller<
    v1::CommunityService::WithRawCallbackMethod_GetCommunity<
    v1::CommunityService::WithRawCallbackMethod_ListCommunities<
    v1::CommunityService::WithRawCallbackMethod_CreateCommunity<
    v1::CommunityService::WithRawCallbackMethod_ListMembers<
    v1::CommunityService::WithRawCallbackMethod_AddMember<
    v1::CommunityService::WithRawCallbackMethod_RemoveMember<
    v1::CommunityService::WithRawCallbackMethod_ListMunicipalities<
    v1::CommunityService::Service>>>>>>>>;

class CommunityServiceImpl final : public RawCommunityService {
 public:
  // `cases` serves RemoveMember, which re-attributes a member's cases.
  CommunityServiceImpl(domain::Communities* communities, domain::Cases* cases, CallEnv env)
      : communities_(communities), cases_(cases), env_(env) {}

  grpc::ServerUnaryReactor* GetCommunity(grpc::CallbackServerContext* ctx,
      const grpc::ByteBuffer* request, grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* ListCommunities(grpc::CallbackServerContext* ctx,
      const grpc::ByteBuffer* request, grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* CreateCommunity(grpc::CallbackServerContext* ctx,
      const grpc::ByteBuffer* request, grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* ListMembers(grpc::CallbackServerContext* ctx,
      const grpc::ByteBuffer* request, grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* AddMember(grpc::CallbackServerContext* ctx,
      const grpc::ByteBuffer* request, grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* RemoveMember(grpc::CallbackServerContext* ctx,
      const grpc::ByteBuffer* request, grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* ListMunicipalities(grpc::CallbackServerContext* ctx,
      const grpc::ByteBuffer* request, grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* GetCaller(grpc::CallbackServerContext* ctx,
      const grpc::ByteBuffer* request, grpc::ByteBuffer* response) override;

 private:
  domain::Communities* communities_;
  domain::Cases* cases_;
  CallEnv env_;
};

using RawCaseService = v1::CaseService::WithRawCallbackMethod_CreateCase<
    v1::CaseService::WithRawCallbackMethod_GetCase<
    v1::CaseService::WithRawCallbackMethod_ListCases<
    v1::CaseService::WithRawCallbackMethod_UpdateCase<
    v1::CaseService::WithRawCallbackMethod_DeleteCase<
    v1::CaseService::WithRawCallbackMethod_CreateReflection<
    v1::CaseService::WithRawCallbackMethod_ListReflections<
    v1::CaseService::Service>>>>>>>;

class CaseServiceImpl final : public RawCaseService {
 public:
  CaseServiceImpl(domain::Cases* cases, CallEnv env) : cases_(cases), env_(env) {}

  grpc::ServerUnaryReactor* CreateCase(grpc::CallbackServerContext* ctx,
      const grpc::ByteBuffer* request, grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* GetCase(grpc::CallbackServerContext* ctx,
      const grpc::ByteBuffer* request, grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* ListCases(grpc::CallbackServerContext* ctx,
      const grpc::ByteBuffer* request, grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* UpdateCase(grpc::CallbackServerContext* ctx,
      const grpc::ByteBuffer* request, grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* DeleteCase(grpc::CallbackServerContext* ctx,
      const grpc::ByteBuffer* request, grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* CreateReflection(grpc::CallbackServerContext* ctx,
      const grpc::ByteBuffer* request, grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* ListReflections(grpc::CallbackServerContext* ctx,
      const grpc::ByteBuffer* request, grpc::ByteBuffer* response) override;

 private:
  domain::Cases* cases_;
  CallEnv env_;
};

using RawPrivacyService = v1::PrivacyService::WithRawCallbackMethod_CheckText<
    v1::PrivacyService::Service>;

class PrivacyServiceImpl final : public RawPrivacyService {
 public:
  PrivacyServiceImpl(domain::PrivacyChecks* checks, CallEnv env) : checks_(checks), env_(env) {}

  grpc::ServerUnaryReactor* CheckText(grpc::CallbackServerContext* ctx,
      const grpc::ByteBuffer* request, grpc::ByteBuffer* response) override;

 private:
  domain::PrivacyChecks* checks_;
  CallEnv env_;
};

using RawAuditService = v1::AuditService::WithRawCallbackMethod_ListAuditEvents<
    v1::AuditService::Service>;

class AuditServiceImpl final : public RawAuditService {
 public:
  AuditServiceImpl(domain::AuditTrail* trail, CallEnv env) : trail_(trail), env_(env) {}

  grpc::ServerUnaryReactor* ListAuditEvents(grpc::CallbackServerContext* ctx,
      const grpc::ByteBuffer* request, grpc::ByteBuffer* response) override;

 private:
  domain::AuditTrail* trail_;
  CallEnv env_;
};

using RawSessionService = v1::SessionService::WithRawCallbackMethod_ListMethods<
    v1::SessionService::WithRawCallbackMethod_CreateSession<
    v1::SessionService::WithRawCallbackMethod_GetSession<
    v1::SessionService::WithRawCallbackMethod_ListSessions<
    v1::SessionService::WithRawCallbackMethod_JoinSession<
    v1::SessionService::WithRawCallbackMethod_AdvancePhase<
    v1::SessionService::WithRawCallbackMethod_ParkQuestion<
    v1::SessionService::WithRawCallbackMethod_ListParkedQuestions<
    v1::SessionService::WithRawCallbackMethod_AnswerParkedQuestion<
    v1::SessionService::WithRawCallbackMethod_AddConclusion<
    v1::SessionService::WithRawCallbackMethod_CloseSession<
    v1::SessionService::WithRawCallbackMethod_SubmitEvaluation<
    v1::SessionService::WithRawCallbackMethod_GetEvaluationSummary<
    v1::SessionService::WithRawCallbackMethod_WatchSession<
    v1::SessionService::Service>>>>>>>>>>>>>>;

class SessionServiceImpl final : public RawSessionService {
 public:
  SessionServiceImpl(domain::Sessions* sessions, CallEnv env) : sessions_(sessions), env_(env) {}

  grpc::ServerUnaryReactor* ListMethods(grpc::CallbackServerContext* ctx,
      const grpc::ByteBuffer* request, grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* CreateSession(grpc::CallbackServerContext* ctx,
      const grpc::ByteBuffer* request, grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* GetSession(grpc::CallbackServerContext* ctx,
      const grpc::ByteBuffer* request, grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* ListSessions(grpc::CallbackServerContext* ctx,
      const grpc::ByteBuffer* request, grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* JoinSession(grpc::CallbackServerContext* ctx,
      const grpc::ByteBuffer* request, grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* AdvancePhase(grpc::CallbackServerContext* ctx,
      const grpc::ByteBuffer* request, grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* ParkQuestion(grpc::CallbackServerContext* ctx,
      const grpc::ByteBuffer* request, grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* ListParkedQuestions(grpc::CallbackServerContext* ctx,
      const grpc::ByteBuffer* request, grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* AnswerParkedQuestion(grpc::CallbackServerContext* ctx,
      const grpc::ByteBuffer* request, grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* AddConclusion(grpc::CallbackServerContext* ctx,
      const grpc::ByteBuffer* request, grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* CloseSession(grpc::CallbackServerContext* ctx,
      const grpc::ByteBuffer* request, grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* SubmitEvaluation(grpc::CallbackServerContext* ctx,
      const grpc::ByteBuffer* request, grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* GetEvaluationSummary(grpc::CallbackServerContext* ctx,
      const grpc::ByteBuffer* request, grpc::ByteBuffer* response) override;
  grpc::ServerWriteReactor<grpc::ByteBuffer>* WatchSession(grpc::CallbackServerContext* ctx,
      const grpc::ByteBuffer* request) override;

 private:
  domain::Sessions* sessions_;
  CallEnv env_;
};

using RawStandardService = v1::StandardService::WithRawCallbackMethod_CreateStandard<
    v1::StandardService::WithRawCallbackMethod_GetStandard<
    v1::StandardService::WithRawCallbackMethod_ListStandards<
    v1::StandardService::WithRawCallbackMethod_UpdateStandard<
    v1::StandardService::WithRawCallbackMethod_ListRevisions<
    v1::StandardService::WithRawCallbackMethod_DiffRevisions<
    v1::StandardService::WithRawCallbackMethod_ProposeStandard<
    v1::StandardService::WithRawCallbackMethod_EndorseStandard<
    v1::StandardService::WithRawCallbackMethod_WithdrawEndorsement<
    v1::StandardService::WithRawCallbackMethod_AdoptStandard<
    v1::StandardService::WithRawCallbackMethod_RejectStandard<
    v1::StandardService::WithRawCallbackMethod_RetireStandard<
    v1::StandardService::WithRawCallbackMethod_SupersedeStandard<
    v1::StandardService::WithRawCallbackMethod_ReportErratum<
    v1::StandardService::WithRawCallbackMethod_ListErrata<
    v1::StandardService::WithRawCallbackMethod_ResolveErratum<
    v1::StandardService::WithRawCallbackMethod_SetPosition<
    v1::StandardService::WithRawCallbackMethod_ListPositions<
    v1::StandardService::WithRawCallbackMethod_GetRegisterSummary<
    v1::StandardService::Service>>>>>>>>>>>>>>>>>>>;

class StandardServiceImpl final : public RawStandardService {
 public:
  StandardServiceImpl(domain::Standards* standards, CallEnv env)
      : standards_(standards), env_(env) {}

  grpc::ServerUnaryReactor* CreateStandard(grpc::CallbackServerContext* ctx,
      const grpc::ByteBuffer* request, grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* GetStandard(grpc::CallbackServerContext* ctx,
      const grpc::ByteBuffer* request, grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* ListStandards(grpc::CallbackServerContext* ctx,
      const grpc::ByteBuffer* request, grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* UpdateStandard(grpc::CallbackServerContext* ctx,
      const grpc::ByteBuffer* request, grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* ListRevisions(grpc::CallbackServerContext* ctx,
      const grpc::ByteBuffer* request, grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* DiffRevisions(grpc::CallbackServerContext* ctx,
      const grpc::ByteBuffer* request, grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* ProposeStandard(grpc::CallbackServerContext* ctx,
      const grpc::ByteBuffer* request, grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* EndorseStandard(grpc::CallbackServerContext* ctx,
      const grpc::ByteBuffer* request, grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* WithdrawEndorsement(grpc::CallbackServerContext* ctx,
      const grpc::ByteBuffer* request, grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* AdoptStandard(grpc::CallbackServerContext* ctx,
      const grpc::ByteBuffer* request, grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* RejectStandard(grpc::CallbackServerContext* ctx,
      const grpc::ByteBuffer* request, grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* RetireStandard(grpc::CallbackServerContext* ctx,
      const grpc::ByteBuffer* request, grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* SupersedeStandard(grpc::CallbackServerContext* ctx,
      const grpc::ByteBuffer* request, grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* ReportErratum(grpc::CallbackServerContext* ctx,
      const grpc::ByteBuffer* request, grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* ListErrata(grpc::CallbackServerContext* ctx,
      const grpc::ByteBuffer* request, grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* ResolveErratum(grpc::CallbackServerContext* ctx,
      const grpc::ByteBuffer* request, grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* SetPosition(grpc::CallbackServerContext* ctx,
      const grpc::ByteBuffer* request, grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* ListPositions(grpc::CallbackServerContext* ctx,
      const grpc::ByteBuffer* request, grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* GetRegisterSummary(grpc::CallbackServerContext* ctx,
      const grpc::ByteBuffer* request, grpc::ByteBuffer* response) override;

 private:
  domain::Standards* standards_;
  CallEnv env_;
};

using RawKompasService = v1::KompasService::WithRawCallbackMethod_PublishKompas<
    v1::KompasService::WithRawCallbackMethod_GetKompas<
    v1::KompasService::WithRawCallbackMethod_ListKompasVersions<
    v1::KompasService::WithRawCallbackMethod_DiffKompas<
    v1::KompasService::WithRawCallbackMethod_ExportKompas<
    v1::KompasService::Service>>>>>;

class KompasServiceImpl final : public RawKompasService {
 public:
  KompasServiceImpl(domain::KompasVersions* versions, CallEnv env)
      : versions_(versions), env_(env) {}

  grpc::ServerUnaryReactor* PublishKompas(grpc::CallbackServerContext* ctx,
      const grpc::ByteBuffer* request, grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* GetKompas(grpc::CallbackServerContext* ctx,
      const grpc::ByteBuffer* request, grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* ListKompasVersions(grpc::CallbackServerContext* ctx,
      const grpc::ByteBuffer* request, grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* DiffKompas(grpc::CallbackServerContext* ctx,
      const grpc::ByteBuffer* request, grpc::ByteBuffer* response) override;
  grpc::ServerWriteReactor<grpc::ByteBuffer>* ExportKompas(grpc::CallbackServerContext* ctx,
      const grpc::ByteBuffer* request) override;

 private:
  domain::KompasVersions* versions_;
  CallEnv env_;
};

using RawSearchService = v1::SearchService::WithRawCallbackMethod_Search<
    v1::SearchService::WithRawCallbackMethod_SimilarCases<
    v1::SearchService::WithRawCallbackMethod_ApplicableStandards<
    v1::SearchService::Service>>>;

class SearchServiceImpl final : public RawSearchService {
 public:
  SearchServiceImpl(domain::Searches* searches, CallEnv env) : searches_(searches), env_(env) {}

  grpc::ServerUnaryReactor* Search(grpc::CallbackServerContext* ctx,
      const grpc::ByteBuffer* request, grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* SimilarCases(grpc::CallbackServerContext* ctx,
      const grpc::ByteBuffer* request, grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* ApplicableStandards(grpc::CallbackServerContext* ctx,
      const grpc::ByteBuffer* request, grpc::ByteBuffer* response) override;

 private:
  domain::Searches* searches_;
  CallEnv env_;
};

using RawAnnotationService = v1::AnnotationService::WithRawCallbackMethod_CreateAnnotation<
    v1::AnnotationService::WithRawCallbackMethod_ListAnnotations<
    v1::AnnotationService::WithRawCallbackMethod_UpdateAnnotation<
    v1::AnnotationService::WithRawCallbackMethod_DeleteAnnotation<
    v1::AnnotationService::Service>>>>;

class AnnotationServiceImpl final : public RawAnnotationService {
 public:
  AnnotationServiceImpl(domain::Annotations* annotations, CallEnv env)
      : annotations_(annotations), env_(env) {}

  grpc::ServerUnaryReactor* CreateAnnotation(grpc::CallbackServerContext* ctx,
      const grpc::ByteBuffer* request, grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* ListAnnotations(grpc::CallbackServerContext* ctx,
      const grpc::ByteBuffer* request, grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* UpdateAnnotation(grpc::CallbackServerContext* ctx,
      const grpc::ByteBuffer* request, grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* DeleteAnnotation(grpc::CallbackServerContext* ctx,
      const grpc::ByteBuffer* request, grpc::ByteBuffer* response) override;

 private:
  domain::Annotations* annotations_;
  CallEnv env_;
};

}  // namespace kompas::api

#endif  // KOMPAS_API_SERVICES_H_
