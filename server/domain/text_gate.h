// The one door every client text goes through before it is stored: each
// write use case hands its resource message to TextGate::Screen, which walks
// every string field by reflection, so a text field added later is screened
// by construction — no per-handler call to forget. Fields that are not free
// text are skipped by their API annotations: IDENTIFIER and OUTPUT_ONLY
// fields, resource references (e.g. municipalities/GM0479) and etags.
//
//   ASSIGN_OR_RETURN(v1::AnonymizationReport report,
//                    gate.Screen(c, "case", request.privacy_mode(),
//                                request.acknowledge_warnings(), allow));
#ifndef KOMPAS_DOMAIN_TEXT_GATE_H_
#define KOMPAS_DOMAIN_TEXT_GATE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"
#include "kompas/v1/community.pb.h"
#include "kompas/v1/privacy.pb.h"
#include "privacy/gate.h"

namespace kompas::domain {

inline constexpr char kPrivacyFindingsUrl[] = "type.googleapis.com/kompas.v1.PrivacyFindings";

// The allow-list a community's texts are screened with.
privacy::AllowList AllowListOf(const google::protobuf::RepeatedPtrField<std::string>& terms);

// Whether a string field carries free text that people write: not a
// resource name (IDENTIFIER), a value the server fills in (OUTPUT_ONLY, such
// as an author), a reference to another resource (such as a municipality)
// or an etag. Screen walks these; annotations quote only these.
bool IsFreeText(const google::protobuf::FieldDescriptor* field);

class FieldViolations;

class TextGate {
 public:
  // `gate` is not owned and must outlive this object. Thread-safe.
  explicit TextGate(const privacy::Gate* gate) : gate_(gate) {}

  // Screens every free-text field of `message` (field paths start with
  // `prefix`). A field holding a bidi control or a tag character
  // (privacy::FindHiddenControl: what a reader sees is not what the gate
  // scans) fails with INVALID_ARGUMENT and a BadRequest violation naming the
  // field and the character, in every mode. REJECT mode: any BLOCK finding, or a WARN finding without
  // acknowledgement, fails with INVALID_ARGUMENT carrying a BadRequest (one
  // violation per finding: field, kind, byte span — never the text), a
  // kompas.v1.PrivacyFindings and ErrorInfo reason PII_DETECTED; `message`
  // is left as it was. REDACT mode: BLOCK spans, and WARN spans unless
  // acknowledged, are replaced in `message` by placeholders numbered across
  // all its fields (privacy::Redactor: "[NAAM 1]" is one person in the
  // situation and the question); nothing is refused for personal data.
  // Returns the counts for the stored record.
  absl::StatusOr<v1::AnonymizationReport> Screen(google::protobuf::Message& message,
                                                 absl::string_view prefix, v1::PrivacyMode mode,
                                                 bool acknowledge_warnings,
                                                 const privacy::AllowList& allow) const;

  // Screen as a write `request` asks (its privacy_mode and
  // acknowledge_warnings) with the allow-list of `community`: what every
  // write of client text into a community does.
  template <typename Request>
  absl::StatusOr<v1::AnonymizationReport> ScreenWrite(google::protobuf::Message& message,
                                                      absl::string_view prefix,
                                                      const Request& request,
                                                      const v1::Community& community) const {
    return Screen(message, prefix, request.privacy_mode(), request.acknowledge_warnings(),
                  AllowListOf(community.pii_allow_list()));
  }

  // Findings of one text, for previews (PrivacyService.CheckText). A text
  // the writes would refuse for a hidden control fails as Screen does, with
  // the violation on field "text".
  absl::StatusOr<v1::CheckTextResponse> Check(absl::string_view text,
                                              const privacy::AllowList& allow) const;

  // For short texts that are not screened as writes, since what they hold
  // is not a case's words: a token's note, a community's allow-list terms.
  // Adds a violation on `field` (naming the kind, never the text) for each
  // kind of personal data the gate finds in `text`, except the kinds in
  // `names_allowed` (privacy::AllowList::Covers) when that is true.
  void CheckNotPersonal(FieldViolations& v, absl::string_view field, absl::string_view text,
                        bool names_allowed) const;
  // A community's pii_allow_list at `field`: at most 200 single-line terms,
  // each a name (of an organisation or a place that looks like a person's),
  // never a number, an address, a date or an e-mail address: those would be
  // stored and shown as they are, and an allow-list cannot allow them.
  void CheckAllowList(FieldViolations& v, absl::string_view field,
                      const google::protobuf::RepeatedPtrField<std::string>& terms) const;

  absl::string_view version() const { return gate_->version(); }

 private:
  const privacy::Gate* gate_;
};

}  // namespace kompas::domain

#endif  // KOMPAS_DOMAIN_TEXT_GATE_H_
