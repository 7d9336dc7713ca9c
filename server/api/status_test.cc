#include "api/status.h"

#include "absl/status/status.h"
#include "domain/errors.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"

namespace kompas::api {
namespace {

// The ErrorInfo reasons in a grpc::Status's details.
std::vector<std::string> Reasons(const grpc::Status& s) {
  std::vector<std::string> reasons;
  google::rpc::Status details;
  EXPECT_TRUE(details.ParseFromString(s.error_details()));
  for (const auto& any : details.details()) {
    google::rpc::ErrorInfo info;
    if (any.UnpackTo(&info)) {
      EXPECT_EQ(info.domain(), "kompas.v1");
      reasons.push_back(info.reason());
    }
  }
  return reasons;
}

TEST(StatusTest, ARefusalWithoutReasonGetsTheGenericReasonOfItsCode) {
  EXPECT_EQ(Reasons(ToGrpcStatus(absl::InternalError("x"))), std::vector<std::string>{"INTERNAL"});
  EXPECT_EQ(Reasons(ToGrpcStatus(absl::UnavailableError("x"))),
            std::vector<std::string>{"UNAVAILABLE"});
  EXPECT_EQ(Reasons(ToGrpcStatus(absl::InvalidArgumentError("x"))),
            std::vector<std::string>{"INVALID_ARGUMENT"});
  EXPECT_EQ(Reasons(ToGrpcStatus(absl::DataLossError("x"))),
            std::vector<std::string>{"DATA_LOSS"});
  // Every canonical code has its generic value, named as the code.
  for (int code = 1; code <= 16; ++code) {
    const auto c = static_cast<absl::StatusCode>(code);
    EXPECT_EQ(v1::ErrorReason_Name(GenericReason(c)), absl::StatusCodeToString(c));
  }
  EXPECT_TRUE(ToGrpcStatus(absl::OkStatus()).error_details().empty());
}

TEST(StatusTest, ASpecificReasonIsKeptAndNotDoubled) {
  grpc::Status s = ToGrpcStatus(domain::WithReason(absl::StatusCode::kAborted,
                                                   v1::ETAG_MISMATCH, "stale"));
  EXPECT_EQ(s.error_code(), grpc::StatusCode::ABORTED);
  EXPECT_EQ(Reasons(s), std::vector<std::string>{"ETAG_MISMATCH"});
}

}  // namespace
}  // namespace kompas::api
