// grpc.health.v1 follows the server's life. (Server reflection is checked
// against the kompasd binary in tests/e2e: its generated descriptors would
// clash with the copy inside libgrpc++_reflection in one process.)
#include <set>
#include <string>

#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/integration/server_fixture.h"

namespace kompas::testing {
namespace {

class HealthReflectionTest : public ServerFixture {};

TEST_F(HealthReflectionTest, HealthIsServingForServerAndServices) {
  auto health = grpc::health::v1::Health::NewStub(channel_);
  for (const char* service : {"", "kompas.v1.CaseService", "kompas.v1.CommunityService"}) {
    grpc::health::v1::HealthCheckRequest req;
    req.set_service(service);
    grpc::health::v1::HealthCheckResponse resp;
    grpc::ClientContext ctx;
    grpc::Status s = health->Check(&ctx, req, &resp);
    ASSERT_TRUE(s.ok()) << service << ": " << s.error_message();
    EXPECT_EQ(resp.status(), grpc::health::v1::HealthCheckResponse::SERVING) << service;
  }
}

TEST_F(HealthReflectionTest, ShutdownReportsNotServingAndRefusesNewCalls) {
  auto health = grpc::health::v1::Health::NewStub(channel_);
  server_->Shutdown();
  grpc::health::v1::HealthCheckRequest req;
  grpc::health::v1::HealthCheckResponse resp;
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(2));
  grpc::Status s = health->Check(&ctx, req, &resp);
  EXPECT_FALSE(s.ok() && resp.status() == grpc::health::v1::HealthCheckResponse::SERVING);
}

}  // namespace
}  // namespace kompas::testing
