// Asking a test's server how it is, through the gRPC health service:
//
//   EXPECT_EQ(CheckHealth(channel, "kompas.v1.writes"), HealthStatus::NOT_SERVING);
//
// Needs the health proto (CMake: grpc_extra_proto).
#ifndef KOMPAS_TESTING_HEALTH_H_
#define KOMPAS_TESTING_HEALTH_H_

#include <chrono>
#include <memory>
#include <string>

#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"

namespace kompas::testing {

using HealthStatus = grpc::health::v1::HealthCheckResponse::ServingStatus;

// What the server says of `service` ("" is the server as a whole); a test
// failure (and UNKNOWN) when it cannot be asked within 10 seconds.
inline HealthStatus CheckHealth(const std::shared_ptr<grpc::Channel>& channel,
                                const std::string& service) {
  auto health = grpc::health::v1::Health::NewStub(channel);
  grpc::health::v1::HealthCheckRequest req;
  req.set_service(service);
  grpc::health::v1::HealthCheckResponse resp;
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  grpc::Status s = health->Check(&ctx, req, &resp);
  EXPECT_TRUE(s.ok()) << service << ": " << s.error_message();
  return resp.status();
}

}  // namespace kompas::testing

#endif  // KOMPAS_TESTING_HEALTH_H_
