// Conversions between absl::Time and google.protobuf.Timestamp.
#ifndef KOMPAS_DOMAIN_INTERNAL_PROTO_TIME_H_
#define KOMPAS_DOMAIN_INTERNAL_PROTO_TIME_H_

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "google/protobuf/timestamp.pb.h"

namespace kompas::domain::internal {

inline google::protobuf::Timestamp ToProto(absl::Time t) {
  google::protobuf::Timestamp ts;
  const int64_t nanos = absl::ToUnixNanos(t);
  ts.set_seconds(nanos / 1000000000);
  ts.set_nanos(static_cast<int32_t>(nanos % 1000000000));
  return ts;
}

inline google::protobuf::Timestamp Now() { return ToProto(absl::Now()); }

}  // namespace kompas::domain::internal

#endif  // KOMPAS_DOMAIN_INTERNAL_PROTO_TIME_H_
