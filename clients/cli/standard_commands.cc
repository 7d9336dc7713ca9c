#include "standard_commands.h"

#include <unistd.h>

#include <algorithm>
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <absl/strings/str_cat.h>
#include <absl/strings/str_split.h>
#include <absl/strings/strip.h>
#include <absl/time/civil_time.h>
#include <google/protobuf/field_mask.pb.h>

#include "account_commands.h"
#include "command_util.h"
#include "findings.h"
#include "format.h"
#include "standard_format.h"

namespace kompas::cli {
namespace {

using kompas::v1::KompasService;
using kompas::v1::Standard;
using kompas::v1::StandardService;

// Titles in `standard list` are cut here, as in `case list`.
constexpr size_t kTitleColumns = 60;
// Explanations and release notes in a table row.
constexpr size_t kNoteColumns = 50;

// GetStandard at `revision` (0: the latest).
[[nodiscard]] int GetStandard(Client& client, const std::string& name, int revision,
                              Standard* standard) {
  kompas::v1::GetStandardRequest request;
  request.set_name(name);
  request.set_revision(revision);
  return Call(client, client.standards(), &StandardService::Stub::GetStandard, request, standard);
}

constexpr absl::string_view kKinds = "no-go, must-do, rule-of-thumb or good-practice";
constexpr absl::string_view kModalities = "must, must-not, should or may";
constexpr absl::string_view kAudiences = "A, B, C or D";
constexpr absl::string_view kStatuses =
    "draft, proposed, adopted, rejected, retired or superseded";
constexpr absl::string_view kStances = "follows, deviates or not-applicable";

// The given list values without the empty ones, so `--law ''` clears.
void SetList(const ListEdit& edit, google::protobuf::RepeatedPtrField<std::string>* list) {
  list->Clear();
  for (const std::string& value : edit.values) {
    if (!absl::StripAsciiWhitespace(value).empty()) list->Add(std::string(value));
  }
}

// Applies the given content flags to `content`; adds the path of each to
// `mask` when there is one (`content.title`, ...), in the proto's order.
[[nodiscard]] int ApplyContent(const ContentFlags& flags, v1::StandardContent* content,
                               google::protobuf::FieldMask* mask) {
  auto given = [&](bool is_given, const char* path) {
    if (is_given && mask != nullptr) mask->add_paths(path);
    return is_given;
  };
  if (given(flags.title.given, "content.title")) content->set_title(flags.title.value);
  if (given(flags.kind.given, "content.kind")) {
    if (int rc = ParseFlag(&ParseWord<v1::StandardKind>, "kind", flags.kind.value, kKinds,
                           [&](auto kind) { content->set_kind(kind); });
        rc != kOk) {
      return rc;
    }
  }
  if (given(flags.modality.given, "content.modality")) {
    if (int rc = ParseFlag(&ParseWord<v1::Modality>, "modality", flags.modality.value, kModalities,
                           [&](auto modality) { content->set_modality(modality); });
        rc != kOk) {
      return rc;
    }
  }
  if (given(flags.statement.given, "content.statement")) {
    std::string statement;
    if (int rc = ReadTextArg(flags.statement.value, "statement", &statement); rc != kOk) return rc;
    content->set_statement(statement);
  }
  if (given(flags.rationale.given, "content.rationale")) {
    content->set_rationale(std::string(absl::StripTrailingAsciiWhitespace(flags.rationale.value)));
  }
  if (given(flags.laws.given, "content.laws")) SetList(flags.laws, content->mutable_laws());
  if (given(flags.themes.given, "content.themes")) SetList(flags.themes, content->mutable_themes());
  if (given(flags.audiences.given, "content.audiences")) {
    content->clear_audiences();
    for (const std::string& word : flags.audiences.values) {
      if (absl::StripAsciiWhitespace(word).empty()) continue;
      if (int rc = ParseFlag(&ParseWord<v1::Audience>, "audience", word, kAudiences,
                             [&](auto audience) { content->add_audiences(audience); });
          rc != kOk) {
        return rc;
      }
    }
  }
  return kOk;
}

bool AnyContentFlag(const ContentFlags& f) {
  return f.title.given || f.kind.given || f.modality.given || f.statement.given ||
         f.rationale.given || f.laws.given || f.themes.given || f.audiences.given;
}

constexpr absl::string_view kContentFlagList =
    "--title, --kind, --modality, --statement, --rationale, --law, --theme, --audience";

// Appends the full names of `args`, names of `kind`, to `list`.
[[nodiscard]] int AddNames(Client& client, NameKind kind, const std::vector<std::string>& args,
                           google::protobuf::RepeatedPtrField<std::string>* list) {
  for (const std::string& arg : args) {
    std::string name;
    if (int rc = client.Name(kind, arg, &name); rc != kOk) return rc;
    list->Add(std::move(name));
  }
  return kOk;
}

// `YYYY-MM-DD` as a google.type.Date; `flag` names it in the usage error.
[[nodiscard]] int ParseDate(const std::string& text, absl::string_view flag,
                            google::type::Date* date) {
  absl::CivilDay day;
  if (!absl::ParseCivilTime(absl::StripAsciiWhitespace(text), &day)) {
    return UsageError(absl::StrCat(flag, " '", text, "' is not a date (YYYY-MM-DD)"));
  }
  date->set_year(static_cast<int32_t>(day.year()));
  date->set_month(day.month());
  date->set_day(day.day());
  return kOk;
}

// The standard a `.../standards/{s}/{collection}/{id}` name belongs to.
std::string StandardOf(const std::string& child) {
  std::vector<absl::string_view> parts = absl::StrSplit(child, '/');
  if (parts.size() < 4) return child;
  return absl::StrCat(parts[0], "/", parts[1], "/", parts[2], "/", parts[3]);
}

// A standard status change from RejectStandard or RetireStandard.
template <typename Request>
[[nodiscard]] int ChangeWithReason(
    Client& client, const ReasonArgs& args,
    grpc::Status (StandardService::Stub::*rpc)(grpc::ClientContext*, const Request&, Standard*)) {
  std::string reason;
  if (int rc = ReadTextArg(args.reason, "reason", &reason); rc != kOk) return rc;
  Request request;
  if (int rc = client.Name(NameKind::kStandard, args.name, request.mutable_name()); rc != kOk) {
    return rc;
  }
  request.set_reason(reason);
  Standard changed;
  if (int rc = Call(client, client.standards(), rpc, request, &changed); rc != kOk) return rc;
  if (client.options().json) return client.PrintJson(changed);
  std::cout << changed.name() << " is now " << HyphenWord(changed.status()) << "\n";
  return kOk;
}

// The printers of the one-call standard commands (StandardOneCalls).
int PrintProposed(Client&, const kompas::v1::ProposeStandardRequest&, const Standard& changed) {
  std::cout << changed.name() << " is now proposed: open for endorsement; adoption needs "
            << "endorsers from " << changed.quorum()
            << (changed.quorum() == 1 ? " municipality\n" : " municipalities\n");
  Hint(absl::StrCat("members endorse it with: kompas standard endorse ", changed.name()));
  return kOk;
}

// After endorse and withdraw: the count, and a hint once the quorum is reached.
int PrintEndorsements(absl::string_view verb, const Standard& changed) {
  std::cout << verb << changed.name() << ": endorsed from " << EndorsementCount(changed) << "\n";
  if (changed.endorsing_municipalities() >= changed.quorum()) {
    Hint(absl::StrCat("the quorum is reached; a steward adopts it with: kompas standard adopt ",
                      changed.name()));
  }
  return kOk;
}

int PrintEndorsed(Client&, const kompas::v1::EndorseStandardRequest&, const Standard& changed) {
  return PrintEndorsements("you endorse ", changed);
}

int PrintWithdrawn(Client&, const kompas::v1::WithdrawEndorsementRequest&,
                   const Standard& changed) {
  return PrintEndorsements("you no longer endorse ", changed);
}

int PrintAdopted(Client&, const kompas::v1::AdoptStandardRequest&, const Standard& changed) {
  std::cout << "adopted " << changed.name() << " at revision " << changed.revision()
            << " (endorsed from " << EndorsementCount(changed) << ")\n";
  Hint("it is in the next published kompas: kompas kompas publish --notes \"...\"");
  return kOk;
}

// `standard revisions`: every revision of the standard `name`, oldest first.
int ListRevisions(Client& client, const std::string& name) {
  kompas::v1::ListRevisionsRequest request;
  request.set_parent(name);
  kompas::v1::ListRevisionsResponse all;
  bool more = false;
  int rc = FetchPages(
      client, request, 0,
      [&](grpc::ClientContext* ctx, const auto& req, auto* page) {
        return client.standards().ListRevisions(ctx, req, page);
      },
      [](auto& response) -> auto& { return *response.mutable_revisions(); }, &all, &more);
  if (rc != kOk) return rc;
  if (client.options().json) return client.PrintJson(all);
  PrintRevisions({all.revisions().begin(), all.revisions().end()});
  return kOk;
}

// `standard erratum list`: the errata of the standard `name`, oldest first.
int ListErrata(Client& client, const std::string& name) {
  kompas::v1::ListErrataRequest request;
  request.set_parent(name);
  // Every page: a standard has a handful of errata.
  return ListAndPrint(
      client, client.standards(), &StandardService::Stub::ListErrata, request, /*limit=*/0,
      [](auto& r) -> auto& { return *r.mutable_errata(); }, "no errata", "",
      [](const kompas::v1::ListErrataResponse& response) {
        bool first = true;
        for (const kompas::v1::Erratum& e : response.errata()) {
          if (!first) std::cout << "\n";
          first = false;
          PrintErratum(e);
        }
      });
}

}  // namespace

int RunStandardNew(Client& client, const StandardNewArgs& args) {
  if (args.file.empty() && !AnyContentFlag(args.content)) {
    return UsageError(absl::StrCat(
        "nothing to draft: pass --file FILE with the standard as JSON (--file - reads stdin), "
        "or the content as flags: ",
        kContentFlagList));
  }
  Standard standard;
  if (!args.file.empty()) {
    if (int rc = ReadJsonFile(args.file, "standard", &standard); rc != kOk) return rc;
  }
  if (int rc = ApplyContent(args.content, standard.mutable_content(), nullptr); rc != kOk) {
    return rc;
  }
  if (int rc = AddNames(client, NameKind::kCase, args.from_cases,
                        standard.mutable_source_cases());
      rc != kOk) {
    return rc;
  }
  if (int rc = AddNames(client, NameKind::kSession, args.from_sessions,
                        standard.mutable_source_sessions());
      rc != kOk) {
    return rc;
  }
  if (!args.from_conclusion.empty()) {
    std::string conclusion;
    if (int rc = client.Name(NameKind::kConclusion, args.from_conclusion, &conclusion); rc != kOk) {
      return rc;
    }
    standard.add_source_conclusions(conclusion);
  }

  kompas::v1::CreateStandardRequest request;
  if (int rc = client.CommunityName(request.mutable_parent()); rc != kOk) return rc;
  *request.mutable_standard() = standard;
  request.set_request_id(NewRequestId());
  ApplyPrivacy(args.privacy, &request);
  return CallAndShow(
      client, client.standards(), &StandardService::Stub::CreateStandard, request,
      [&](const Standard& created) {
        NoteStoredText(client, args.privacy, standard.content().statement(),
                       created.content().statement());
      },
      [&](const Standard& created) {
        std::cout << "drafted " << created.name() << " (revision " << created.revision() << ", "
                  << HyphenWord(created.status()) << ")\n";
        Hint(
            absl::StrCat("open it for endorsement with: kompas standard propose ", created.name()));
        return kOk;
      });
}

int RunStandardShow(Client& client, const StandardShowArgs& args) {
  std::string name;
  if (int rc = client.Name(NameKind::kStandard, args.name, &name); rc != kOk) return rc;
  Standard standard;
  if (int rc = GetStandard(client, name, args.revision, &standard); rc != kOk) return rc;
  if (client.options().json) return client.PrintJson(standard);
  PrintStandard(standard);
  return kOk;
}

int RunStandardList(Client& client, const StandardListArgs& args) {
  kompas::v1::ListStandardsRequest request;
  // The enum filters; an empty one is no filter.
  int rc = kOk;
  if (!args.kind.empty()) {
    rc = ParseFlag(&ParseWord<v1::StandardKind>, "kind", args.kind, kKinds,
                   [&](auto kind) { request.set_kind(kind); });
  }
  if (rc == kOk && !args.status.empty()) {
    rc = ParseFlag(&ParseWord<v1::StandardStatus>, "status", args.status, kStatuses,
                   [&](auto status) { request.set_status(status); });
  }
  if (rc == kOk && !args.audience.empty()) {
    rc = ParseFlag(&ParseWord<v1::Audience>, "audience", args.audience, kAudiences,
                   [&](auto audience) { request.set_audience(audience); });
  }
  if (rc != kOk) return rc;
  request.set_law(args.law);
  request.set_theme(args.theme);
  if (!args.case_name.empty()) {
    if (int rc = client.Name(NameKind::kCase, args.case_name, request.mutable_source_case());
        rc != kOk) {
      return rc;
    }
  }
  if (int rc = client.CommunityName(request.mutable_parent()); rc != kOk) return rc;

  return ListAndPrint(
      client, client.standards(), &StandardService::Stub::ListStandards, request,
      LimitOf(args.all, args.limit),
      [](auto& response) -> auto& { return *response.mutable_standards(); },
      "no standards found", "more standards: use --limit or --all",
      [](const kompas::v1::ListStandardsResponse& all) {
        std::vector<std::vector<std::string>> rows;
        for (const Standard& s : all.standards()) {
          const bool proposed = s.status() == kompas::v1::STANDARD_STATUS_PROPOSED;
          rows.push_back(
              {s.name(), HyphenWord(s.status()), HyphenWord(s.content().kind()),
               absl::StrCat(s.revision()),
               proposed ? absl::StrCat(s.endorsing_municipalities(), "/", s.quorum()) : "-",
               Truncate(s.content().title(), kTitleColumns)});
        }
        PrintTable({"NAME", "STATUS", "KIND", "REV", "ENDORSED", "TITLE"}, rows);
      });
}

int RunStandardEdit(Client& client, const StandardEditArgs& args) {
  kompas::v1::UpdateStandardRequest request;
  if (int rc = ApplyContent(args.content, request.mutable_standard()->mutable_content(),
                            request.mutable_update_mask());
      rc != kOk) {
    return rc;
  }
  if (request.update_mask().paths().empty()) {
    return UsageError(absl::StrCat("nothing to change: pass at least one of ", kContentFlagList));
  }
  std::string note;
  if (int rc = ReadTextArg(args.note, "change note", &note); rc != kOk) return rc;
  std::string name;
  if (int rc = client.Name(NameKind::kStandard, args.name, &name); rc != kOk) return rc;
  // Send the etag we read, so an edit made by someone else in between is
  // reported (ABORTED) instead of silently overwritten.
  Standard current;
  if (int rc = GetStandard(client, name, 0, &current); rc != kOk) return rc;
  request.mutable_standard()->set_name(name);
  request.mutable_standard()->set_etag(current.etag());
  request.set_change_note(note);
  ApplyPrivacy(args.privacy, &request);
  Standard updated;
  if (int rc = Call(client, client.standards(), &StandardService::Stub::UpdateStandard, request,
                    &updated);
      rc != kOk) {
    return rc;
  }
  if (args.content.statement.given) {
    NoteStoredText(client, args.privacy, request.standard().content().statement(),
                   updated.content().statement());
  }
  if (client.options().json) return client.PrintJson(updated);
  std::cout << "updated " << updated.name() << " to revision " << updated.revision() << "\n";
  if (current.endorsements_size() > 0 && updated.endorsements().empty()) {
    std::cout << "its " << current.endorsements_size()
              << " endorsements were cleared: they were given to the old text\n";
  }
  Hint(absl::StrCat("see the change with: kompas standard diff ", updated.name(), " ",
                    current.revision()));
  return kOk;
}

int RunStandardDiff(Client& client, const StandardDiffArgs& args) {
  kompas::v1::DiffRevisionsRequest request;
  if (int rc = client.Name(NameKind::kStandard, args.name, request.mutable_name()); rc != kOk) {
    return rc;
  }
  request.set_from_revision(args.from);
  request.set_to_revision(args.to);
  return CallAndShow(client, client.standards(), &StandardService::Stub::DiffRevisions, request,
                     [&](const kompas::v1::DiffRevisionsResponse& diff) {
                       std::cout << request.name() << ": revision " << diff.from_revision() << " → "
                                 << diff.to_revision() << "\n";
                       if (diff.fields().empty()) {
                         std::cout << "no differences\n";
                         return kOk;
                       }
                       PrintFieldDiffs(diff.fields(), UseColor(STDOUT_FILENO), "  ");
                       return kOk;
                     });
}

absl::Span<const OneCall> StandardOneCalls() {
  using S = StandardService::Stub;
  static const OneCall kCalls[] = {
      {"revisions", "a standard's revisions, oldest first", NameKind::kStandard, &ListRevisions},
      {"propose", "open a draft for endorsement (stewards)", NameKind::kStandard,
       &CallOn<&Client::standards, &S::ProposeStandard, &PrintProposed>},
      {"endorse", "endorse a proposed standard, once per member", NameKind::kStandard,
       &CallOn<&Client::standards, &S::EndorseStandard, &PrintEndorsed>},
      {"withdraw", "take your endorsement back", NameKind::kStandard,
       &CallOn<&Client::standards, &S::WithdrawEndorsement, &PrintWithdrawn>},
      {"adopt",
       "adopt a proposed standard once endorsed from the quorum of municipalities (stewards)",
       NameKind::kStandard, &CallOn<&Client::standards, &S::AdoptStandard, &PrintAdopted>},
  };
  return kCalls;
}

absl::Span<const OneCall> ErratumOneCalls() {
  static const OneCall kCalls[] = {
      {"list", "a standard's errata, oldest first", NameKind::kStandard, &ListErrata},
  };
  return kCalls;
}

int RunStandardReject(Client& client, const ReasonArgs& args) {
  return ChangeWithReason<kompas::v1::RejectStandardRequest>(
      client, args, &StandardService::Stub::RejectStandard);
}

int RunStandardRetire(Client& client, const ReasonArgs& args) {
  return ChangeWithReason<kompas::v1::RetireStandardRequest>(
      client, args, &StandardService::Stub::RetireStandard);
}

int RunStandardSupersede(Client& client, const StandardSupersedeArgs& args) {
  kompas::v1::SupersedeStandardRequest request;
  if (int rc = client.Name(NameKind::kStandard, args.name, request.mutable_name()); rc != kOk) {
    return rc;
  }
  if (int rc = client.Name(NameKind::kStandard, args.successor, request.mutable_successor());
      rc != kOk) {
    return rc;
  }
  return CallAndShow(client, client.standards(), &StandardService::Stub::SupersedeStandard, request,
                     [&](const Standard& old) {
                       std::cout << old.name() << " is now superseded by " << old.superseded_by()
                                 << "\n";
                       return kOk;
                     });
}

int RunErratumReport(Client& client, const ErratumReportArgs& args) {
  kompas::v1::ReportErratumRequest request;
  if (int rc = ReadTextArg(args.description, "description",
                           request.mutable_erratum()->mutable_description());
      rc != kOk) {
    return rc;
  }
  const std::string& description = request.erratum().description();
  if (int rc = client.Name(NameKind::kStandard, args.name, request.mutable_parent()); rc != kOk) {
    return rc;
  }
  ApplyPrivacy(args.privacy, &request);
  return CallAndShow(
      client, client.standards(), &StandardService::Stub::ReportErratum, request,
      [&](const kompas::v1::Erratum& erratum) {
        NoteStoredText(client, args.privacy, description, erratum.description());
      },
      [&](const kompas::v1::Erratum& erratum) {
        std::cout << "reported " << erratum.name() << " on revision " << erratum.revision() << "\n";
        Hint(absl::StrCat("a steward corrects it with: kompas standard erratum accept ",
                          erratum.name(), " --statement \"...\""));
        return kOk;
      });
}

int RunErratumAccept(Client& client, const ErratumAcceptArgs& args) {
  if (args.file.empty() && !AnyContentFlag(args.content)) {
    return UsageError(absl::StrCat(
        "nothing corrected: pass --file FILE with the corrected content as JSON, or the fields "
        "to correct as flags: ",
        kContentFlagList));
  }
  kompas::v1::ResolveErratumRequest request;
  if (int rc = client.Name(NameKind::kErratum, args.name, request.mutable_name()); rc != kOk) {
    return rc;
  }
  request.set_resolution(kompas::v1::ERRATUM_STATE_ACCEPTED);
  v1::StandardContent* corrected = request.mutable_corrected_content();
  if (!args.file.empty()) {
    if (int rc = ReadJsonFile(args.file, "standard content", corrected); rc != kOk) return rc;
  } else {
    // The correction is complete content: what the standard says now, with
    // only the flagged fields changed.
    Standard current;
    if (int rc = GetStandard(client, StandardOf(request.name()), 0, &current); rc != kOk) {
      return rc;
    }
    *corrected = current.content();
  }
  if (int rc = ApplyContent(args.content, corrected, nullptr); rc != kOk) return rc;
  ApplyPrivacy(args.privacy, &request);
  return CallAndShow(
      client, client.standards(), &StandardService::Stub::ResolveErratum, request,
      [&](const kompas::v1::Erratum& erratum) {
        std::cout << "accepted " << erratum.name() << ": the correction is revision "
                  << erratum.corrected_revision() << " of " << StandardOf(erratum.name()) << "\n";
        Hint("it is in the next published kompas: kompas kompas publish --notes \"...\"");
        return kOk;
      });
}

int RunErratumReject(Client& client, const ReasonArgs& args) {
  kompas::v1::ResolveErratumRequest request;
  if (int rc = ReadTextArg(args.reason, "reason", request.mutable_reason()); rc != kOk) return rc;
  const std::string& reason = request.reason();
  if (int rc = client.Name(NameKind::kErratum, args.name, request.mutable_name()); rc != kOk) {
    return rc;
  }
  request.set_resolution(kompas::v1::ERRATUM_STATE_REJECTED);
  ApplyPrivacy(args.privacy, &request);
  return CallAndShow(
      client, client.standards(), &StandardService::Stub::ResolveErratum, request,
      [&](const kompas::v1::Erratum& erratum) {
        NoteStoredText(client, args.privacy, reason, erratum.resolution());
      },
      [&](const kompas::v1::Erratum& erratum) {
        std::cout << "rejected " << erratum.name() << "\n";
        return kOk;
      });
}

int RunPositionSet(Client& client, const PositionSetArgs& args) {
  kompas::v1::SetPositionRequest request;
  kompas::v1::Position* position = request.mutable_position();
  if (int rc = ParseFlag(&ParseWord<v1::Stance>, "stance", args.stance, kStances,
                         [&](auto stance) { position->set_stance(stance); });
      rc != kOk) {
    return rc;
  }
  if (int rc = ParseDate(args.review_on, "--review-on", position->mutable_review_on());
      rc != kOk) {
    return rc;
  }
  if (!args.explanation.empty()) {
    if (int rc = ReadTextArg(args.explanation, "explanation", position->mutable_explanation());
        rc != kOk) {
      return rc;
    }
  }
  std::string standard;
  if (int rc = client.Name(NameKind::kStandard, args.standard, &standard); rc != kOk) return rc;
  // Without --municipality: the caller's own, in this community.
  std::string municipality = MunicipalityName(args.municipality);
  if (absl::StripAsciiWhitespace(args.municipality).empty()) {
    if (int rc = CallerMunicipality(client, "--municipality", &municipality); rc != kOk) {
      return rc;
    }
  }
  position->set_name(absl::StrCat(standard, "/positions/",
                                  absl::StripPrefix(municipality, "municipalities/")));
  ApplyPrivacy(args.privacy, &request);
  return CallAndShow(
      client, client.standards(), &StandardService::Stub::SetPosition, request,
      [&](const kompas::v1::Position& set) {
        NoteStoredText(client, args.privacy, position->explanation(), set.explanation());
      },
      [&](const kompas::v1::Position& set) {
        std::cout << municipality << " " << HyphenWord(set.stance()) << " " << standard
                  << " (revision " << set.revision() << "); review on " << DateWord(set.review_on())
                  << "\n";
        return kOk;
      });
}

int RunPositionList(Client& client, const PositionListArgs& args) {
  kompas::v1::ListPositionsRequest request;
  if (int rc = client.CommunityName(request.mutable_parent()); rc != kOk) return rc;
  if (!args.standard.empty()) {
    if (int rc = client.Name(NameKind::kStandard, args.standard, request.mutable_standard());
        rc != kOk) {
      return rc;
    }
  }
  if (!args.municipality.empty()) request.set_municipality(MunicipalityName(args.municipality));
  // Every page: the register of one standard or municipality.
  return ListAndPrint(
      client, client.standards(), &StandardService::Stub::ListPositions, request, /*limit=*/0,
      [](auto& r) -> auto& { return *r.mutable_positions(); }, "no positions found", "",
      [](const kompas::v1::ListPositionsResponse& response) {
        std::vector<std::vector<std::string>> rows;
        for (const kompas::v1::Position& p : response.positions()) {
          rows.push_back({StandardOf(p.name()), p.name().substr(p.name().rfind('/') + 1),
                          HyphenWord(p.stance()), DateWord(p.review_on()),
                          absl::StrCat(p.revision()),
                          p.explanation().empty() ? "-" : Truncate(p.explanation(), kNoteColumns)});
        }
        PrintTable({"STANDARD", "MUNICIPALITY", "STANCE", "REVIEW-ON", "REV", "EXPLANATION"}, rows);
      });
}

int RunRegister(Client& client, const std::string& today) {
  kompas::v1::GetRegisterSummaryRequest request;
  if (!today.empty()) {
    if (int rc = ParseDate(today, "--today", request.mutable_today()); rc != kOk) return rc;
  }
  if (int rc = client.CommunityName(request.mutable_parent()); rc != kOk) return rc;
  return CallAndShow(
      client, client.standards(), &StandardService::Stub::GetRegisterSummary, request,
      [&](const kompas::v1::RegisterSummary& summary) {
        // The names people say, for the rows.
        kompas::v1::ListMunicipalitiesResponse municipalities;
        if (int rc = FetchMunicipalities(client, &municipalities); rc != kOk) return rc;
        std::map<std::string, std::string> names;
        for (const kompas::v1::Municipality& m : municipalities.municipalities()) {
          names[m.name()] = m.display_name();
        }
        PrintRegister(summary, names);
        return kOk;
      });
}

int RunKompasPublish(Client& client, const std::string& notes) {
  kompas::v1::PublishKompasRequest request;
  std::string text;
  if (int rc = ReadTextArg(notes, "release notes", &text); rc != kOk) return rc;
  request.set_release_notes(text);
  if (int rc = client.CommunityName(request.mutable_parent()); rc != kOk) return rc;
  return CallAndShow(
      client, client.kompas_versions(), &KompasService::Stub::PublishKompas, request,
      [&](const kompas::v1::Kompas& published) {
        std::cout << "published v" << published.version() << " (" << published.name() << ") with "
                  << published.standards_size() << " adopted standard"
                  << (published.standards_size() == 1 ? "" : "s") << "\n";
        Hint(absl::StrCat("export it with: kompas-export --community ",
                          absl::StripPrefix(request.parent(), "communities/"), " --version ",
                          published.version(), " --format markdown --out kompas.md"));
        return kOk;
      });
}

int RunKompasShow(Client& client, const std::string& version) {
  kompas::v1::GetKompasRequest request;
  if (int rc = client.KompasVersionName(version.empty() ? "latest" : version,
                                        request.mutable_name());
      rc != kOk) {
    return rc;
  }
  return CallAndShow(client, client.kompas_versions(), &KompasService::Stub::GetKompas, request,
                     [&](const kompas::v1::Kompas& published) {
                       PrintKompas(published);
                       return kOk;
                     });
}

int RunKompasVersions(Client& client) {
  kompas::v1::ListKompasVersionsRequest request;
  if (int rc = client.CommunityName(request.mutable_parent()); rc != kOk) return rc;
  return CallAndShow(
      client, client.kompas_versions(), &KompasService::Stub::ListKompasVersions, request,
      [&](const kompas::v1::ListKompasVersionsResponse& response) {
        if (response.versions().empty()) {
          std::cout << "no kompas published yet\n";
          return kOk;
        }
        std::vector<std::vector<std::string>> rows;
        for (const kompas::v1::Kompas& k : response.versions()) {
          rows.push_back({absl::StrCat("v", k.version()), FormatTime(k.publish_time()),
                          k.publisher().empty() ? "-" : k.publisher(),
                          Truncate(k.release_notes(), kNoteColumns)});
        }
        PrintTable({"VERSION", "PUBLISHED", "PUBLISHER", "NOTES"}, rows);
        return kOk;
      });
}

int RunKompasDiff(Client& client, const std::string& from, const std::string& to) {
  kompas::v1::DiffKompasRequest request;
  if (int rc = client.KompasVersionName(from, request.mutable_name()); rc != kOk) return rc;
  if (int rc = client.KompasVersionName(to, request.mutable_other()); rc != kOk) return rc;
  return CallAndShow(client, client.kompas_versions(), &KompasService::Stub::DiffKompas, request,
                     [&](const kompas::v1::DiffKompasResponse& diff) {
                       PrintKompasDiff(diff, UseColor(STDOUT_FILENO));
                       return kOk;
                     });
}

}  // namespace kompas::cli
