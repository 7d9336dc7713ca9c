// End to end: the CLI as a new user meets it, against a real kompasd seeded
// with the demo community. Who am I (`kompas whoami`), signing in with a
// token the server checks first, a mistyped subcommand, short ids for every
// noun (an erratum, a standard to annotate), and a position recorded for the
// caller's own municipality; the privacy officer's view of the audit trail;
// evaluation and request-id keys on disk, keyed with the server secret.
#include <openssl/sha.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "kompas/v1/annotation.pb.h"
#include "kompas/v1/audit.pb.h"
#include "kompas/v1/case.pb.h"
#include "kompas/v1/community.pb.h"
#include "kompas/v1/standard.pb.h"
#include "domain/key_secret.h"
#include "kompas/v1/session.pb.h"
#include "store/keys.h"
#include "store/store.h"
#include "testing/temp_dir.h"
#include "tests/e2e/kompasd_fixture.h"

namespace kompas::e2e {
namespace {

// The last part of a resource name: its 13-character id.
std::string IdOf(const std::string& name) { return name.substr(name.rfind('/') + 1); }

std::string Sha256Hex(absl::string_view bytes) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), digest);
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(digest), sizeof digest));
}

class CliE2eTest : public KompasdTest {
 protected:
  void SetUp() override { StartServer(); }


};

TEST_F(CliE2eTest, WhoamiSaysTheMemberAndPerCommunityMunicipalityAndRoles) {
  CommandResult r = Cli("dewi-westland", {"whoami"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("you are dewi-westland"));
  EXPECT_THAT(r.out, HasSubstr("in wijkteams"));
  EXPECT_THAT(r.out, HasSubstr("Westland (GM1783)"));
  EXPECT_THAT(r.out, HasSubstr("steward, professional"));
  EXPECT_THAT(r.out, Not(HasSubstr("ROLE_")));

  // Roles in plain words.
  r = Cli("chris-utrecht", {"whoami"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("Utrecht (GM0344)"));
  EXPECT_THAT(r.out, HasSubstr("privacy officer"));

  r = Cli("dewi-westland", {"--json", "whoami"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto caller = ParseJson<v1::Caller>(r.out, /*ignore_unknown_fields=*/true);
  EXPECT_EQ(caller.member_id(), "dewi-westland");
  ASSERT_EQ(caller.memberships_size(), 1) << r.out;
  EXPECT_EQ(caller.memberships(0).community(), "communities/wijkteams");
  EXPECT_EQ(caller.memberships(0).municipality(), "municipalities/GM1783");
  EXPECT_THAT(caller.memberships(0).roles(), ElementsAre(v1::ROLE_STEWARD, v1::ROLE_PROFESSIONAL));
  EXPECT_THAT(r.out, HasSubstr("\"memberId\""));  // proto JSON names
}

TEST_F(CliE2eTest, LoginRefusesATokenTheServerDoesNotKnowAndKeepsAGoodOne) {
  const std::string path = Path(".config/kompas/token");
  CommandResult r = Cli(kNoMember, {"login", "-"}, "not-a-real-token\n");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_THAT(r.err, HasSubstr("does not know this token"));
  EXPECT_THAT(r.err, HasSubstr("not saved"));
  EXPECT_FALSE(std::filesystem::exists(path));

  const std::string token = Token("anna-zaanstad");
  r = Cli(kNoMember, {"login", token});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("signed in as anna-zaanstad"));
  std::ifstream in(path);
  std::string saved;
  std::getline(in, saved);
  EXPECT_EQ(saved, token);

  // A wrong token later does not replace the good one.
  r = Cli(kNoMember, {"login", "wrong"});
  EXPECT_NE(r.exit_code, 0);
  std::ifstream again(path);
  std::getline(again, saved);
  EXPECT_EQ(saved, token);

  // The saved token signs in later commands.
  r = Cli(kNoMember, {"whoami"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("you are anna-zaanstad"));
}

TEST_F(CliE2eTest, AMistypedSubcommandIsNamedWithTheNearestOne) {
  const struct {
    std::vector<std::string> args;
    std::vector<std::string> says;  // each somewhere on stderr
  } typos[] = {
      {{"standrd", "list"}, {"unknown command 'standrd'", "did you mean 'standard'?"}},
      {{"case", "shwo", "0abcdefghijkm"},
       {"unknown command 'shwo' for 'kompas case'", "did you mean 'show'?"}},
      // Options before the noun, with their values, are passed over.
      {{"--community", "wijkteams", "standard", "erratum", "acept", "x"},
       {"did you mean 'accept'?"}},
      // Nothing near: the valid words are listed.
      {{"session", "frobnicate"}, {"the commands are: methods, new, list"}},
  };
  for (const auto& typo : typos) {
    const CommandResult r = Cli("anna-zaanstad", typo.args);
    EXPECT_EQ(r.exit_code, 2) << absl::StrJoin(typo.args, " ");
    for (const std::string& said : typo.says) EXPECT_THAT(r.err, HasSubstr(said));
    // Our message, instead of CLI11's.
    EXPECT_THAT(r.err, Not(HasSubstr("A subcommand is required")));
  }
}

TEST_F(CliE2eTest, ShortIdsWorkForAnErratumAndForAStandardToAnnotate) {
  const v1::Standard standard = AdoptedStandard();
  ASSERT_FALSE(standard.name().empty());

  // anna reports an erratum; dewi accepts it by the erratum's bare id.
  CommandResult r = Cli("anna-zaanstad", {"--json", "standard", "erratum", "report",
                                          IdOf(standard.name()), "Er ontbreekt een komma."});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto erratum = ParseJson<v1::Erratum>(r.out, /*ignore_unknown_fields=*/true);
  ASSERT_FALSE(erratum.name().empty());
  r = Cli("dewi-westland",
          {"standard", "erratum", "accept", IdOf(erratum.name()), "--rationale", "Met komma."});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("accepted " + erratum.name()));
  EXPECT_THAT(r.err, Not(HasSubstr("not an erratum name")));

  // A bare id that is no erratum says so, naming the command to look.
  r = Cli("dewi-westland", {"standard", "erratum", "reject", "0zzzzzzzzzzzz", "--reason", "x"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_THAT(r.err, HasSubstr("no erratum has the id '0zzzzzzzzzzzz'"));

  // A standard's bare id is read as the standard, not as a case.
  const std::vector<std::string> words = absl::StrSplit(standard.content().statement(), ' ');
  ASSERT_GE(words.size(), 2u);
  const std::string quote = words[0] + " " + words[1];
  r = Cli("bram-enschede", {"--json", "annotate", IdOf(standard.name()), "--field",
                            "content.statement", "--quote", quote, "Geldt dit ook voor scholen?"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(ParseJson<v1::Annotation>(r.out, /*ignore_unknown_fields=*/true).target(), standard.name());
  r = Cli("anna-zaanstad", {"annotations", IdOf(standard.name())});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("Geldt dit ook voor scholen?"));

  // An id that is neither a case nor a standard is named as such.
  r = Cli("anna-zaanstad", {"annotations", "0zzzzzzzzzzzz"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_THAT(r.err, HasSubstr("no case or standard has the id '0zzzzzzzzzzzz'"));
}

TEST_F(CliE2eTest, PositionSetDefaultsToTheCallersMunicipality) {
  const v1::Standard standard = AdoptedStandard();
  ASSERT_FALSE(standard.name().empty());
  // Neither --municipality nor KOMPAS_MUNICIPALITY: chris's own, Utrecht.
  CommandResult r = Cli("chris-utrecht", {"position", "set", IdOf(standard.name()), "--stance",
                                          "follows", "--review-on", "2030-01-01"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("municipalities/GM0344 follows " + standard.name()));
}

TEST_F(CliE2eTest, APrivacyOfficerSeesWhoReadACaseAndFiltersTheTrail) {
  const std::string name = OpenCase("anna-zaanstad").name();
  ASSERT_FALSE(name.empty());
  ASSERT_EQ(Cli("eva-amsterdam", {"case", "show", IdOf(name)}).exit_code, 0);
  ASSERT_EQ(Cli("eva-amsterdam", {"case", "show", IdOf(name)}).exit_code, 0);

  // Per member: eva read it twice with GetCase; anna saw it in a list.
  CommandResult r = Cli("chris-utrecht", {"audit", "who-read", IdOf(name)});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("who read " + name));
  EXPECT_THAT(r.out, HasSubstr("MEMBER"));
  EXPECT_THAT(r.out, ::testing::ContainsRegex("eva-amsterdam +2 +.*GetCase"));
  EXPECT_THAT(r.out, ::testing::ContainsRegex("anna-zaanstad +1 +.*ListCases"));
  EXPECT_THAT(r.out, Not(HasSubstr("/kompas.v1.")));  // call names in short

  r = Cli("chris-utrecht", {"--json", "audit", "who-read", name});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto events = ParseJson<v1::ListAuditEventsResponse>(r.out);
  ASSERT_EQ(events.audit_events_size(), 3) << r.out;
  for (const v1::AuditEvent& e : events.audit_events()) EXPECT_EQ(e.resource(), name);

  // The trail filtered by member, call and time; newest first.
  r = Cli("chris-utrecht", {"--json", "audit", "events", "--member", "eva-amsterdam", "--method",
                            "GetCase", "--since", "1h"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  events = ParseJson<v1::ListAuditEventsResponse>(r.out);
  ASSERT_EQ(events.audit_events_size(), 2) << r.out;
  EXPECT_GT(events.audit_events(0).sequence(), events.audit_events(1).sequence());
  for (const v1::AuditEvent& e : events.audit_events()) {
    EXPECT_EQ(e.member(), "eva-amsterdam");
    EXPECT_EQ(e.method(), "/kompas.v1.CaseService/GetCase");
  }
  r = Cli("chris-utrecht", {"audit", "events", "--case", IdOf(name), "--limit", "1"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("OUTCOME"));
  EXPECT_THAT(r.out, ::testing::ContainsRegex("eva-amsterdam +GetCase +OK +" + name));
  EXPECT_THAT(r.out, HasSubstr("more events: use --limit or --all"));
  r = Cli("chris-utrecht", {"audit", "events", "--since", "2999-01-01"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("no audit events match"));

  // A --since that is no time is a usage error; a professional may not look.
  r = Cli("chris-utrecht", {"audit", "events", "--since", "yesterday"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("--since 'yesterday' is not a time"));
  r = Cli("anna-zaanstad", {"audit", "who-read", IdOf(name)});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("PERMISSION_DENIED"));
}

// Evaluation and request-id keys are HMACs under the server secret, which
// kompasd keeps beside the store (db.secret), not in it: on disk there is
// neither a member id in those keys nor any member's plain SHA-256, which
// trying every id would reverse. A second evaluation is still refused, also
// after a restart.
TEST_F(CliE2eTest, EvaluationAndRequestIdKeysAreKeyedWithTheServerSecret) {
  const std::string open = OpenCase("anna-zaanstad").name();
  ASSERT_FALSE(open.empty());
  CommandResult r =
      Cli("bram-enschede", {"--json", "session", "new", open, "--method", "incident"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string session = ParseJson<v1::Session>(r.out, /*ignore_unknown_fields=*/true).name();
  ASSERT_EQ(Cli("anna-zaanstad", {"session", "join", session}).exit_code, 0);
  ASSERT_EQ(Cli("bram-enschede", {"session", "close", session}).exit_code, 0);
  const std::vector<std::string> evaluate = {"session", "evaluate", session, "--safety", "4",
                                             "--clarity", "5", "--method-kept", "4"};
  r = Cli("anna-zaanstad", evaluate);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // A create with a request id (the CLI sends one with every create).
  const std::string case_json =
      R"({"title":"Sleutels","situation":"Het wijkteam vraagt zich iets af.","question":"Mag dat?"})";
  r = Cli("anna-zaanstad", {"case", "new", "--file", WriteFile("case.json", case_json)});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  StopServer();

  std::ifstream secret_file(data_dir() + ".secret");
  std::string secret_hex;
  std::getline(secret_file, secret_hex);
  ASSERT_EQ(secret_hex.size(), 64u);
  const domain::KeySecret secret(absl::HexStringToBytes(secret_hex));
  const std::vector<std::string> members = {"anna-zaanstad", "bram-enschede", "eva-amsterdam",
                                            "chris-utrecht", "dewi-westland"};
  {
    auto store = store::Store::Open({.data_dir = data_dir(), .read_only = true});
    ASSERT_TRUE(store.ok()) << store.status();
    std::vector<std::string> keys;
    for (store::Table t : {store::Table::kEvaluations, store::Table::kRequestIds}) {
      ASSERT_TRUE((*store)->Scan(t, "", {}, [&](absl::string_view key, absl::string_view) {
                    keys.emplace_back(key);
                    return true;
                  }).ok());
    }
    EXPECT_THAT(keys, ::testing::Contains(store::keys::Evaluation(
                          kDemoCommunity, IdOf(session), secret.EvaluationTag("anna-zaanstad"))));
    EXPECT_GE(keys.size(), 2u);  // the evaluation and at least one request id
    for (const std::string& key : keys) {
      for (const std::string& m : members) {
        EXPECT_FALSE(absl::StrContains(key, m)) << key;
        EXPECT_FALSE(absl::StrContains(key, Sha256Hex(m))) << key;
      }
    }
    ASSERT_TRUE((*store)->Close().ok());
  }
  const std::string disk = AllBytesUnder(data_dir());
  // Positive control: the keyed evaluation key is on disk, so the scan sees keys.
  ASSERT_TRUE(absl::StrContains(disk, secret.EvaluationTag("anna-zaanstad")));
  for (const std::string& m : members) EXPECT_FALSE(absl::StrContains(disk, Sha256Hex(m))) << m;
  EXPECT_FALSE(absl::StrContains(disk, secret_hex));

  StartServerAgain();
  r = Cli("anna-zaanstad", evaluate);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("ALREADY_EXISTS"));
}

}  // namespace
}  // namespace kompas::e2e
