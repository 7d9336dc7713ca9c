// kompasd over a store whose disk fails on command (store/fault_fs.h): a
// write that meets a failed sync or a full disk is refused with a reason
// and a message an operator understands, reads that need no audit event go
// on, health service kompas.v1.writes is NOT_SERVING until the store has
// recovered, and after a power cut only unacknowledged writes are gone.
#include <chrono>
#include <memory>
#include <string>

#include "absl/time/clock.h"
#include "api/server.h"
#include "store/fault_fs.h"
#include "testing/health.h"
#include "tests/integration/server_fixture.h"

namespace kompas::testing {
namespace {

class StorageFaultsTest : public DemoCommunityFixture {
 protected:
  StorageFaultsTest() {
    core_options_.store.file_system = fs_;
    core_options_.store.resume_interval = absl::Milliseconds(50);
  }

  HealthStatus Health(const std::string& service) {
    return CheckHealth(channel_, service);
  }
  // Waits (bounded) until health service `service` reports `want`.
  bool HealthBecomes(const std::string& service, HealthStatus want) {
    for (int i = 0; i < 400; ++i) {
      if (Health(service) == want) return true;
      absl::SleepFor(absl::Milliseconds(25));
    }
    return false;
  }
  // A write on the failing disk is refused with `code`, `reason` and a
  // message that says `says`; then health service kompas.v1.writes turns
  // NOT_SERVING (a fatal failure when it does not).
  void ExpectWriteRefused(grpc::StatusCode code, const std::string& reason,
                          const std::string& says) {
    v1::Case out;
    grpc::Status refused = CreateCase(kAnna, SampleCase("Tweede vraag"), &out);
    EXPECT_EQ(refused.error_code(), code) << refused.error_message();
    EXPECT_EQ(ErrorReason(refused), reason);
    EXPECT_THAT(refused.error_message(), HasSubstr(says));
    ASSERT_TRUE(HealthBecomes(api::kWritesHealthService,
                              grpc::health::v1::HealthCheckResponse::NOT_SERVING));
  }
  grpc::Status ListCommunities() {
    v1::ListCommunitiesResponse resp;
    return community_stub_->ListCommunities(As(kAnna).get(), v1::ListCommunitiesRequest(), &resp);
  }

  std::shared_ptr<store::FaultInjectionFs> fs_ = std::make_shared<store::FaultInjectionFs>();
};

TEST_F(StorageFaultsTest, FailingDiskRefusesWritesUntilItWorksAgain) {
  const v1::Case kept = MustCreate(kAnna, SampleCase("Vraag van de school"));
  EXPECT_EQ(Health(api::kWritesHealthService), grpc::health::v1::HealthCheckResponse::SERVING);

  fs_->FailSyncs(1 << 20);  // every sync fails until told otherwise
  ASSERT_NO_FATAL_FAILURE(ExpectWriteRefused(grpc::StatusCode::UNAVAILABLE, "STORAGE_UNAVAILABLE",
                                             "cannot write to its disk"));
  EXPECT_EQ(Health(""), grpc::health::v1::HealthCheckResponse::SERVING);
  EXPECT_EQ(Health("kompas.v1.CaseService"), grpc::health::v1::HealthCheckResponse::SERVING);
  // Reads without an audit event go on; a read of case material is not
  // served while its audit event cannot be stored (the trail's promise).
  EXPECT_TRUE(ListCommunities().ok());
  v1::Case read;
  grpc::Status unaudited = GetCase(kAnna, kept.name(), &read);
  EXPECT_EQ(unaudited.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(ErrorReason(unaudited), "AUDIT_UNAVAILABLE");

  fs_->FailSyncs(0);
  ASSERT_TRUE(HealthBecomes(api::kWritesHealthService,
                            grpc::health::v1::HealthCheckResponse::SERVING));
  v1::Case out;
  EXPECT_TRUE(CreateCase(kAnna, SampleCase("Derde vraag"), &out).ok());
  grpc::Status again = GetCase(kAnna, kept.name(), &read);
  ASSERT_TRUE(again.ok()) << again.error_message();
  EXPECT_EQ(read.title(), "Vraag van de school");
}

TEST_F(StorageFaultsTest, FullDiskIsResourceExhaustedUntilSpaceIsFreed) {
  MustCreate(kAnna, SampleCase("Vraag van de school"));
  fs_->SetDiskFull(true);
  ASSERT_NO_FATAL_FAILURE(ExpectWriteRefused(grpc::StatusCode::RESOURCE_EXHAUSTED, "STORAGE_FULL",
                                             "disk of the Kompas store is full"));
  EXPECT_TRUE(ListCommunities().ok());

  fs_->SetDiskFull(false);
  ASSERT_TRUE(HealthBecomes(api::kWritesHealthService,
                            grpc::health::v1::HealthCheckResponse::SERVING));
  v1::Case out;
  grpc::Status later = CreateCase(kAnna, SampleCase("Tweede vraag"), &out);
  EXPECT_TRUE(later.ok()) << later.error_message();
}

TEST_F(StorageFaultsTest, PowerCutLosesOnlyUnacknowledgedWrites) {
  const v1::Case a = MustCreate(kAnna, SampleCase("Eerste vraag"));
  const v1::Case b = MustCreate(kBram, SampleCase("Tweede vraag"));
  fs_->FailSyncs(1 << 20);
  v1::Case out;
  ASSERT_FALSE(CreateCase(kAnna, SampleCase("Niet bevestigd"), &out).ok());

  fs_->SetActive(false);  // the power goes
  server_->Shutdown();
  server_.reset();
  (void)core_->Close();
  core_.reset();
  fs_->DropUnsyncedData();
  fs_->SetActive(true);
  fs_->FailSyncs(0);
  StartServer();

  v1::Case read;
  ASSERT_TRUE(GetCase(kAnna, a.name(), &read).ok());
  EXPECT_EQ(read.title(), "Eerste vraag");
  ASSERT_TRUE(GetCase(kBram, b.name(), &read).ok());
  EXPECT_EQ(read.title(), "Tweede vraag");
  v1::ListCasesRequest req;
  req.set_parent(kCommunity);
  // A draft is listed to its author only: Anna sees her acknowledged case,
  // and her unacknowledged one is gone (its unsynced log record was lost).
  v1::ListCasesResponse list;
  ASSERT_TRUE(case_stub_->ListCases(As(kAnna).get(), req, &list).ok());
  ASSERT_EQ(list.cases_size(), 1);
  EXPECT_EQ(list.cases(0).name(), a.name());
  ASSERT_TRUE(case_stub_->ListCases(As(kBram).get(), req, &list).ok());
  ASSERT_EQ(list.cases_size(), 1);
  EXPECT_EQ(list.cases(0).name(), b.name());
}

}  // namespace
}  // namespace kompas::testing
