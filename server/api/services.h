// The gRPC services of kompas.v1. Handlers are thin: each parses nothing
// itself, calls one domain use case through Unary() and maps the result.
#ifndef KOMPAS_API_SERVICES_H_
#define KOMPAS_API_SERVICES_H_

#include "api/work_pool.h"
#include "domain/cases.h"
#include "domain/communities.h"
#include "kompas/v1/case.grpc.pb.h"
#include "kompas/v1/community.grpc.pb.h"

namespace kompas::api {

class CommunityServiceImpl final : public v1::CommunityService::CallbackService {
 public:
  CommunityServiceImpl(domain::Communities* communities, WorkPool* pool)
      : communities_(communities), pool_(pool) {}

  grpc::ServerUnaryReactor* GetCommunity(grpc::CallbackServerContext* ctx,
                                         const v1::GetCommunityRequest* request,
                                         v1::Community* response) override;
  grpc::ServerUnaryReactor* ListCommunities(grpc::CallbackServerContext* ctx,
                                            const v1::ListCommunitiesRequest* request,
                                            v1::ListCommunitiesResponse* response) override;
  grpc::ServerUnaryReactor* CreateCommunity(grpc::CallbackServerContext* ctx,
                                            const v1::CreateCommunityRequest* request,
                                            v1::Community* response) override;
  grpc::ServerUnaryReactor* ListMembers(grpc::CallbackServerContext* ctx,
                                        const v1::ListMembersRequest* request,
                                        v1::ListMembersResponse* response) override;
  grpc::ServerUnaryReactor* AddMember(grpc::CallbackServerContext* ctx,
                                      const v1::AddMemberRequest* request,
                                      v1::Member* response) override;
  grpc::ServerUnaryReactor* ListMunicipalities(grpc::CallbackServerContext* ctx,
                                               const v1::ListMunicipalitiesRequest* request,
                                               v1::ListMunicipalitiesResponse* response) override;

 private:
  domain::Communities* communities_;
  WorkPool* pool_;
};

class CaseServiceImpl final : public v1::CaseService::CallbackService {
 public:
  CaseServiceImpl(domain::Cases* cases, WorkPool* pool) : cases_(cases), pool_(pool) {}

  grpc::ServerUnaryReactor* CreateCase(grpc::CallbackServerContext* ctx,
                                       const v1::CreateCaseRequest* request,
                                       v1::Case* response) override;
  grpc::ServerUnaryReactor* GetCase(grpc::CallbackServerContext* ctx,
                                    const v1::GetCaseRequest* request,
                                    v1::Case* response) override;
  grpc::ServerUnaryReactor* ListCases(grpc::CallbackServerContext* ctx,
                                      const v1::ListCasesRequest* request,
                                      v1::ListCasesResponse* response) override;
  grpc::ServerUnaryReactor* UpdateCase(grpc::CallbackServerContext* ctx,
                                       const v1::UpdateCaseRequest* request,
                                       v1::Case* response) override;
  grpc::ServerUnaryReactor* DeleteCase(grpc::CallbackServerContext* ctx,
                                       const v1::DeleteCaseRequest* request,
                                       google::protobuf::Empty* response) override;
  grpc::ServerUnaryReactor* CreateReflection(grpc::CallbackServerContext* ctx,
                                             const v1::CreateReflectionRequest* request,
                                             v1::Reflection* response) override;
  grpc::ServerUnaryReactor* ListReflections(grpc::CallbackServerContext* ctx,
                                            const v1::ListReflectionsRequest* request,
                                            v1::ListReflectionsResponse* response) override;

 private:
  domain::Cases* cases_;
  WorkPool* pool_;
};

}  // namespace kompas::api

#endif  // KOMPAS_API_SERVICES_H_
