// What the crash loop's clients wrote, as kompasd acknowledged it, and the
// writes whose answer never came (in flight when kompasd was killed).
//
// Every client owns its records: nobody else changes them, so after a
// restart each record must look exactly as its last acknowledged write left
// it, except the one record a client's unknown write was about, which may
// look as before that write or as after it, and nothing in between.
//
// A record is reduced to a State: its `content` (the fields a client wrote
// and the server derived from them, joined) and its `version` (its etag or
// revision; empty for records without one). An acknowledged state is compared
// whole; an unknown write's result only by content plus "the version moved",
// since the etag it would have got was never seen.
#ifndef KOMPAS_CRASH_HISTORY_H_
#define KOMPAS_CRASH_HISTORY_H_

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "grpcpp/grpcpp.h"
#include "kompas/v1/annotation.pb.h"
#include "kompas/v1/case.pb.h"
#include "kompas/v1/kompas.pb.h"
#include "kompas/v1/session.pb.h"
#include "kompas/v1/standard.pb.h"

namespace kompas::crash {

class Api;

// The kinds of record the clients write.
enum class Kind {
  kCase,
  kReflection,
  kSession,
  kStandard,
  kErratum,
  kPosition,
  kKompas,
  kAnnotation,
};
const char* KindName(Kind kind);

struct State {
  std::string content;
  std::string version;
  bool operator==(const State& other) const {
    return content == other.content && version == other.version;
  }
};

// The State of each kind as the API shows it. `session_case`: a case a
// session moves (its status and etag change with the session's, so only its
// text is compared).
State CaseState(const v1::Case& c, bool session_case);
State ReflectionState(const v1::Reflection& r);
State SessionState(const v1::Session& s);
State StandardState(const v1::Standard& s);
State ErratumState(const v1::Erratum& e);
State PositionState(const v1::Position& p);
State KompasState(const v1::Kompas& k);
State AnnotationState(const v1::Annotation& a);

// The last segment of a resource name ("communities/x/members/anna" →
// "anna").
std::string LastSegment(const std::string& name);

// One record a client made.
struct Record {
  Kind kind = Kind::kCase;
  // Resource name; empty while an unknown create is unresolved, and for one
  // found absent.
  std::string name;
  // The case of a reflection, the standard of an erratum or a position, the
  // target of an annotation, the case of a session; the community otherwise.
  std::string parent;
  // A made-up word in its text, unique in the run: finds the record in a
  // list and in search.
  std::string marker;
  // Acknowledged created and not acknowledged deleted.
  bool exists = false;
  // As last acknowledged (meaningful while `exists`).
  State state;

  // Working data of the client's script, not checked.
  bool session_case = false;  // a case for sessions and annotations: never edited
  std::string etag;           // to send back on the next update
  int status = 0;             // the record's status or state enum value
  int step = 0;               // where a scripted record (session, standard) is
  // For a create with a request id: sends it again and gives the name of
  // the record the server answers with (the first one's, or it broke its
  // promise).
  std::function<grpc::Status(const Api&, std::string*)> resend;
  v1::Session session;    // a session as last acknowledged
  v1::Standard standard;  // a standard as last acknowledged
};

// A write whose answer never came; at most one per client and round (a
// client stops writing after it).
struct Unknown {
  enum class What { kCreate, kUpdate, kDelete };
  What what = What::kUpdate;
  size_t record = 0;  // index in Client::records
  std::string method;
  // What a create or an update would leave; its version is not known.
  State intended;
};

// A client's history: its records, what it did this round, and totals.
struct Client {
  int id = 0;
  std::vector<Record> records;
  std::optional<Unknown> unknown;
  // This round: acknowledged writes by RPC (short name), and the records a
  // write was about (acknowledged or not).
  std::map<std::string, int64_t> acknowledged;
  std::set<size_t> touched;
  // This round: refused writes by "method code", for --verbose.
  std::map<std::string, int64_t> refused;
  // A counter for unique markers and request ids.
  int64_t next = 0;
};

// Totals over the run: the last line of kompas-crash.
struct Tally {
  int rounds = 0;
  int64_t acknowledged = 0;
  int64_t unknown = 0;
  int64_t unknown_applied = 0;
  int64_t lost = 0;
  int64_t torn = 0;
  int64_t phantom = 0;
  bool audit_intact = true;
  bool index_consistent = true;
  bool seed_once = true;
  bool ok() const {
    return lost == 0 && torn == 0 && phantom == 0 && audit_intact && index_consistent &&
           seed_once;
  }
};

}  // namespace kompas::crash

#endif  // KOMPAS_CRASH_HISTORY_H_
