// The Auditor and the Call against a real store: which calls are on the
// trail, and that each audited call gets exactly its events.
#include "domain/auditor.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "domain/ids.h"
#include "domain/test_world.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "store/keys.h"

namespace kompas::domain {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr char kGetCase[] = "/kompas.v1.CaseService/GetCase";

class AuditorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto log = audit::AuditLog::Open(&w_.store());
    ASSERT_TRUE(log.ok()) << log.status();
    log_ = *std::move(log);
    auditor_ = std::make_unique<Auditor>(log_.get(), &w_.communities());
  }

  // A call of ann's the api admitted, about `resource` in noord.
  Call Admitted(bool audited, const std::string& resource = "communities/noord/cases/x") {
    Call call = auditor_->Begin(Principal{.member_id = "ann"}, kGetCase);
    call.Scope("noord", resource, audited);
    call.Admit(testing::ValueOrFail(w_.communities().FindMember("noord", "ann")));
    return call;
  }

  // "resource outcome" of each event on `community`'s trail, oldest first.
  std::vector<std::string> Trail(const std::string& community = "noord") {
    audit::AuditLog::Query query;
    query.page_size = 100;
    auto page = log_->List(community, query);
    EXPECT_TRUE(page.ok()) << page.status();
    std::vector<std::string> out;
    if (!page.ok()) return out;
    for (auto it = page->events.rbegin(); it != page->events.rend(); ++it) {
      out.push_back(it->resource() + " " + it->outcome());
    }
    return out;
  }

  testing::TestWorld w_;
  std::unique_ptr<audit::AuditLog> log_;
  std::unique_ptr<Auditor> auditor_;
};

TEST_F(AuditorTest, AServedReadGetsOneEventOfItsOwn) {
  const Call call = Admitted(true);
  EXPECT_TRUE(auditor_->Finish(call, absl::OkStatus()).ok());
  EXPECT_TRUE(call.recorded());
  EXPECT_THAT(Trail(), ElementsAre("communities/noord/cases/x OK"));
}

TEST_F(AuditorTest, ACallTheRuleDoesNotAuditLeavesNoTrace) {
  const Call call = Admitted(false);
  store::WriteBatch batch;
  batch.Put(store::Table::kCases, "probe", "1");
  ASSERT_TRUE(call.Commit(w_.store(), batch, "noord", "communities/noord/cases/x").ok());
  ASSERT_TRUE(call.Read("noord", {"communities/noord/cases/y"}).ok());
  EXPECT_TRUE(auditor_->Finish(call, absl::OkStatus()).ok());
  EXPECT_THAT(Trail(), IsEmpty());
  // The change itself was written.
  auto stored = w_.store().Get(store::Table::kCases, "probe");
  ASSERT_TRUE(stored.ok());
  EXPECT_TRUE(stored->has_value());
}

TEST_F(AuditorTest, AChangeCarriesItsEventAndGetsNoSecond) {
  const Call call = Admitted(true, "communities/noord");
  store::WriteBatch batch;
  batch.Put(store::Table::kCases, "probe", "1");
  ASSERT_TRUE(call.Commit(w_.store(), batch, "noord", "communities/noord/cases/new").ok());
  EXPECT_TRUE(auditor_->Finish(call, absl::OkStatus()).ok());
  EXPECT_THAT(Trail(), ElementsAre("communities/noord/cases/new OK"));
}

TEST_F(AuditorTest, ItemsHandedOutAreOneEventEachAndAnEmptyListIsTheCallsOwn) {
  const Call list = Admitted(true, "communities/noord");
  ASSERT_TRUE(list.Read("noord", {"communities/noord/cases/a", "communities/noord/cases/b"}).ok());
  EXPECT_TRUE(auditor_->Finish(list, absl::OkStatus()).ok());
  const Call empty = Admitted(true, "communities/noord");
  ASSERT_TRUE(empty.Read("noord", {}).ok());
  EXPECT_TRUE(auditor_->Finish(empty, absl::OkStatus()).ok());
  EXPECT_THAT(Trail(), ElementsAre("communities/noord/cases/a OK", "communities/noord/cases/b OK",
                                   "communities/noord OK"));
}

TEST_F(AuditorTest, ARefusalKeepsOnlyServerMadePartsAndOnlyInACommunityThatExists) {
  const Call refused = Admitted(true, "communities/noord/cases/Jan-de-Vries");
  EXPECT_EQ(auditor_->Finish(refused, absl::NotFoundError("no")).code(),
            absl::StatusCode::kNotFound);
  Call elsewhere = auditor_->Begin(Principal{.member_id = "ann"}, kGetCase);
  elsewhere.Scope("verzonnen", "communities/verzonnen/cases/x", true);
  EXPECT_EQ(auditor_->Finish(elsewhere, absl::NotFoundError("no")).code(),
            absl::StatusCode::kNotFound);
  EXPECT_THAT(Trail(), ElementsAre("communities/noord/cases/- NOT_FOUND"));
  EXPECT_THAT(Trail("verzonnen"), IsEmpty());
}

TEST_F(AuditorTest, AUseCasesRefusalNamesItsTrailOnce) {
  const Call call = Admitted(true, "communities/noord");
  EXPECT_EQ(call.Refuse("_server", absl::InvalidArgumentError("bad")).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(auditor_->Finish(call, absl::InvalidArgumentError("bad")).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Trail("_server"), ElementsAre(" INVALID_ARGUMENT"));
  EXPECT_THAT(Trail(), IsEmpty());
}

TEST_F(AuditorTest, TheMembershipIsReadOnceForTheRequestsCommunity) {
  Call call = Admitted(true);
  // What the api loaded stands for the call, also if it changes meanwhile.
  call.Admit(std::nullopt);
  EXPECT_EQ(call.RequireMember("noord").status().code(), absl::StatusCode::kPermissionDenied);
  // A call made inside the server reads it when asked.
  EXPECT_EQ(w_.As("ann").RequireMember("noord")->name(), "communities/noord/members/ann");
  EXPECT_FALSE(w_.As("nobody").Membership("noord")->has_value());
}

TEST(RefusedResourceNameTest, ClientTextBecomesADash) {
  const absl::Time now = absl::FromCivil(absl::CivilDay(2026, 12, 6), absl::UTCTimeZone());
  auto refused = [&](absl::string_view name) { return RefusedResourceName(name, now); };
  EXPECT_EQ(refused("communities/noord/cases/Jan"), "communities/noord/cases/-");
  EXPECT_EQ(refused("communities/noord/auditEvents/12"), "communities/noord/auditEvents/12");
  EXPECT_EQ(refused("communities/Noord"), "communities/-");
  // Lowercase words and short numbers in place of collections and ids.
  EXPECT_EQ(refused("communities/noord/jan/1/devries/1/kerkstraat/12"),
            "communities/noord/-/-/-/-/-/-");
  // Thirteen letters and digits of the id alphabet, but no id made lately:
  // a phone number, a typed name.
  EXPECT_EQ(refused("communities/noord/cases/0031612345678"), "communities/noord/cases/-");
  EXPECT_EQ(refused("communities/noord/cases/bakker1234567"), "communities/noord/cases/-");
  // A community id only where it names the community.
  EXPECT_EQ(refused("communities/noord/communities/jan-de-vries-999912343"),
            "communities/noord/communities/-");
  EXPECT_EQ(refused("communities/noord/auditEvents/999912343"), "communities/noord/auditEvents/-");
  EXPECT_EQ(refused("communities/noord/standards/abc/positions/GM0479"),
            "communities/noord/standards/-/positions/GM0479");
  // Ids the server made are kept, also of a reflection under a case.
  const std::string made = NewServerId();
  EXPECT_EQ(RefusedResourceName(absl::StrCat("communities/noord/cases/", made, "/reflections/",
                                             made)),
            absl::StrCat("communities/noord/cases/", made, "/reflections/", made));
  // ... unless they would be from the future.
  EXPECT_EQ(refused(absl::StrCat("communities/noord/cases/",
                                 EncodeServerId(static_cast<uint64_t>(absl::ToUnixMillis(
                                                    now + absl::Hours(24 * 365)))
                                                << 20))),
            "communities/noord/cases/-");
}

}  // namespace
}  // namespace kompas::domain
