// Access control and the audit trail over real gRPC calls: the policy table
// covers every RPC of every kompas.v1 service (checked against the proto
// descriptors, calling each RPC for real as every role), tokens, community
// boundaries, rate limits, and who read what.
#include <filesystem>
#include <future>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "google/api/resource.pb.h"
#include "domain/auditor.h"
#include "absl/strings/str_split.h"
#include "absl/strings/str_join.h"
#include "api/rpc_table.h"
#include "auth/policy.h"
#include "gmock/gmock.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/dynamic_message.h"
#include "grpcpp/generic/generic_stub.h"
#include "gtest/gtest.h"
#include "kompas/v1/audit.grpc.pb.h"
#include "tests/integration/server_fixture.h"

namespace kompas::testing {
namespace {

class AccessTest : public DemoCommunityFixture {
 protected:
  void SetUp() override {
    DemoCommunityFixture::SetUp();  // anna-zaanstad and bram-enschede, professionals
    for (const auto& [id, role] : std::vector<std::pair<std::string, v1::Role>>{
             {"fac-enschede", v1::ROLE_FACILITATOR},
             {"priv-zaanstad", v1::ROLE_PRIVACY_OFFICER},
             {"stew-enschede", v1::ROLE_STEWARD},
             {"export-bot", v1::ROLE_EXPORTER}}) {
      ASSERT_NO_FATAL_FAILURE(AddMember(id, "municipalities/GM0479", "wijkteams", {role}));
    }
    ASSERT_TRUE(CreateCase("anna-zaanstad", SampleCase("Casus"), &case_).ok());
    ASSERT_TRUE(SetCaseStatus(kAnna, case_.name(), v1::CASE_STATUS_OPEN, &case_).ok());
  }

  // Calls `method` with bytes `request` as `member`; returns the status.
  grpc::Status CallRaw(const std::string& method, const std::string& request,
                       const std::string& member) {
    grpc::Slice slice(request);
    grpc::ByteBuffer in(&slice, 1), out;
    grpc::GenericStub stub(channel_);
    auto ctx = As(member);
    std::promise<grpc::Status> done;
    stub.UnaryCall(ctx.get(), method, grpc::StubOptions(), &in, &out,
                   [&](grpc::Status s) { done.set_value(s); });
    return done.get_future().get();
  }

  // A request for `method` that names this test's community or case, so the
  // policy decides on a real resource.
  std::string RequestFor(const google::protobuf::MethodDescriptor* method) {
    google::protobuf::DynamicMessageFactory factory;
    std::unique_ptr<google::protobuf::Message> m(
        factory.GetPrototype(method->input_type())->New());
    const auto* d = m->GetDescriptor();
    const auto* r = m->GetReflection();
    // Children of a case (reflections) have the case as parent.
    const bool under_case = absl::StrContains(method->name(), "Reflection");
    for (const char* field : {"parent", "name", "community"}) {
      const auto* f = d->FindFieldByName(field);
      if (f == nullptr || f->type() != google::protobuf::FieldDescriptor::TYPE_STRING) continue;
      std::string value = "communities/wijkteams";
      if (under_case || (std::string(field) == "name" && absl::StrContains(method->name(), "Case"))) {
        value = case_.name();
      }
      r->SetString(m.get(), f, value);
    }
    // Destructive calls carry a stale etag, so an allowed call is refused
    // after authorization (ABORTED) instead of deleting the test's case.
    if (const auto* f = d->FindFieldByName("etag"); f != nullptr) {
      r->SetString(m.get(), f, "stale-etag");
    }
    // Requests that carry the resource itself (UpdateCase, UpdateStandard,
    // SetPosition) name it inside; a `case` string is a filter
    // (ListSessions) and stays empty.
    for (int i = 0; i < d->field_count(); ++i) {
      const auto* f = d->field(i);
      if (f->type() != google::protobuf::FieldDescriptor::TYPE_MESSAGE || f->is_repeated()) {
        continue;
      }
      const auto* name = f->message_type()->FindFieldByName("name");
      if (name == nullptr || name->type() != google::protobuf::FieldDescriptor::TYPE_STRING) {
        continue;
      }
      auto* nested = r->MutableMessage(m.get(), f);
      nested->GetReflection()->SetString(
          nested, name,
          f->name() == "case" ? case_.name()
                              : absl::StrCat("communities/wijkteams/", f->name(), "s/unknown"));
      if (const auto* etag = f->message_type()->FindFieldByName("etag"); etag != nullptr) {
        nested->GetReflection()->SetString(nested, etag, "stale-etag");
      }
    }
    return m->SerializeAsString();
  }

  v1::Case case_;
};

// Every kompas.v1 .proto in the source tree as linked into the server, for
// the completeness checks; a file that is not linked fails the test.
std::vector<const google::protobuf::FileDescriptor*> KompasProtoFiles() {
  std::vector<const google::protobuf::FileDescriptor*> out;
  for (const auto& e : std::filesystem::directory_iterator(KOMPAS_PROTO_DIR "/kompas/v1")) {
    if (e.path().extension() != ".proto") continue;
    const std::string name = "kompas/v1/" + e.path().filename().string();
    const auto* file = google::protobuf::DescriptorPool::generated_pool()->FindFileByName(name);
    if (file == nullptr) {
      ADD_FAILURE() << name << " is not linked into the server";
    } else {
      out.push_back(file);
    }
  }
  return out;
}

TEST_F(AccessTest, EveryRpcHasAPolicyEntryThatHoldsForEveryRole) {
  // Who is who: member id → roles (empty: not a member). "admin-dev" is a
  // server administrator.
  const std::map<std::string, std::vector<v1::Role>> callers = {
      {"anna-zaanstad", {v1::ROLE_PROFESSIONAL}}, {"fac-enschede", {v1::ROLE_FACILITATOR}},
      {"priv-zaanstad", {v1::ROLE_PRIVACY_OFFICER}}, {"stew-enschede", {v1::ROLE_STEWARD}},
      {"export-bot", {v1::ROLE_EXPORTER}}, {"buitenstaander", {}}, {"admin-dev", {}}};
  int methods = 0;
  for (const google::protobuf::FileDescriptor* file : KompasProtoFiles()) {
    for (int s = 0; s < file->service_count(); ++s) {
      const auto* service = file->service(s);
      for (int m = 0; m < service->method_count(); ++m) {
        const auto* method = service->method(m);
        const std::string full = absl::StrCat("/", service->full_name(), "/", method->name());
        ++methods;
        const api::Rpc* rpc = api::FindRpc(full);
        ASSERT_NE(rpc, nullptr) << full << " has no entry in the RPC table (api/rpc_table.cc)";
        const auth::Rule* rule = &rpc->rule;
        const std::string request = RequestFor(method);
        for (const auto& [member, roles] : callers) {
          grpc::Status s = CallRaw(full, request, member);
          const bool admin = member == "admin-dev";
          const bool member_of = !roles.empty();
          // Administrators pass admin and sign-in rules, not community roles.
          bool allowed = admin && rule->access != auth::Access::kRoles;
          if (rule->access == auth::Access::kAuthenticated) allowed = true;
          const bool role_rule = rule->access == auth::Access::kRoles ||
                                 rule->access == auth::Access::kAdminOrRoles;
          if (role_rule) {
            for (v1::Role role : roles) {
              allowed |= std::find(rule->roles.begin(), rule->roles.end(), role) !=
                         rule->roles.end();
            }
          }
          const std::string where = absl::StrCat(full, " as ", member, ": ", s.error_message());
          EXPECT_NE(s.error_code(), grpc::StatusCode::UNAUTHENTICATED) << where;
          if (allowed) {
            // Past the policy: whatever the use case answers, it is not a
            // refusal of access (the case exists, so no NOT_FOUND either).
            EXPECT_NE(s.error_code(), grpc::StatusCode::PERMISSION_DENIED) << where;
            EXPECT_NE(s.error_code(), grpc::StatusCode::NOT_FOUND) << where;
          } else if (role_rule && !member_of) {
            EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND) << where;
          } else {
            EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED) << where;
          }
        }
      }
    }
  }
  EXPECT_EQ(methods, static_cast<int>(api::Rpcs().size()))
      << "the RPC table has lines for methods that no longer exist";
}

TEST_F(AccessTest, GetCallerSaysWhoIsCallingWithMunicipalityAndRolesPerCommunity) {
  v1::Caller me;
  ASSERT_TRUE(community_stub_->GetCaller(As("anna-zaanstad").get(), {}, &me).ok());
  EXPECT_EQ(me.member_id(), "anna-zaanstad");
  EXPECT_FALSE(me.admin());
  ASSERT_EQ(me.memberships_size(), 1);
  const v1::Membership& m = me.memberships(0);
  EXPECT_EQ(m.community(), "communities/wijkteams");
  EXPECT_EQ(m.member(), "communities/wijkteams/members/anna-zaanstad");
  EXPECT_EQ(m.municipality(), "municipalities/GM0479");
  EXPECT_EQ(m.municipality_display_name(), "Zaanstad");
  ASSERT_EQ(m.roles_size(), 1);
  EXPECT_EQ(m.roles(0), v1::ROLE_PROFESSIONAL);

  // An administrator who is a member nowhere: admin, no memberships.
  v1::Caller admin;
  ASSERT_TRUE(community_stub_->GetCaller(As("admin-dev").get(), {}, &admin).ok());
  EXPECT_TRUE(admin.admin());
  EXPECT_EQ(admin.memberships_size(), 0);

  // A token the server does not know is refused.
  grpc::ClientContext unknown;
  unknown.AddMetadata("authorization", "Bearer not-a-token-the-server-issued");
  EXPECT_EQ(community_stub_->GetCaller(&unknown, {}, &me).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(AccessTest, AnAddressWhoseTokensKeepFailingIsTurnedAwayBeforeTheyAreChecked) {
  failed_auth_ = {.rate = 2, .burst = 5};
  RestartServer();
  v1::GetCaseRequest get;
  get.set_name(case_.name());
  v1::Case out;
  auto guess = [&](int i) {
    grpc::ClientContext ctx;
    ctx.AddMetadata("authorization", absl::StrCat("Bearer guessed-token-", i));
    return case_stub_->GetCase(&ctx, get, &out);
  };
  for (int i = 0; i < 5; ++i) EXPECT_EQ(guess(i).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  grpc::Status turned_away = guess(5);
  EXPECT_EQ(turned_away.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_THAT(turned_away.error_message(), HasSubstr("too many refused sign-ins"));
  // Calls that sign in fine are never counted: anna, from another address
  // or after the pause, gets her case.
  absl::SleepFor(absl::Milliseconds(600));
  EXPECT_TRUE(case_stub_->GetCase(As("anna-zaanstad").get(), get, &out).ok());
  EXPECT_TRUE(case_stub_->GetCase(As("anna-zaanstad").get(), get, &out).ok());
}

TEST_F(AccessTest, TokensCommunitiesAndRoles) {
  v1::Case out;
  grpc::Status s = GetCase(/*member=*/"", case_.name(), &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAUTHENTICATED);

  v1::GetCaseRequest get;
  get.set_name(case_.name());

  auto expired = tokens_->Issue("anna-zaanstad", {.ttl = absl::Milliseconds(1)});
  ASSERT_TRUE(expired.ok());
  absl::SleepFor(absl::Milliseconds(10));
  grpc::ClientContext expired_ctx;
  expired_ctx.AddMetadata("authorization", "Bearer " + expired->token);
  s = case_stub_->GetCase(&expired_ctx, get, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(s.error_message(), HasSubstr("expired"));

  auto revoked = tokens_->Issue("anna-zaanstad", {});
  ASSERT_TRUE(revoked.ok());
  ASSERT_TRUE(tokens_->Revoke(revoked->record.token_id()).ok());
  grpc::ClientContext revoked_ctx;
  revoked_ctx.AddMetadata("authorization", "Bearer " + revoked->token);
  s = case_stub_->GetCase(&revoked_ctx, get, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(s.error_message(), HasSubstr("revoked"));

  // A member of another community sees nothing of this one.
  ASSERT_NO_FATAL_FAILURE(CreateCommunity("elders", "municipalities/GM0344"));
  ASSERT_NO_FATAL_FAILURE(AddMember("utrecht-prof", "municipalities/GM0344", "elders"));
  s = case_stub_->GetCase(As("utrecht-prof").get(), get, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(s.error_message(), HasSubstr(case_.name()));
  v1::ListCommunitiesResponse visible;
  ASSERT_TRUE(community_stub_->ListCommunities(As("utrecht-prof").get(),
                                               v1::ListCommunitiesRequest(), &visible)
                  .ok());
  ASSERT_EQ(visible.communities_size(), 1);
  EXPECT_EQ(visible.communities(0).name(), "communities/elders");

  // A member without the role is told which role is needed.
  v1::CreateCaseRequest create;
  create.set_parent("communities/wijkteams");
  *create.mutable_case_() = SampleCase("Door een steward");
  v1::Case created;
  s = case_stub_->CreateCase(As("stew-enschede").get(), create, &created);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(s.error_message(), HasSubstr("PROFESSIONAL"));
}

TEST_F(AccessTest, ARefusedNameReachesTheTrailOnlyAsServerMadeParts) {
  // A "case id" made of a name and a BSN, in a community that exists and in
  // one that does not.
  for (const std::string& name :
       {std::string("communities/wijkteams/cases/jan-de-vries-999912343"),
        std::string("communities/jan-de-vries-999912343/cases/x")}) {
    v1::Case out;
    EXPECT_FALSE(GetCase("anna-zaanstad", name, &out).ok()) << name;
  }
  v1::ListAuditEventsRequest req;
  req.set_parent("communities/wijkteams");
  req.set_method("GetCase");
  v1::ListAuditEventsResponse resp;
  ASSERT_TRUE(audit_stub_->ListAuditEvents(As("priv-zaanstad").get(), req, &resp).ok());
  ASSERT_EQ(resp.audit_events_size(), 1);
  EXPECT_EQ(resp.audit_events(0).resource(), "communities/wijkteams/cases/-");
  EXPECT_NE(resp.audit_events(0).outcome(), "OK");
  // Nowhere in the trail's bytes.
  ASSERT_TRUE(store_->Scan(store::Table::kAudit, "", {}, [](absl::string_view, absl::string_view v) {
                EXPECT_EQ(v.find("999912343"), absl::string_view::npos);
                EXPECT_EQ(v.find("jan-de-vries"), absl::string_view::npos);
                return true;
              }).ok());
}

// A refused name keeps only the API's collection words (domain/auditor.cc
// lists them by hand): every collection of every resource pattern must be
// among them, or a refusal's trail would lose it.
TEST(RefusedNameCollectionsTest, EveryResourcePatternsCollectionsAreKept) {
  int patterns = 0;
  for (const google::protobuf::FileDescriptor* file : KompasProtoFiles()) {
    for (int i = 0; i < file->message_type_count(); ++i) {
      const auto& options = file->message_type(i)->options();
      if (!options.HasExtension(google::api::resource)) continue;
      for (const std::string& pattern : options.GetExtension(google::api::resource).pattern()) {
        ++patterns;
        // Collections as they are; each {variable} as text nobody may keep.
        std::vector<std::string> parts = absl::StrSplit(pattern, '/');
        for (std::string& part : parts) {
          if (absl::StartsWith(part, "{")) part = "Tekst";
        }
        const std::vector<std::string> kept =
            absl::StrSplit(domain::RefusedResourceName(absl::StrJoin(parts, "/")), '/');
        ASSERT_EQ(kept.size(), parts.size()) << pattern;
        for (size_t k = 0; k < parts.size(); k += 2) {
          EXPECT_EQ(kept[k], parts[k]) << pattern << ": add it to kCollections in auditor.cc";
        }
      }
    }
  }
  EXPECT_GE(patterns, 13);
}

TEST_F(AccessTest, WhoReadThisCaseListsExactlyTheReads) {
  v1::Case out;
  for (const char* reader : {"anna-zaanstad", "bram-enschede", "fac-enschede"}) {
    ASSERT_TRUE(GetCase(reader, case_.name(), &out).ok());
  }
  v1::ListAuditEventsRequest req;
  req.set_parent("communities/wijkteams");
  req.set_resource(case_.name());
  req.set_method("GetCase");
  v1::ListAuditEventsResponse resp;
  grpc::Status s = audit_stub_->ListAuditEvents(As("priv-zaanstad").get(), req, &resp);
  ASSERT_TRUE(s.ok()) << s.error_message();
  std::vector<std::string> readers;
  for (const auto& e : resp.audit_events()) {
    EXPECT_EQ(e.outcome(), "OK");
    EXPECT_EQ(e.method(), "/kompas.v1.CaseService/GetCase");
    readers.push_back(e.member());
  }
  EXPECT_THAT(readers,
              ::testing::ElementsAre("fac-enschede", "bram-enschede", "anna-zaanstad"));

  // The write that created the case is on the trail too, in its own batch.
  req.set_method("CreateCase");
  req.clear_resource();
  ASSERT_TRUE(audit_stub_->ListAuditEvents(As("priv-zaanstad").get(), req, &resp).ok());
  ASSERT_EQ(resp.audit_events_size(), 1);
  EXPECT_EQ(resp.audit_events(0).resource(), case_.name());

  // Only privacy officers read the trail.
  s = audit_stub_->ListAuditEvents(As("anna-zaanstad").get(), req, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(s.error_message(), HasSubstr("PRIVACY_OFFICER"));

  // The chain is intact.
  auto report = audit::AuditLog::Verify(*store_);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->first_damaged, 0);
  EXPECT_GT(report->events, 4);
}

TEST_F(AccessTest, AMemberWhoLeavesIsErasedAndTheirContributionsCarryOnePseudonym) {
  v1::Case second;
  v1::Case shared = SampleCase("Tweede casus");
  shared.set_status(v1::CASE_STATUS_OPEN);
  ASSERT_TRUE(CreateCase("anna-zaanstad", shared, &second).ok());
  v1::Reflection reflection;
  ASSERT_TRUE(Reflect(kAnna, case_.name(), v1::REFLECTION_KIND_EXPERIENCE,
                      "In mijn praktijk vragen we eerst toestemming.", &reflection)
                  .ok());

  v1::RemoveMemberRequest remove;
  remove.set_name("communities/wijkteams/members/anna-zaanstad");
  v1::RemoveMemberResponse removed;
  grpc::Status s = community_stub_->RemoveMember(As("anna-zaanstad").get(), remove, &removed);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);  // administrators only
  s = community_stub_->RemoveMember(As("admin-dev").get(), remove, &removed);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(removed.contributions(), 3);
  EXPECT_THAT(removed.pseudonym(), HasSubstr("communities/wijkteams/members/~oud-lid-"));

  for (const std::string& name : {case_.name(), second.name()}) {
    v1::Case c;
    ASSERT_TRUE(GetCase("bram-enschede", name, &c).ok());
    EXPECT_EQ(c.author(), removed.pseudonym());
  }
  v1::ListReflectionsRequest list;
  list.set_parent(case_.name());
  v1::ListReflectionsResponse reflections;
  ASSERT_TRUE(case_stub_->ListReflections(As("bram-enschede").get(), list, &reflections).ok());
  ASSERT_EQ(reflections.reflections_size(), 1);
  EXPECT_EQ(reflections.reflections(0).author(), removed.pseudonym());

  // The profile is gone, and with it access to the community.
  v1::ListMembersRequest members;
  members.set_parent("communities/wijkteams");
  v1::ListMembersResponse listed;
  ASSERT_TRUE(community_stub_->ListMembers(As("bram-enschede").get(), members, &listed).ok());
  for (const auto& m : listed.members()) EXPECT_THAT(m.name(), Not(HasSubstr("anna")));
  v1::Case c;
  // Her tokens were revoked with her membership (hardening_api_test.cc);
  // even a token issued since gives no access to the community.
  EXPECT_EQ(GetCase("anna-zaanstad", case_.name(), &c).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  ForgetToken("anna-zaanstad");
  EXPECT_EQ(GetCase("anna-zaanstad", case_.name(), &c).error_code(), grpc::StatusCode::NOT_FOUND);
}

class RateLimitTest : public DemoCommunityFixture {
 protected:
  void SetUp() override {
    rate_limit_ = {.rate = 0.5, .burst = 3};
    DemoCommunityFixture::SetUp();
  }
};

TEST_F(RateLimitTest, AMemberOverTheLimitIsToldWhenToRetry) {
  v1::ListCommunitiesResponse resp;
  grpc::Status s;
  for (int i = 0; i < 3; ++i) {
    s = community_stub_->ListCommunities(As("anna-zaanstad").get(), {}, &resp);
    ASSERT_TRUE(s.ok()) << i << ": " << s.error_message();
  }
  s = community_stub_->ListCommunities(As("anna-zaanstad").get(), {}, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_THAT(s.error_message(), HasSubstr("try again in"));
  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(s.error_details()));
  google::rpc::RetryInfo retry;
  bool has_retry = false;
  for (const auto& any : details.details()) has_retry |= any.UnpackTo(&retry);
  EXPECT_TRUE(has_retry);
  EXPECT_GT(retry.retry_delay().seconds() * 1000 + retry.retry_delay().nanos() / 1000000, 0);
  // Another member is not affected.
  EXPECT_TRUE(community_stub_->ListCommunities(As("bram-enschede").get(), {}, &resp).ok());
}

TEST(RateLimiterTest, RefillsAtTheRate) {
  api::RateLimiter limiter({.rate = 2, .burst = 2});
  const absl::Time t0 = absl::FromUnixSeconds(1000);
  EXPECT_TRUE(limiter.AdmitAt("a", t0).ok());
  EXPECT_TRUE(limiter.AdmitAt("a", t0).ok());
  EXPECT_FALSE(limiter.AdmitAt("a", t0).ok());
  EXPECT_TRUE(limiter.AdmitAt("a", t0 + absl::Milliseconds(500)).ok());  // one token back
  EXPECT_FALSE(limiter.AdmitAt("a", t0 + absl::Milliseconds(500)).ok());
}

}  // namespace
}  // namespace kompas::testing
