// Signed checkpoints of the audit chain: kompasd signs the chain's head
// (how many events, the newest one's hash) with an Ed25519 key it keeps
// outside the store, so someone who can write the store's files but not read
// that key cannot cut, drop or rewrite events before a checkpoint unnoticed.
// A checkpoint is a C2SP signed note (c2sp.org/tlog-checkpoint,
// c2sp.org/signed-note):
//
//   kompas/audit                        origin: which log
//   1234                                events 1..1234
//   3q2+7w...=                          base64 of event 1234's SHA-256 hash
//   time 2026-12-05T11:30:00Z           extension lines
//
//   — kompas/audit AbCd...==            key name, base64(key hash ‖ signature)
//
//   ASSIGN_OR_RETURN(auto signer, CheckpointSigner::LoadOrCreate("/etc/kompas/audit.key",
//                                                                "kompas/audit"));
//   Checkpoints checkpoints(store, audit_log, std::move(signer));
//   ASSIGN_OR_RETURN(SignedCheckpoint now, checkpoints.Current());
//   ...
//   ASSIGN_OR_RETURN(Checkpoint cp, OpenCheckpoint(now.note, verifier_key));
//   ASSIGN_OR_RETURN(PrefixReport r, VerifyPrefix(*store, cp, verifier_key));
//
// Retention (retention.h) leaves a placeholder for each expired event (its
// sequence and hashes, `expired_by` set) and a signed expiry record in the
// store; VerifyPrefix accepts a placeholder only when a record signed by the
// same key names it, so the chain stays verifiable across expiry.
#ifndef KOMPAS_AUDIT_CHECKPOINT_H_
#define KOMPAS_AUDIT_CHECKPOINT_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "audit/audit_log.h"
#include "store/store.h"

namespace kompas::audit {

// What a checkpoint says, unsigned.
struct Checkpoint {
  std::string origin;       // the log's name; also the signing key's name
  uint64_t size = 0;        // the chain's events 1..size
  std::string head_hash;    // hex SHA-256 of event `size`; empty when size is 0
  absl::Time time;          // when it was signed (second precision)
  // Further extension lines after `time ...`, e.g. an expiry record's.
  std::vector<std::string> extensions;
};

// The checkpoint's note body: origin, size, base64 hash, extension lines,
// each ending in a newline (what the signature covers).
std::string CheckpointBody(const Checkpoint& checkpoint);

// Holds the Ed25519 private key. Thread-safe (signing has no shared state).
class CheckpointSigner {
 public:
  // Reads the PEM (PKCS#8) key in `key_file`, or creates one there (mode
  // 0600) when the file does not exist. `origin` names the log and the key:
  // 1-100 printable characters without spaces or '+'.
  static absl::StatusOr<std::unique_ptr<CheckpointSigner>> LoadOrCreate(
      const std::string& key_file, const std::string& origin);
  ~CheckpointSigner();
  CheckpointSigner(const CheckpointSigner&) = delete;
  CheckpointSigner& operator=(const CheckpointSigner&) = delete;

  const std::string& origin() const { return origin_; }
  // The public key as a signed-note verifier key, one line:
  // `<origin>+<key hash, 8 hex digits>+<base64(0x01 ‖ 32-byte public key)>`.
  const std::string& verifier_key() const { return verifier_key_; }
  // The signed note of `checkpoint` (its origin must be this signer's).
  absl::StatusOr<std::string> Sign(const Checkpoint& checkpoint) const;

 private:
  CheckpointSigner() = default;
  void* key_ = nullptr;  // EVP_PKEY*, owned
  std::string origin_;
  std::string verifier_key_;
};

// Parses a signed note and checks its signature by `verifier_key`.
// PERMISSION_DENIED when the note carries no signature of that key (signed
// by another key) or the signature does not verify (the text was changed);
// INVALID_ARGUMENT when it is not a checkpoint.
absl::StatusOr<Checkpoint> OpenCheckpoint(absl::string_view note,
                                          absl::string_view verifier_key);

// A checkpoint as kompasd hands it out.
struct SignedCheckpoint {
  Checkpoint checkpoint;
  std::string note;          // the signed note text
  std::string verifier_key;  // the key that signed it
};

// Signs the live chain's head on request and keeps every checkpoint it
// signed in the store (meta table), so a later verification can narrow down
// where a rewritten history starts. Thread-safe. Owns the signer only.
class Checkpoints {
 public:
  Checkpoints(store::Store* store, AuditLog* log, std::unique_ptr<CheckpointSigner> signer)
      : store_(store), log_(log), signer_(std::move(signer)) {}

  // The chain's head now, signed, and kept in the store.
  absl::StatusOr<SignedCheckpoint> Current();
  const CheckpointSigner& signer() const { return *signer_; }

 private:
  store::Store* store_;
  AuditLog* log_;
  std::unique_ptr<CheckpointSigner> signer_;
};

// Meta-table keys of what this module keeps in the store.
inline constexpr char kCheckpointKeyPrefix[] = "audit_checkpoint/";  // + 8-byte size
inline constexpr char kExpiryKeyPrefix[] = "audit_expiry/";          // + 8-byte run number

// The extension line of an expiry record (retention.h): run number, audit
// events and archived cases removed, and the hex SHA-256 over the removed
// events' "<sequence>:<hash>;" in sequence order.
std::string ExpiryLine(uint64_t run, int64_t events, int64_t cases, const std::string& digest);

// The digest of an expiry run: SHA-256 (hex) over "<sequence>:<hash>;" of
// the events it removed, added in sequence order.
class ExpiryDigest {
 public:
  void Add(int64_t sequence, const std::string& hash);
  std::string Hex() const;
  int64_t count() const { return count_; }

 private:
  std::string input_;
  int64_t count_ = 0;
};

struct PrefixReport {
  int64_t store_events = 0;  // highest sequence in the store (placeholders included)
  int64_t expired = 0;       // placeholders of expired events met, each covered by a record
  int64_t expiry_runs = 0;   // signed expiry records checked
  // The first sequence at which the store does not hold the checkpoint's
  // prefix (or the chain after it) unchanged; 0 when it does.
  int64_t broken_at = 0;
  std::string problem;  // what is wrong there, for people
};

// Proves the store holds the chain the (already opened) checkpoint saw:
// events 1..size present, linked, each matching its own hash (or a
// placeholder named by an expiry record signed by `verifier_key`), and event
// `size` carrying the checkpoint's hash; then checks the rest of the chain
// the same way. Reports truncation, a missing event, an altered event and a
// recomputed (rewritten) chain, with where it breaks. Works on a read-only
// store.
absl::StatusOr<PrefixReport> VerifyPrefix(const store::Store& store, const Checkpoint& checkpoint,
                                          absl::string_view verifier_key);

}  // namespace kompas::audit

#endif  // KOMPAS_AUDIT_CHECKPOINT_H_
