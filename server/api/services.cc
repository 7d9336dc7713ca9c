#include "api/services.h"

#include "api/unary.h"

namespace kompas::api {

grpc::ServerUnaryReactor* CommunityServiceImpl::GetCommunity(grpc::CallbackServerContext* ctx,
    const v1::GetCommunityRequest* request, v1::Community* response) {
  return Unary(ctx, pool_, "GetCommunity", [this, request, response](const domain::Principal& /*caller*/) {
    return Assign(communities_->Get(*request), response);
  });
}

grpc::ServerUnaryReactor* CommunityServiceImpl::ListCommunities(grpc::CallbackServerContext* ctx,
    const v1::ListCommunitiesRequest* request, v1::ListCommunitiesResponse* response) {
  return Unary(ctx, pool_, "ListCommunities", [this, request, response](const domain::Principal& /*caller*/) {
    return Assign(communities_->List(*request), response);
  });
}

grpc::ServerUnaryReactor* CommunityServiceImpl::CreateCommunity(grpc::CallbackServerContext* ctx,
    const v1::CreateCommunityRequest* request, v1::Community* response) {
  return Unary(ctx, pool_, "CreateCommunity", [this, request, response](const domain::Principal& /*caller*/) {
    return Assign(communities_->Create(*request), response);
  });
}

grpc::ServerUnaryReactor* CommunityServiceImpl::ListMembers(grpc::CallbackServerContext* ctx,
    const v1::ListMembersRequest* request, v1::ListMembersResponse* response) {
  return Unary(ctx, pool_, "ListMembers", [this, request, response](const domain::Principal& /*caller*/) {
    return Assign(communities_->ListMembers(*request), response);
  });
}

grpc::ServerUnaryReactor* CommunityServiceImpl::AddMember(grpc::CallbackServerContext* ctx,
    const v1::AddMemberRequest* request, v1::Member* response) {
  return Unary(ctx, pool_, "AddMember", [this, request, response](const domain::Principal& /*caller*/) {
    return Assign(communities_->AddMember(*request), response);
  });
}

grpc::ServerUnaryReactor* CommunityServiceImpl::ListMunicipalities(grpc::CallbackServerContext* ctx,
    const v1::ListMunicipalitiesRequest* request, v1::ListMunicipalitiesResponse* response) {
  return Unary(ctx, pool_, "ListMunicipalities", [this, request, response](const domain::Principal& /*caller*/) {
    return Assign(communities_->ListMunicipalities(*request), response);
  });
}

grpc::ServerUnaryReactor* CaseServiceImpl::CreateCase(grpc::CallbackServerContext* ctx,
    const v1::CreateCaseRequest* request, v1::Case* response) {
  return Unary(ctx, pool_, "CreateCase", [this, request, response](const domain::Principal& caller) {
    return Assign(cases_->Create(caller, *request), response);
  });
}

grpc::ServerUnaryReactor* CaseServiceImpl::GetCase(grpc::CallbackServerContext* ctx,
    const v1::GetCaseRequest* request, v1::Case* response) {
  return Unary(ctx, pool_, "GetCase", [this, request, response](const domain::Principal& caller) {
    return Assign(cases_->Get(caller, *request), response);
  });
}

grpc::ServerUnaryReactor* CaseServiceImpl::ListCases(grpc::CallbackServerContext* ctx,
    const v1::ListCasesRequest* request, v1::ListCasesResponse* response) {
  return Unary(ctx, pool_, "ListCases", [this, request, response](const domain::Principal& caller) {
    return Assign(cases_->List(caller, *request), response);
  });
}

grpc::ServerUnaryReactor* CaseServiceImpl::UpdateCase(grpc::CallbackServerContext* ctx,
    const v1::UpdateCaseRequest* request, v1::Case* response) {
  return Unary(ctx, pool_, "UpdateCase", [this, request, response](const domain::Principal& caller) {
    return Assign(cases_->Update(caller, *request), response);
  });
}

grpc::ServerUnaryReactor* CaseServiceImpl::CreateReflection(grpc::CallbackServerContext* ctx,
    const v1::CreateReflectionRequest* request, v1::Reflection* response) {
  return Unary(ctx, pool_, "CreateReflection", [this, request, response](const domain::Principal& caller) {
    return Assign(cases_->CreateReflection(caller, *request), response);
  });
}

grpc::ServerUnaryReactor* CaseServiceImpl::ListReflections(grpc::CallbackServerContext* ctx,
    const v1::ListReflectionsRequest* request, v1::ListReflectionsResponse* response) {
  return Unary(ctx, pool_, "ListReflections", [this, request, response](const domain::Principal& caller) {
    return Assign(cases_->ListReflections(caller, *request), response);
  });
}

grpc::ServerUnaryReactor* CaseServiceImpl::DeleteCase(grpc::CallbackServerContext* ctx,
    const v1::DeleteCaseRequest* request, google::protobuf::Empty* /*response*/) {
  return Unary(ctx, pool_, "DeleteCase", [this, request](const domain::Principal& caller) {
    return cases_->Delete(caller, *request);
  });
}

}  // namespace kompas::api
