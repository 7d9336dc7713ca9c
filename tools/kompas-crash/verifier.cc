#include "verifier.h"

#include <iostream>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/status_macros.h"
#include "google/protobuf/util/time_util.h"

namespace kompas::crash {
namespace {

// The RPCs the clients write with: the audit trail is counted for these.
const std::set<std::string>& WriteMethods() {
  static const auto* methods = new std::set<std::string>{
      "CreateCase",      "UpdateCase",      "DeleteCase",       "CreateReflection",
      "CreateSession",   "JoinSession",     "ParkQuestion",     "AdvancePhase",
      "AddConclusion",   "CloseSession",    "CreateStandard",   "UpdateStandard",
      "ProposeStandard", "EndorseStandard", "AdoptStandard",    "ReportErratum",
      "SetPosition",     "ResolveErratum",   "PublishKompas",   "CreateAnnotation", "UpdateAnnotation",
      "DeleteAnnotation"};
  return *methods;
}

absl::Status Failed(const char* what, const grpc::Status& s) {
  return absl::UnavailableError(
      absl::StrCat(what, ": ", static_cast<int>(s.error_code()), " ", s.error_message()));
}

// Every page of a list: `fetch(token, &response)` gets one, `take(response)`
// keeps its items.
template <typename Response, typename Fetch, typename Take>
absl::Status Paged(const char* what, Fetch fetch, Take take) {
  std::string token;
  for (int page = 0; page < 100000; ++page) {
    Response response;
    const grpc::Status s = fetch(token, &response);
    if (!s.ok()) return Failed(what, s);
    take(response);
    token = response.next_page_token();
    if (token.empty()) return absl::OkStatus();
  }
  return absl::InternalError(absl::StrCat(what, ": too many pages"));
}

// Community-wide lists are cached under this parent.
std::string ListParent(Kind kind, const std::string& parent) {
  switch (kind) {
    case Kind::kReflection:
    case Kind::kErratum:
    case Kind::kPosition:
      return parent;
    default:
      return kCommunity;
  }
}

}  // namespace

Verifier::Verifier(const Api& api, Tally& tally) : api_(api), tally_(tally) {}

void Verifier::Lost(const Record& r, const std::string& what) {
  ++tally_.lost;
  std::cerr << "LOST " << KindName(r.kind) << " " << (r.name.empty() ? r.marker : r.name) << ": "
            << what << "\n";
}

void Verifier::Torn(const std::string& what) {
  ++tally_.torn;
  std::cerr << "TORN " << what << "\n";
}

absl::Status Verifier::ListCommunity(Listing* cases, Listing* sessions, Listing* standards,
                                     Listing* kompas, Listing* annotations) {
  if (cases != nullptr) {
    v1::ListCasesRequest request;
    request.set_parent(kCommunity);
    request.set_page_size(200);
    RETURN_IF_ERROR(Paged<v1::ListCasesResponse>(
        "ListCases",
        [&](const std::string& token, v1::ListCasesResponse* out) {
          request.set_page_token(token);
          return api_.cases().ListCases(api_.Context(kAuthor).get(), request, out);
        },
        [&](const v1::ListCasesResponse& page) {
          for (const v1::Case& c : page.cases()) {
            Item& item = (*cases)[c.name()];
            item.state = CaseState(c, false);
            item.session_state = CaseState(c, true);
            item.etag = c.etag();
            item.status = c.status();
          }
        }));
  }
  if (sessions != nullptr) {
    v1::ListSessionsRequest request;
    request.set_parent(kCommunity);
    request.set_page_size(200);
    RETURN_IF_ERROR(Paged<v1::ListSessionsResponse>(
        "ListSessions",
        [&](const std::string& token, v1::ListSessionsResponse* out) {
          request.set_page_token(token);
          return api_.sessions().ListSessions(api_.Context(kFacilitator).get(), request, out);
        },
        [&](const v1::ListSessionsResponse& page) {
          for (const v1::Session& s : page.sessions()) {
            Item& item = (*sessions)[s.name()];
            item.state = SessionState(s);
            item.session = s;
            item.status = s.state();
          }
        }));
  }
  if (standards != nullptr) {
    v1::ListStandardsRequest request;
    request.set_parent(kCommunity);
    request.set_page_size(200);
    RETURN_IF_ERROR(Paged<v1::ListStandardsResponse>(
        "ListStandards",
        [&](const std::string& token, v1::ListStandardsResponse* out) {
          request.set_page_token(token);
          return api_.standards().ListStandards(api_.Context(kSteward).get(), request, out);
        },
        [&](const v1::ListStandardsResponse& page) {
          for (const v1::Standard& s : page.standards()) {
            Item& item = (*standards)[s.name()];
            item.state = StandardState(s);
            item.standard = s;
            item.etag = s.etag();
            item.status = s.status();
          }
        }));
  }
  if (kompas != nullptr) {
    v1::ListKompasVersionsRequest request;
    request.set_parent(kCommunity);
    v1::ListKompasVersionsResponse response;
    const grpc::Status s =
        api_.kompas().ListKompasVersions(api_.Context(kSteward).get(), request, &response);
    if (!s.ok()) return Failed("ListKompasVersions", s);
    for (const v1::Kompas& k : response.versions()) (*kompas)[k.name()].state = KompasState(k);
  }
  if (annotations != nullptr) {
    v1::ListAnnotationsRequest request;
    request.set_parent(kCommunity);
    request.set_page_size(200);
    RETURN_IF_ERROR(Paged<v1::ListAnnotationsResponse>(
        "ListAnnotations",
        [&](const std::string& token, v1::ListAnnotationsResponse* out) {
          request.set_page_token(token);
          return api_.annotations().ListAnnotations(api_.Context(kPeer).get(), request, out);
        },
        [&](const v1::ListAnnotationsResponse& page) {
          for (const v1::Annotation& a : page.annotations()) {
            Item& item = (*annotations)[a.name()];
            item.state = AnnotationState(a);
            item.etag = a.etag();
          }
        }));
  }
  return absl::OkStatus();
}

absl::Status Verifier::List(Kind kind, const std::string& parent, const Listing** out) {
  const auto key = std::make_pair(kind, ListParent(kind, parent));
  if (auto it = lists_.find(key); it != lists_.end()) {
    *out = &it->second;
    return absl::OkStatus();
  }
  Listing listing;
  switch (kind) {
    case Kind::kCase:
      RETURN_IF_ERROR(ListCommunity(&listing, nullptr, nullptr, nullptr, nullptr));
      break;
    case Kind::kSession:
      RETURN_IF_ERROR(ListCommunity(nullptr, &listing, nullptr, nullptr, nullptr));
      break;
    case Kind::kStandard:
      RETURN_IF_ERROR(ListCommunity(nullptr, nullptr, &listing, nullptr, nullptr));
      break;
    case Kind::kKompas:
      RETURN_IF_ERROR(ListCommunity(nullptr, nullptr, nullptr, &listing, nullptr));
      break;
    case Kind::kAnnotation:
      RETURN_IF_ERROR(ListCommunity(nullptr, nullptr, nullptr, nullptr, &listing));
      break;
    case Kind::kReflection: {
      v1::ListReflectionsRequest request;
      request.set_parent(parent);
      request.set_page_size(200);
      absl::Status s = Paged<v1::ListReflectionsResponse>(
          "ListReflections",
          [&](const std::string& token, v1::ListReflectionsResponse* out) {
            request.set_page_token(token);
            grpc::Status got =
                api_.cases().ListReflections(api_.Context(kAuthor).get(), request, out);
            // A deleted case has no reflections.
            return got.error_code() == grpc::StatusCode::NOT_FOUND ? grpc::Status::OK : got;
          },
          [&](const v1::ListReflectionsResponse& page) {
            for (const v1::Reflection& r : page.reflections()) {
              listing[r.name()].state = ReflectionState(r);
            }
          });
      RETURN_IF_ERROR(s);
      break;
    }
    case Kind::kErratum: {
      v1::ListErrataRequest request;
      request.set_parent(parent);
      request.set_page_size(200);
      RETURN_IF_ERROR(Paged<v1::ListErrataResponse>(
          "ListErrata",
          [&](const std::string& token, v1::ListErrataResponse* out) {
            request.set_page_token(token);
            return api_.standards().ListErrata(api_.Context(kSteward).get(), request, out);
          },
          [&](const v1::ListErrataResponse& page) {
            for (const v1::Erratum& e : page.errata()) listing[e.name()].state = ErratumState(e);
          }));
      break;
    }
    case Kind::kPosition: {
      v1::ListPositionsRequest request;
      request.set_parent(kCommunity);
      request.set_standard(parent);
      request.set_page_size(200);
      RETURN_IF_ERROR(Paged<v1::ListPositionsResponse>(
          "ListPositions",
          [&](const std::string& token, v1::ListPositionsResponse* out) {
            request.set_page_token(token);
            return api_.standards().ListPositions(api_.Context(kSteward).get(), request, out);
          },
          [&](const v1::ListPositionsResponse& page) {
            for (const v1::Position& p : page.positions()) {
              listing[p.name()].state = PositionState(p);
            }
          }));
      break;
    }
  }
  *out = &(lists_[key] = std::move(listing));
  return absl::OkStatus();
}

absl::Status Verifier::TakeBaseline(Baseline* baseline) {
  lists_.clear();
  for (Kind kind : {Kind::kCase, Kind::kSession, Kind::kStandard, Kind::kKompas,
                    Kind::kAnnotation}) {
    const Listing* listing = nullptr;
    RETURN_IF_ERROR(List(kind, kCommunity, &listing));
    for (const auto& [name, item] : *listing) baseline->names.insert(name);
  }
  lists_.clear();
  return absl::OkStatus();
}

void Verifier::Adopt(Record& r, const Item& item) {
  r.state = r.kind == Kind::kCase && r.session_case ? item.session_state : item.state;
  if (!item.etag.empty()) r.etag = item.etag;
  if (r.kind == Kind::kCase) r.status = item.status;
  if (r.kind == Kind::kSession) r.session = item.session;
  if (r.kind == Kind::kStandard) r.standard = item.standard;
}

void Verifier::Resolve(Client& client) {
  if (!client.unknown.has_value()) return;
  const Unknown u = *client.unknown;
  Record& r = client.records[u.record];
  ++tally_.unknown;
  const Listing* listing = nullptr;
  if (absl::Status s = List(r.kind, r.parent, &listing); !s.ok()) {
    Torn(absl::StrCat("cannot list for ", u.method, ": ", s.ToString()));
    return;
  }
  const std::string what = absl::StrCat(u.method, " of ", KindName(r.kind), " ",
                                        r.name.empty() ? r.marker : r.name);
  bool applied = false;
  if (u.what == Unknown::What::kCreate) {
    // Found by its marker (a position by its name too: set once each).
    for (const auto& [name, item] : *listing) {
      if (item.state.content.find(r.marker) == std::string::npos) continue;
      const State& seen = r.kind == Kind::kCase && r.session_case ? item.session_state : item.state;
      if (!u.intended.content.empty() && seen.content != u.intended.content) {
        Torn(absl::StrCat(what, ": created as \"", seen.content, "\", sent \"",
                          u.intended.content, "\""));
      }
      r.name = name;
      r.exists = true;
      Adopt(r, item);
      applied = true;
      break;
    }
  } else {
    auto it = listing->find(r.name);
    if (it == listing->end()) {
      if (u.what == Unknown::What::kDelete) {
        applied = true;
        r.exists = false;
        for (Record& child : client.records) {
          if (child.kind == Kind::kReflection && child.parent == r.name) child.exists = false;
        }
      } else {
        Lost(r, absl::StrCat("gone after an unanswered ", u.method));
        r.exists = false;
      }
    } else {
      const Item& item = it->second;
      const State& seen = r.kind == Kind::kCase && r.session_case ? item.session_state : item.state;
      if (seen == r.state) {
        // Not applied.
      } else if (u.what == Unknown::What::kUpdate &&
                 (u.intended.content.empty() || seen.content == u.intended.content) &&
                 (r.state.version.empty() || seen.version != r.state.version)) {
        applied = true;
        Adopt(r, item);
        ++r.step;
      } else {
        Torn(absl::StrCat(what, ": found \"", seen.content, "\" (", seen.version,
                          "), acknowledged before \"", r.state.content, "\" (", r.state.version,
                          "), the write would leave \"", u.intended.content, "\""));
        Adopt(r, item);
      }
    }
  }
  if (applied) {
    ++tally_.unknown_applied;
    ++client.acknowledged[u.method];
  }
}

void Verifier::CheckRecord(Client& client, size_t index) {
  Record& r = client.records[index];
  if (r.name.empty()) return;  // never created
  const Listing* listing = nullptr;
  if (absl::Status s = List(r.kind, r.parent, &listing); !s.ok()) {
    Torn(absl::StrCat("cannot list ", KindName(r.kind), ": ", s.ToString()));
    return;
  }
  auto it = listing->find(r.name);
  if (!r.exists) {
    if (it != listing->end()) Lost(r, "deleted, but listed again");
    return;
  }
  if (it == listing->end()) {
    Lost(r, absl::StrCat("acknowledged as \"", r.state.content, "\", not listed"));
    return;
  }
  const State& seen =
      r.kind == Kind::kCase && r.session_case ? it->second.session_state : it->second.state;
  if (!(seen == r.state)) {
    Lost(r, absl::StrCat("acknowledged as \"", r.state.content, "\" (", r.state.version,
                         "), listed as \"", seen.content, "\" (", seen.version, ")"));
  }
}

absl::Status Verifier::CheckSearch(const Record& r) {
  v1::SearchKind kind = v1::SEARCH_KIND_UNSPECIFIED;
  const char* member = kAuthor;
  if (r.kind == Kind::kCase) kind = v1::SEARCH_KIND_CASE;
  if (r.kind == Kind::kReflection) kind = v1::SEARCH_KIND_REFLECTION;
  if (r.kind == Kind::kStandard) kind = v1::SEARCH_KIND_STANDARD, member = kSteward;
  if (kind == v1::SEARCH_KIND_UNSPECIFIED) return absl::OkStatus();
  v1::SearchRequest request;
  request.set_parent(kCommunity);
  request.set_query(r.marker);
  request.add_kinds(kind);
  request.set_page_size(100);
  v1::SearchResponse response;
  const grpc::Status s = api_.search().Search(api_.Context(member).get(), request, &response);
  if (!s.ok()) return Failed("Search", s);
  std::set<std::string> found;
  for (const v1::SearchResult& result : response.results()) found.insert(result.name());
  // Drafts are not indexed (search_documents.cc).
  const bool listed =
      r.exists && !r.name.empty() &&
      !(r.kind == Kind::kCase && r.status == v1::CASE_STATUS_DRAFT);
  const std::set<std::string> expected =
      listed ? std::set<std::string>{r.name} : std::set<std::string>{};
  if (found != expected) {
    Torn(absl::StrCat("search for ", KindName(r.kind), " ", r.name.empty() ? r.marker : r.name,
                      " by its marker ", r.marker, " finds ", found.size(), " results, ",
                      listed ? "expected it" : "expected none"));
  }
  return absl::OkStatus();
}

absl::Status Verifier::CheckEvents(const Record& r, const v1::Session& session) {
  if (session.last_sequence() <= 0) return absl::OkStatus();
  auto ctx = api_.Context(kFacilitator, absl::Seconds(10));
  v1::WatchSessionRequest request;
  request.set_name(r.name);
  request.set_after_sequence(0);
  auto reader = api_.sessions().WatchSession(ctx.get(), request);
  v1::WatchSessionResponse response;
  int64_t expected = 1;
  std::string phase;
  bool closed = false;
  std::set<std::string> joined, parked, conclusions;
  bool open = true;  // until Read says the server ended the stream
  while (expected <= session.last_sequence() && (open = reader->Read(&response))) {
    if (!response.has_event()) continue;
    const v1::SessionEvent& e = response.event();
    if (e.sequence() != expected) {
      Torn(absl::StrCat("session ", r.name, " streams event ", e.sequence(), " where ",
                        expected, " was due"));
      break;
    }
    ++expected;
    if (e.has_phase_changed()) phase = e.phase_changed().to().id();
    if (e.has_participant_joined()) joined.insert(LastSegment(e.participant_joined()));
    if (e.has_question_parked()) parked.insert(e.question_parked().text());
    if (e.has_conclusion_added()) conclusions.insert(e.conclusion_added().text());
    if (e.has_closed()) closed = true;
  }
  // Hang up only on a stream still open: cancelling one the server already
  // ended would replace its status (a refusal, say) with our CANCELLED.
  if (open) ctx->TryCancel();
  const grpc::Status finished = reader->Finish();
  if (expected <= session.last_sequence()) {
    Torn(absl::StrCat("session ", r.name, " has last_sequence ", session.last_sequence(),
                      ", its stream ended after ", expected - 1, " with ",
                      finished.error_code(), " ", finished.error_message()));
    return absl::OkStatus();
  }
  std::set<std::string> participants, session_parked, session_conclusions;
  for (const std::string& p : session.participants()) participants.insert(LastSegment(p));
  for (const auto& q : session.parked_questions()) session_parked.insert(q.text());
  for (const auto& c : session.conclusions()) session_conclusions.insert(c.text());
  std::vector<std::string> differ;
  if (!phase.empty() && phase != session.phase().id()) differ.push_back("phase");
  for (const std::string& j : joined) {
    if (participants.count(j) == 0) differ.push_back("participants");
  }
  if (parked != session_parked) differ.push_back("parked questions");
  if (conclusions != session_conclusions) differ.push_back("conclusions");
  if (closed != (session.state() == v1::SESSION_STATE_CLOSED)) differ.push_back("state");
  for (const std::string& d : differ) {
    Torn(absl::StrCat("session ", r.name, ": its events and the session disagree on ", d));
  }
  return absl::OkStatus();
}

absl::Status Verifier::CheckTouched(Client& client, size_t index) {
  const Record& r = client.records[index];
  RETURN_IF_ERROR(CheckSearch(r));
  if (!r.exists || r.name.empty()) return absl::OkStatus();
  if (r.resend) {
    // The idempotency key survived with the record.
    std::string name;
    const grpc::Status s = r.resend(api_, &name);
    if (!s.ok()) {
      Torn(absl::StrCat(KindName(r.kind), " ", r.name, ": its create sent again is refused: ",
                        static_cast<int>(s.error_code()), " ", s.error_message()));
    } else if (name != r.name) {
      ++tally_.phantom;
      std::cerr << "PHANTOM " << KindName(r.kind) << " " << name << ": its create sent again made "
                << "it, a second " << r.name << "\n";
    }
  }
  // A point read agrees with the list (the record and its index entry).
  State got;
  bool have = true;
  grpc::Status s;
  if (r.kind == Kind::kCase) {
    v1::GetCaseRequest request;
    request.set_name(r.name);
    v1::Case c;
    s = api_.cases().GetCase(api_.Context(kAuthor).get(), request, &c);
    got = CaseState(c, r.session_case);
  } else if (r.kind == Kind::kSession) {
    v1::GetSessionRequest request;
    request.set_name(r.name);
    v1::Session session;
    s = api_.sessions().GetSession(api_.Context(kFacilitator).get(), request, &session);
    got = SessionState(session);
    if (s.ok()) RETURN_IF_ERROR(CheckEvents(r, session));
  } else if (r.kind == Kind::kStandard) {
    v1::GetStandardRequest request;
    request.set_name(r.name);
    v1::Standard standard;
    s = api_.standards().GetStandard(api_.Context(kSteward).get(), request, &standard);
    got = StandardState(standard);
  } else if (r.kind == Kind::kKompas) {
    v1::GetKompasRequest request;
    request.set_name(r.name);
    v1::Kompas k;
    s = api_.kompas().GetKompas(api_.Context(kSteward).get(), request, &k);
    got = KompasState(k);
  } else {
    have = false;
  }
  if (!have) return absl::OkStatus();
  if (s.error_code() == grpc::StatusCode::NOT_FOUND) {
    Torn(absl::StrCat(KindName(r.kind), " ", r.name, " is listed but not found by Get"));
  } else if (!s.ok()) {
    return Failed("Get", s);
  } else if (!(got == r.state)) {
    Torn(absl::StrCat(KindName(r.kind), " ", r.name, " reads \"", got.content, "\" (",
                      got.version, ") by Get, listed as \"", r.state.content, "\" (",
                      r.state.version, ")"));
  }
  return absl::OkStatus();
}

absl::Status Verifier::CheckAudit(const std::vector<Client>& clients, absl::Time round_start) {
  std::map<std::string, int64_t> expected, found;
  for (const Client& c : clients) {
    for (const auto& [method, n] : c.acknowledged) expected[method] += n;
  }
  v1::ListAuditEventsRequest request;
  request.set_parent(kCommunity);
  request.set_page_size(200);
  *request.mutable_start_time() =
      google::protobuf::util::TimeUtil::NanosecondsToTimestamp(absl::ToUnixNanos(round_start));
  RETURN_IF_ERROR(Paged<v1::ListAuditEventsResponse>(
      "ListAuditEvents",
      [&](const std::string& token, v1::ListAuditEventsResponse* out) {
        request.set_page_token(token);
        // The time filter walks the trail from its newest event back to
        // the round's start: slow on a loaded machine.
        return api_.audit().ListAuditEvents(api_.Context(kOfficer, absl::Minutes(5)).get(),
                                            request, out);
      },
      [&](const v1::ListAuditEventsResponse& page) {
        for (const v1::AuditEvent& e : page.audit_events()) {
          const std::string method = LastSegment(e.method());
          if (e.outcome() == "OK" && WriteMethods().count(method) > 0) ++found[method];
        }
      }));
  for (const std::string& method : WriteMethods()) {
    const int64_t want = expected.count(method) ? expected[method] : 0;
    const int64_t have = found.count(method) ? found[method] : 0;
    if (want != have) {
      Torn(absl::StrCat("audit trail: ", have, " OK ", method, " events this round, ", want,
                        " writes took effect"));
    }
  }
  return absl::OkStatus();
}

void Verifier::CheckPhantoms(const std::vector<Client>& clients, const Baseline& baseline) {
  std::set<std::string> known = baseline.names;
  for (const Client& c : clients) {
    for (const Record& r : c.records) {
      if (!r.name.empty()) known.insert(r.name);
    }
  }
  for (const auto& [key, listing] : lists_) {
    for (const auto& [name, item] : listing) {
      if (known.count(name) > 0) continue;
      // The seed's reflections, errata and positions are not in the
      // baseline: only records of a client's parent count.
      bool ours = key.second == kCommunity;
      for (const Client& c : clients) {
        for (const Record& r : c.records) ours = ours || r.name == key.second;
      }
      if (!ours) continue;
      ++tally_.phantom;
      std::cerr << "PHANTOM " << KindName(key.first) << " " << name << ": \""
                << item.state.content << "\"\n";
    }
  }
}

void Verifier::CheckSeed(const Baseline& baseline) {
  std::map<std::string, int> titles;
  for (Kind kind : {Kind::kCase, Kind::kStandard}) {
    const Listing* listing = nullptr;
    if (!List(kind, kCommunity, &listing).ok()) return;
    for (const auto& [name, item] : *listing) {
      const std::string& content = item.state.content;
      const size_t cut = content.find('\x1f');
      if (kind == Kind::kCase) ++titles[content.substr(0, cut)];
      if (kind == Kind::kStandard) {
        // status, revision, title, ...
        const size_t a = content.find('\x1f', cut + 1);
        ++titles[content.substr(a + 1, content.find('\x1f', a + 1) - a - 1)];
      }
    }
  }
  for (const auto* list : {&baseline.seed_case_titles, &baseline.seed_standard_titles}) {
    for (const std::string& title : *list) {
      if (titles[title] != 1) {
        tally_.seed_once = false;
        std::cerr << "SEED \"" << title << "\" is there " << titles[title] << " times\n";
      }
    }
  }
}

absl::Status Verifier::Check(std::vector<Client>& clients, const Baseline& baseline,
                             absl::Time round_start, bool sweep) {
  lists_.clear();
  // Acknowledged by kompasd; Resolve adds the unknown writes that took
  // effect, for the audit count.
  for (Client& c : clients) {
    for (const auto& [method, n] : c.acknowledged) tally_.acknowledged += n;
  }
  for (Client& c : clients) Resolve(c);
  std::set<std::string> written;  // names of the records written this round
  for (const Client& c : clients) {
    for (size_t i : c.touched) written.insert(c.records[i].name);
  }
  for (Client& c : clients) {
    for (size_t i = 0; i < c.records.size(); ++i) {
      const Record& r = c.records[i];
      const bool per_parent =
          r.kind == Kind::kReflection || r.kind == Kind::kErratum || r.kind == Kind::kPosition;
      if (sweep || !per_parent || c.touched.count(i) > 0 || written.count(r.parent) > 0) {
        CheckRecord(c, i);
      }
    }
  }
  // Before CheckTouched, whose resent creates may add audit events.
  RETURN_IF_ERROR(CheckAudit(clients, round_start));
  for (Client& c : clients) {
    for (size_t i : c.touched) {
      if (i < c.records.size()) RETURN_IF_ERROR(CheckTouched(c, i));
    }
  }
  CheckPhantoms(clients, baseline);
  CheckSeed(baseline);
  for (Client& c : clients) {
    c.acknowledged.clear();
    c.touched.clear();
    c.unknown.reset();
  }
  lists_.clear();
  return absl::OkStatus();
}

}  // namespace kompas::crash
