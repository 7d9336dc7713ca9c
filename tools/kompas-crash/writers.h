// One client of the crash loop: picks its next write at random among those
// its records allow, sends it, and records the answer in its Client (history.h):
// acknowledged (the record's new state), refused (no change), or unknown
// (no answer: kompasd died, or was stopping).
//
// The writes: cases (create, edit with etag, status moves, delete with
// etag), reflections, sessions (create, join, park a question, phase moves,
// a conclusion, close), standards (draft, edit, propose, endorse, adopt,
// report an erratum, two municipalities' positions), kompas publishes, and
// annotations (create, edit, delete).
#ifndef KOMPAS_CRASH_WRITERS_H_
#define KOMPAS_CRASH_WRITERS_H_

#include <cstdint>
#include <random>

#include "api.h"
#include "history.h"

namespace kompas::crash {

class Writer {
 public:
  // `client` must outlive the Writer; `seed` makes the choices reproducible
  // (kompasd's timing is not).
  Writer(const Api& api, Client& client, uint64_t seed);

  // One write. False once a write's answer did not come: the client writes
  // no more this round.
  bool Step();

 private:
  enum class Answer { kAcknowledged, kRefused, kUnknown };

  // Sends one write as `member`; counts it in the Client by its answer.
  template <typename Response, typename Call>
  Answer Send(const char* method, const char* member, Call call, Response* response);

  // A new made-up word, unique in the run.
  std::string Marker();
  // A random record index of `kind` for which `fit` holds; -1 when none.
  template <typename Fit>
  int Pick(Kind kind, Fit fit);
  // Starts a record; its index.
  size_t Add(Kind kind, std::string parent, std::string marker);
  // A write with no answer about records[index].
  bool Unanswered(Unknown::What what, size_t index, const char* method, State intended);

  bool CreateCase();
  bool EditCase(size_t index);
  bool MoveCase(size_t index);
  bool DeleteCase(size_t index);
  bool CreateReflection(size_t case_index);
  bool CreateSession(size_t case_index);
  bool SessionStep(size_t index);
  bool CreateStandard();
  bool StandardStep(size_t index);
  bool SetPosition(size_t standard_index, const char* member, const char* municipality);
  bool PublishKompas();
  bool CreateAnnotation(size_t case_index);
  bool EditAnnotation(size_t index);
  bool DeleteAnnotation(size_t index);

  const Api& api_;
  Client& client_;
  std::mt19937_64 rng_;
};

}  // namespace kompas::crash

#endif  // KOMPAS_CRASH_WRITERS_H_
