#include "domain/key_secret.h"

#include <openssl/sha.h>
#include <sys/stat.h>

#include <fstream>
#include <map>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "store/keys.h"
#include "testing/status_matchers.h"
#include "testing/temp_dir.h"

namespace kompas::domain {
namespace {

using store::Table;
using ::testing::HasSubstr;
using ::testing::Pair;
using ::testing::UnorderedElementsAre;
namespace keys = store::keys;

std::string Sha256Hex(absl::string_view bytes) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), digest);
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(digest), sizeof digest));
}

TEST(KeySecretTest, RequestIdTagsHoldNeitherTheIdNorTheMember) {
  const KeySecret secret(std::string(32, 'k'));
  const std::string tag = secret.RequestIdTag("anna", "mevrouw-jansen-1");
  const std::string key = keys::RequestId("case", "communities/demo", tag);
  EXPECT_FALSE(absl::StrContains(key, "jansen"));
  EXPECT_FALSE(absl::StrContains(key, "anna"));
  EXPECT_FALSE(absl::StrContains(key, Sha256Hex("mevrouw-jansen-1")));
  EXPECT_EQ(tag, secret.RequestIdTag("anna", "mevrouw-jansen-1"));
  EXPECT_NE(tag, secret.RequestIdTag("anna", "mevrouw-jansen-2"));
  EXPECT_NE(tag, secret.RequestIdTag("bram", "mevrouw-jansen-1"));
  EXPECT_NE(tag, KeySecret(std::string(32, 'x')).RequestIdTag("anna", "mevrouw-jansen-1"));
  EXPECT_EQ(keys::LastPart(key).size(), 64u);
}

TEST(KeySecretTest, AnEvaluationTagIsNotThePlainHashOfTheMember) {
  const KeySecret secret(std::string(32, 'k'));
  const std::string tag = secret.EvaluationTag("anna");
  EXPECT_EQ(tag.size(), 64u);
  EXPECT_NE(tag, Sha256Hex("anna"));
  EXPECT_FALSE(absl::StrContains(tag, "anna"));
  EXPECT_EQ(tag, secret.EvaluationTag("anna"));
  EXPECT_NE(tag, secret.EvaluationTag("bram"));
  EXPECT_NE(tag, KeySecret(std::string(32, 'x')).EvaluationTag("anna"));
}

class OpenKeySecretTest : public ::testing::Test {
 protected:
  void SetUp() override { Open(); }

  void Open() {
    auto opened = store::Store::Open({.data_dir = dir_.Sub("db"), .sync_writes = false});
    ASSERT_TRUE(opened.ok()) << opened.status();
    store_ = *std::move(opened);
  }

  std::map<std::string, std::string> Entries(Table table) {
    std::map<std::string, std::string> out;
    EXPECT_THAT(store_->Scan(table, "", {},
                             [&](absl::string_view k, absl::string_view v) {
                               out.emplace(k, v);
                               return true;
                             }),
                testing::IsOk());
    return out;
  }

  kompas::testing::TempDir dir_;
  std::unique_ptr<store::Store> store_;
};

TEST_F(OpenKeySecretTest, CreatesTheFileOnceReadableOnlyByItsOwnerAndKeepsUsingIt) {
  const std::string path = DefaultSecretFile(dir_.Sub("db/"));
  EXPECT_EQ(path, dir_.Sub("db.secret"));
  auto first = OpenKeySecret(*store_, path);
  ASSERT_THAT(first.status(), testing::IsOk());
  struct stat st;
  ASSERT_EQ(stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600);
  auto again = OpenKeySecret(*store_, path);
  ASSERT_THAT(again.status(), testing::IsOk());
  EXPECT_EQ(again->EvaluationTag("anna"), first->EvaluationTag("anna"));
}

TEST_F(OpenKeySecretTest, RefusesAnotherSecretAndAMissingFile) {
  ASSERT_THAT(OpenKeySecret(*store_, dir_.Sub("db.secret")).status(), testing::IsOk());
  std::ofstream(dir_.Sub("other.secret")) << std::string(64, 'a') << "\n";
  EXPECT_THAT(OpenKeySecret(*store_, dir_.Sub("other.secret")).status(),
              testing::StatusIs(absl::StatusCode::kFailedPrecondition,
                                HasSubstr("not the one this store was keyed with")));
  EXPECT_THAT(OpenKeySecret(*store_, dir_.Sub("missing.secret")).status(),
              testing::StatusIs(absl::StatusCode::kFailedPrecondition,
                                HasSubstr("missing.secret is missing")));
  std::ofstream(dir_.Sub("short.secret")) << "abcd\n";
  EXPECT_THAT(OpenKeySecret(*store_, dir_.Sub("short.secret")).status(),
              testing::StatusIs(absl::StatusCode::kFailedPrecondition,
                                HasSubstr("does not hold a secret")));
}

TEST_F(OpenKeySecretTest, MigratesAStoreOfTheEarlierLayoutOnce) {
  // The earlier layout: evaluations under the member's plain SHA-256,
  // request ids with the member in clear.
  store::WriteBatch old;
  old.Put(Table::kEvaluations, keys::Join({"wijkteams", "s1", Sha256Hex("anna")}), "eval-anna");
  old.Put(Table::kEvaluations, keys::Join({"wijkteams", "s1", Sha256Hex("bram")}), "eval-bram");
  old.Put(Table::kRequestIds,
          keys::Join({"case", "communities/wijkteams", "anna", Sha256Hex("req-1")}),
          "communities/wijkteams/cases/c1\nfingerprint");
  ASSERT_THAT(store_->Write(old), testing::IsOk());

  const std::string path = dir_.Sub("db.secret");
  auto secret = OpenKeySecret(*store_, path);
  ASSERT_THAT(secret.status(), testing::IsOk());
  // Exactly the keys the domain now looks up, with the values kept.
  EXPECT_THAT(Entries(Table::kEvaluations),
              UnorderedElementsAre(
                  Pair(keys::Evaluation("wijkteams", "s1", secret->EvaluationTag("anna")),
                       "eval-anna"),
                  Pair(keys::Evaluation("wijkteams", "s1", secret->EvaluationTag("bram")),
                       "eval-bram")));
  EXPECT_THAT(Entries(Table::kRequestIds),
              UnorderedElementsAre(Pair(
                  keys::RequestId("case", "communities/wijkteams",
                                  secret->RequestIdTag("anna", "req-1")),
                  "communities/wijkteams/cases/c1\nfingerprint")));
  auto marker = store_->Get(Table::kMeta, kKeySecretMarker);
  ASSERT_THAT(marker.status(), testing::IsOk());
  EXPECT_EQ(marker->value_or(""), secret->Check());

  // Once: a second start (here after a reopen) leaves the keys as they are.
  const auto evaluations = Entries(Table::kEvaluations);
  const auto request_ids = Entries(Table::kRequestIds);
  ASSERT_THAT(store_->Close(), testing::IsOk());
  Open();
  ASSERT_THAT(OpenKeySecret(*store_, path).status(), testing::IsOk());
  EXPECT_EQ(Entries(Table::kEvaluations), evaluations);
  EXPECT_EQ(Entries(Table::kRequestIds), request_ids);
}

}  // namespace
}  // namespace kompas::domain
