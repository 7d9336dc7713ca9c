// grpc.health.v1 follows the server's life. (Server reflection is checked
// against the kompasd binary in tests/e2e: its generated descriptors would
// clash with the copy inside libgrpc++_reflection in one process.)
#include <set>
#include <string>
#include <thread>

#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"
#include "testing/health.h"
#include "tests/integration/server_fixture.h"

namespace kompas::testing {
namespace {

class HealthReflectionTest : public ServerFixture {};

TEST_F(HealthReflectionTest, HealthIsServingForServerAndServices) {
  for (const char* service : {"", "kompas.v1.CaseService", "kompas.v1.CommunityService"}) {
    EXPECT_EQ(CheckHealth(channel_, service), grpc::health::v1::HealthCheckResponse::SERVING)
        << service;
  }
}

TEST_F(HealthReflectionTest, ShutdownTurnsHealthNotServingThenRefusesCalls) {
  auto health = grpc::health::v1::Health::NewStub(channel_);
  grpc::ClientContext watch_ctx;
  grpc::health::v1::HealthCheckRequest req;
  auto watch = health->Watch(&watch_ctx, req);
  grpc::health::v1::HealthCheckResponse update;
  ASSERT_TRUE(watch->Read(&update));
  EXPECT_EQ(update.status(), grpc::health::v1::HealthCheckResponse::SERVING);

  std::thread stopper([this] { server_->Shutdown(); });
  // The watcher hears NOT_SERVING before the server goes away.
  ASSERT_TRUE(watch->Read(&update));
  EXPECT_EQ(update.status(), grpc::health::v1::HealthCheckResponse::NOT_SERVING);
  watch_ctx.TryCancel();  // an open stream would hold shutdown for its grace period
  (void)watch->Finish();
  stopper.join();

  // After shutdown, calls are refused.
  v1::ListCommunitiesResponse resp;
  auto ctx = As("anna-zaanstad");
  ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(2));
  grpc::Status s = community_stub_->ListCommunities(ctx.get(), v1::ListCommunitiesRequest(), &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAVAILABLE) << s.error_message();
}

}  // namespace
}  // namespace kompas::testing
