#include "audit/checkpoint.h"

#include <openssl/evp.h>
#include <openssl/pem.h>

#include <cstring>
#include <map>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "common/files.h"
#include "common/sha256.h"
#include "common/status_macros.h"
#include "kompas/v1/audit.pb.h"
#include "store/keys.h"

namespace kompas::audit {
namespace {

using store::Table;
namespace keys = store::keys;

constexpr char kEmDash[] = "\xE2\x80\x94";  // U+2014, which starts a signature line
constexpr unsigned char kEd25519Type = 0x01;  // signed-note signature type

EVP_PKEY* Key(void* key) { return static_cast<EVP_PKEY*>(key); }

bool IsValidKeyName(absl::string_view name) {
  if (name.empty() || name.size() > 100) return false;
  for (char c : name) {
    if (c <= ' ' || c > '~' || c == '+') return false;
  }
  return true;
}

// The signed-note key hash: the first 4 bytes of SHA-256(name "\n" type key).
std::string KeyHash(absl::string_view name, absl::string_view typed_key) {
  return Sha256(absl::StrCat(name, "\n", typed_key)).substr(0, 4);
}

struct Verifier {
  std::string name;
  std::string hash;   // 4 bytes
  std::string key;    // 32 raw bytes of the Ed25519 public key
};

absl::StatusOr<Verifier> ParseVerifierKey(absl::string_view text) {
  text = absl::StripAsciiWhitespace(text);
  const std::vector<std::string> parts = absl::StrSplit(text, absl::MaxSplits('+', 2));
  std::string hash, typed;
  if (parts.size() != 3 || !IsValidKeyName(parts[0]) || parts[1].size() != 8 ||
      !absl::Base64Unescape(parts[2], &typed) || typed.size() != 33 ||
      static_cast<unsigned char>(typed[0]) != kEd25519Type) {
    return absl::InvalidArgumentError(
        "not an Ed25519 verifier key (<name>+<8 hex digits>+<base64 key>)");
  }
  hash = absl::HexStringToBytes(parts[1]);
  if (KeyHash(parts[0], typed) != hash) {
    return absl::InvalidArgumentError("the verifier key's hash does not match its key");
  }
  return Verifier{parts[0], hash, typed.substr(1)};
}

bool VerifyEd25519(const std::string& public_key, absl::string_view message,
                   absl::string_view signature) {
  EVP_PKEY* key = EVP_PKEY_new_raw_public_key(
      EVP_PKEY_ED25519, nullptr, reinterpret_cast<const unsigned char*>(public_key.data()),
      public_key.size());
  if (key == nullptr) return false;
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  bool ok = ctx != nullptr && EVP_DigestVerifyInit(ctx, nullptr, nullptr, nullptr, key) == 1 &&
            EVP_DigestVerify(ctx, reinterpret_cast<const unsigned char*>(signature.data()),
                             signature.size(),
                             reinterpret_cast<const unsigned char*>(message.data()),
                             message.size()) == 1;
  EVP_MD_CTX_free(ctx);
  EVP_PKEY_free(key);
  return ok;
}

std::string TimeLine(absl::Time t) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", t, absl::UTCTimeZone());
}

// The signed notes kept under a meta-table prefix, by their 8-byte suffix.
absl::StatusOr<std::map<uint64_t, std::string>> LoadNotes(const store::Store& store,
                                                          const std::string& prefix) {
  std::map<uint64_t, std::string> notes;
  RETURN_IF_ERROR(store.Scan(Table::kMeta, prefix, {},
                             [&](absl::string_view key, absl::string_view value) {
                               if (key.size() == prefix.size() + 8) {
                                 notes[keys::ParseSequence(key.substr(prefix.size()))] =
                                     std::string(value);
                               }
                               return true;
                             }));
  return notes;
}

}  // namespace

std::string CheckpointBody(const Checkpoint& checkpoint) {
  const std::string head = checkpoint.head_hash.empty()
                               ? Sha256("")  // RFC 6962's hash of an empty log
                               : absl::HexStringToBytes(checkpoint.head_hash);
  std::string body = absl::StrCat(checkpoint.origin, "\n", checkpoint.size, "\n",
                                  absl::Base64Escape(head), "\n", "time ",
                                  TimeLine(checkpoint.time), "\n");
  for (const std::string& line : checkpoint.extensions) absl::StrAppend(&body, line, "\n");
  return body;
}

void ExpiryDigest::Add(int64_t sequence, const std::string& hash) {
  absl::StrAppend(&input_, sequence, ":", hash, ";");
  ++count_;
}

std::string ExpiryDigest::Hex() const { return absl::BytesToHexString(Sha256(input_)); }

std::string ExpiryLine(uint64_t run, int64_t events, int64_t cases, const std::string& digest) {
  return absl::StrCat("kompas-expiry run=", run, " events=", events, " cases=", cases,
                      " digest=", digest);
}

absl::StatusOr<std::unique_ptr<CheckpointSigner>> CheckpointSigner::LoadOrCreate(
    const std::string& key_file, const std::string& origin) {
  if (!IsValidKeyName(origin)) {
    return absl::InvalidArgumentError(
        "the checkpoint origin must be 1-100 printable characters without spaces or '+'");
  }
  std::unique_ptr<CheckpointSigner> signer(new CheckpointSigner());
  signer->origin_ = origin;
  EVP_PKEY* key = nullptr;
  absl::StatusOr<std::string> pem = ReadFile(key_file);
  if (pem.ok()) {
    BIO* bio = BIO_new_mem_buf(pem->data(), static_cast<int>(pem->size()));
    key = PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr);
    BIO_free(bio);
    if (key == nullptr || EVP_PKEY_id(key) != EVP_PKEY_ED25519) {
      EVP_PKEY_free(key);
      return absl::InvalidArgumentError(
          absl::StrCat(key_file, " does not hold an Ed25519 private key (PEM)"));
    }
  } else {
    EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, nullptr);
    if (ctx == nullptr || EVP_PKEY_keygen_init(ctx) != 1 || EVP_PKEY_keygen(ctx, &key) != 1) {
      EVP_PKEY_CTX_free(ctx);
      return absl::InternalError("cannot generate an Ed25519 key");
    }
    EVP_PKEY_CTX_free(ctx);
    BIO* bio = BIO_new(BIO_s_mem());
    PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr);
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    const std::string text(data, static_cast<size_t>(size));
    BIO_free(bio);
    // Readable by kompasd's user only, and never over an existing key.
    if (absl::Status created = CreatePrivateFile(key_file, text); !created.ok()) {
      EVP_PKEY_free(key);
      return absl::FailedPreconditionError(absl::StrCat(
          "cannot create the checkpoint signing key: ", created.message()));
    }
  }
  signer->key_ = key;
  unsigned char raw[32];
  size_t raw_size = sizeof raw;
  if (EVP_PKEY_get_raw_public_key(key, raw, &raw_size) != 1 || raw_size != sizeof raw) {
    return absl::InternalError("cannot read the signing key's public key");
  }
  std::string typed(1, static_cast<char>(kEd25519Type));
  typed.append(reinterpret_cast<const char*>(raw), raw_size);
  signer->verifier_key_ = absl::StrCat(origin, "+", absl::BytesToHexString(KeyHash(origin, typed)),
                                       "+", absl::Base64Escape(typed));
  return signer;
}

CheckpointSigner::~CheckpointSigner() { EVP_PKEY_free(Key(key_)); }

absl::StatusOr<std::string> CheckpointSigner::Sign(const Checkpoint& checkpoint) const {
  if (checkpoint.origin != origin_) {
    return absl::InvalidArgumentError("a checkpoint of another origin");
  }
  const std::string body = CheckpointBody(checkpoint);
  unsigned char signature[64];
  size_t size = sizeof signature;
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  const bool ok = ctx != nullptr &&
                  EVP_DigestSignInit(ctx, nullptr, nullptr, nullptr, Key(key_)) == 1 &&
                  EVP_DigestSign(ctx, signature, &size,
                                 reinterpret_cast<const unsigned char*>(body.data()),
                                 body.size()) == 1;
  EVP_MD_CTX_free(ctx);
  if (!ok) return absl::InternalError("signing the checkpoint failed");
  ASSIGN_OR_RETURN(Verifier me, ParseVerifierKey(verifier_key_));
  const std::string blob =
      me.hash + std::string(reinterpret_cast<const char*>(signature), size);
  return absl::StrCat(body, "\n", kEmDash, " ", origin_, " ", absl::Base64Escape(blob), "\n");
}

absl::StatusOr<Checkpoint> OpenCheckpoint(absl::string_view note,
                                          absl::string_view verifier_key) {
  ASSIGN_OR_RETURN(Verifier verifier, ParseVerifierKey(verifier_key));
  const size_t split = note.rfind("\n\n");
  if (split == absl::string_view::npos || !absl::EndsWith(note, "\n")) {
    return absl::InvalidArgumentError("not a signed note (no blank line before signatures)");
  }
  const absl::string_view body = note.substr(0, split + 1);
  const absl::string_view signatures = note.substr(split + 2);
  std::vector<std::string> signers;
  bool signed_by_key = false;
  for (absl::string_view line : absl::StrSplit(signatures, '\n', absl::SkipEmpty())) {
    const std::vector<absl::string_view> parts = absl::StrSplit(line, ' ');
    std::string blob;
    if (parts.size() != 3 || parts[0] != kEmDash || !absl::Base64Unescape(parts[2], &blob) ||
        blob.size() < 4) {
      return absl::InvalidArgumentError("a malformed signature line");
    }
    signers.push_back(std::string(parts[1]));
    if (parts[1] != verifier.name || blob.substr(0, 4) != verifier.hash) continue;
    if (!VerifyEd25519(verifier.key, body, absl::string_view(blob).substr(4))) {
      return absl::PermissionDeniedError(
          "the checkpoint's signature does not verify: its text was changed after signing");
    }
    signed_by_key = true;
  }
  if (!signed_by_key) {
    return absl::PermissionDeniedError(absl::StrCat(
        "the checkpoint is not signed by the key ", verifier.name, "+",
        absl::BytesToHexString(verifier.hash), " (it is signed by another key",
        signers.empty() ? "" : absl::StrCat(" named ", signers.front()), ")"));
  }
  const std::vector<std::string> lines = absl::StrSplit(body.substr(0, body.size() - 1), '\n');
  Checkpoint checkpoint;
  std::string head;
  if (lines.size() < 3 || !absl::SimpleAtoi(lines[1], &checkpoint.size) ||
      !absl::Base64Unescape(lines[2], &head) || head.size() != 32) {
    return absl::InvalidArgumentError("not a checkpoint (origin, size and hash lines)");
  }
  checkpoint.origin = lines[0];
  checkpoint.head_hash = checkpoint.size == 0 ? "" : absl::BytesToHexString(head);
  for (size_t i = 3; i < lines.size(); ++i) {
    std::string error;
    if (absl::StartsWith(lines[i], "time ") &&
        absl::ParseTime("%Y-%m-%dT%H:%M:%SZ", lines[i].substr(5), &checkpoint.time, &error)) {
      continue;
    }
    checkpoint.extensions.push_back(lines[i]);
  }
  return checkpoint;
}

absl::StatusOr<SignedCheckpoint> Checkpoints::Current() {
  const AuditLog::ChainHead head = log_->Head();
  // The head may include read events not yet synced; a signed checkpoint
  // must not name events a crash could still take back.
  RETURN_IF_ERROR(store_->Sync(head.opening));
  SignedCheckpoint out;
  out.checkpoint.origin = signer_->origin();
  out.checkpoint.size = head.size;
  out.checkpoint.head_hash = head.hash;
  out.checkpoint.time = absl::FromUnixSeconds(absl::ToUnixSeconds(absl::Now()));
  ASSIGN_OR_RETURN(out.note, signer_->Sign(out.checkpoint));
  out.verifier_key = signer_->verifier_key();
  // Kept (one per size) so verification can narrow down a rewrite later.
  store::WriteBatch batch;
  batch.Put(Table::kMeta, absl::StrCat(kCheckpointKeyPrefix, keys::Sequence(head.size)), out.note);
  RETURN_IF_ERROR(store_->Write(batch, store::Durability::kRelaxed));
  return out;
}

absl::StatusOr<PrefixReport> VerifyPrefix(const store::Store& store, const Checkpoint& checkpoint,
                                          absl::string_view verifier_key) {
  PrefixReport report;
  auto fail = [&report](int64_t at, std::string problem) {
    if (report.broken_at == 0) {
      report.broken_at = at;
      report.problem = std::move(problem);
    }
  };

  // Expiry records: each must verify; their digests are checked after the walk.
  struct Expiry {
    int64_t events = 0;
    std::string digest;
    ExpiryDigest seen;  // of its placeholders, in order
    int64_t first = 0;  // its first placeholder's sequence
  };
  std::map<uint64_t, Expiry> expiries;
  ASSIGN_OR_RETURN(auto expiry_notes, LoadNotes(store, kExpiryKeyPrefix));
  for (const auto& [run, note] : expiry_notes) {
    absl::StatusOr<Checkpoint> record = OpenCheckpoint(note, verifier_key);
    if (!record.ok()) {
      return absl::DataLossError(absl::StrCat("expiry record ", run,
                                              " does not verify: ", record.status().message()));
    }
    Expiry expiry;
    bool found = false;
    for (const std::string& line : record->extensions) {
      const std::string prefix = absl::StrCat("kompas-expiry run=", run, " events=");
      if (!absl::StartsWith(line, prefix)) continue;
      const std::vector<std::string> words = absl::StrSplit(line, ' ');
      found = words.size() == 5 &&
              absl::SimpleAtoi(absl::StripPrefix(words[2], "events="), &expiry.events) &&
              absl::StartsWith(words[4], "digest=");
      if (found) expiry.digest = std::string(absl::StripPrefix(words[4], "digest="));
    }
    if (!found) return absl::DataLossError(absl::StrCat("expiry record ", run, " is malformed"));
    expiries[run] = std::move(expiry);
  }
  report.expiry_runs = static_cast<int64_t>(expiries.size());

  // The signed checkpoints kompasd kept, up to this one: where the walk's
  // hash first differs from one of them, a rewrite starts after the last
  // one that still matched.
  std::map<uint64_t, std::string> kept;  // size → head hash
  ASSIGN_OR_RETURN(auto kept_notes, LoadNotes(store, kCheckpointKeyPrefix));
  for (const auto& [size, note] : kept_notes) {
    absl::StatusOr<Checkpoint> c = OpenCheckpoint(note, verifier_key);
    if (c.ok() && c->size == size && size > 0 && size < checkpoint.size) kept[size] = c->head_hash;
  }
  uint64_t last_matching = 0;
  uint64_t first_differing = 0;

  std::string previous_hash;
  std::string head_at_size;
  uint64_t expected = 1;
  absl::Status inner;
  RETURN_IF_ERROR(store.Scan(Table::kAudit, "", {}, [&](absl::string_view key,
                                                        absl::string_view value) {
    const uint64_t sequence = keys::ParseSequence(key);
    const int64_t at = static_cast<int64_t>(sequence);
    report.store_events = at;
    v1::AuditEvent event;
    if (sequence != expected) {
      fail(static_cast<int64_t>(expected),
           absl::StrCat("event ", expected, " is missing (deleted): the chain goes on at event ",
                        sequence));
      return false;
    }
    if (!event.ParseFromString(std::string(value)) || event.sequence() != at) {
      fail(at, absl::StrCat("event ", at, " cannot be read or is not event ", at));
      return false;
    }
    if (event.previous_hash() != previous_hash) {
      fail(at, absl::StrCat("event ", at, " does not link to event ", at - 1,
                            " (an event was replaced or removed)"));
      return false;
    }
    if (event.expired_by() != 0) {
      auto it = expiries.find(static_cast<uint64_t>(event.expired_by()));
      if (it == expiries.end()) {
        fail(at, absl::StrCat("event ", at,
                              " was removed without a signed expiry record covering it"));
        return false;
      }
      if (it->second.seen.count() == 0) it->second.first = at;
      it->second.seen.Add(at, event.hash());
      ++report.expired;
    } else if (AuditLog::HashOf(event) != event.hash()) {
      fail(at, absl::StrCat("event ", at, " was altered (its content does not match its hash)"));
      return false;
    }
    if (auto k = kept.find(sequence); k != kept.end()) {
      if (k->second == event.hash()) {
        if (first_differing == 0) last_matching = sequence;
      } else if (first_differing == 0) {
        first_differing = sequence;
      }
    }
    if (sequence == checkpoint.size) head_at_size = event.hash();
    previous_hash = event.hash();
    ++expected;
    return true;
  }));
  RETURN_IF_ERROR(inner);

  const int64_t size = static_cast<int64_t>(checkpoint.size);
  if (report.broken_at != 0 && report.broken_at <= size) return report;
  if (report.store_events < size && report.broken_at == 0) {
    fail(report.store_events + 1,
         absl::StrCat("the store holds events up to ", report.store_events,
                      " but the checkpoint covers ", size, ": events ", report.store_events + 1,
                      "..", size, " were removed (truncated)"));
    return report;
  }
  if (size > 0 && head_at_size != checkpoint.head_hash) {
    // Every event matches its own hash and link, yet the head differs: the
    // chain was recomputed after a change somewhere before `size`.
    const uint64_t from = last_matching + 1;
    const uint64_t to = first_differing != 0 ? first_differing : checkpoint.size;
    report.broken_at = static_cast<int64_t>(from);
    report.problem = absl::StrCat(
        "event ", size, "'s hash differs from the checkpoint's: the history was rewritten and "
        "the chain recomputed, at an event between ", from, " and ", to,
        first_differing != 0 ? " (by the signed checkpoints the store keeps)" : "");
    return report;
  }
  for (const auto& [run, expiry] : expiries) {
    if (expiry.seen.count() != expiry.events || expiry.seen.Hex() != expiry.digest) {
      fail(expiry.first > 0 ? expiry.first : 1, absl::StrCat("the placeholders of expiry run ", run,
                           " do not match its signed record (events expired outside retention "
                           "or a record was altered): ",
                           expiry.seen.count(), " found, ", expiry.events, " recorded"));
      break;
    }
  }
  return report;
}

}  // namespace kompas::audit
