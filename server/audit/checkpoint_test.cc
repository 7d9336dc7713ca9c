// Signed checkpoints against a real store: a checkpoint verifies; after the
// newest events are cut, one in the middle is deleted, or one is rewritten
// and the chain recomputed after it, verification against an earlier
// checkpoint fails and says where; a checkpoint of another key is refused.
#include "audit/checkpoint.h"

#include <sys/stat.h>

#include <initializer_list>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "kompas/v1/audit.pb.h"
#include "store/keys.h"
#include "testing/opened_store.h"
#include "testing/temp_dir.h"

namespace kompas::audit {
namespace {

using ::testing::HasSubstr;
using store::Table;

class CheckpointTest : public kompas::testing::OpenedStoreTest {
 protected:
  CheckpointTest() { sync_writes_ = false; }

  void Opened() override {
    auto log = AuditLog::Open(store_.get());
    ASSERT_TRUE(log.ok()) << log.status();
    log_ = *std::move(log);
    auto signer = CheckpointSigner::LoadOrCreate(keys_.Sub("audit.key"), "kompas.test/audit");
    ASSERT_TRUE(signer.ok()) << signer.status();
    checkpoints_ = std::make_unique<Checkpoints>(store_.get(), log_.get(), *std::move(signer));
  }

  void Record(int n) {
    for (int i = 0; i < n; ++i) {
      ASSERT_TRUE(log_->Record({"wijkteams", "anna", "/kompas.v1.CaseService/GetCase",
                                "communities/wijkteams/cases/c1", "OK"})
                      .ok());
    }
  }

  SignedCheckpoint Take() {
    auto c = checkpoints_->Current();
    EXPECT_TRUE(c.ok()) << c.status();
    return *c;
  }

  // Verifies the store against `signed_checkpoint` with this server's key.
  PrefixReport Verify(const SignedCheckpoint& signed_checkpoint) {
    auto opened = OpenCheckpoint(signed_checkpoint.note, key());
    EXPECT_TRUE(opened.ok()) << opened.status();
    auto report = VerifyPrefix(*store_, *opened, key());
    EXPECT_TRUE(report.ok()) << report.status();
    return *report;
  }

  // Verifies the store against `c` and expects it broken at event `at`,
  // with a problem that names every one of `words`.
  void ExpectBrokenAt(const SignedCheckpoint& c, int64_t at,
                      std::initializer_list<const char*> words) {
    PrefixReport r = Verify(c);
    EXPECT_EQ(r.broken_at, at);
    for (const char* w : words) EXPECT_THAT(r.problem, HasSubstr(w));
  }

  // Expects `note` refused as this server's checkpoint, for `why`.
  void ExpectRefused(const std::string& note, const char* why) {
    auto opened = OpenCheckpoint(note, key());
    EXPECT_EQ(opened.status().code(), absl::StatusCode::kPermissionDenied);
    EXPECT_THAT(opened.status().message(), HasSubstr(why));
  }

  const std::string& key() const { return checkpoints_->signer().verifier_key(); }

  v1::AuditEvent Event(uint64_t sequence) {
    auto raw = store_->Get(Table::kAudit, store::keys::Sequence(sequence));
    EXPECT_TRUE(raw.ok() && raw->has_value());
    v1::AuditEvent event;
    EXPECT_TRUE(event.ParseFromString(**raw));
    return event;
  }
  void Put(const v1::AuditEvent& event) {
    store::WriteBatch batch;
    batch.Put(Table::kAudit, store::keys::Sequence(static_cast<uint64_t>(event.sequence())),
              event.SerializeAsString());
    ASSERT_TRUE(store_->Write(batch).ok());
  }
  void Delete(uint64_t sequence) {
    store::WriteBatch batch;
    batch.Delete(Table::kAudit, store::keys::Sequence(sequence));
    ASSERT_TRUE(store_->Write(batch).ok());
  }

  kompas::testing::TempDir keys_;  // the key lives outside the store
  std::unique_ptr<AuditLog> log_;
  std::unique_ptr<Checkpoints> checkpoints_;
};

TEST_F(CheckpointTest, ASignedCheckpointIsAC2spNoteAndVerifies) {
  Record(5);
  SignedCheckpoint c = Take();
  EXPECT_EQ(c.checkpoint.size, 5u);
  EXPECT_THAT(c.note, ::testing::StartsWith("kompas.test/audit\n5\n"));
  EXPECT_THAT(c.note, HasSubstr("\ntime "));
  EXPECT_THAT(c.note, HasSubstr("\n\n\xE2\x80\x94 kompas.test/audit "));
  auto opened = OpenCheckpoint(c.note, key());
  ASSERT_TRUE(opened.ok()) << opened.status();
  EXPECT_EQ(opened->head_hash, Event(5).hash());
  EXPECT_EQ(opened->time, c.checkpoint.time);
  Record(3);  // more events after the checkpoint are fine
  PrefixReport r = Verify(c);
  EXPECT_EQ(r.broken_at, 0) << r.problem;
  EXPECT_EQ(r.store_events, 8);
}

TEST_F(CheckpointTest, TheKeyFileIsCreatedPrivateAndReusedOnTheNextStart) {
  struct stat info;
  ASSERT_EQ(::stat(keys_.Sub("audit.key").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  auto again = CheckpointSigner::LoadOrCreate(keys_.Sub("audit.key"), "kompas.test/audit");
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ((*again)->verifier_key(), key());
}

TEST_F(CheckpointTest, CuttingTheNewestEventsIsReportedAsTruncation) {
  Record(10);
  SignedCheckpoint c = Take();
  for (uint64_t s = 8; s <= 10; ++s) Delete(s);
  ExpectBrokenAt(c, 8, {"truncated", "8..10"});
}

TEST_F(CheckpointTest, ADeletedEventInTheMiddleIsNamed) {
  Record(10);
  SignedCheckpoint c = Take();
  Delete(4);
  ExpectBrokenAt(c, 4, {"event 4 is missing"});
}

TEST_F(CheckpointTest, AnAlteredEventIsNamed) {
  Record(6);
  SignedCheckpoint c = Take();
  v1::AuditEvent e = Event(3);
  e.set_member("someone-else");
  Put(e);
  ExpectBrokenAt(c, 3, {"altered"});
}

TEST_F(CheckpointTest, ARewrittenAndRecomputedChainIsFoundAndNarrowedDown) {
  Record(3);
  Take();  // the server keeps checkpoints at 3 and 6
  Record(3);
  Take();
  Record(4);
  SignedCheckpoint c = Take();  // 10 events
  // Rewrite event 5 and recompute every hash after it: each event matches
  // its own hash and link, as an attacker with file access can make it.
  std::string previous = Event(4).hash();
  for (uint64_t s = 5; s <= 10; ++s) {
    v1::AuditEvent e = Event(s);
    if (s == 5) e.set_member("someone-else");
    e.set_previous_hash(previous);
    e.set_hash(AuditLog::HashOf(e));
    previous = e.hash();
    Put(e);
  }
  auto plain = AuditLog::Verify(*store_);
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain->first_damaged, 0);  // the unkeyed chain alone cannot tell
  ExpectBrokenAt(c, 4, {"rewritten", "between 4 and 6"});
}

TEST_F(CheckpointTest, ACheckpointSignedByAnotherKeyIsRefused) {
  Record(2);
  auto other = CheckpointSigner::LoadOrCreate(keys_.Sub("other.key"), "kompas.test/audit");
  ASSERT_TRUE(other.ok()) << other.status();
  Checkpoint forged = Take().checkpoint;
  auto note = (*other)->Sign(forged);
  ASSERT_TRUE(note.ok());
  ExpectRefused(*note, "not signed by the key");
}

TEST_F(CheckpointTest, AnEditedCheckpointIsRefused) {
  Record(4);
  std::string note = Take().note;
  note.replace(note.find("\n4\n"), 3, "\n3\n");
  ExpectRefused(note, "does not verify");
}

}  // namespace
}  // namespace kompas::audit
