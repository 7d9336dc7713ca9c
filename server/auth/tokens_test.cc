#include "auth/tokens.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "store/store.h"
#include "testing/status_matchers.h"
#include "testing/opened_store.h"

namespace kompas::auth {
namespace {

using ::kompas::testing::IsOk;
using ::kompas::testing::StatusIs;
using ::testing::HasSubstr;

class TokensTest : public kompas::testing::OpenedStoreTest {
 protected:
  TokensTest() { sync_writes_ = false; }
};

TEST_F(TokensTest, IssuedTokenVerifiesAndIsStoredOnlyAsAHash) {
  TokenStore tokens(store_.get());
  auto issued = tokens.Issue("anna-zaanstad", {.note = "laptop"});
  ASSERT_THAT(issued, IsOk());
  EXPECT_GE(issued->token.size(), 4u + 43u);  // "kmp_" + 256 bits in base64
  auto p = tokens.Verify(issued->token);
  ASSERT_THAT(p, IsOk());
  EXPECT_EQ(p->member_id, "anna-zaanstad");
  EXPECT_FALSE(p->admin);
  // Nothing in the store holds the secret.
  std::string all;
  ASSERT_THAT(store_->Scan(store::Table::kTokens, "", {},
                           [&](absl::string_view k, absl::string_view v) {
                             all += std::string(k) + std::string(v);
                             return true;
                           }),
              IsOk());
  EXPECT_EQ(all.find(issued->token.substr(4)), std::string::npos);
}

TEST_F(TokensTest, UnknownExpiredAndRevokedTokensAreRefusedWithReasons) {
  TokenStore tokens(store_.get());
  EXPECT_THAT(tokens.Verify("kmp_doesnotexist"),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("unknown token")));
  EXPECT_THAT(tokens.Verify("Bearer nonsense"), StatusIs(absl::StatusCode::kUnauthenticated));
  auto expired = tokens.Issue("anna-zaanstad", {.ttl = absl::Nanoseconds(1)});
  ASSERT_THAT(expired, IsOk());
  absl::SleepFor(absl::Milliseconds(5));
  EXPECT_THAT(tokens.Verify(expired->token),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("expired")));
  auto revoked = tokens.Issue("anna-zaanstad", {});
  ASSERT_THAT(revoked, IsOk());
  ASSERT_THAT(tokens.Revoke(revoked->record.token_id()), IsOk());
  EXPECT_THAT(tokens.Verify(revoked->token),
              StatusIs(absl::StatusCode::kUnauthenticated, HasSubstr("revoked")));
  EXPECT_THAT(tokens.Revoke("000000000000"), StatusIs(absl::StatusCode::kNotFound));
  auto list = tokens.List("anna-zaanstad");
  ASSERT_THAT(list, IsOk());
  EXPECT_EQ(list->size(), 2u);
}

}  // namespace
}  // namespace kompas::auth
