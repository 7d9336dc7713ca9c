// The crash loop's connection to one running kompasd: a channel, a stub per
// service, and the demo members' tokens (kompasd's --demo_tokens_file).
// Thread-safe: gRPC stubs may be shared by the client threads.
#ifndef KOMPAS_CRASH_API_H_
#define KOMPAS_CRASH_API_H_

#include <map>
#include <memory>
#include <string>

#include "absl/time/time.h"
#include "grpcpp/grpcpp.h"
#include "kompas/v1/annotation.grpc.pb.h"
#include "kompas/v1/audit.grpc.pb.h"
#include "kompas/v1/case.grpc.pb.h"
#include "kompas/v1/kompas.grpc.pb.h"
#include "kompas/v1/search.grpc.pb.h"
#include "kompas/v1/session.grpc.pb.h"
#include "kompas/v1/standard.grpc.pb.h"

namespace kompas::crash {

// The demo community and the members the clients act as (data/demo_community.json).
inline constexpr char kCommunity[] = "communities/wijkteams";
inline constexpr char kAuthor[] = "anna-zaanstad";       // professional: writes every case
inline constexpr char kPeer[] = "eva-amsterdam";         // professional: reflects, joins
inline constexpr char kFacilitator[] = "bram-enschede";  // facilitator (and professional)
inline constexpr char kSteward[] = "dewi-westland";      // steward (GM1783)
inline constexpr char kOfficer[] = "chris-utrecht";      // privacy officer (GM0344)

// member → token, from a --demo_tokens_file ("member\troles\ttoken" lines).
std::map<std::string, std::string> ReadDemoTokens(const std::string& path);

class Api {
 public:
  Api(const std::string& address, std::map<std::string, std::string> tokens);

  // A context signed in as `member`, with a deadline `timeout` from now.
  std::unique_ptr<grpc::ClientContext> Context(const std::string& member,
                                               absl::Duration timeout = absl::Seconds(10)) const;

  v1::CaseService::Stub& cases() const { return *cases_; }
  v1::SessionService::Stub& sessions() const { return *sessions_; }
  v1::StandardService::Stub& standards() const { return *standards_; }
  v1::KompasService::Stub& kompas() const { return *kompas_; }
  v1::AnnotationService::Stub& annotations() const { return *annotations_; }
  v1::SearchService::Stub& search() const { return *search_; }
  v1::AuditService::Stub& audit() const { return *audit_; }

 private:
  std::map<std::string, std::string> tokens_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::CaseService::Stub> cases_;
  std::unique_ptr<v1::SessionService::Stub> sessions_;
  std::unique_ptr<v1::StandardService::Stub> standards_;
  std::unique_ptr<v1::KompasService::Stub> kompas_;
  std::unique_ptr<v1::AnnotationService::Stub> annotations_;
  std::unique_ptr<v1::SearchService::Stub> search_;
  std::unique_ptr<v1::AuditService::Stub> audit_;
};

}  // namespace kompas::crash

#endif  // KOMPAS_CRASH_API_H_
