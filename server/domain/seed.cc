#include "domain/seed.h"

#include <map>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/status_macros.h"
#include "domain/names.h"

namespace kompas::domain {
namespace {

// The status path a seeded case walks from OPEN to its target. It skips
// IN_SESSION: only a session moves a case there (OPEN → CONCLUDED is a move
// of its own: concluded from reflections).
constexpr v1::CaseStatus kForward[] = {v1::CASE_STATUS_OPEN, v1::CASE_STATUS_CONCLUDED,
                                       v1::CASE_STATUS_ARCHIVED};

// A seeding step made as `member` (not on the audit trail).
Call As(const Communities& communities, const std::string& member) {
  return Call(Principal{.member_id = member}, &communities);
}

absl::Status MoveTo(Cases& cases, const Call& author, v1::Case c, v1::CaseStatus target) {
  bool walking = false;
  for (v1::CaseStatus step : kForward) {
    if (step == c.status()) {
      walking = true;
      continue;
    }
    if (!walking || c.status() == target) continue;
    v1::UpdateCaseRequest update;
    update.mutable_case_()->set_name(c.name());
    update.mutable_case_()->set_status(step);
    update.mutable_case_()->set_etag(c.etag());
    update.mutable_update_mask()->add_paths("status");
    ASSIGN_OR_RETURN(c, cases.Update(author, update));
  }
  return absl::OkStatus();
}

// Starts a seeded session and plays its steps. A session found already
// started (a run interrupted halfway) is left as it is: steps such as
// "advance" cannot be replayed safely.
absl::Status LoadSeedSession(const ::kompas::internal::v1::SeedSession& ss,
                             const std::string& parent,
                             const std::map<std::string, std::string>& case_names, Cases& cases,
                             Sessions& sessions, const Communities& communities) {
  auto it = case_names.find(ss.case_request_id());
  if (it == case_names.end()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "seed session case_request_id ", ss.case_request_id(), " is not a seeded case"));
  }
  const Call facilitator = As(communities, ss.facilitator());
  v1::CreateSessionRequest create;
  create.set_parent(parent);
  create.set_request_id(absl::StrCat("seed-session-", ss.case_request_id()));
  create.mutable_session()->set_case_(it->second);
  create.mutable_session()->set_method(ss.method());
  ASSIGN_OR_RETURN(v1::Session session, sessions.Create(facilitator, create));
  if (session.last_sequence() > 1) return absl::OkStatus();
  for (const std::string& member : ss.participants()) {
    v1::JoinSessionRequest join;
    join.set_name(session.name());
    RETURN_IF_ERROR(sessions.Join(As(communities, member), join).status());
  }
  for (const ::kompas::internal::v1::SeedSessionStep& step : ss.steps()) {
    if (step.has_reflection()) {
      v1::CreateReflectionRequest reflect;
      reflect.set_parent(it->second);
      reflect.set_request_id(step.reflection().request_id());
      *reflect.mutable_reflection() = step.reflection().reflection();
      RETURN_IF_ERROR(
          cases.CreateReflection(As(communities, step.reflection().author()), reflect).status());
    } else if (step.has_parked_question()) {
      v1::ParkQuestionRequest park;
      park.set_parent(session.name());
      park.set_request_id(step.parked_question().request_id());
      park.mutable_question()->set_text(step.parked_question().text());
      RETURN_IF_ERROR(
          sessions.ParkQuestion(As(communities, step.parked_question().author()), park).status());
    } else if (step.advance()) {
      v1::AdvancePhaseRequest advance;
      advance.set_name(session.name());
      RETURN_IF_ERROR(sessions.AdvancePhase(facilitator, advance).status());
    }
  }
  return absl::OkStatus();
}

// Drafts a seeded standard and walks it to its status. Each step is skipped
// when already done (an interrupted run is completed by the next).
absl::Status LoadSeedStandard(const ::kompas::internal::v1::SeedStandard& st,
                              const std::string& parent,
                              const std::map<std::string, std::string>& case_names,
                              Standards& standards, const Communities& communities) {
  const Call steward = As(communities, st.author());
  v1::CreateStandardRequest create;
  create.set_parent(parent);
  create.set_request_id(st.request_id());
  *create.mutable_standard()->mutable_content() = st.content();
  for (const std::string& id : st.source_case_request_ids()) {
    auto it = case_names.find(id);
    if (it == case_names.end()) {
      return absl::InvalidArgumentError(
          absl::StrCat("seed standard ", st.request_id(), " names case ", id,
                       ", which is not a seeded case"));
    }
    create.mutable_standard()->add_source_cases(it->second);
  }
  ASSIGN_OR_RETURN(v1::Standard s, standards.Create(steward, create));
  if (s.status() == v1::STANDARD_STATUS_DRAFT && (st.adopt() || st.endorsers_size() > 0)) {
    v1::ProposeStandardRequest propose;
    propose.set_name(s.name());
    ASSIGN_OR_RETURN(s, standards.Propose(steward, propose));
  }
  if (s.status() == v1::STANDARD_STATUS_PROPOSED) {
    for (const std::string& member : st.endorsers()) {
      v1::EndorseStandardRequest endorse;
      endorse.set_name(s.name());
      auto endorsed = standards.Endorse(As(communities, member), endorse);
      if (!endorsed.ok() && !absl::IsAlreadyExists(endorsed.status())) return endorsed.status();
    }
    if (st.adopt()) {
      v1::AdoptStandardRequest adopt;
      adopt.set_name(s.name());
      RETURN_IF_ERROR(standards.Adopt(steward, adopt).status());
    }
  }
  return absl::OkStatus();
}

// A seed create that finds its record already there (an earlier, partly
// loaded run) is not an error; one that made it counts in `created`.
absl::Status CountCreated(const absl::Status& made, int& created) {
  if (made.ok()) {
    ++created;
    return absl::OkStatus();
  }
  return absl::IsAlreadyExists(made) ? absl::OkStatus() : made;
}

}  // namespace

absl::StatusOr<std::vector<v1::Municipality>> ParseMunicipalitiesTsv(absl::string_view tsv) {
  std::vector<v1::Municipality> out;
  int line_no = 0;
  for (absl::string_view line : absl::StrSplit(tsv, '\n')) {
    ++line_no;
    line = absl::StripTrailingAsciiWhitespace(line);
    if (line_no == 1 || line.empty() || line[0] == '#') continue;  // header, blanks, comments
    std::vector<absl::string_view> cols = absl::StrSplit(line, '\t');
    if (cols.size() != 2 || !IsValidCbsCode(cols[0]) || cols[1].empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("municipalities file line ", line_no, ": expected GMnnnn<TAB>name"));
    }
    v1::Municipality m;
    m.set_cbs_code(std::string(cols[0]));
    m.set_display_name(std::string(cols[1]));
    out.push_back(std::move(m));
  }
  return out;
}

absl::StatusOr<SeedReport> LoadSeed(const ::kompas::internal::v1::DemoSeed& seed,
                                    store::Store& store, const SeedTargets& targets) {
  Communities& communities = *targets.communities;
  Cases& cases = *targets.cases;
  SeedReport report;
  const std::string marker = absl::StrCat("seed_loaded/", seed.community_id());
  ASSIGN_OR_RETURN(auto loaded, store.Get(store::Table::kMeta, marker));
  if (loaded.has_value()) {
    report.already_loaded = true;
    return report;
  }
  v1::CreateCommunityRequest create;
  create.set_community_id(seed.community_id());
  *create.mutable_community() = seed.community();
  RETURN_IF_ERROR(CountCreated(communities.Create(create).status(), report.communities_created));
  const std::string parent = CommunityName(seed.community_id());
  std::map<std::string, std::string> case_names;  // request id → case name

  for (const ::kompas::internal::v1::SeedMember& m : seed.members()) {
    v1::AddMemberRequest add;
    add.set_parent(parent);
    add.set_member_id(m.member_id());
    *add.mutable_member() = m.member();
    RETURN_IF_ERROR(CountCreated(communities.AddMember(add).status(), report.members_created));
  }

  for (const ::kompas::internal::v1::SeedCase& sc : seed.cases()) {
    const Call author = As(communities, sc.author());
    v1::CreateCaseRequest create_case;
    create_case.set_parent(parent);
    create_case.set_request_id(sc.request_id());
    *create_case.mutable_case_() = sc.case_();
    const v1::CaseStatus target = sc.case_().status() == v1::CASE_STATUS_UNSPECIFIED
                                      ? v1::CASE_STATUS_DRAFT
                                      : sc.case_().status();
    create_case.mutable_case_()->set_status(
        target == v1::CASE_STATUS_DRAFT ? v1::CASE_STATUS_DRAFT : v1::CASE_STATUS_OPEN);
    ASSIGN_OR_RETURN(v1::Case c, cases.Create(author, create_case));
    ++report.cases_seen;
    case_names[sc.request_id()] = c.name();

    // A second start finds the case past OPEN already; its reflections were
    // added the first time.
    if (c.status() == v1::CASE_STATUS_OPEN) {
      for (const ::kompas::internal::v1::SeedReflection& sr : sc.reflections()) {
        v1::CreateReflectionRequest reflect;
        reflect.set_parent(c.name());
        reflect.set_request_id(sr.request_id());
        *reflect.mutable_reflection() = sr.reflection();
        RETURN_IF_ERROR(cases.CreateReflection(As(communities, sr.author()), reflect).status());
      }
    }
    if (c.status() != target && target != v1::CASE_STATUS_DRAFT) {
      RETURN_IF_ERROR(MoveTo(cases, author, c, target));
    }
  }
  for (const ::kompas::internal::v1::SeedSession& ss : seed.sessions()) {
    RETURN_IF_ERROR(LoadSeedSession(ss, parent, case_names, cases, *targets.sessions, communities));
  }
  for (const ::kompas::internal::v1::SeedStandard& st : seed.standards()) {
    RETURN_IF_ERROR(LoadSeedStandard(st, parent, case_names, *targets.standards, communities));
  }
  if (seed.kompas_versions_size() > 0) {
    // Published once: a run interrupted after publishing must not publish twice.
    v1::ListKompasVersionsRequest list;
    list.set_parent(parent);
    ASSIGN_OR_RETURN(v1::ListKompasVersionsResponse published,
                     targets.kompas_versions->List(As(communities, ""), list));
    for (int i = published.versions_size(); i < seed.kompas_versions_size(); ++i) {
      v1::PublishKompasRequest publish;
      publish.set_parent(parent);
      publish.set_release_notes(seed.kompas_versions(i).release_notes());
      RETURN_IF_ERROR(targets.kompas_versions
                          ->Publish(As(communities, seed.kompas_versions(i).publisher()), publish)
                          .status());
    }
  }
  store::WriteBatch done;
  done.Put(store::Table::kMeta, marker, "1");
  RETURN_IF_ERROR(store.Write(done));
  return report;
}

}  // namespace kompas::domain
