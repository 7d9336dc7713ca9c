#include "auth/tokens.h"

#include <openssl/rand.h>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/sha256.h"
#include "common/status_macros.h"
#include "domain/errors.h"
#include "domain/names.h"

namespace kompas::auth {
namespace {

using store::Table;

constexpr absl::string_view kPrefix = "kmp_";  // recognisable in a secret scanner

google::protobuf::Timestamp ToProto(absl::Time t) {
  google::protobuf::Timestamp ts;
  ts.set_seconds(absl::ToUnixSeconds(t));
  return ts;
}

absl::Time FromProto(const google::protobuf::Timestamp& ts) {
  return absl::FromUnixSeconds(ts.seconds()) + absl::Nanoseconds(ts.nanos());
}

}  // namespace

absl::StatusOr<IssuedToken> TokenStore::Issue(absl::string_view member_id,
                                              const IssueOptions& options) {
  store::WriteBatch batch;
  ASSIGN_OR_RETURN(IssuedToken issued, StageIssue(member_id, options, batch));
  RETURN_IF_ERROR(store_->Write(batch));
  return issued;
}

absl::StatusOr<IssuedToken> TokenStore::StageIssue(absl::string_view member_id,
                                                   const IssueOptions& options,
                                                   store::WriteBatch& batch) {
  if (!domain::IsValidUserId(member_id)) {
    return absl::InvalidArgumentError("member id must be 3-63 characters of a-z, 0-9 and '-'");
  }
  if (options.ttl <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError("token lifetime must be positive");
  }
  unsigned char random[32];  // 256 bits
  if (RAND_bytes(random, sizeof random) != 1) {
    return absl::InternalError("no randomness available for a token");
  }
  IssuedToken issued;
  std::string body;
  absl::WebSafeBase64Escape(
      absl::string_view(reinterpret_cast<const char*>(random), sizeof random), &body);
  issued.token = absl::StrCat(kPrefix, body);
  const std::string hash = Sha256Hex(issued.token);
  auto& r = issued.record;
  r.set_token_id(hash.substr(0, 12));
  r.set_member_id(std::string(member_id));
  r.set_admin(options.admin);
  const absl::Time now = absl::Now();
  *r.mutable_create_time() = ToProto(now);
  *r.mutable_expire_time() = ToProto(now + options.ttl);
  r.set_note(options.note);
  batch.Put(Table::kTokens, hash, r.SerializeAsString());
  return issued;
}

absl::StatusOr<domain::Principal> TokenStore::Verify(absl::string_view token) const {
  if (!absl::StartsWith(token, kPrefix)) {
    return domain::WithReason(absl::StatusCode::kUnauthenticated, v1::TOKEN_MALFORMED,
                              "that is not a Kompas token; ask your administrator for one");
  }
  ASSIGN_OR_RETURN(auto raw, store_->Get(Table::kTokens, Sha256Hex(token)));
  internal::v1::TokenRecord r;
  if (!raw.has_value() || !r.ParseFromString(*raw)) {
    return domain::WithReason(absl::StatusCode::kUnauthenticated, v1::TOKEN_UNKNOWN,
                              "unknown token; ask your administrator for a new one");
  }
  if (r.revoked()) {
    return domain::WithReason(
        absl::StatusCode::kUnauthenticated, v1::TOKEN_REVOKED,
        absl::StrCat("token ", r.token_id(), " was revoked; ask your administrator for a new one"),
        {{"token_id", r.token_id()}});
  }
  if (absl::Now() >= FromProto(r.expire_time())) {
    const std::string expired =
        absl::FormatTime("%Y-%m-%d", FromProto(r.expire_time()), absl::UTCTimeZone());
    return domain::WithReason(absl::StatusCode::kUnauthenticated, v1::TOKEN_EXPIRED,
                              absl::StrCat("token ", r.token_id(), " expired on ", expired,
                                           "; ask your administrator for a new one"),
                              {{"token_id", r.token_id()}, {"expire_date", expired}});
  }
  domain::Principal p;
  p.member_id = r.member_id();
  p.admin = r.admin();
  return p;
}

absl::StatusOr<std::vector<internal::v1::TokenRecord>> TokenStore::List(
    absl::string_view member_id) const {
  std::vector<internal::v1::TokenRecord> out;
  RETURN_IF_ERROR(store_->Scan(Table::kTokens, "", {}, [&](absl::string_view,
                                                            absl::string_view value) {
    internal::v1::TokenRecord r;
    if (r.ParseFromString(std::string(value)) &&
        (member_id.empty() || r.member_id() == member_id)) {
      out.push_back(std::move(r));
    }
    return true;
  }));
  return out;
}

absl::Status TokenStore::Revoke(absl::string_view token_id) {
  store::WriteBatch batch;
  RETURN_IF_ERROR(StageRevoke(token_id, batch).status());
  return store_->Write(batch);
}

absl::StatusOr<internal::v1::TokenRecord> TokenStore::StageRevoke(absl::string_view token_id,
                                                                  store::WriteBatch& batch) {
  std::string key;
  internal::v1::TokenRecord found;
  RETURN_IF_ERROR(store_->Scan(Table::kTokens, "", {}, [&](absl::string_view k,
                                                            absl::string_view value) {
    // The exact public id only: a prefix could silently pick the wrong token.
    internal::v1::TokenRecord r;
    if (!r.ParseFromString(std::string(value)) || r.token_id() != token_id) return true;
    found = std::move(r);
    key = std::string(k);
    return false;
  }));
  if (key.empty()) {
    return domain::WithReason(absl::StatusCode::kNotFound, v1::NOT_FOUND,
                              absl::StrCat("no token with id ", token_id), {{"kind", "tokens"}});
  }
  found.set_revoked(true);
  batch.Put(Table::kTokens, key, found.SerializeAsString());
  return found;
}

absl::StatusOr<int> TokenStore::RevokeAllOf(absl::string_view member_id) {
  store::WriteBatch batch;
  int count = 0;
  RETURN_IF_ERROR(store_->Scan(Table::kTokens, "", {}, [&](absl::string_view k,
                                                            absl::string_view value) {
    internal::v1::TokenRecord r;
    if (r.ParseFromString(std::string(value)) && r.member_id() == member_id && !r.revoked()) {
      r.set_revoked(true);
      batch.Put(Table::kTokens, k, r.SerializeAsString());
      ++count;
    }
    return true;
  }));
  if (!batch.empty()) RETURN_IF_ERROR(store_->Write(batch));
  return count;
}

}  // namespace kompas::auth
