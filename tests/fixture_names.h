// What the integration fixture (integration/server_fixture.h) and the
// end-to-end fixture (e2e/kompasd_fixture.h) share: the gmock matchers
// their tests use, named once, and the names of the demo community. The
// integration tests make that community with CreateDemoCommunity; the
// end-to-end tests' kompasd seeds it from data/demo_community.json. Both
// have the community `wijkteams` with anna-zaanstad (Zaanstad, GM0479) and
// bram-enschede (Enschede, GM0153).
#ifndef KOMPAS_TESTS_FIXTURE_NAMES_H_
#define KOMPAS_TESTS_FIXTURE_NAMES_H_

#include "gmock/gmock.h"

namespace kompas::testing {

using ::testing::AllOf;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::IsSupersetOf;
using ::testing::Not;
using ::testing::SizeIs;
using ::testing::UnorderedElementsAre;

// The demo community by its id, by its name, and the prefix of its
// members' names.
inline constexpr char kDemoCommunity[] = "wijkteams";
inline constexpr char kCommunity[] = "communities/wijkteams";
inline constexpr char kMembers[] = "communities/wijkteams/members/";
// Two of its professionals.
inline constexpr char kAnna[] = "anna-zaanstad";  // Zaanstad, GM0479
inline constexpr char kBram[] = "bram-enschede";  // Enschede, GM0153

}  // namespace kompas::testing

#endif  // KOMPAS_TESTS_FIXTURE_NAMES_H_
