// A real kompasd in-process for integration tests: RocksDB in a fresh temp
// directory, the gRPC server on a loopback port chosen by the kernel, and
// client stubs that identify as a given member.
#ifndef KOMPAS_TESTS_INTEGRATION_SERVER_FIXTURE_H_
#define KOMPAS_TESTS_INTEGRATION_SERVER_FIXTURE_H_

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "api/core.h"
#include "api/server.h"
#include "domain/cases.h"
#include "audit/audit_log.h"
#include "auth/caller.h"
#include "auth/tokens.h"
#include "domain/audit_trail.h"
#include "domain/communities.h"
#include "domain/privacy_checks.h"
#include "domain/text_gate.h"
#include "privacy/gate.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "gmock/gmock.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "kompas/v1/annotation.grpc.pb.h"
#include "kompas/v1/audit.grpc.pb.h"
#include "kompas/v1/case.grpc.pb.h"
#include "kompas/v1/community.grpc.pb.h"
#include "kompas/v1/kompas.grpc.pb.h"
#include "kompas/v1/privacy.grpc.pb.h"
#include "kompas/v1/search.grpc.pb.h"
#include "kompas/v1/session.grpc.pb.h"
#include "kompas/v1/standard.grpc.pb.h"
#include "store/store.h"
#include "testing/municipalities.h"
#include "testing/temp_dir.h"
#include "tests/fixture_names.h"

namespace kompas::testing {

// The field violations of the BadRequest in a failed call's details.
inline std::vector<google::rpc::BadRequest::FieldViolation> FieldViolationsOf(
    const grpc::Status& s) {
  std::vector<google::rpc::BadRequest::FieldViolation> out;
  google::rpc::Status details;
  if (!details.ParseFromString(s.error_details())) return out;
  for (const auto& any : details.details()) {
    google::rpc::BadRequest br;
    if (any.UnpackTo(&br)) out.insert(out.end(), br.field_violations().begin(), br.field_violations().end());
  }
  return out;
}

class ServerFixture : public ::testing::Test {
 protected:
  void SetUp() override { StartServer(); }
  void TearDown() override { StopServer(); }

  void StartServer() {
    if (!gate_) {
      // One gate for the whole test: loading it takes a fifth of a second.
      auto gate = privacy::Gate::Create(privacy::GateOptions());
      ASSERT_TRUE(gate.ok()) << gate.status();
      gate_ = *std::move(gate);
    }
    api::CoreOptions core_options = core_options_;
    core_options.store.data_dir = dir_.Sub("db");
    auto core = api::Core::Open(core_options, gate_.get());
    ASSERT_TRUE(core.ok()) << core.status();
    core_ = *std::move(core);
    store_ = &core_->store();
    tokens_ = &core_->tokens();
    communities_ = &core_->communities();
    cases_ = &core_->cases();
    api::ServerOptions options;
    options.address = "127.0.0.1:0";
    options.shutdown_grace = absl::Seconds(5);
    options.drain = absl::Milliseconds(300);
    options.rate_limit = rate_limit_;
    options.watch_limits = watch_limits_;
    options.failed_auth = failed_auth_;
    options.stream_stall = stream_stall_;
    options.connections = connections_;
    auto server = api::Server::Start(options, core_->backends());
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    channel_ = grpc::CreateChannel(absl::StrCat("127.0.0.1:", server_->port()),
                                   grpc::InsecureChannelCredentials());
    community_stub_ = v1::CommunityService::NewStub(channel_);
    case_stub_ = v1::CaseService::NewStub(channel_);
    privacy_stub_ = v1::PrivacyService::NewStub(channel_);
    session_stub_ = v1::SessionService::NewStub(channel_);
    annotation_stub_ = v1::AnnotationService::NewStub(channel_);
    search_stub_ = v1::SearchService::NewStub(channel_);
    standard_stub_ = v1::StandardService::NewStub(channel_);
    kompas_stub_ = v1::KompasService::NewStub(channel_);
    audit_stub_ = v1::AuditService::NewStub(channel_);
  }

  // Stops the server and starts it again on the same store, e.g. with the
  // options a test set since (rate_limit_, watch_limits_, ...).
  void RestartServer() {
    StopServer();
    StartServer();
  }

  void StopServer() {
    if (server_) server_->Shutdown();
    server_.reset();
    if (core_) {
      EXPECT_TRUE(core_->Close().ok());
    }
    core_.reset();
    store_ = nullptr;
    tokens_ = nullptr;
    communities_ = nullptr;
    cases_ = nullptr;
  }

  // A client context carrying a token of `member` (issued on first use;
  // "admin-dev" gets an administrator's token; empty: no token at all).
  std::unique_ptr<grpc::ClientContext> As(const std::string& member) {
    auto ctx = std::make_unique<grpc::ClientContext>();
    if (!member.empty()) ctx->AddMetadata("authorization", "Bearer " + TokenOf(member));
    ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    return ctx;
  }

  // Thread-safe: tests call it from watcher threads while the main thread
  // writes (a first use by two threads at once used to corrupt the map).
  std::string TokenOf(const std::string& member) {
    absl::MutexLock lock(&token_cache_mu_);
    auto it = token_cache_.find(member);
    if (it != token_cache_.end()) return it->second;
    auto issued = tokens_->Issue(member, {.admin = member == "admin-dev"});
    EXPECT_TRUE(issued.ok()) << issued.status();
    return token_cache_[member] = issued.ok() ? issued->token : "";
  }

  // The next As(member) gets a newly issued token.
  void ForgetToken(const std::string& member) {
    absl::MutexLock lock(&token_cache_mu_);
    token_cache_.erase(member);
  }

  // Creates community "wijkteams" with two municipalities and two members.
  void CreateDemoCommunity() {
    ASSERT_TRUE(communities_
                    ->UpsertMunicipalities(MunicipalityList(
                        {{"GM0479", "Zaanstad"}, {"GM0153", "Enschede"}, {"GM0344", "Utrecht"}}))
                    .ok());
    v1::CreateCommunityRequest req;
    req.set_community_id("wijkteams");  // kCommunity
    req.mutable_community()->set_display_name("Leergemeenschap privacy");
    req.mutable_community()->add_municipalities("municipalities/GM0479");
    req.mutable_community()->add_municipalities("municipalities/GM0153");
    v1::Community out;
    ASSERT_TRUE(community_stub_->CreateCommunity(As("admin-dev").get(), req, &out).ok());
    AddMember(kAnna, "municipalities/GM0479");
    AddMember(kBram, "municipalities/GM0153");
  }

  // Creates community `id` with one municipality (CreateDemoCommunity adds
  // GM0344, Utrecht, to the known ones without using it), as the administrator.
  void CreateCommunity(const std::string& id, const std::string& municipality) {
    v1::CreateCommunityRequest req;
    req.set_community_id(id);
    req.mutable_community()->set_display_name("Elders");
    req.mutable_community()->add_municipalities(municipality);
    v1::Community out;
    grpc::Status s = community_stub_->CreateCommunity(As("admin-dev").get(), req, &out);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }

  // Adds member `id` of `municipality` ("municipalities/GM0479") to
  // `community` (its id) with `roles`, as the administrator.
  void AddMember(const std::string& id, const std::string& municipality,
                 const std::string& community = "wijkteams",
                 const std::vector<v1::Role>& roles = {v1::ROLE_PROFESSIONAL}) {
    v1::AddMemberRequest req;
    req.set_parent("communities/" + community);
    req.set_member_id(id);
    req.mutable_member()->set_display_name("Wijkcoach");
    req.mutable_member()->set_municipality(municipality);
    for (v1::Role role : roles) req.mutable_member()->add_roles(role);
    v1::Member out;
    grpc::Status s = community_stub_->AddMember(As("admin-dev").get(), req, &out);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }

  static v1::Case SampleCase(const std::string& title) {
    v1::Case c;
    c.set_title(title);
    c.set_situation("Een basisschool in de wijk vraagt of een leerling bekend is bij het wijkteam.");
    c.set_question("Mag ik dat bevestigen zonder toestemming van de ouders?");
    c.mutable_framing()->set_task("Jeugdwet: toegang tot jeugdhulp");
    c.mutable_framing()->set_purpose("De school wil weten of er al hulp is.");
    c.add_laws("Jeugdwet");
    c.add_themes("gegevensdeling-school");
    return c;
  }

  grpc::Status CreateCase(const std::string& member, const v1::Case& c, v1::Case* out,
                          const std::string& request_id = "") {
    v1::CreateCaseRequest req;
    req.set_parent(kCommunity);
    *req.mutable_case_() = c;
    req.set_request_id(request_id);
    return case_stub_->CreateCase(As(member).get(), req, out);
  }

  // CreateCase that must succeed; the created case.
  v1::Case MustCreate(const std::string& member, const v1::Case& c) {
    v1::Case out;
    grpc::Status s = CreateCase(member, c, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  }

  // Starts a session of `method` on case `case_name` as `member`.
  grpc::Status CreateSession(const std::string& member, const std::string& case_name,
                             const std::string& method, v1::Session* out) {
    v1::CreateSessionRequest req;
    req.set_parent(kCommunity);
    req.mutable_session()->set_case_(case_name);
    req.mutable_session()->set_method(method);
    return session_stub_->CreateSession(As(member).get(), req, out);
  }

  // Reads case `name` as `member`.
  grpc::Status GetCase(const std::string& member, const std::string& name, v1::Case* out) {
    v1::GetCaseRequest req;
    req.set_name(name);
    return case_stub_->GetCase(As(member).get(), req, out);
  }

  // Sets the status of case `name` as `member` (an UpdateCase of "status").
  grpc::Status SetCaseStatus(const std::string& member, const std::string& name,
                             v1::CaseStatus status, v1::Case* out) {
    v1::UpdateCaseRequest req;
    req.mutable_case_()->set_name(name);
    req.mutable_case_()->set_status(status);
    req.mutable_update_mask()->add_paths("status");
    return case_stub_->UpdateCase(As(member).get(), req, out);
  }

  // Adds a reflection of `kind` with `text` to case `parent` as `member`.
  grpc::Status Reflect(const std::string& member, const std::string& parent,
                       v1::ReflectionKind kind, const std::string& text,
                       v1::Reflection* out = nullptr) {
    v1::CreateReflectionRequest req;
    req.set_parent(parent);
    req.mutable_reflection()->set_kind(kind);
    req.mutable_reflection()->set_text(text);
    v1::Reflection ignored;
    return case_stub_->CreateReflection(As(member).get(), req, out ? out : &ignored);
  }

  // The field paths of the BadRequest in a failed call's details.
  static std::vector<std::string> ViolatedFields(const grpc::Status& s) {
    std::vector<std::string> fields;
    for (const auto& v : FieldViolationsOf(s)) fields.push_back(v.field());
    return fields;
  }

  // The reason of the ErrorInfo in a failed call's details ("" when none).
  // The ErrorInfo reason of a failed call ("" when none); its metadata
  // (the refusal's facts) into `facts` when given.
  static std::string ErrorReason(const grpc::Status& s,
                                 std::map<std::string, std::string>* facts = nullptr) {
    google::rpc::Status details;
    if (!details.ParseFromString(s.error_details())) return "";
    for (const auto& any : details.details()) {
      google::rpc::ErrorInfo info;
      if (!any.UnpackTo(&info)) continue;
      if (facts != nullptr) facts->insert(info.metadata().begin(), info.metadata().end());
      return info.reason();
    }
    return "";
  }

  TempDir dir_;
  std::unique_ptr<privacy::Gate> gate_;
  std::unique_ptr<api::Core> core_;
  // Views into core_, for brevity in tests; reset with it.
  store::Store* store_ = nullptr;
  auth::TokenStore* tokens_ = nullptr;
  domain::Communities* communities_ = nullptr;
  domain::Cases* cases_ = nullptr;
  absl::Mutex token_cache_mu_;
  std::map<std::string, std::string> token_cache_ ABSL_GUARDED_BY(token_cache_mu_);
  api::RateLimitOptions rate_limit_{.rate = 100000, .burst = 100000};
  // Set before StartServer: open watches per member and session, and how
  // long a stream may wait on a client that does not read.
  api::WatchLimitOptions watch_limits_;
  api::RateLimitOptions failed_auth_ = api::ServerOptions().failed_auth;
  absl::Duration stream_stall_ = absl::Seconds(30);
  // Set before StartServer: handshake, keepalive and idle timeouts.
  api::ConnectionOptions connections_;
  // Set before StartServer to change the core's options (data_dir is ours).
  api::CoreOptions core_options_;
  std::unique_ptr<api::Server> server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::CommunityService::Stub> community_stub_;
  std::unique_ptr<v1::CaseService::Stub> case_stub_;
  std::unique_ptr<v1::PrivacyService::Stub> privacy_stub_;
  std::unique_ptr<v1::SessionService::Stub> session_stub_;
  std::unique_ptr<v1::AnnotationService::Stub> annotation_stub_;
  std::unique_ptr<v1::SearchService::Stub> search_stub_;
  std::unique_ptr<v1::StandardService::Stub> standard_stub_;
  std::unique_ptr<v1::KompasService::Stub> kompas_stub_;
  std::unique_ptr<v1::AuditService::Stub> audit_stub_;
};

// ServerFixture with the demo community made before each test (see
// CreateDemoCommunity): most integration tests start from it.
class DemoCommunityFixture : public ServerFixture {
 protected:
  void SetUp() override {
    ServerFixture::SetUp();
    CreateDemoCommunity();
  }
};

}  // namespace kompas::testing

#endif  // KOMPAS_TESTS_INTEGRATION_SERVER_FIXTURE_H_
