// The crash loop's checks after a restart, through the API only:
//  - each client's unknown write is resolved: wholly applied (the record as
//    that write would leave it, found in its list by its marker or name) or
//    wholly absent (as before); anything else is torn;
//  - every record is in its list exactly as last acknowledged (else lost),
//    and nothing is listed that no client sent and the seed did not make
//    (phantom);
//  - each record written this round reads the same by Get as in its list,
//    and search finds it by its marker exactly when it exists (else torn);
//  - the audit trail holds, per write method, exactly one OK event for each
//    write that took effect this round (else torn);
//  - each session written this round streams a gap-free event sequence
//    (WatchSession from 0) that agrees with the session (else torn);
//  - the demo seed's cases and standards are there once each.
// Findings are counted in the Tally and described on stderr.
#ifndef KOMPAS_CRASH_VERIFIER_H_
#define KOMPAS_CRASH_VERIFIER_H_

#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "api.h"
#include "history.h"

namespace kompas::crash {

// The records that were there before any client wrote: the demo seed's.
struct Baseline {
  std::set<std::string> names;
  std::vector<std::string> seed_case_titles, seed_standard_titles;
};

class Verifier {
 public:
  Verifier(const Api& api, Tally& tally);

  // Fills `baseline->names` with every listed record (call once, before
  // the first client writes).
  [[nodiscard]] absl::Status TakeBaseline(Baseline* baseline);

  // Runs every check; resets each client's round (unknown, acknowledged,
  // touched). An error only when kompasd could not be asked.
  [[nodiscard]] absl::Status Check(std::vector<Client>& clients, const Baseline& baseline,
                                   absl::Time round_start);

 private:
  // A listed record: its State (for a case also as a session's case) and
  // the working data a client continues with.
  struct Item {
    State state, session_state;
    std::string etag;
    int status = 0;
    v1::Session session;
    v1::Standard standard;
  };
  using Listing = std::map<std::string, Item>;

  // The list `kind` records of `parent` appear in (cached for one Check).
  absl::Status List(Kind kind, const std::string& parent, const Listing** out);
  absl::Status ListCommunity(Listing* cases, Listing* sessions, Listing* standards,
                             Listing* kompas, Listing* annotations);

  void Resolve(Client& client);
  void CheckRecord(Client& client, size_t index);
  absl::Status CheckTouched(Client& client, size_t index);
  absl::Status CheckSearch(const Record& r);
  absl::Status CheckEvents(const Record& r, const v1::Session& session);
  absl::Status CheckAudit(const std::vector<Client>& clients, absl::Time round_start);
  void CheckPhantoms(const std::vector<Client>& clients, const Baseline& baseline);
  void CheckSeed(const Baseline& baseline);
  // Takes a listed item's working data into the record.
  static void Adopt(Record& r, const Item& item);

  void Lost(const Record& r, const std::string& what);
  void Torn(const std::string& what);

  const Api& api_;
  Tally& tally_;
  std::map<std::pair<Kind, std::string>, Listing> lists_;
};

}  // namespace kompas::crash

#endif  // KOMPAS_CRASH_VERIFIER_H_
