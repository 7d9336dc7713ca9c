#include "domain/text_gate.h"

#include <functional>
#include <map>
#include <optional>
#include <set>

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "common/status_macros.h"
#include "domain/errors.h"
#include "domain/validation.h"
#include "google/api/field_behavior.pb.h"
#include "google/api/resource.pb.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/reflection.h"
#include "google/rpc/error_details.pb.h"

namespace kompas::domain {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

v1::PiiKind ToProto(privacy::Kind kind) {
  return static_cast<v1::PiiKind>(static_cast<int>(kind) + 1);
}

// A string field value at a path, with a way to replace it.
struct TextField {
  std::string path;
  std::string value;
  std::function<void(const std::string&)> set;
};

void CollectTexts(Message& message, const std::string& prefix, std::vector<TextField>& out) {
  const auto* descriptor = message.GetDescriptor();
  const auto* reflection = message.GetReflection();
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const FieldDescriptor* field = descriptor->field(i);
    const std::string path = prefix.empty() ? field->name() : absl::StrCat(prefix, ".", field->name());
    if (field->type() == FieldDescriptor::TYPE_STRING) {
      if (!IsFreeText(field)) continue;
      if (field->is_repeated()) {
        for (int k = 0; k < reflection->FieldSize(message, field); ++k) {
          out.push_back({absl::StrCat(path, "[", k, "]"),
                         reflection->GetRepeatedString(message, field, k),
                         [&message, reflection, field, k](const std::string& v) {
                           reflection->SetRepeatedString(&message, field, k, v);
                         }});
        }
      } else if (reflection->HasField(message, field)) {
        out.push_back({path, reflection->GetString(message, field),
                       [&message, reflection, field](const std::string& v) {
                         reflection->SetString(&message, field, v);
                       }});
      }
    } else if (field->type() == FieldDescriptor::TYPE_MESSAGE && !field->is_map()) {
      if (!IsFreeText(field)) continue;
      if (field->is_repeated()) {
        for (int k = 0; k < reflection->FieldSize(message, field); ++k) {
          CollectTexts(*reflection->MutableRepeatedMessage(&message, field, k),
                       absl::StrCat(path, "[", k, "]"), out);
        }
      } else if (reflection->HasField(message, field)) {
        CollectTexts(*reflection->MutableMessage(&message, field), path, out);
      }
    }
  }
}

v1::TextFinding ToProto(const std::string& field, const privacy::Finding& f) {
  v1::TextFinding out;
  out.set_field(field);
  out.set_kind(ToProto(f.kind));
  out.set_severity(f.severity == privacy::Severity::kBlock ? v1::PII_SEVERITY_BLOCK
                                                           : v1::PII_SEVERITY_WARN);
  out.set_start(static_cast<int32_t>(f.start));
  out.set_end(static_cast<int32_t>(f.end));
  out.set_confidence(f.confidence);
  return out;
}

// Adds a violation for `field` when `text` holds a bidi control or a tag
// character (privacy::FindHiddenControl): with them a reader sees text the
// gate did not scan, so no text field may hold them, in any mode.
void CheckHiddenControls(FieldViolations& v, absl::string_view field, absl::string_view text) {
  std::optional<privacy::HiddenControl> found = privacy::FindHiddenControl(text);
  if (!found.has_value()) return;
  std::string description = absl::StrFormat("contains %s (U+%04X) at byte %d", found->description,
                                            found->code_point, found->offset);
  if (found->count > 1) {
    absl::StrAppend(&description, " and ", found->count - 1,
                    " more invisible direction or tag character(s); remove them");
  } else {
    absl::StrAppend(&description, "; remove it");
  }
  v.Add(field, description);
}

}  // namespace

bool IsFreeText(const FieldDescriptor* field) {
  if (field->name() == "etag") return false;
  const auto& options = field->options();
  for (int b : options.GetRepeatedExtension(google::api::field_behavior)) {
    if (b == google::api::IDENTIFIER || b == google::api::OUTPUT_ONLY) return false;
  }
  return !options.HasExtension(google::api::resource_reference);
}

privacy::AllowList AllowListOf(const google::protobuf::RepeatedPtrField<std::string>& terms) {
  return privacy::AllowList(std::vector<std::string>(terms.begin(), terms.end()));
}

absl::StatusOr<v1::AnonymizationReport> TextGate::Screen(Message& message,
                                                         absl::string_view prefix,
                                                         v1::PrivacyMode mode,
                                                         bool acknowledge_warnings,
                                                         const privacy::AllowList& allow) const {
  // An unknown mode must not fall through to the weakest branch (REDACT):
  // the client asked for something this server does not do.
  if (!v1::PrivacyMode_IsValid(mode)) {
    FieldViolations v;
    v.Add("privacy_mode", absl::StrCat("is ", static_cast<int>(mode),
                                       ", not a known mode: REJECT or REDACT"));
    return v.ToStatus();
  }
  if (mode == v1::PRIVACY_MODE_UNSPECIFIED) mode = v1::PRIVACY_MODE_REJECT;
  std::vector<TextField> texts;
  CollectTexts(message, std::string(prefix), texts);
  FieldViolations hidden;
  for (const TextField& t : texts) CheckHiddenControls(hidden, t.path, t.value);
  RETURN_IF_ERROR(hidden.ToStatus());

  v1::AnonymizationReport report;
  report.set_mode(mode);
  report.set_gate_version(std::string(gate_->version()));
  google::rpc::BadRequest bad_request;
  v1::PrivacyFindings refused;
  std::vector<std::pair<TextField*, std::vector<privacy::Finding>>> to_redact;
  for (TextField& t : texts) {
    std::vector<privacy::Finding> findings = gate_->Scan(t.value, &allow);
    std::vector<privacy::Finding> blocks;
    for (const privacy::Finding& f : findings) {
      const bool warn = f.severity == privacy::Severity::kWarn;
      // REDACT replaces what it would otherwise refuse, warnings included
      // ([SCHOOL], [PRAKTIJK]); an acknowledged warning stays as written.
      const bool refuse = mode == v1::PRIVACY_MODE_REJECT && (!warn || !acknowledge_warnings);
      if (refuse) {
        *refused.add_findings() = ToProto(t.path, f);
        auto* v = bad_request.add_field_violations();
        v->set_field(t.path);
        v->set_reason(v1::FieldProblem_Name(warn ? v1::POSSIBLE_IDENTIFIER : v1::PERSONAL_DATA));
        v->set_description(absl::StrCat(
            "contains ", warn ? "a possible identifier" : "personal data", " (",
            privacy::KindName(f.kind), ", bytes ", f.start, "-", f.end, "); ",
            warn ? "rephrase it or acknowledge the warning"
                 : "remove or rephrase it, or write in REDACT mode"));
        continue;
      }
      (*report.mutable_counts())[std::string(privacy::KindName(f.kind))] += 1;
      if (warn && acknowledge_warnings) {
        report.set_acknowledged_warnings(report.acknowledged_warnings() + 1);
      } else {
        blocks.push_back(f);
      }
    }
    if (!blocks.empty()) to_redact.emplace_back(&t, std::move(blocks));
  }
  if (refused.findings_size() > 0) {
    // The message names fields, kinds and spans only: it may be logged or
    // shown anywhere, so it must never quote the text.
    std::map<std::string, int> per_kind;  // "PERSON" → 2: counts, never text
    for (const auto& f : refused.findings()) {
      ++per_kind[std::string(privacy::KindName(static_cast<privacy::Kind>(f.kind() - 1)))];
    }
    Facts facts = {{"findings", absl::StrCat(refused.findings_size())}};
    std::vector<std::string> kinds;
    for (const auto& [kind, count] : per_kind) {
      facts[kind] = absl::StrCat(count);
      kinds.push_back(kind);
    }
    facts["kinds"] = absl::StrJoin(kinds, ",");
    absl::Status status = WithReason(
        absl::StatusCode::kInvalidArgument, v1::PII_DETECTED,
        absl::StrCat("the text contains personal data (", refused.findings_size(),
                     " finding(s)); nothing was stored. Remove or rephrase it, or write in "
                     "REDACT mode"),
        facts);
    status.SetPayload(kBadRequestUrl, absl::Cord(bad_request.SerializeAsString()));
    status.SetPayload(kPrivacyFindingsUrl, absl::Cord(refused.SerializeAsString()));
    return status;
  }
  // One Redactor for the whole write: a person keeps one placeholder across
  // every field of the resource ("[NAAM 1]" in the situation and the question).
  privacy::Redactor redactor;
  for (auto& [field, findings] : to_redact) redactor.Add(field->value, findings);
  for (auto& [field, findings] : to_redact) field->set(redactor.Redact(field->value, findings));
  return report;
}

absl::StatusOr<v1::CheckTextResponse> TextGate::Check(absl::string_view text,
                                                      const privacy::AllowList& allow) const {
  FieldViolations hidden;
  CheckHiddenControls(hidden, "text", text);
  RETURN_IF_ERROR(hidden.ToStatus());
  v1::CheckTextResponse response;
  std::vector<privacy::Finding> findings = gate_->Scan(text, &allow);
  for (const privacy::Finding& f : findings) *response.add_findings() = ToProto("text", f);
  // As REDACT without acknowledged warnings stores it: every finding replaced,
  // numbered as Screen numbers them.
  privacy::Redactor redactor;
  redactor.Add(text, findings);
  response.set_redacted_text(redactor.Redact(text, findings));
  response.set_gate_version(std::string(gate_->version()));
  return response;
}

void TextGate::CheckNotPersonal(FieldViolations& v, absl::string_view field,
                                absl::string_view text, bool names_allowed) const {
  std::set<privacy::Kind> kinds;
  for (const privacy::Finding& f : gate_->Scan(text, nullptr)) {
    if (!(names_allowed && privacy::AllowList::Covers(f.kind))) kinds.insert(f.kind);
  }
  for (privacy::Kind kind : kinds) {
    v.Add(field,
          absl::StrCat("holds what looks like personal data (", privacy::KindName(kind),
                       "): leave it out"),
          v1::PERSONAL_DATA);
  }
}

void TextGate::CheckAllowList(FieldViolations& v, absl::string_view field,
                              const google::protobuf::RepeatedPtrField<std::string>& terms) const {
  if (terms.size() > 200) v.Add(field, "has more than 200 terms");
  for (int i = 0; i < terms.size(); ++i) {
    const std::string term_field = absl::StrCat(field, "[", i, "]");
    CheckLabel(v, term_field, terms[i]);
    CheckNotPersonal(v, term_field, terms[i], /*names_allowed=*/true);
  }
}

}  // namespace kompas::domain
