// Retention against a real store: with a short period, expired audit events
// and archived cases disappear, nothing else does, and a checkpoint taken
// before the expiry still verifies after it; a placeholder no signed expiry
// record accounts for is caught.
#include "domain/retention.h"

#include <memory>
#include <string>

#include "absl/time/clock.h"
#include "audit/checkpoint.h"
#include "domain/administration.h"
#include "domain/test_world.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "store/keys.h"

namespace kompas::domain {
namespace {

using store::Table;
using testing::kCommunity;
using ::testing::HasSubstr;

class RetentionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto signer = audit::CheckpointSigner::LoadOrCreate(w_.Path("audit.key"), "kompas.test/audit");
    ASSERT_TRUE(signer.ok()) << signer.status();
    checkpoints_ = std::make_unique<audit::Checkpoints>(&w_.store(), &w_.audit(),
                                                        *std::move(signer));
    v1::CreateCommunityRequest zuid;
    zuid.set_community_id("zuid");
    zuid.mutable_community()->set_display_name("Zuid");
    zuid.mutable_community()->add_municipalities("municipalities/GM0001");
    ASSERT_TRUE(w_.communities().Create(zuid).ok());
    retention_ = std::make_unique<Retention>(&w_.store(), &w_.audit(), checkpoints_.get(),
                                             &w_.communities(), &w_.cases());
  }

  // Sets a community's periods (0: unset) as UpdateCommunitySettings stores them.
  void SetPeriods(const std::string& id, int64_t audit_seconds, int64_t case_seconds) {
    auto c = w_.communities().Load(id);
    ASSERT_TRUE(c.ok());
    c->mutable_audit_retention()->set_seconds(audit_seconds);
    c->mutable_archived_case_retention()->set_seconds(case_seconds);
    store::WriteBatch batch;
    batch.Put(Table::kCommunities, store::keys::Community(id), c->SerializeAsString());
    ASSERT_TRUE(w_.store().Write(batch).ok());
  }

  void Events(const std::string& community, int n) {
    for (int i = 0; i < n; ++i) {
      ASSERT_TRUE(w_.audit()
                      .Record({community, "ann", "/kompas.v1.CaseService/GetCase",
                               "communities/" + community + "/cases/x", "OK"})
                      .ok());
    }
  }

  v1::Case Archive(const v1::Case& c) {
    v1::UpdateCaseRequest r;
    *r.mutable_case_() = c;
    r.mutable_case_()->set_status(v1::CASE_STATUS_ARCHIVED);
    r.mutable_update_mask()->add_paths("status");
    return testing::ValueOrFail(w_.cases().Update(w_.As("ann"), r));
  }

  bool Exists(const v1::Case& c) { return w_.GetCase(c.name()).ok(); }

  // Events a privacy officer of `community` can list.
  int Listed(const std::string& community) {
    audit::AuditLog::Query q;
    q.page_size = 1000;
    auto page = w_.audit().List(community, q);
    EXPECT_TRUE(page.ok());
    return page.ok() ? static_cast<int>(page->events.size()) : -1;
  }

  int64_t Count(Table table, const std::string& prefix) {
    int64_t n = 0;
    EXPECT_TRUE(w_.store()
                    .Scan(table, prefix, {},
                          [&](absl::string_view, absl::string_view) {
                            ++n;
                            return true;
                          })
                    .ok());
    return n;
  }

  audit::PrefixReport Verify(const audit::SignedCheckpoint& c) {
    const std::string& key = checkpoints_->signer().verifier_key();
    auto opened = audit::OpenCheckpoint(c.note, key);
    EXPECT_TRUE(opened.ok()) << opened.status();
    auto report = audit::VerifyPrefix(w_.store(), *opened, key);
    EXPECT_TRUE(report.ok()) << report.status();
    return report.ok() ? *report : audit::PrefixReport{.broken_at = -1};
  }

  testing::TestWorld w_;
  std::unique_ptr<audit::Checkpoints> checkpoints_;
  std::unique_ptr<Retention> retention_;
};

TEST_F(RetentionTest, GetCommunityShowsThePeriodsInForce) {
  SetPeriods("noord", 3600, 7200);
  v1::GetCommunityRequest r;
  r.set_name(kCommunity);
  v1::Community noord = testing::ValueOrFail(w_.communities().Get(r));
  EXPECT_EQ(noord.audit_retention().seconds(), 3600);
  EXPECT_EQ(noord.archived_case_retention().seconds(), 7200);
  r.set_name("communities/zuid");
  v1::Community zuid = testing::ValueOrFail(w_.communities().Get(r));
  EXPECT_EQ(zuid.audit_retention().seconds(), 1826 * 86400);  // the default: 5 years
  EXPECT_FALSE(zuid.has_archived_case_retention());            // forever
}

TEST_F(RetentionTest, OnlyExpiredEventsAndArchivedCasesGoAndVerificationStillPasses) {
  SetPeriods("noord", 3600, 3600);  // one hour for both; zuid keeps the defaults
  v1::Case open = w_.NewCase("Blijft open");
  v1::Case archived = w_.NewCase("Wordt gearchiveerd");
  v1::CreateReflectionRequest reflect;
  reflect.set_parent(archived.name());
  reflect.mutable_reflection()->set_kind(v1::REFLECTION_KIND_EXPERIENCE);
  reflect.mutable_reflection()->set_text("Dit herken ik uit mijn eigen praktijk.");
  auto reflection = w_.cases().CreateReflection(w_.As("bob"), reflect);
  ASSERT_TRUE(reflection.ok()) << reflection.status();
  archived = Archive(archived);
  const std::string archived_id = archived.name().substr(archived.name().rfind('/') + 1);
  Events("noord", 5);
  Events("zuid", 4);
  Events(kServerTrail, 2);
  const audit::SignedCheckpoint before = testing::ValueOrFail(checkpoints_->Current());
  ASSERT_EQ(Listed("zuid"), 4);
  ASSERT_EQ(Listed("noord"), 5);

  // Half an hour later nothing has expired yet.
  const absl::Time now = absl::Now();
  SweepResult early = testing::ValueOrFail(retention_->Sweep(now + absl::Minutes(30)));
  EXPECT_EQ(early.audit_events, 0);
  EXPECT_EQ(early.cases, 0);
  EXPECT_EQ(early.runs, 0);
  EXPECT_TRUE(Exists(archived));

  // Two hours later: noord's events and its archived case are past their hour.
  SweepResult late = testing::ValueOrFail(retention_->Sweep(now + absl::Hours(2)));
  EXPECT_EQ(late.cases, 1);
  EXPECT_GE(late.audit_events, 5);  // noord's 5 (and the expiry's own event)
  EXPECT_EQ(late.runs, 1);
  EXPECT_EQ(retention_->expired_cases(), 1);
  EXPECT_EQ(retention_->expired_audit_events(), late.audit_events);

  EXPECT_FALSE(Exists(archived));
  EXPECT_TRUE(Exists(open));
  EXPECT_EQ(Count(Table::kReflections, store::keys::ReflectionsOf("noord", archived_id)), 0);
  EXPECT_EQ(Count(Table::kSearchDocs, store::keys::Join({"noord", "case/" + archived_id})), 0);
  EXPECT_EQ(Listed("noord"), 0);
  EXPECT_EQ(Listed("zuid"), 4);
  EXPECT_EQ(Listed(kServerTrail), 2);

  // The chain verifies across the expiry, against the earlier checkpoint and a new one.
  audit::PrefixReport r = Verify(before);
  EXPECT_EQ(r.broken_at, 0) << r.problem;
  EXPECT_EQ(r.expired, late.audit_events);
  EXPECT_EQ(r.expiry_runs, 1);
  auto plain = audit::AuditLog::Verify(w_.store());
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain->first_damaged, 0) << plain->problem;
  r = Verify(testing::ValueOrFail(checkpoints_->Current()));
  EXPECT_EQ(r.broken_at, 0) << r.problem;

  // A second sweep finds nothing more.
  SweepResult again = testing::ValueOrFail(retention_->Sweep(now + absl::Hours(2)));
  EXPECT_EQ(again.audit_events + again.cases + again.runs, 0);
}

TEST_F(RetentionTest, APlaceholderNoSignedRecordAccountsForIsCaught) {
  SetPeriods("noord", 3600, 0);
  Events("noord", 3);
  Events("zuid", 3);
  const absl::Time now = absl::Now();
  ASSERT_EQ(testing::ValueOrFail(retention_->Sweep(now + absl::Hours(2))).audit_events, 3);
  const audit::SignedCheckpoint after = testing::ValueOrFail(checkpoints_->Current());
  ASSERT_EQ(Verify(after).broken_at, 0);

  // Someone with file access "expires" one of zuid's events too.
  auto raw = w_.store().Get(Table::kAudit, store::keys::Sequence(5));
  ASSERT_TRUE(raw.ok() && raw->has_value());
  v1::AuditEvent e;
  ASSERT_TRUE(e.ParseFromString(**raw));
  ASSERT_EQ(e.expired_by(), 0);
  v1::AuditEvent fake;
  fake.set_sequence(e.sequence());
  fake.set_previous_hash(e.previous_hash());
  fake.set_hash(e.hash());
  fake.set_expired_by(1);
  store::WriteBatch batch;
  batch.Put(Table::kAudit, store::keys::Sequence(5), fake.SerializeAsString());
  ASSERT_TRUE(w_.store().Write(batch).ok());
  audit::PrefixReport r = Verify(after);
  EXPECT_NE(r.broken_at, 0);
  EXPECT_THAT(r.problem, HasSubstr("expiry run 1"));
}

TEST_F(RetentionTest, WithoutASigningKeyAuditEventsAreKept) {
  SetPeriods("noord", 3600, 0);
  Events("noord", 3);
  Retention unsigned_retention(&w_.store(), &w_.audit(), nullptr, &w_.communities(),
                               &w_.cases());
  SweepResult r = testing::ValueOrFail(unsigned_retention.Sweep(absl::Now() + absl::Hours(2)));
  EXPECT_EQ(r.audit_events, 0);
  EXPECT_EQ(Listed("noord"), 3);
}

}  // namespace
}  // namespace kompas::domain
