#include "api/status.h"

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "domain/errors.h"
#include "domain/text_gate.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "kompas/v1/errors.pb.h"
#include "kompas/v1/privacy.pb.h"
#include "store/store.h"

namespace kompas::api {
namespace {

// Longest string kept inside a detail (a field path, a description, a
// metadata value).
constexpr size_t kMaxDetailStringBytes = 300;
// Most entries of a list kept before the byte budget is even looked at.
constexpr int kMaxListEntries = 50;

// `text` cut to at most `max` bytes at a UTF-8 character boundary, with "…"
// when anything was cut.
std::string Cut(absl::string_view text, size_t max) {
  if (text.size() <= max) return std::string(text);
  size_t end = max - 3;  // room for "…"
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return absl::StrCat(text.substr(0, end), "…");
}

// Keeps a BadRequest's first violations, each cut, and says how many went.
std::string BudgetBadRequest(const std::string& raw, size_t budget) {
  google::rpc::BadRequest in, out;
  if (!in.ParseFromString(raw)) return "";
  for (const auto& v : in.field_violations()) {
    if (out.field_violations_size() == kMaxListEntries) break;
    auto* kept = out.add_field_violations();
    kept->set_field(Cut(v.field(), kMaxDetailStringBytes));
    kept->set_description(Cut(v.description(), kMaxDetailStringBytes));
    kept->set_reason(Cut(v.reason(), 64));
    if (out.ByteSizeLong() > budget) {
      out.mutable_field_violations()->RemoveLast();
      break;
    }
  }
  if (out.field_violations_size() < in.field_violations_size()) {
    // Room for the line that says how many are not listed.
    while (out.field_violations_size() > 0 && out.ByteSizeLong() + 100 > budget) {
      out.mutable_field_violations()->RemoveLast();
    }
    out.add_field_violations()->set_description(
        absl::StrCat(in.field_violations_size() - out.field_violations_size(),
                     " more problem(s) not listed here; fix these and try again"));
  }
  return out.SerializeAsString();
}

std::string BudgetFindings(const std::string& raw, size_t budget) {
  v1::PrivacyFindings in, out;
  if (!in.ParseFromString(raw)) return "";
  for (const auto& f : in.findings()) {
    if (out.findings_size() == kMaxListEntries) break;
    auto* kept = out.add_findings();
    *kept = f;
    kept->set_field(Cut(f.field(), kMaxDetailStringBytes));
    if (out.ByteSizeLong() > budget) {
      out.mutable_findings()->RemoveLast();
      break;
    }
  }
  return out.SerializeAsString();
}

std::string BudgetErrorInfo(const std::string& raw) {
  google::rpc::ErrorInfo in, out;
  if (!in.ParseFromString(raw)) return "";
  out.set_reason(Cut(in.reason(), kMaxDetailStringBytes));
  out.set_domain(Cut(in.domain(), kMaxDetailStringBytes));
  int kept = 0;
  for (const auto& [key, value] : in.metadata()) {
    if (++kept > kMaxListEntries) break;
    (*out.mutable_metadata())[Cut(key, 64)] = Cut(value, kMaxDetailStringBytes);
  }
  return out.SerializeAsString();
}

// A detail made to fit in `budget` bytes; "" drops it.
std::string Budgeted(absl::string_view type_url, const std::string& raw, size_t budget) {
  std::string out;
  if (type_url == domain::kBadRequestUrl) {
    out = BudgetBadRequest(raw, budget);
  } else if (type_url == domain::kPrivacyFindingsUrl) {
    out = BudgetFindings(raw, budget);
  } else if (type_url == domain::kErrorInfoUrl) {
    out = BudgetErrorInfo(raw);
  } else {
    out = raw;  // small by construction (RetryInfo, PreconditionFailure)
  }
  return out.size() <= budget ? out : "";
}

}  // namespace

v1::ErrorReason GenericReason(absl::StatusCode code) {
  // ErrorReason's generic values are named and numbered as the codes.
  const int value = static_cast<int>(code);
  return value >= v1::CANCELLED && value <= v1::UNAUTHENTICATED
             ? static_cast<v1::ErrorReason>(value)
             : v1::UNKNOWN;
}

absl::Status WithGenericReason(const absl::Status& status) {
  if (status.ok() || status.GetPayload(domain::kErrorInfoUrl).has_value()) return status;
  absl::Status out = status;
  v1::ErrorReason reason = GenericReason(status.code());
  // A write the store refused because its disk failed or is full.
  if (auto fault = out.GetPayload(store::kStorageFaultPayload)) {
    reason = *fault == "full" ? v1::STORAGE_FULL : v1::STORAGE_UNAVAILABLE;
    out.ErasePayload(store::kStorageFaultPayload);
  }
  google::rpc::ErrorInfo info;
  info.set_reason(domain::ReasonName(reason));
  info.set_domain(domain::kErrorDomain);
  out.SetPayload(domain::kErrorInfoUrl, absl::Cord(info.SerializeAsString()));
  return out;
}

grpc::Status ToGrpcStatus(const absl::Status& original) {
  if (original.ok()) return grpc::Status::OK;
  // A safety net: every refusal carries an ErrorInfo, so a client can word
  // it; specific reasons are the domain's, this is only for the rest.
  const absl::Status status = WithGenericReason(original);
  const std::string message = Cut(status.message(), kMaxErrorMessageBytes);
  google::rpc::Status details;
  details.set_code(static_cast<int>(status.code()));
  details.set_message(message);
  // ErrorInfo and the short details first, so the lists get what is left.
  std::vector<std::pair<std::string, std::string>> payloads;
  status.ForEachPayload([&](absl::string_view type_url, const absl::Cord& payload) {
    if (type_url == store::kStorageFaultPayload) return;  // not a detail for clients
    const bool list = type_url == domain::kBadRequestUrl ||
                      type_url == domain::kPrivacyFindingsUrl;
    auto entry = std::make_pair(std::string(type_url), std::string(payload));
    if (list) {
      payloads.push_back(std::move(entry));
    } else {
      payloads.insert(payloads.begin(), std::move(entry));
    }
  });
  for (const auto& [type_url, raw] : payloads) {
    const size_t used = details.ByteSizeLong() + type_url.size() + 16;
    if (used >= kMaxErrorDetailsBytes) break;
    std::string value = Budgeted(type_url, raw, kMaxErrorDetailsBytes - used);
    if (value.empty()) continue;
    auto* any = details.add_details();
    any->set_type_url(type_url);
    any->set_value(std::move(value));
  }
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()), message,
                      details.SerializeAsString());
}

}  // namespace kompas::api
