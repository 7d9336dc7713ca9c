#include "history.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace kompas::crash {
namespace {

constexpr char kSep[] = "\x1f";

std::string Sorted(std::vector<std::string> items) {
  std::sort(items.begin(), items.end());
  return absl::StrJoin(items, ",");
}

}  // namespace

const char* KindName(Kind kind) {
  switch (kind) {
    case Kind::kCase: return "case";
    case Kind::kReflection: return "reflection";
    case Kind::kSession: return "session";
    case Kind::kStandard: return "standard";
    case Kind::kErratum: return "erratum";
    case Kind::kPosition: return "position";
    case Kind::kKompas: return "kompas";
    case Kind::kAnnotation: return "annotation";
  }
  return "record";
}

std::string LastSegment(const std::string& name) {
  const size_t slash = name.rfind('/');
  return slash == std::string::npos ? name : name.substr(slash + 1);
}

State CaseState(const v1::Case& c, bool session_case) {
  if (session_case) return {absl::StrCat(c.title(), kSep, c.situation()), ""};
  return {absl::StrCat(c.title(), kSep, c.situation(), kSep, v1::CaseStatus_Name(c.status())),
          c.etag()};
}

State ReflectionState(const v1::Reflection& r) {
  return {absl::StrCat(v1::ReflectionKind_Name(r.kind()), kSep, r.text()), ""};
}

State SessionState(const v1::Session& s) {
  std::vector<std::string> participants, parked, conclusions;
  for (const std::string& p : s.participants()) participants.push_back(LastSegment(p));
  for (const v1::ParkedQuestion& q : s.parked_questions()) parked.push_back(q.text());
  for (const v1::Conclusion& c : s.conclusions()) conclusions.push_back(c.text());
  return {absl::StrCat(s.title(), kSep, v1::SessionState_Name(s.state()), kSep, s.phase().id(),
                       kSep, Sorted(participants), kSep, Sorted(parked), kSep,
                       Sorted(conclusions)),
          ""};
}

State StandardState(const v1::Standard& s) {
  std::vector<std::string> endorsements;
  for (const std::string& e : s.endorsements()) endorsements.push_back(LastSegment(e));
  return {absl::StrCat(v1::StandardStatus_Name(s.status()), kSep, s.revision(), kSep,
                       s.content().title(), kSep, s.content().statement(), kSep,
                       Sorted(endorsements)),
          s.etag()};
}

State ErratumState(const v1::Erratum& e) {
  return {absl::StrCat(v1::ErratumState_Name(e.state()), kSep, e.description()), ""};
}

State PositionState(const v1::Position& p) {
  return {absl::StrCat(v1::Stance_Name(p.stance()), kSep, p.explanation()),
          absl::StrCat(p.revision())};
}

State KompasState(const v1::Kompas& k) {
  return {k.release_notes(), absl::StrCat(k.version())};
}

State AnnotationState(const v1::Annotation& a) {
  return {absl::StrCat(a.target(), kSep, a.quote().exact(), kSep, a.body()), a.etag()};
}

}  // namespace kompas::crash
