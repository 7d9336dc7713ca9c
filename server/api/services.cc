#include "api/services.h"

#include "api/finite_stream.h"
#include "api/raw_unary.h"
#include "api/session_watch.h"

namespace kompas::api {

grpc::ServerUnaryReactor* CommunityServiceImpl::GetCommunity(grpc::CallbackServerContext* ctx,
    const grpc::ByteBuffer* request, grpc::ByteBuffer* response) {
  return RawUnary<v1::GetCommunityRequest, v1::Community>(
      ctx, env_, "/kompas.v1.CommunityService/GetCommunity", request, response,
      [this](const domain::Principal& /*caller*/, const v1::GetCommunityRequest& request) {
        return communities_->Get(request);
      });
}

grpc::ServerUnaryReactor* CommunityServiceImpl::ListCommunities(grpc::CallbackServerContext* ctx,
    const grpc::ByteBuffer* request, grpc::ByteBuffer* response) {
  return RawUnary<v1::ListCommunitiesRequest, v1::ListCommunitiesResponse>(
      ctx, env_, "/kompas.v1.CommunityService/ListCommunities", request, response,
      [this](const domain::Principal& caller, const v1::ListCommunitiesRequest& request) {
        return communities_->List(caller, request);
      });
}

grpc::ServerUnaryReactor* CommunityServiceImpl::CreateCommunity(grpc::CallbackServerContext* ctx,
    const grpc::ByteBuffer* request, grpc::ByteBuffer* response) {
  return RawUnary<v1::CreateCommunityRequest, v1::Community>(
      ctx, env_, "/kompas.v1.CommunityService/CreateCommunity", request, response,
      [this](const domain::Principal& /*caller*/, const v1::CreateCommunityRequest& request) {
        return communities_->Create(request);
      });
}

grpc::ServerUnaryReactor* CommunityServiceImpl::ListMembers(grpc::CallbackServerContext* ctx,
    const grpc::ByteBuffer* request, grpc::ByteBuffer* response) {
  return RawUnary<v1::ListMembersRequest, v1::ListMembersResponse>(
      ctx, env_, "/kompas.v1.CommunityService/ListMembers", request, response,
      [this](const domain::Principal& /*caller*/, const v1::ListMembersRequest& request) {
        return communities_->ListMembers(request);
      });
}

grpc::ServerUnaryReactor* CommunityServiceImpl::AddMember(grpc::CallbackServerContext* ctx,
    const grpc::ByteBuffer* request, grpc::ByteBuffer* response) {
  return RawUnary<v1::AddMemberRequest, v1::Member>(
      ctx, env_, "/kompas.v1.CommunityService/AddMember", request, response,
      [this](const domain::Principal& /*caller*/, const v1::AddMemberRequest& request) {
        return communities_->AddMember(request);
      });
}

grpc::ServerUnaryReactor* CommunityServiceImpl::RemoveMember(grpc::CallbackServerContext* ctx,
    const grpc::ByteBuffer* request, grpc::ByteBuffer* response) {
  return RawUnary<v1::RemoveMemberRequest, v1::RemoveMemberResponse>(
      ctx, env_, "/kompas.v1.CommunityService/RemoveMember", request, response,
      [this](const domain::Principal& caller, const v1::RemoveMemberRequest& request) {
        return cases_->RemoveMember(caller, request);
      });
}

grpc::ServerUnaryReactor* CommunityServiceImpl::ListMunicipalities(grpc::CallbackServerContext* ctx,
    const grpc::ByteBuffer* request, grpc::ByteBuffer* response) {
  return RawUnary<v1::ListMunicipalitiesRequest, v1::ListMunicipalitiesResponse>(
      ctx, env_, "/kompas.v1.CommunityService/ListMunicipalities", request, response,
      [this](const domain::Principal& /*caller*/, const v1::ListMunicipalitiesRequest& request) {
        return communities_->ListMunicipalities(request);
      });
}

grpc::ServerUnaryReactor* CommunityServiceImpl::GetCaller(grpc::CallbackServerContext* ctx,
    const grpc::ByteBuffer* request, grpc::ByteBuffer* response) {
  return RawUnary<v1::GetCallerRequest, v1::Caller>(
      ctx, env_, "/kompas.v1.CommunityService/GetCaller", request, response,
      [this](const domain::Principal& caller, const v1::GetCallerRequest& /*request*/) {
        return communities_->GetCaller(caller);
      });
}

grpc::ServerUnaryReactor* CaseServiceImpl::CreateCase(grpc::CallbackServerContext* ctx,
    const grpc::ByteBuffer* request, grpc::ByteBuffer* response) {
  return RawUnary<v1::CreateCaseRequest, v1::Case>(
      ctx, env_, "/kompas.v1.CaseService/CreateCase", request, response,
      [this](const domain::Principal& caller, const v1::CreateCaseRequest& request) {
        return cases_->Create(caller, request);
      });
}

grpc::ServerUnaryReactor* CaseServiceImpl::GetCase(grpc::CallbackServerContext* ctx,
    const grpc::ByteBuffer* request, grpc::ByteBuffer* response) {
  return RawUnary<v1::GetCaseRequest, v1::Case>(
      ctx, env_, "/kompas.v1.CaseService/GetCase", request, response,
      [this](const domain::Principal& caller, const v1::GetCaseRequest& request) {
        return cases_->Get(caller, request);
      });
}

grpc::ServerUnaryReactor* CaseServiceImpl::ListCases(grpc::CallbackServerContext* ctx,
    const grpc::ByteBuffer* request, grpc::ByteBuffer* response) {
  return RawUnary<v1::ListCasesRequest, v1::ListCasesResponse>(
      ctx, env_, "/kompas.v1.CaseService/ListCases", request, response,
      [this](const domain::Principal& caller, const v1::ListCasesRequest& request) {
        return cases_->List(caller, request);
      });
}

grpc::ServerUnaryReactor* CaseServiceImpl::UpdateCase(grpc::CallbackServerContext* ctx,
    const grpc::ByteBuffer* request, grpc::ByteBuffer* response) {
  return RawUnary<v1::UpdateCaseRequest, v1::Case>(
      ctx, env_, "/kompas.v1.CaseService/UpdateCase", request, response,
      [this](const domain::Principal& caller, const v1::UpdateCaseRequest& request) {
        return cases_->Update(caller, request);
      });
}

grpc::ServerUnaryReactor* CaseServiceImpl::DeleteCase(grpc::CallbackServerContext* ctx,
    const grpc::ByteBuffer* request, grpc::ByteBuffer* response) {
  return RawUnary<v1::DeleteCaseRequest, google::protobuf::Empty>(
      ctx, env_, "/kompas.v1.CaseService/DeleteCase", request, response,
      [this](const domain::Principal& caller, const v1::DeleteCaseRequest& request) {
        return ToEmpty(cases_->Delete(caller, request));
      });
}

grpc::ServerUnaryReactor* CaseServiceImpl::CreateReflection(grpc::CallbackServerContext* ctx,
    const grpc::ByteBuffer* request, grpc::ByteBuffer* response) {
  return RawUnary<v1::CreateReflectionRequest, v1::Reflection>(
      ctx, env_, "/kompas.v1.CaseService/CreateReflection", request, response,
      [this](const domain::Principal& caller, const v1::CreateReflectionRequest& request) {
        return cases_->CreateReflection(caller, request);
      });
}

grpc::ServerUnaryReactor* CaseServiceImpl::ListReflections(grpc::CallbackServerContext* ctx,
    const grpc::ByteBuffer* request, grpc::ByteBuffer* response) {
  return RawUnary<v1::ListReflectionsRequest, v1::ListReflectionsResponse>(
      ctx, env_, "/kompas.v1.CaseService/ListReflections", request, response,
      [this](const domain::Principal& caller, const v1::ListReflectionsRequest& request) {
        return cases_->ListReflections(caller, request);
      });
}

grpc::ServerUnaryReactor* PrivacyServiceImpl::CheckText(grpc::CallbackServerContext* ctx,
    const grpc::ByteBuffer* request, grpc::ByteBuffer* response) {
  return RawUnary<v1::CheckTextRequest, v1::CheckTextResponse>(
      ctx, env_, "/kompas.v1.PrivacyService/CheckText", request, response,
      [this](const domain::Principal& caller, const v1::CheckTextRequest& request) {
        return checks_->CheckText(caller, request);
      });
}

grpc::ServerUnaryReactor* AuditServiceImpl::ListAuditEvents(grpc::CallbackServerContext* ctx,
    const grpc::ByteBuffer* request, grpc::ByteBuffer* response) {
  return RawUnary<v1::ListAuditEventsRequest, v1::ListAuditEventsResponse>(
      ctx, env_, "/kompas.v1.AuditService/ListAuditEvents", request, response,
      [this](const domain::Principal& caller, const v1::ListAuditEventsRequest& request) {
        return trail_->List(caller, request);
      });
}

grpc::ServerUnaryReactor* SessionServiceImpl::ListMethods(grpc::CallbackServerContext* ctx,
    const grpc::ByteBuffer* request, grpc::ByteBuffer* response) {
  return RawUnary<v1::ListMethodsRequest, v1::ListMethodsResponse>(
      ctx, env_, "/kompas.v1.SessionService/ListMethods", request, response,
      [this](const domain::Principal& /*caller*/, const v1::ListMethodsRequest& request) {
        return sessions_->ListMethods(request);
      });
}

grpc::ServerUnaryReactor* SessionServiceImpl::CreateSession(grpc::CallbackServerContext* ctx,
    const grpc::ByteBuffer* request, grpc::ByteBuffer* response) {
  return RawUnary<v1::CreateSessionRequest, v1::Session>(
      ctx, env_, "/kompas.v1.SessionService/CreateSession", request, response,
      [this](const domain::Principal& caller, const v1::CreateSessionRequest& request) {
        return sessions_->Create(caller, request);
      });
}

grpc::ServerUnaryReactor* SessionServiceImpl::GetSession(grpc::CallbackServerContext* ctx,
    const grpc::ByteBuffer* request, grpc::ByteBuffer* response) {
  return RawUnary<v1::GetSessionRequest, v1::Session>(
      ctx, env_, "/kompas.v1.SessionService/GetSession", request, response,
      [this](const domain::Principal& caller, const v1::GetSessionRequest& request) {
        return sessions_->Get(caller, request);
      });
}

grpc::ServerUnaryReactor* SessionServiceImpl::ListSessions(grpc::CallbackServerContext* ctx,
    const grpc::ByteBuffer* request, grpc::ByteBuffer* response) {
  return RawUnary<v1::ListSessionsRequest, v1::ListSessionsResponse>(
      ctx, env_, "/kompas.v1.SessionService/ListSessions", request, response,
      [this](const domain::Principal& caller, const v1::ListSessionsRequest& request) {
        return sessions_->List(caller, request);
      });
}

grpc::ServerUnaryReactor* SessionServiceImpl::JoinSession(grpc::CallbackServerContext* ctx,
    const grpc::ByteBuffer* request, grpc::ByteBuffer* response) {
  return RawUnary<v1::JoinSessionRequest, v1::Session>(
      ctx, env_, "/kompas.v1.SessionService/JoinSession", request, response,
      [this](const domain::Principal& caller, const v1::JoinSessionRequest& request) {
        return sessions_->Join(caller, request);
      });
}

grpc::ServerUnaryReactor* SessionServiceImpl::AdvancePhase(grpc::CallbackServerContext* ctx,
    const grpc::ByteBuffer* request, grpc::ByteBuffer* response) {
  return RawUnary<v1::AdvancePhaseRequest, v1::Session>(
      ctx, env_, "/kompas.v1.SessionService/AdvancePhase", request, response,
      [this](const domain::Principal& caller, const v1::AdvancePhaseRequest& request) {
        return sessions_->AdvancePhase(caller, request);
      });
}

grpc::ServerUnaryReactor* SessionServiceImpl::ParkQuestion(grpc::CallbackServerContext* ctx,
    const grpc::ByteBuffer* request, grpc::ByteBuffer* response) {
  return RawUnary<v1::ParkQuestionRequest, v1::ParkedQuestion>(
      ctx, env_, "/kompas.v1.SessionService/ParkQuestion", request, response,
      [this](const domain::Principal& caller, const v1::ParkQuestionRequest& request) {
        return sessions_->ParkQuestion(caller, request);
      });
}

grpc::ServerUnaryReactor* SessionServiceImpl::ListParkedQuestions(grpc::CallbackServerContext* ctx,
    const grpc::ByteBuffer* request, grpc::ByteBuffer* response) {
  return RawUnary<v1::ListParkedQuestionsRequest, v1::ListParkedQuestionsResponse>(
      ctx, env_, "/kompas.v1.SessionService/ListParkedQuestions", request, response,
      [this](const domain::Principal& caller, const v1::ListParkedQuestionsRequest& request) {
        return sessions_->ListParkedQuestions(caller, request);
      });
}

grpc::ServerUnaryReactor* SessionServiceImpl::AnswerParkedQuestion(grpc::CallbackServerContext* ctx,
    const grpc::ByteBuffer* request, grpc::ByteBuffer* response) {
  return RawUnary<v1::AnswerParkedQuestionRequest, v1::ParkedQuestion>(
      ctx, env_, "/kompas.v1.SessionService/AnswerParkedQuestion", request, response,
      [this](const domain::Principal& caller, const v1::AnswerParkedQuestionRequest& request) {
        return sessions_->AnswerParkedQuestion(caller, request);
      });
}

grpc::ServerUnaryReactor* SessionServiceImpl::AddConclusion(grpc::CallbackServerContext* ctx,
    const grpc::ByteBuffer* request, grpc::ByteBuffer* response) {
  return RawUnary<v1::AddConclusionRequest, v1::Conclusion>(
      ctx, env_, "/kompas.v1.SessionService/AddConclusion", request, response,
      [this](const domain::Principal& caller, const v1::AddConclusionRequest& request) {
        return sessions_->AddConclusion(caller, request);
      });
}

grpc::ServerUnaryReactor* SessionServiceImpl::CloseSession(grpc::CallbackServerContext* ctx,
    const grpc::ByteBuffer* request, grpc::ByteBuffer* response) {
  return RawUnary<v1::CloseSessionRequest, v1::Session>(
      ctx, env_, "/kompas.v1.SessionService/CloseSession", request, response,
      [this](const domain::Principal& caller, const v1::CloseSessionRequest& request) {
        return sessions_->Close(caller, request);
      });
}

grpc::ServerUnaryReactor* SessionServiceImpl::SubmitEvaluation(grpc::CallbackServerContext* ctx,
    const grpc::ByteBuffer* request, grpc::ByteBuffer* response) {
  return RawUnary<v1::SubmitEvaluationRequest, v1::SubmitEvaluationResponse>(
      ctx, env_, "/kompas.v1.SessionService/SubmitEvaluation", request, response,
      [this](const domain::Principal& caller, const v1::SubmitEvaluationRequest& request) {
        return sessions_->SubmitEvaluation(caller, request);
      });
}

grpc::ServerUnaryReactor* SessionServiceImpl::GetEvaluationSummary(grpc::CallbackServerContext* ctx,
    const grpc::ByteBuffer* request, grpc::ByteBuffer* response) {
  return RawUnary<v1::GetEvaluationSummaryRequest, v1::EvaluationSummary>(
      ctx, env_, "/kompas.v1.SessionService/GetEvaluationSummary", request, response,
      [this](const domain::Principal& caller, const v1::GetEvaluationSummaryRequest& request) {
        return sessions_->GetEvaluationSummary(caller, request);
      });
}

grpc::ServerWriteReactor<grpc::ByteBuffer>* SessionServiceImpl::WatchSession(
    grpc::CallbackServerContext* ctx, const grpc::ByteBuffer* request) {
  return ServeWatchSession(ctx, env_, request, sessions_);
}

grpc::ServerUnaryReactor* StandardServiceImpl::CreateStandard(grpc::CallbackServerContext* ctx,
    const grpc::ByteBuffer* request, grpc::ByteBuffer* response) {
  return RawUnary<v1::CreateStandardRequest, v1::Standard>(
      ctx, env_, "/kompas.v1.StandardService/CreateStandard", request, response,
      [this](const domain::Principal& caller, const v1::CreateStandardRequest& request) {
        return standards_->Create(caller, request);
      });
}

grpc::ServerUnaryReactor* StandardServiceImpl::GetStandard(grpc::CallbackServerContext* ctx,
    const grpc::ByteBuffer* request, grpc::ByteBuffer* response) {
  return RawUnary<v1::GetStandardRequest, v1::Standard>(
      ctx, env_, "/kompas.v1.StandardService/GetStandard", request, response,
      [this](const domain::Principal& caller, const v1::GetStandardRequest& request) {
        return standards_->Get(caller, request);
      });
}

grpc::ServerUnaryReactor* StandardServiceImpl::ListStandards(grpc::CallbackServerContext* ctx,
    const grpc::ByteBuffer* request, grpc::ByteBuffer* response) {
  return RawUnary<v1::ListStandardsRequest, v1::ListStandardsResponse>(
      ctx, env_, "/kompas.v1.StandardService/ListStandards", request, response,
      [this](const domain::Principal& caller, const v1::ListStandardsRequest& request) {
        return standards_->List(caller, request);
      });
}

grpc::ServerUnaryReactor* StandardServiceImpl::UpdateStandard(grpc::CallbackServerContext* ctx,
    const grpc::ByteBuffer* request, grpc::ByteBuffer* response) {
  return RawUnary<v1::UpdateStandardRequest, v1::Standard>(
      ctx, env_, "/kompas.v1.StandardService/UpdateStandard", request, response,
      [this](const domain::Principal& caller, const v1::UpdateStandardRequest& request) {
        return standards_->Update(caller, request);
      });
}

grpc::ServerUnaryReactor* StandardServiceImpl::ListRevisions(grpc::CallbackServerContext* ctx,
    const grpc::ByteBuffer* request, grpc::ByteBuffer* response) {
  return RawUnary<v1::ListRevisionsRequest, v1::ListRevisionsResponse>(
      ctx, env_, "/kompas.v1.StandardService/ListRevisions", request, response,
      [this](const domain::Principal& caller, const v1::ListRevisionsRequest& request) {
        return standards_->ListRevisions(caller, request);
      });
}

grpc::ServerUnaryReactor* StandardServiceImpl::DiffRevisions(grpc::CallbackServerContext* ctx,
    const grpc::ByteBuffer* request, grpc::ByteBuffer* response) {
  return RawUnary<v1::DiffRevisionsRequest, v1::DiffRevisionsResponse>(
      ctx, env_, "/kompas.v1.StandardService/DiffRevisions", request, response,
      [this](const domain::Principal& caller, const v1::DiffRevisionsRequest& request) {
        return standards_->DiffRevisions(caller, request);
      });
}

grpc::ServerUnaryReactor* StandardServiceImpl::ProposeStandard(grpc::CallbackServerContext* ctx,
    const grpc::ByteBuffer* request, grpc::ByteBuffer* response) {
  return RawUnary<v1::ProposeStandardRequest, v1::Standard>(
      ctx, env_, "/kompas.v1.StandardService/ProposeStandard", request, response,
      [this](const domain::Principal& caller, const v1::ProposeStandardRequest& request) {
        return standards_->Propose(caller, request);
      });
}

grpc::ServerUnaryReactor* StandardServiceImpl::EndorseStandard(grpc::CallbackServerContext* ctx,
    const grpc::ByteBuffer* request, grpc::ByteBuffer* response) {
  return RawUnary<v1::EndorseStandardRequest, v1::Standard>(
      ctx, env_, "/kompas.v1.StandardService/EndorseStandard", request, response,
      [this](const domain::Principal& caller, const v1::EndorseStandardRequest& request) {
        return standards_->Endorse(caller, request);
      });
}

grpc::ServerUnaryReactor* StandardServiceImpl::WithdrawEndorsement(grpc::CallbackServerContext* ctx,
    const grpc::ByteBuffer* request, grpc::ByteBuffer* response) {
  return RawUnary<v1::WithdrawEndorsementRequest, v1::Standard>(
      ctx, env_, "/kompas.v1.StandardService/WithdrawEndorsement", request, response,
      [this](const domain::Principal& caller, const v1::WithdrawEndorsementRequest& request) {
        return standards_->Withdraw(caller, request);
      });
}

grpc::ServerUnaryReactor* StandardServiceImpl::AdoptStandard(grpc::CallbackServerContext* ctx,
    const grpc::ByteBuffer* request, grpc::ByteBuffer* response) {
  return RawUnary<v1::AdoptStandardRequest, v1::Standard>(
      ctx, env_, "/kompas.v1.StandardService/AdoptStandard", request, response,
      [this](const domain::Principal& caller, const v1::AdoptStandardRequest& request) {
        return standards_->Adopt(caller, request);
      });
}

grpc::ServerUnaryReactor* StandardServiceImpl::RejectStandard(grpc::CallbackServerContext* ctx,
    const grpc::ByteBuffer* request, grpc::ByteBuffer* response) {
  return RawUnary<v1::RejectStandardRequest, v1::Standard>(
      ctx, env_, "/kompas.v1.StandardService/RejectStandard", request, response,
      [this](const domain::Principal& caller, const v1::RejectStandardRequest& request) {
        return standards_->Reject(caller, request);
      });
}

grpc::ServerUnaryReactor* StandardServiceImpl::RetireStandard(grpc::CallbackServerContext* ctx,
    const grpc::ByteBuffer* request, grpc::ByteBuffer* response) {
  return RawUnary<v1::RetireStandardRequest, v1::Standard>(
      ctx, env_, "/kompas.v1.StandardService/RetireStandard", request, response,
      [this](const domain::Principal& caller, const v1::RetireStandardRequest& request) {
        return standards_->Retire(caller, request);
      });
}

grpc::ServerUnaryReactor* StandardServiceImpl::SupersedeStandard(grpc::CallbackServerContext* ctx,
    const grpc::ByteBuffer* request, grpc::ByteBuffer* response) {
  return RawUnary<v1::SupersedeStandardRequest, v1::Standard>(
      ctx, env_, "/kompas.v1.StandardService/SupersedeStandard", request, response,
      [this](const domain::Principal& caller, const v1::SupersedeStandardRequest& request) {
        return standards_->Supersede(caller, request);
      });
}

grpc::ServerUnaryReactor* StandardServiceImpl::ReportErratum(grpc::CallbackServerContext* ctx,
    const grpc::ByteBuffer* request, grpc::ByteBuffer* response) {
  return RawUnary<v1::ReportErratumRequest, v1::Erratum>(
      ctx, env_, "/kompas.v1.StandardService/ReportErratum", request, response,
      [this](const domain::Principal& caller, const v1::ReportErratumRequest& request) {
        return standards_->ReportErratum(caller, request);
      });
}

grpc::ServerUnaryReactor* StandardServiceImpl::ListErrata(grpc::CallbackServerContext* ctx,
    const grpc::ByteBuffer* request, grpc::ByteBuffer* response) {
  return RawUnary<v1::ListErrataRequest, v1::ListErrataResponse>(
      ctx, env_, "/kompas.v1.StandardService/ListErrata", request, response,
      [this](const domain::Principal& caller, const v1::ListErrataRequest& request) {
        return standards_->ListErrata(caller, request);
      });
}

grpc::ServerUnaryReactor* StandardServiceImpl::ResolveErratum(grpc::CallbackServerContext* ctx,
    const grpc::ByteBuffer* request, grpc::ByteBuffer* response) {
  return RawUnary<v1::ResolveErratumRequest, v1::Erratum>(
      ctx, env_, "/kompas.v1.StandardService/ResolveErratum", request, response,
      [this](const domain::Principal& caller, const v1::ResolveErratumRequest& request) {
        return standards_->ResolveErratum(caller, request);
      });
}

grpc::ServerUnaryReactor* StandardServiceImpl::SetPosition(grpc::CallbackServerContext* ctx,
    const grpc::ByteBuffer* request, grpc::ByteBuffer* response) {
  return RawUnary<v1::SetPositionRequest, v1::Position>(
      ctx, env_, "/kompas.v1.StandardService/SetPosition", request, response,
      [this](const domain::Principal& caller, const v1::SetPositionRequest& request) {
        return standards_->SetPosition(caller, request);
      });
}

grpc::ServerUnaryReactor* StandardServiceImpl::ListPositions(grpc::CallbackServerContext* ctx,
    const grpc::ByteBuffer* request, grpc::ByteBuffer* response) {
  return RawUnary<v1::ListPositionsRequest, v1::ListPositionsResponse>(
      ctx, env_, "/kompas.v1.StandardService/ListPositions", request, response,
      [this](const domain::Principal& caller, const v1::ListPositionsRequest& request) {
        return standards_->ListPositions(caller, request);
      });
}

grpc::ServerUnaryReactor* StandardServiceImpl::GetRegisterSummary(grpc::CallbackServerContext* ctx,
    const grpc::ByteBuffer* request, grpc::ByteBuffer* response) {
  return RawUnary<v1::GetRegisterSummaryRequest, v1::RegisterSummary>(
      ctx, env_, "/kompas.v1.StandardService/GetRegisterSummary", request, response,
      [this](const domain::Principal& caller, const v1::GetRegisterSummaryRequest& request) {
        return standards_->GetRegisterSummary(caller, request);
      });
}

grpc::ServerUnaryReactor* KompasServiceImpl::PublishKompas(grpc::CallbackServerContext* ctx,
    const grpc::ByteBuffer* request, grpc::ByteBuffer* response) {
  return RawUnary<v1::PublishKompasRequest, v1::Kompas>(
      ctx, env_, "/kompas.v1.KompasService/PublishKompas", request, response,
      [this](const domain::Principal& caller, const v1::PublishKompasRequest& request) {
        return versions_->Publish(caller, request);
      });
}

grpc::ServerUnaryReactor* KompasServiceImpl::GetKompas(grpc::CallbackServerContext* ctx,
    const grpc::ByteBuffer* request, grpc::ByteBuffer* response) {
  return RawUnary<v1::GetKompasRequest, v1::Kompas>(
      ctx, env_, "/kompas.v1.KompasService/GetKompas", request, response,
      [this](const domain::Principal& caller, const v1::GetKompasRequest& request) {
        return versions_->Get(caller, request);
      });
}

grpc::ServerUnaryReactor* KompasServiceImpl::ListKompasVersions(grpc::CallbackServerContext* ctx,
    const grpc::ByteBuffer* request, grpc::ByteBuffer* response) {
  return RawUnary<v1::ListKompasVersionsRequest, v1::ListKompasVersionsResponse>(
      ctx, env_, "/kompas.v1.KompasService/ListKompasVersions", request, response,
      [this](const domain::Principal& caller, const v1::ListKompasVersionsRequest& request) {
        return versions_->List(caller, request);
      });
}

grpc::ServerUnaryReactor* KompasServiceImpl::DiffKompas(grpc::CallbackServerContext* ctx,
    const grpc::ByteBuffer* request, grpc::ByteBuffer* response) {
  return RawUnary<v1::DiffKompasRequest, v1::DiffKompasResponse>(
      ctx, env_, "/kompas.v1.KompasService/DiffKompas", request, response,
      [this](const domain::Principal& caller, const v1::DiffKompasRequest& request) {
        return versions_->Diff(caller, request);
      });
}

grpc::ServerWriteReactor<grpc::ByteBuffer>* KompasServiceImpl::ExportKompas(
    grpc::CallbackServerContext* ctx, const grpc::ByteBuffer* request) {
  return RawFiniteStream<v1::ExportKompasRequest, v1::ExportKompasResponse>(
      ctx, env_, "/kompas.v1.KompasService/ExportKompas", request,
      [this](const domain::Principal& caller, const v1::ExportKompasRequest& request) {
        return versions_->Export(caller, request);
      });
}

grpc::ServerUnaryReactor* SearchServiceImpl::Search(grpc::CallbackServerContext* ctx,
    const grpc::ByteBuffer* request, grpc::ByteBuffer* response) {
  return RawUnary<v1::SearchRequest, v1::SearchResponse>(
      ctx, env_, "/kompas.v1.SearchService/Search", request, response,
      [this](const domain::Principal& caller, const v1::SearchRequest& request) {
        return searches_->Search(caller, request);
      });
}

grpc::ServerUnaryReactor* SearchServiceImpl::SimilarCases(grpc::CallbackServerContext* ctx,
    const grpc::ByteBuffer* request, grpc::ByteBuffer* response) {
  return RawUnary<v1::SimilarCasesRequest, v1::SimilarCasesResponse>(
      ctx, env_, "/kompas.v1.SearchService/SimilarCases", request, response,
      [this](const domain::Principal& caller, const v1::SimilarCasesRequest& request) {
        return searches_->SimilarCases(caller, request);
      });
}

grpc::ServerUnaryReactor* SearchServiceImpl::ApplicableStandards(grpc::CallbackServerContext* ctx,
    const grpc::ByteBuffer* request, grpc::ByteBuffer* response) {
  return RawUnary<v1::ApplicableStandardsRequest, v1::ApplicableStandardsResponse>(
      ctx, env_, "/kompas.v1.SearchService/ApplicableStandards", request, response,
      [this](const domain::Principal& caller, const v1::ApplicableStandardsRequest& request) {
        return searches_->ApplicableStandards(caller, request);
      });
}

grpc::ServerUnaryReactor* AnnotationServiceImpl::CreateAnnotation(grpc::CallbackServerContext* ctx,
    const grpc::ByteBuffer* request, grpc::ByteBuffer* response) {
  return RawUnary<v1::CreateAnnotationRequest, v1::Annotation>(
      ctx, env_, "/kompas.v1.AnnotationService/CreateAnnotation", request, response,
      [this](const domain::Principal& caller, const v1::CreateAnnotationRequest& request) {
        return annotations_->Create(caller, request);
      });
}

grpc::ServerUnaryReactor* AnnotationServiceImpl::ListAnnotations(grpc::CallbackServerContext* ctx,
    const grpc::ByteBuffer* request, grpc::ByteBuffer* response) {
  return RawUnary<v1::ListAnnotationsRequest, v1::ListAnnotationsResponse>(
      ctx, env_, "/kompas.v1.AnnotationService/ListAnnotations", request, response,
      [this](const domain::Principal& caller, const v1::ListAnnotationsRequest& request) {
        return annotations_->List(caller, request);
      });
}

grpc::ServerUnaryReactor* AnnotationServiceImpl::UpdateAnnotation(grpc::CallbackServerContext* ctx,
    const grpc::ByteBuffer* request, grpc::ByteBuffer* response) {
  return RawUnary<v1::UpdateAnnotationRequest, v1::Annotation>(
      ctx, env_, "/kompas.v1.AnnotationService/UpdateAnnotation", request, response,
      [this](const domain::Principal& caller, const v1::UpdateAnnotationRequest& request) {
        return annotations_->Update(caller, request);
      });
}

grpc::ServerUnaryReactor* AnnotationServiceImpl::DeleteAnnotation(grpc::CallbackServerContext* ctx,
    const grpc::ByteBuffer* request, grpc::ByteBuffer* response) {
  return RawUnary<v1::DeleteAnnotationRequest, google::protobuf::Empty>(
      ctx, env_, "/kompas.v1.AnnotationService/DeleteAnnotation", request, response,
      [this](const domain::Principal& caller, const v1::DeleteAnnotationRequest& request) {
        return ToEmpty(annotations_->Delete(caller, request));
      });
}

}  // namespace kompas::api
