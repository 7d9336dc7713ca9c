#include "audit_format.h"

#include <absl/time/civil_time.h>
#include <absl/time/clock.h>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace kompas::cli {
namespace {

using ::testing::ElementsAre;

TEST(ParseSinceTest, ReadsADayATimeAndASpanBack) {
  const absl::Time now = absl::FromUnixSeconds(1'800'000'000);
  EXPECT_EQ(ParseSince("90m", now), now - absl::Minutes(90));
  EXPECT_EQ(ParseSince("24h", now), now - absl::Hours(24));
  EXPECT_EQ(ParseSince(" 7d ", now), now - absl::Hours(24 * 7));
  EXPECT_EQ(ParseSince("2026-12-05T09:30:00Z", now),
            absl::FromCivil(absl::CivilSecond(2026, 12, 5, 9, 30, 0), absl::UTCTimeZone()));
  EXPECT_EQ(ParseSince("2026-12-05", now),
            absl::FromCivil(absl::CivilDay(2026, 12, 5), absl::LocalTimeZone()));
}

TEST(ParseSinceTest, RefusesOtherWords) {
  const absl::Time now = absl::Now();
  EXPECT_EQ(ParseSince("", now), std::nullopt);
  EXPECT_EQ(ParseSince("yesterday", now), std::nullopt);
  EXPECT_EQ(ParseSince("7w", now), std::nullopt);
  EXPECT_EQ(ParseSince("-3d", now), std::nullopt);
  EXPECT_EQ(ParseSince("d", now), std::nullopt);
  EXPECT_EQ(ParseSince("2026-13-45", now), std::nullopt);
}

TEST(ShortMethodTest, IsTheRpcName) {
  EXPECT_EQ(ShortMethod("/kompas.v1.CaseService/GetCase"), "GetCase");
  EXPECT_EQ(ShortMethod("GetCase"), "GetCase");
}

v1::AuditEvent Event(const std::string& member, const std::string& method, int64_t seconds,
                     const std::string& outcome = "OK") {
  v1::AuditEvent e;
  e.set_member(member);
  e.set_method("/kompas.v1.CaseService/" + method);
  e.mutable_time()->set_seconds(seconds);
  e.set_outcome(outcome);
  return e;
}

TEST(ReadersOfTest, SumsUpSuccessfulCallsPerMemberMostRecentFirst) {
  v1::ListAuditEventsResponse r;  // newest first, as the server sends them
  *r.add_audit_events() = Event("anna", "GetCase", 500);
  *r.add_audit_events() = Event("eva", "GetCase", 400, "PERMISSION_DENIED");
  *r.add_audit_events() = Event("bram", "ListReflections", 300);
  *r.add_audit_events() = Event("anna", "ListCases", 200);
  *r.add_audit_events() = Event("anna", "GetCase", 100);
  const std::vector<Reader> readers = ReadersOf(r.audit_events());
  ASSERT_EQ(readers.size(), 2u);
  EXPECT_EQ(readers[0].member, "anna");
  EXPECT_EQ(readers[0].calls, 3);
  EXPECT_EQ(readers[0].first.seconds(), 100);
  EXPECT_EQ(readers[0].last.seconds(), 500);
  EXPECT_THAT(readers[0].methods, ElementsAre("GetCase", "ListCases"));
  EXPECT_EQ(readers[1].member, "bram");
  EXPECT_EQ(readers[1].calls, 1);
}

}  // namespace
}  // namespace kompas::cli
