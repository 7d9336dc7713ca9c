#include "commands.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <iostream>
#include <memory>
#include <optional>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "audit/audit_log.h"
#include "audit/checkpoint.h"
#include "auth/tokens.h"
#include "domain/administration.h"
#include "domain/communities.h"
#include "domain/errors.h"
#include "domain/names.h"
#include "domain/search_documents.h"
#include "search/index.h"
#include "domain/text_gate.h"
#include "kompas/v1/community.pb.h"
#include "privacy/gate.h"
#include "store/keys.h"
#include "store/repair.h"
#include "store/store.h"

namespace kompas::admin {
namespace {

constexpr char kServerRunning[] =
    "kompasd is running on this data directory; stop it first (token issue/revoke and member "
    "commands change the store)";

constexpr char kStoppedOnly[] =
    "kompasd is running on this data directory (it holds the store's LOCK file); stop it "
    "first: audit verify, check-index, reindex and restore are for a stopped server";

// Whether another process holds RocksDB's lock on data_dir, i.e. a kompasd
// serves it. RocksDB locks the LOCK file with fcntl; F_GETLK asks without
// taking the lock.
bool HeldByAnotherProcess(const std::string& data_dir) {
  const std::string lock = (std::filesystem::path(data_dir) / "LOCK").string();
  const int fd = open(lock.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  struct flock probe = {};
  probe.l_type = F_WRLCK;
  probe.l_whence = SEEK_SET;
  const bool held = fcntl(fd, F_GETLK, &probe) == 0 && probe.l_type != F_UNLCK;
  close(fd);
  return held;
}

// One line on stderr; the code name first, as the kompas CLI does.
int Fail(const absl::Status& status) {
  std::cerr << "error: " << absl::StatusCodeToString(status.code()) << ": " << status.message()
            << "\n";
  return kFailed;
}

int UsageError(const std::string& message) {
  std::cerr << "error: " << message << "\nRun with --help for more information.\n";
  return kUsageError;
}

// The store in data_dir. It must exist: a mistyped --data_dir must not
// quietly create a second, empty store that kompasd never reads.
// `stopped_only`: refuse while kompasd serves the store, also to read it
// (the recovery commands, whose answer must not race the server's writes).
absl::StatusOr<std::unique_ptr<store::Store>> OpenStore(const std::string& data_dir,
                                                        bool read_only,
                                                        bool stopped_only = false) {
  std::error_code ignored;
  if (!std::filesystem::exists(std::filesystem::path(data_dir) / "CURRENT", ignored)) {
    return absl::NotFoundError(absl::StrCat("no Kompas store in ", data_dir,
                                            "; pass kompasd's --data_dir, or start kompasd once "
                                            "to create it"));
  }
  if (stopped_only && HeldByAnotherProcess(data_dir)) {
    return absl::FailedPreconditionError(kStoppedOnly);
  }
  store::StoreOptions options;
  options.data_dir = data_dir;
  options.read_only = read_only;
  auto store = store::Store::Open(options);
  // RocksDB's lock on the directory is the only sign of a running kompasd;
  // it reports it as an I/O error naming the LOCK file.
  if (!read_only && store.status().code() == absl::StatusCode::kUnavailable &&
      absl::StrContains(absl::AsciiStrToLower(store.status().message()), "lock")) {
    return absl::FailedPreconditionError(kServerRunning);
  }
  return store;
}

// kServerRunning is a sentence of its own; other errors get the code prefix.
int FailOpen(const absl::Status& status) {
  if (status.message() == kServerRunning || status.message() == kStoppedOnly) {
    std::cerr << "error: " << status.message() << "\n";
    return kFailed;
  }
  return Fail(status);
}

// The domain's community services over a store; the PII gate is loaded only
// when a command writes text.
struct Domain {
  std::unique_ptr<privacy::Gate> gate;
  std::unique_ptr<domain::TextGate> text_gate;
  std::unique_ptr<domain::Communities> communities;
};

absl::StatusOr<Domain> MakeDomain(store::Store* store, bool with_gate) {
  Domain d;
  if (with_gate) {
    auto gate = privacy::Gate::Create(privacy::GateOptions());
    if (!gate.ok()) return gate.status();
    d.gate = std::move(*gate);
  }
  // ListMembers never screens text, so without a gate the TextGate is unused.
  d.text_gate = std::make_unique<domain::TextGate>(d.gate.get());
  d.communities = std::make_unique<domain::Communities>(store, d.text_gate.get());
  return d;
}

}  // namespace

absl::Time FromProto(const google::protobuf::Timestamp& ts) {
  return absl::FromUnixSeconds(ts.seconds()) + absl::Nanoseconds(ts.nanos());
}

// UTC to the minute, without spaces so a table column stays one word.
std::string TableTime(absl::Time t) {
  return absl::FormatTime("%Y-%m-%dT%H:%MZ", t, absl::UTCTimeZone());
}

// Left-aligned columns, two spaces apart; the last column is not padded.
void PrintTable(const std::vector<std::vector<std::string>>& rows) {
  std::vector<size_t> widths;
  for (const auto& row : rows) {
    widths.resize(std::max(widths.size(), row.size()));
    for (size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], row[i].size());
  }
  for (const auto& row : rows) {
    std::string line;
    for (size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line += std::string(widths[i] - row[i].size() + 2, ' ');
    }
    std::cout << line << "\n";
  }
}

// "privacy-officer", "PRIVACY_OFFICER" and "ROLE_PRIVACY_OFFICER" all name
// v1::ROLE_PRIVACY_OFFICER.
std::optional<v1::Role> ParseRole(const std::string& text) {
  std::string name = absl::AsciiStrToUpper(absl::StrReplaceAll(text, {{"-", "_"}}));
  if (!absl::StartsWith(name, "ROLE_")) name = "ROLE_" + name;
  v1::Role role;
  if (!v1::Role_Parse(name, &role) || role == v1::ROLE_UNSPECIFIED) return std::nullopt;
  return role;
}

std::string RoleShortName(int role) {
  std::string name = v1::Role_Name(static_cast<v1::Role>(role));
  return absl::StartsWith(name, "ROLE_") ? name.substr(5) : name;
}

int TokenIssue(const std::string& data_dir, const TokenIssueArgs& args) {
  auto store = OpenStore(data_dir, /*read_only=*/false);
  if (!store.ok()) return FailOpen(store.status());
  if (!args.note.empty()) {
    // As IssueToken over the API: a note says what the token is for, not whose.
    auto d = MakeDomain(store->get(), /*with_gate=*/true);
    if (!d.ok()) return Fail(d.status());
    domain::FieldViolations v;
    domain::CheckTokenNote(v, *d->text_gate, "--note", args.note);
    if (absl::Status s = v.ToStatus(); !s.ok()) return Fail(s);
  }
  auth::TokenStore tokens(store->get());
  auto issued = tokens.Issue(args.member_id, {.ttl = args.ttl, .admin = args.admin, .note = args.note});
  if (!issued.ok()) return Fail(issued.status());
  if (absl::Status s = (*store)->Close(); !s.ok()) return Fail(s);
  std::cout << issued->token << std::endl;
  std::cerr << "token " << issued->record.token_id() << " for " << issued->record.member_id()
            << (issued->record.admin() ? " (admin)" : "") << " expires "
            << TableTime(FromProto(issued->record.expire_time()))
            << "; it is shown only this once\n";
  return kOk;
}

int TokenList(const std::string& data_dir, const std::string& member_id) {
  auto store = OpenStore(data_dir, /*read_only=*/true);
  if (!store.ok()) return FailOpen(store.status());
  auth::TokenStore tokens(store->get());
  auto list = tokens.List(member_id);
  if (!list.ok()) return Fail(list.status());
  std::sort(list->begin(), list->end(), [](const auto& a, const auto& b) {
    return std::make_pair(a.create_time().seconds(), a.token_id()) <
           std::make_pair(b.create_time().seconds(), b.token_id());
  });
  const absl::Time now = absl::Now();
  std::vector<std::vector<std::string>> rows = {
      {"TOKEN ID", "MEMBER", "ADMIN", "CREATED", "EXPIRES", "STATE"}};
  for (const auto& r : *list) {
    const absl::Time expires = FromProto(r.expire_time());
    rows.push_back({r.token_id(), r.member_id(), r.admin() ? "yes" : "no",
                    TableTime(FromProto(r.create_time())), TableTime(expires),
                    r.revoked() ? "revoked" : now >= expires ? "expired" : "active"});
  }
  PrintTable(rows);
  return kOk;
}

int TokenRevoke(const std::string& data_dir, const std::string& token_id) {
  auto store = OpenStore(data_dir, /*read_only=*/false);
  if (!store.ok()) return FailOpen(store.status());
  auth::TokenStore tokens(store->get());
  if (absl::Status s = tokens.Revoke(token_id); !s.ok()) return Fail(s);
  if (absl::Status s = (*store)->Close(); !s.ok()) return Fail(s);
  std::cout << "revoked token " << token_id << "\n";
  return kOk;
}

int MemberAdd(const std::string& data_dir, const MemberAddArgs& args) {
  v1::AddMemberRequest request;
  request.set_parent(domain::CommunityName(args.community));
  request.set_member_id(args.member_id);
  v1::Member& m = *request.mutable_member();
  m.set_display_name(args.display_name);
  m.set_municipality(absl::StartsWith(args.municipality, "municipalities/")
                         ? args.municipality
                         : domain::MunicipalityName(args.municipality));
  for (const std::string& text : args.roles) {
    std::optional<v1::Role> role = ParseRole(text);
    if (!role) {
      return UsageError(absl::StrCat(
          "unknown role \"", text,
          "\"; use professional, facilitator, privacy-officer, steward or exporter"));
    }
    m.add_roles(*role);
  }
  auto store = OpenStore(data_dir, /*read_only=*/false);
  if (!store.ok()) return FailOpen(store.status());
  auto domain = MakeDomain(store->get(), /*with_gate=*/true);
  if (!domain.ok()) return Fail(domain.status());
  auto added = domain->communities->AddMember(request);
  if (!added.ok()) return Fail(added.status());
  if (absl::Status s = (*store)->Close(); !s.ok()) return Fail(s);
  std::vector<std::string> roles;
  for (int r : added->roles()) roles.push_back(RoleShortName(r));
  std::cout << "added " << added->name() << " (" << absl::StrJoin(roles, ",") << ")\n";
  return kOk;
}

int MemberList(const std::string& data_dir, const std::string& community) {
  auto store = OpenStore(data_dir, /*read_only=*/true);
  if (!store.ok()) return FailOpen(store.status());
  auto domain = MakeDomain(store->get(), /*with_gate=*/false);
  if (!domain.ok()) return Fail(domain.status());
  std::vector<std::vector<std::string>> rows = {{"MEMBER", "MUNICIPALITY", "ROLES", "DISPLAY NAME"}};
  v1::ListMembersRequest request;
  request.set_parent(domain::CommunityName(community));
  request.set_page_size(200);
  do {
    auto page = domain->communities->ListMembers(request);
    if (!page.ok()) return Fail(page.status());
    for (const v1::Member& m : page->members()) {
      std::vector<std::string> roles;
      for (int r : m.roles()) roles.push_back(RoleShortName(r));
      const size_t slash = m.name().rfind('/');
      rows.push_back({slash == std::string::npos ? m.name() : m.name().substr(slash + 1),
                      std::string(absl::StripPrefix(m.municipality(), "municipalities/")),
                      absl::StrJoin(roles, ","), m.display_name()});
    }
    request.set_page_token(page->next_page_token());
  } while (!request.page_token().empty());
  PrintTable(rows);
  return kOk;
}

int AuditVerify(const std::string& data_dir) {
  auto store = OpenStore(data_dir, /*read_only=*/true, /*stopped_only=*/true);
  if (!store.ok()) return FailOpen(store.status());
  auto report = audit::AuditLog::Verify(**store);
  if (!report.ok()) return Fail(report.status());
  if (report->first_damaged == 0) {
    std::cout << "audit trail intact: " << report->events << " events\n";
    return kOk;
  }
  // Name the event when its stored name is still readable and plausible
  // (ends in its own sequence); an altered name is not echoed.
  const std::string suffix = absl::StrCat("/auditEvents/", report->first_damaged);
  std::string name;
  auto raw = (*store)->Get(store::Table::kAudit,
                           store::keys::Sequence(static_cast<uint64_t>(report->first_damaged)));
  v1::AuditEvent event;
  if (raw.ok() && raw->has_value() && event.ParseFromString(**raw) &&
      absl::StartsWith(event.name(), "communities/") && absl::EndsWith(event.name(), suffix) &&
      domain::IsValidUserId(absl::StripSuffix(absl::StripPrefix(event.name(), "communities/"),
                                              suffix))) {
    name = absl::StrCat(" (", event.name(), ")");
  }
  std::cout << "audit trail DAMAGED at event " << report->first_damaged << name << ": "
            << report->problem << "\n";
  return kFailed;
}

int AuditVerifyCheckpoint(const std::string& data_dir, const std::string& checkpoint_file,
                          const std::string& public_key_file) {
  auto read = [](const std::string& path, std::string* text) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    *text = buffer.str();
    if (!in) std::cerr << "error: cannot read " << path << "\n";
    return static_cast<bool>(in);
  };
  std::string note, key;
  const std::string key_file = public_key_file.empty() ? checkpoint_file + ".pub" : public_key_file;
  if (!read(checkpoint_file, &note) || !read(key_file, &key)) return kFailed;
  auto checkpoint = audit::OpenCheckpoint(note, key);
  if (!checkpoint.ok()) {
    std::cout << "checkpoint REFUSED: " << checkpoint.status().message() << "\n";
    return kFailed;
  }
  auto store = OpenStore(data_dir, /*read_only=*/true, /*stopped_only=*/true);
  if (!store.ok()) return FailOpen(store.status());
  auto report = audit::VerifyPrefix(**store, *checkpoint, key);
  if (!report.ok()) {
    std::cout << "audit trail DAMAGED: " << report.status().message() << "\n";
    return kFailed;
  }
  if (report->broken_at != 0) {
    std::cout << "audit trail DAMAGED at event " << report->broken_at << ": " << report->problem
              << "\n";
    return kFailed;
  }
  std::cout << "audit trail holds the checkpoint: events 1.." << checkpoint->size
            << " unchanged (of " << report->store_events << " events";
  if (report->expired > 0) {
    std::cout << "; " << report->expired << " expired by retention, accounted for by "
              << report->expiry_runs << " signed expiry record"
              << (report->expiry_runs == 1 ? "" : "s");
  }
  std::cout << ")\n";
  return kOk;
}

int SearchReindex(const std::string& data_dir) {
  auto store = OpenStore(data_dir, /*read_only=*/false, /*stopped_only=*/true);
  if (!store.ok()) return FailOpen(store.status());
  search::SearchIndex index(store->get());
  auto indexed = domain::Reindex(**store, index);
  if (!indexed.ok()) return Fail(indexed.status());
  if (absl::Status s = (*store)->Close(); !s.ok()) return Fail(s);
  std::cout << "search index rebuilt: " << *indexed << " documents\n";
  return kOk;
}

int Compact(const std::string& data_dir) {
  auto store = OpenStore(data_dir, /*read_only=*/false, /*stopped_only=*/true);
  if (!store.ok()) return FailOpen(store.status());
  auto table_bytes = [&store] {
    int64_t total = 0;
    for (int t = 0; t < store::kTableCount; ++t) {
      total += (*store)->TableBytes(static_cast<store::Table>(t));
    }
    return total;
  };
  const int64_t before = table_bytes();
  if (absl::Status s = (*store)->Compact(); !s.ok()) return Fail(s);
  const int64_t after = table_bytes();
  if (absl::Status s = (*store)->Close(); !s.ok()) return Fail(s);
  std::cout << "store compacted: table files " << absl::StrFormat("%.1f", before / 1e6)
            << " MB before, " << absl::StrFormat("%.1f", after / 1e6) << " MB after\n";
  return kOk;
}

int SearchCheckIndex(const std::string& data_dir) {
  auto store = OpenStore(data_dir, /*read_only=*/true, /*stopped_only=*/true);
  if (!store.ok()) return FailOpen(store.status());
  search::SearchIndex index(store->get());
  auto problems = index.Check();
  if (!problems.ok()) return Fail(problems.status());
  if (problems->empty()) {
    std::cout << "search index consistent\n";
    return kOk;
  }
  for (const std::string& p : *problems) std::cout << p << "\n";
  std::cout << problems->size() << " problem" << (problems->size() == 1 ? "" : "s")
            << " in the search index; run `kompas-admin reindex` with kompasd stopped\n";
  return kFailed;
}

int Repair(const std::string& data_dir, bool accept_loss) {
  if (!accept_loss) {
    return UsageError(
        "repair drops what the damage took (write-ahead log entries after a damaged one, records "
        "of a damaged table file) and cannot bring it back; restoring the latest backup loses "
        "less when it is recent. Pass --accept-loss to repair anyway");
  }
  std::error_code ignored;
  if (!std::filesystem::exists(std::filesystem::path(data_dir) / "CURRENT", ignored)) {
    return Fail(absl::NotFoundError(absl::StrCat("no Kompas store in ", data_dir)));
  }
  if (HeldByAnotherProcess(data_dir)) return FailOpen(absl::FailedPreconditionError(kStoppedOnly));
  auto report = store::RepairStore(data_dir);
  if (!report.ok()) return Fail(report.status());
  std::cout << "repaired the store in " << data_dir << "\n";
  if (!report->wal_damage.empty()) {
    std::cout << "write-ahead log damaged: " << report->wal_damage << "; dropped "
              << report->wal_batches_dropped << " intact write(s) after the damage\n";
    std::cout << "kept every write before byte " << report->wal_cut_at << " of "
              << report->wal_file << "; the log as it was, and any later log, are kept in "
              << data_dir << "/lost\n";
  }
  if (!report->tables_ahead.empty()) {
    std::cout << "WARNING: these tables already held writes from after the damage and keep them, "
                 "so they may disagree with the others; run kompas-admin check-index and "
                 "reindex: "
              << absl::StrJoin(report->tables_ahead, ", ") << "\n";
  }
  if (!report->rebuilt_because.empty()) {
    std::cout << "table files rebuilt (damaged files set aside in " << data_dir
              << "/lost): " << report->rebuilt_because << "\n";
  }
  std::vector<std::vector<std::string>> rows = {
      {"TABLE", "BEFORE", "DROPPED_FROM_LOG", "AFTER"}};
  for (const store::RepairReport::Table& t : report->tables) {
    if (t.before == t.after && t.wal_changes_dropped == 0 && t.after == 0) continue;
    rows.push_back({t.name, t.before < 0 ? "unreadable" : absl::StrCat(t.before),
                    absl::StrCat(t.wal_changes_dropped), absl::StrCat(t.after)});
  }
  PrintTable(rows);
  auto store = OpenStore(data_dir, /*read_only=*/true);
  if (!store.ok()) return Fail(store.status());
  auto verified = audit::AuditLog::Verify(**store);
  if (!verified.ok()) return Fail(verified.status());
  if (verified->first_damaged == 0) {
    std::cout << "audit chain: " << verified->events << " events, intact\n";
  } else {
    std::cout << "audit chain: DAMAGED at event " << verified->first_damaged << " of "
              << verified->events << ": " << verified->problem
              << " (the repair lost part of the trail; keep this report)\n";
  }
  return kOk;
}

}  // namespace kompas::admin
