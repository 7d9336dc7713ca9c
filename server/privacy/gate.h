// The PII gate: finds personal data in free text. A pure library: all I/O
// (loading gazetteers) happens in Gate::Create; Scan touches nothing but
// its arguments and immutable tables, so it is thread-safe and cheap to call.
//
//   ASSIGN_OR_RETURN(std::unique_ptr<Gate> gate, Gate::Create(GateOptions()));
//   std::vector<Finding> findings = gate->Scan(text);
//   std::string safe = Redact(text, findings);  // "[NAAM] belde met [TELEFOON]"
//
// Direct identifiers (names, BSN, phone, e-mail, IBAN, postcode, address,
// full dates, licence plates, personal URLs/handles, other id numbers) are
// BLOCK findings; quasi-identifiers (a specifically named school, practice or
// branch) are WARN findings. Municipality and place names, laws and article
// numbers, generic organisations (Veilig Thuis, GGD, wijkteam), ages, bare
// years, amounts and hotlines are not personal data and are not reported.
#ifndef KOMPAS_PRIVACY_GATE_H_
#define KOMPAS_PRIVACY_GATE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace kompas::privacy {

enum class Kind {
  kPerson,
  kBsn,
  kIdNumber,
  kPhone,
  kEmail,
  kIban,
  kPostcode,
  kAddress,
  kDate,
  kLicensePlate,
  kSocial,
  kInstitution,
};
inline constexpr int kKindCount = 12;

// "PERSON", "BSN", … as in the API and the evaluation corpus.
absl::string_view KindName(Kind kind);
// The Dutch placeholder that replaces a span of this kind in REDACT mode:
// [NAAM], [BSN], [ID], [TELEFOON], [EMAIL], [IBAN], [POSTCODE], [ADRES],
// [DATUM], [KENTEKEN], [ACCOUNT], [INSTELLING].
absl::string_view Placeholder(Kind kind);

enum class Severity {
  kBlock,  // a direct identifier: never stored
  kWarn,   // a quasi-identifier: stored only when the writer acknowledges it
};

struct Finding {
  Kind kind;
  Severity severity;
  // UTF-8 byte offsets into the scanned text, end exclusive; always on
  // code-point boundaries, start < end <= text.size().
  size_t start;
  size_t end;
  // 0..1: how sure the gate is (a passed checksum or a title cue raises it).
  double confidence;
};

// Terms a community declares not personal, e.g. an organisation whose name
// looks like a surname. Matching is case-insensitive on whole findings: a
// finding whose text equals an allowed term is dropped. Only names can be
// allowed (Covers): a number, an address, a date or an e-mail address is
// personal whatever a community says, so no list turns off its detection.
class AllowList {
 public:
  AllowList() = default;
  explicit AllowList(const std::vector<std::string>& terms);
  // Whether a finding of this kind may be allowed at all: a person's or an
  // institution's name.
  static bool Covers(Kind kind);
  bool Allows(absl::string_view finding_text) const;
  bool empty() const { return terms_.empty(); }

 private:
  std::vector<std::string> terms_;  // case-folded, sorted
};

struct GateOptions {
  // Folder with frogdata's gazetteers (voornamen.ner, familienamen.ner,
  // straten-nld.ner, plaatsen-nld.ner, gemeenten-nld.ner). Debian package
  // `frogdata`.
  std::string gazetteer_dir = "/usr/share/frog/nld";
  // A plain list of Dutch words, one per line, to tell ordinary words from
  // names ("Roos" the flower vs. "mevrouw Roos"). Debian package `wdutch`.
  std::string dictionary = "/usr/share/dict/nederlands";
};

class Gate {
 public:
  // Loads the gazetteers into compact in-memory tables. Fails with
  // FAILED_PRECONDITION naming the missing file and the Debian package.
  static absl::StatusOr<std::unique_ptr<Gate>> Create(const GateOptions& options);
  virtual ~Gate() = default;

  // All findings in `text` (any bytes; invalid UTF-8 is scanned as far as it
  // can be and never crashes), sorted by start, non-overlapping.
  virtual std::vector<Finding> Scan(absl::string_view text,
                                    const AllowList* allow = nullptr) const = 0;

  // Identifies the detector set; stored with each anonymization report so a
  // later, better gate can tell which records to re-check.
  virtual absl::string_view version() const = 0;
};

// A character that changes how text is shown while being invisible itself:
// a bidi embedding, override, isolate or mark (U+202A-U+202E,
// U+2066-U+2069, U+200E, U+200F, U+061C), a deprecated format control
// (U+206A-U+206F) or a tag character (U+E0000-U+E007F). With them a reader
// sees text the gate does not scan: a BSN written backwards inside U+202E
// shows the right way round, and even right-to-left marks reorder runs of
// digits on screen ("\u200F12343\u200F9999" shows as 999912343).
// Tag characters carry hidden ASCII. Writers refuse text containing any
// of them (domain::TextGate); Scan itself drops them, as it drops every
// other invisible character.
struct HiddenControl {
  int32_t code_point;
  size_t offset;  // UTF-8 byte offset of the first one in the text
  size_t count;   // how many the text holds in all
  // What it is, for an error message: "a right-to-left override".
  absl::string_view description;
};

// The first hidden control in `text` (see HiddenControl), or nullopt.
// Invalid UTF-8 is skipped byte by byte.
std::optional<HiddenControl> FindHiddenControl(absl::string_view text);

// `text` with each finding's span replaced by its placeholder. Findings must
// be sorted and non-overlapping (as Scan returns them).
std::string Redact(absl::string_view text, const std::vector<Finding>& findings);

// REDACT for one resource (a case with its fields, a reflection): the same
// person, address or number gets the same placeholder in every field, so a
// redacted case still tells its story. Where a resource holds two or more
// different values of a kind they are numbered in order of appearance —
// "[NAAM 1] belde; [NAAM 1] wil niet dat…; [NAAM 2] is de juf" — and a kind
// with one value keeps its bare placeholder ("Bel haar op [TELEFOON]").
// A lone surname or first name is the person of the one fuller name it is
// part of ("Anouk Visser" … "mevrouw Visser"); titles do not count. A named
// institution is replaced by its type: [SCHOOL], [PRAKTIJK] or [INSTELLING].
//
//   Redactor r;
//   for (field : fields) r.Add(field.text, field.findings);
//   for (field : fields) field.text = r.Redact(field.text, field.findings);
class Redactor {
 public:
  // Registers the findings of one text, in field order. Findings must be
  // sorted and non-overlapping (as Scan returns them).
  void Add(absl::string_view text, const std::vector<Finding>& findings);
  // `text` with each finding replaced; the text and findings must have been
  // given to Add.
  std::string Redact(absl::string_view text, const std::vector<Finding>& findings) const;

 private:
  struct Entity {
    std::string base;  // "[NAAM]", "[SCHOOL]"
    std::string key;   // what identifies the value: folded, without titles
  };
  static Entity EntityOf(absl::string_view text, const Finding& f);
  // The placeholder of an entity, once all texts are added.
  std::string PlaceholderOf(const Entity& e) const;
  void Resolve() const;

  std::vector<Entity> seen_;  // in order of appearance
  mutable bool resolved_ = false;
  mutable std::vector<std::pair<std::string, std::string>> placeholders_;  // base+"|"+key -> placeholder
};

}  // namespace kompas::privacy

#endif  // KOMPAS_PRIVACY_GATE_H_
