// Key layout of every table. Keys are byte strings whose parts are joined by
// a NUL byte. Ids and index values never contain NUL (validation refuses
// control characters), so a prefix ending in NUL selects exactly one parent
// and "law=Wmo" never matches "law=Wmo 2015".
//
//   table           key                                         value
//   meta            <name>                                      bytes
//   municipalities  <cbs_code>                                  kompas.v1.Municipality
//   communities     <community>                                 kompas.v1.Community
//   members         <community> 0 <member>                      kompas.v1.Member
//   cases           <community> 0 <case>                        kompas.v1.Case
//   case_index      <community> 0 <field> 0 <value> 0 <case>    empty
//   reflections     <community> 0 <case> 0 <reflection>         kompas.v1.Reflection
//   request_ids     <kind> 0 <parent> 0 hmac(<member>, sha256(<request_id>))  resource name
//   tokens          sha256(<token>) (hex)                       kompas.internal.v1.TokenRecord
//   audit           <sequence> (8 bytes, big-endian)            kompas.v1.AuditEvent
//   audit_index     <community> 0 <field> 0 <value> 0 <seq8>    empty
//                   (field: "all" with an empty value, "resource", "member")
//   sessions        <community> 0 <session>                     kompas.v1.Session
//   session_events  <community> 0 <session> 0 <seq8>            kompas.v1.SessionEvent
//   parked_questions <community> 0 <question>                   kompas.v1.ParkedQuestion
//   evaluations     <community> 0 <session> 0 hmac(sha256(<member>))  kompas.v1.Evaluation
//                   (the member id only keyed: the key stops a second
//                   evaluation without listing who answered what)
//                   (hmac: HMAC-SHA256 (hex) under the server secret, see
//                   domain/key_secret.h; never a member id in clear or a plain
//                   hash of one, which trying every id would reverse)
//   standards       <community> 0 <standard>                    kompas.v1.Standard (latest)
//   standard_revisions <community> 0 <standard> 0 <rev8>        kompas.v1.StandardRevision
//   standard_sources <community> 0 <case> 0 <standard>          empty
//   errata          <community> 0 <standard> 0 <erratum>        kompas.v1.Erratum
//   positions       <community> 0 <standard> 0 <cbs_code>       kompas.v1.Position
//   kompas_versions <community> 0 <version8>                    kompas.v1.Kompas
//   search_docs     <community> 0 <doc>                         kompas.internal.v1.SearchDoc
//                   (<doc>: "case/<case>", "reflection/<case>/<reflection>",
//                   "standard/<standard>")
//   search_numbers  <community> 0 <shelf> 0 <number4>           <doc>
//   search_postings <community> 0 <shelf> 0 <term> 0 <block4>   entry set (merge.h): per
//                   document number in the block, term frequency << 16 | length
//   search_counts   <community>                                 counters: documents, length
//                   <community> 0 <term>                        counters: documents
//                   (<shelf>: the SearchKind number as one digit; <number4>
//                   and <block4> = number >> 12: 4 bytes, big-endian)
//   annotations     <community> 0 <annotation>                  kompas.v1.Annotation
//   annotation_targets <community> 0 <target name> 0 <annotation>  empty
//   case_counts     <community> 0 <case>                        counters: reflections
//
// Case and reflection ids sort by creation time (domain/ids.h), so a forward
// scan of a prefix is oldest-first and a reverse scan newest-first. Index
// fields: "status" (enum number), "theme", "law", "municipality".
#ifndef KOMPAS_STORE_KEYS_H_
#define KOMPAS_STORE_KEYS_H_

#include <initializer_list>
#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"

namespace kompas::store::keys {

// Parts joined by NUL: Join({"a", "b"}) == "a\0b".
std::string Join(std::initializer_list<absl::string_view> parts);
// Join plus a trailing NUL: the prefix of every key below these parts.
std::string Prefix(std::initializer_list<absl::string_view> parts);
// The last part of a key (after the final NUL), e.g. the case id of an index key.
absl::string_view LastPart(absl::string_view key);

inline std::string Municipality(absl::string_view cbs_code) { return std::string(cbs_code); }
inline std::string Community(absl::string_view community) { return std::string(community); }
inline std::string Member(absl::string_view community, absl::string_view member) {
  return Join({community, member});
}
inline std::string Case(absl::string_view community, absl::string_view case_id) {
  return Join({community, case_id});
}
inline std::string CasesOf(absl::string_view community) { return Prefix({community}); }
inline std::string CaseIndex(absl::string_view community, absl::string_view field,
                             absl::string_view value, absl::string_view case_id) {
  return Join({community, field, value, case_id});
}
inline std::string CaseIndexPrefix(absl::string_view community, absl::string_view field,
                                   absl::string_view value) {
  return Prefix({community, field, value});
}
inline std::string Reflection(absl::string_view community, absl::string_view case_id,
                              absl::string_view reflection) {
  return Join({community, case_id, reflection});
}
inline std::string ReflectionsOf(absl::string_view community, absl::string_view case_id) {
  return Prefix({community, case_id});
}
inline std::string Session(absl::string_view community, absl::string_view session) {
  return Join({community, session});
}
inline std::string SessionEvent(absl::string_view community, absl::string_view session,
                                uint64_t sequence);
inline std::string SessionEventsOf(absl::string_view community, absl::string_view session) {
  return Prefix({community, session});
}
inline std::string ParkedQuestion(absl::string_view community, absl::string_view question) {
  return Join({community, question});
}
// `member_tag`: KeySecret::EvaluationTag of the member.
inline std::string Evaluation(absl::string_view community, absl::string_view session,
                              absl::string_view member_tag) {
  return Join({community, session, member_tag});
}
inline std::string EvaluationsOf(absl::string_view community, absl::string_view session) {
  return Prefix({community, session});
}
// A request id is scoped to the kind of create, its parent resource and the
// member, so reusing one elsewhere is a new request, not a replay. `tag` is
// KeySecret::RequestIdTag of the member and the id: the id itself is chosen
// by the client and could hold anything, and the member id is not kept in
// clear.
inline std::string RequestId(absl::string_view kind, absl::string_view parent,
                             absl::string_view tag) {
  return Join({kind, parent, tag});
}

// 8 bytes big-endian, so sequences sort numerically as bytes.
std::string Sequence(uint64_t sequence);
uint64_t ParseSequence(absl::string_view eight_bytes);

inline std::string SessionEvent(absl::string_view community, absl::string_view session,
                                uint64_t sequence) {
  return Join({community, session, Sequence(sequence)});
}

}  // namespace kompas::store::keys

#endif  // KOMPAS_STORE_KEYS_H_
