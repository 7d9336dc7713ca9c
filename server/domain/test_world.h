// For domain unit tests: every use-case class wired as kompasd wires them
// (server/api/core.cc), over a real RocksDB store in a fresh temp directory,
// with one community ("noord", municipalities GM0001 and GM0002) and three
// members: ann (professional, facilitator, steward; GM0001), bob
// (professional, GM0002) and pia (privacy officer, GM0001).
//
//   class CasesTest : public testing::Test { protected: TestWorld w_; };
//   ASSERT_TRUE(w_.cases().Create(w_.As("ann"), request).ok());
#ifndef KOMPAS_DOMAIN_TEST_WORLD_H_
#define KOMPAS_DOMAIN_TEST_WORLD_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "audit/audit_log.h"
#include "domain/annotations.h"
#include "domain/call.h"
#include "domain/cases.h"
#include "domain/communities.h"
#include "domain/kompas_versions.h"
#include "domain/session_feed.h"
#include "domain/sessions.h"
#include "domain/standards.h"
#include "domain/text_gate.h"
#include "gtest/gtest.h"
#include "privacy/gate.h"
#include "search/index.h"
#include "store/store.h"
#include "testing/municipalities.h"
#include "testing/temp_dir.h"

namespace kompas::domain::testing {

inline constexpr char kCommunity[] = "communities/noord";

// The value of `s`; when it failed, the test fails with its status and a
// default T is returned.
template <typename T>
T ValueOrFail(absl::StatusOr<T> s) {
  EXPECT_TRUE(s.ok()) << s.status();
  return s.ok() ? *std::move(s) : T();
}

// A request to create a case titled `title` in the test community (a
// draft, unless the test sets another status), with `request_id` if given.
inline v1::CreateCaseRequest CaseRequest(const std::string& title,
                                         const std::string& request_id = "") {
  v1::CreateCaseRequest r;
  r.set_parent(kCommunity);
  r.set_request_id(request_id);
  r.mutable_case_()->set_title(title);
  return r;
}

// How many records a list's two pages hold.
struct TwoPages {
  int first = 0;
  int second = 0;
};

// Lists in pages of `sizes.first` through `list` (a request to a
// StatusOr<response>): the first page must hold `sizes.first` records and a
// page token, the page from that token `sizes.second` and no token. `count`
// counts a page's records. `request` keeps the second page's token.
template <typename Request, typename Response, typename List, typename Count>
void ExpectTwoPages(Request& request, TwoPages sizes, List list, Count count, Response* first,
                    Response* second) {
  request.set_page_size(sizes.first);
  absl::StatusOr<Response> one = list(request);
  ASSERT_TRUE(one.ok()) << one.status();
  ASSERT_EQ(count(*one), sizes.first);
  ASSERT_FALSE(one->next_page_token().empty());
  request.set_page_token(one->next_page_token());
  absl::StatusOr<Response> two = list(request);
  ASSERT_TRUE(two.ok()) << two.status();
  ASSERT_EQ(count(*two), sizes.second);
  EXPECT_TRUE(two->next_page_token().empty());
  *first = *std::move(one);
  *second = *std::move(two);
}

class TestWorld {
 public:
  TestWorld() {
    auto store = store::Store::Open({.data_dir = dir_.Sub("db")});
    EXPECT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
    auto audit = audit::AuditLog::Open(store_.get());
    EXPECT_TRUE(audit.ok()) << audit.status();
    audit_ = *std::move(audit);
    auto gate = privacy::Gate::Create(privacy::GateOptions());
    EXPECT_TRUE(gate.ok()) << gate.status();
    gate_ = *std::move(gate);
    text_gate_ = std::make_unique<TextGate>(gate_.get());
    communities_ = std::make_unique<Communities>(store_.get(), text_gate_.get());
    cases_ = std::make_unique<Cases>(store_.get(), communities_.get(), text_gate_.get());
    feed_ = std::make_unique<SessionFeed>(store_.get(), SessionFeedOptions());
    sessions_ = std::make_unique<Sessions>(store_.get(), communities_.get(), cases_.get(),
                                           text_gate_.get(), feed_.get());
    standards_ = std::make_unique<Standards>(store_.get(), communities_.get(), cases_.get(),
                                             sessions_.get(), text_gate_.get());
    kompas_versions_ = std::make_unique<KompasVersions>(
        store_.get(), communities_.get(), standards_.get(), text_gate_.get());
    index_ = std::make_unique<search::SearchIndex>(store_.get());
    cases_->set_search_index(index_.get());
    cases_->set_key_secret(&key_secret_);
    standards_->set_search_index(index_.get());
    annotations_ = std::make_unique<Annotations>(store_.get(), communities_.get(), cases_.get(),
                                                 standards_.get(), text_gate_.get());
    Seed();
  }

  // A call made as `member` (not on the audit trail).
  Call As(const std::string& member) const {
    return Call(Principal{.member_id = member}, communities_.get());
  }

  store::Store& store() { return *store_; }
  Communities& communities() { return *communities_; }
  Cases& cases() { return *cases_; }
  Sessions& sessions() { return *sessions_; }
  Standards& standards() { return *standards_; }
  KompasVersions& kompas_versions() { return *kompas_versions_; }
  Annotations& annotations() { return *annotations_; }
  audit::AuditLog& audit() { return *audit_; }
  // `name` in the test's directory, beside (not in) the store.
  std::string Path(const std::string& name) const { return dir_.Sub(name); }

  // An OPEN case by ann, with a title and a situation.
  v1::Case NewCase(const std::string& title = "Een casus") {
    v1::CreateCaseRequest r = CaseRequest(title);
    r.mutable_case_()->set_situation("Een situatie zonder namen.");
    r.mutable_case_()->set_status(v1::CASE_STATUS_OPEN);
    return ValueOrFail(cases_->Create(As("ann"), r));
  }

  // Case `name` as `member` reads it.
  absl::StatusOr<v1::Case> GetCase(const std::string& name, const std::string& member = "ann") {
    v1::GetCaseRequest r;
    r.set_name(name);
    return cases_->Get(As(member), r);
  }

  // Member `member_id` leaves the test community, removed by an admin.
  absl::StatusOr<v1::RemoveMemberResponse> RemoveMember(const std::string& member_id) {
    v1::RemoveMemberRequest r;
    r.set_name(std::string(kCommunity) + "/members/" + member_id);
    return cases_->RemoveMember(As("admin"), r);
  }

  // An incident-method session on `c`, started by ann (a facilitator).
  v1::Session StartSession(const v1::Case& c) {
    v1::CreateSessionRequest r;
    r.set_parent(kCommunity);
    r.mutable_session()->set_case_(c.name());
    r.mutable_session()->set_method("incident");
    return ValueOrFail(sessions_->Create(As("ann"), r));
  }

 private:
  void Seed() {
    ASSERT_TRUE(communities_
                    ->UpsertMunicipalities(kompas::testing::MunicipalityList(
                        {{"GM0001", "Eerstedam"}, {"GM0002", "Tweedorp"}}))
                    .ok());
    v1::CreateCommunityRequest c;
    c.set_community_id("noord");
    c.mutable_community()->set_display_name("Noord");
    c.mutable_community()->add_municipalities("municipalities/GM0001");
    c.mutable_community()->add_municipalities("municipalities/GM0002");
    auto made = communities_->Create(c);
    ASSERT_TRUE(made.ok()) << made.status();
    AddMember("ann", "municipalities/GM0001",
              {v1::ROLE_PROFESSIONAL, v1::ROLE_FACILITATOR, v1::ROLE_STEWARD});
    AddMember("bob", "municipalities/GM0002", {v1::ROLE_PROFESSIONAL});
    AddMember("pia", "municipalities/GM0001", {v1::ROLE_PRIVACY_OFFICER});
  }
  void AddMember(const std::string& id, const std::string& municipality,
                 std::initializer_list<v1::Role> roles) {
    v1::AddMemberRequest r;
    r.set_parent(kCommunity);
    r.set_member_id(id);
    r.mutable_member()->set_display_name(id);
    r.mutable_member()->set_municipality(municipality);
    for (v1::Role role : roles) r.mutable_member()->add_roles(role);
    auto m = communities_->AddMember(r);
    ASSERT_TRUE(m.ok()) << m.status();
  }

  kompas::testing::TempDir dir_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<audit::AuditLog> audit_;  // for tests that read or expire the trail
  std::unique_ptr<privacy::Gate> gate_;
  std::unique_ptr<TextGate> text_gate_;
  std::unique_ptr<Communities> communities_;
  std::unique_ptr<Cases> cases_;
  std::unique_ptr<SessionFeed> feed_;
  std::unique_ptr<Sessions> sessions_;
  std::unique_ptr<Standards> standards_;
  std::unique_ptr<KompasVersions> kompas_versions_;
  std::unique_ptr<search::SearchIndex> index_;
  const KeySecret key_secret_ = RandomKeySecret();
  std::unique_ptr<Annotations> annotations_;
};

}  // namespace kompas::domain::testing

#endif  // KOMPAS_DOMAIN_TEST_WORLD_H_
