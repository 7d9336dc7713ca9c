// End to end: an intervisie session run with the kompas CLI against a real
// kompasd, while `kompas session watch` follows it from another process with
// its output in a file (not a terminal: one numbered line per event). The
// watcher must show every event exactly once, in order, and exit 0 once the
// session is closed — also when kompasd restarts in the middle.
#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "kompas/v1/case.pb.h"
#include "kompas/v1/session.pb.h"
#include "tests/e2e/kompasd_fixture.h"

namespace kompas::e2e {
namespace {

// How long a step that only waits on kompasd may take before the test
// fails; generous, since CI machines are busy, yet bounded.
constexpr int kWaitSeconds = 60;

// Polls `path` until it contains `needle` or `seconds` pass; returns what
// it last read. The watcher flushes every line, so the wait ends as soon as
// the line is there.
std::string WaitForText(const std::string& path, const std::string& needle, int seconds) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  std::string text = ReadFile(path);
  while (!absl::StrContains(text, needle) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    text = ReadFile(path);
  }
  return text;
}

// The sequence numbers of the event lines (`#N ...`) in the watcher's output.
std::vector<int64_t> EventNumbers(const std::string& output) {
  std::vector<int64_t> numbers;
  for (absl::string_view line : absl::StrSplit(output, '\n')) {
    if (!absl::ConsumePrefix(&line, "#")) continue;
    int64_t n = 0;
    EXPECT_TRUE(absl::SimpleAtoi(line.substr(0, line.find(' ')), &n)) << line;
    numbers.push_back(n);
  }
  return numbers;
}

std::vector<int64_t> OneTo(int64_t last) {
  std::vector<int64_t> all;
  for (int64_t i = 1; i <= last; ++i) all.push_back(i);
  return all;
}

class SessionTest : public KompasdTest {
 protected:
  // `kompas session watch NAME` as eva, output to files in the test's dir.
  void StartWatcher(const std::string& session) {
    ASSERT_TRUE(watcher_.Start(CliArgv({"session", "watch", session}),
                               MemberEnv("eva-amsterdam"), watch_out(), watch_err()));
  }
  std::string watch_out() const { return Path("watch.out"); }
  std::string watch_err() const { return Path("watch.err"); }

  // An OPEN demo case written by anna-zaanstad, for a session to discuss.
  std::string OpenCaseOfAnna() {
    CommandResult r = Cli("anna-zaanstad", {"--json", "case", "list", "--status", "open"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    const auto open = ParseJson<v1::ListCasesResponse>(r.out);
    for (const v1::Case& c : open.cases()) {
      if (c.author() == absl::StrCat(kMembers, "anna-zaanstad")) return c.name();
    }
    ADD_FAILURE() << "the demo data has no OPEN case by anna-zaanstad:\n" << r.out;
    return "";
  }

  // Starts a session on `case_name` as bram, the facilitator; its name.
  std::string NewSession(const std::string& case_name) {
    CommandResult r = Cli("bram-enschede",
                          {"--json", "session", "new", case_name, "--method", "incident"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    const v1::Session session = ParseJson<v1::Session>(r.out);
    EXPECT_EQ(session.phase().id(), "INTAKE");
    EXPECT_EQ(session.case_owner(), absl::StrCat(kMembers, "anna-zaanstad"));
    return session.name();
  }

  BackgroundCommand watcher_;  // killed, if still running, when the test ends
};

TEST_F(SessionTest, FacilitatorRunsASessionWhileAWatcherFollowsIt) {
  StartServer();
  const std::string c = OpenCaseOfAnna();
  ASSERT_FALSE(c.empty());

  // Only facilitators start sessions.
  CommandResult r = Cli("anna-zaanstad", {"session", "new", c, "--method", "incident"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("PERMISSION_DENIED"));
  const std::string s = NewSession(c);
  ASSERT_FALSE(s.empty());
  for (const char* member : {"anna-zaanstad", "eva-amsterdam"}) {
    r = Cli(member, {"session", "join", s});
    ASSERT_EQ(r.exit_code, 0) << member << ": " << r.err;
    EXPECT_THAT(r.out, HasSubstr("INTAKE (Inbreng)"));
  }

  StartWatcher(s);
  // Events 1-3 (start, two joins) were stored before the watch began.
  ASSERT_THAT(WaitForText(watch_out(), "#3 joined", kWaitSeconds), HasSubstr("#3 joined"))
      << ReadFile(watch_err());

  r = Cli("bram-enschede", {"session", "next", s});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("CLARIFYING_QUESTIONS (Verhelderende vragen)"));
  r = Cli("eva-amsterdam",
          {"reflect", c, "--kind", "question", "Weet de moeder dat de school belt?"});
  ASSERT_EQ(r.exit_code, 0) << r.err;

  // Advice is not asked for yet: the CLI says which phase refuses it.
  r = Cli("eva-amsterdam",
          {"reflect", c, "--kind", "advice", "Vraag eerst toestemming aan de moeder."});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("FAILED_PRECONDITION"));
  EXPECT_THAT(r.err, HasSubstr("CLARIFYING_QUESTIONS"));
  EXPECT_THAT(r.err, HasSubstr("not ADVICE"));
  // Nor is a conclusion.
  r = Cli("bram-enschede", {"session", "conclude", s, "Te vroeg."});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("CONCLUSION"));

  // A question for the privacy officers, parked and answered.
  r = Cli("eva-amsterdam",
          {"--json", "session", "park", s, "Mag het wijkteam bevestigen dat er hulp loopt?"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string parked = ParseJson<v1::ParkedQuestion>(r.out).name();
  r = Cli("chris-utrecht", {"parked", "--state", "open"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr(parked));
  r = Cli("chris-utrecht",
          {"session", "answer", parked, "Nee, ook dat is een gegeven delen; vraag toestemming."});
  ASSERT_EQ(r.exit_code, 0) << r.err;

  r = Cli("bram-enschede", {"session", "next", s});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = Cli("eva-amsterdam", {"reflect", c, "--kind", "consideration",
                            "De school wil vooral weten of ze zelf iets moet doen."});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = Cli("bram-enschede", {"session", "next", s});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = Cli("eva-amsterdam",
          {"reflect", c, "--kind", "advice", "Vraag de moeder of zij de school zelf belt."});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = Cli("bram-enschede", {"session", "next", s});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("CONCLUSION (Conclusie)"));
  const std::string conclusion = "Zonder toestemming van de moeder bevestigt het wijkteam niets.";
  r = Cli("bram-enschede", {"session", "conclude", s, conclusion});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = Cli("bram-enschede", {"session", "close", s});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("is now concluded"));

  // The watcher saw it all and ended by itself.
  EXPECT_EQ(watcher_.Wait(kWaitSeconds), 0) << ReadFile(watch_err());
  const std::string out = ReadFile(watch_out());
  EXPECT_THAT(out, HasSubstr("#4 phase CLARIFYING_QUESTIONS (Verhelderende vragen): "));
  EXPECT_THAT(out, HasSubstr("phase ANALYSIS (Analyse): "));
  EXPECT_THAT(out, HasSubstr("phase CONCLUSION (Conclusie): "));
  EXPECT_THAT(out, HasSubstr(absl::StrCat("reflection QUESTION ", kMembers,
                                          "eva-amsterdam: Weet de moeder dat de school belt?")));
  EXPECT_THAT(out, HasSubstr("reflection ADVICE"));
  EXPECT_THAT(out, Not(HasSubstr("Vraag eerst toestemming aan de moeder.")));  // refused
  EXPECT_THAT(out, HasSubstr(absl::StrCat("parked ", parked)));
  EXPECT_THAT(out, HasSubstr(absl::StrCat("answered ", parked)));
  EXPECT_THAT(out, HasSubstr(absl::StrCat("conclusion 1 by ", kMembers, "bram-enschede: ",
                                          conclusion)));
  // 14 events: start, 2 joins, 4 phase moves, 3 reflections, parked,
  // answered, conclusion, closed; each once, in order, closed last.
  EXPECT_THAT(EventNumbers(out), ElementsAreArray(OneTo(14))) << out;
  EXPECT_THAT(out, HasSubstr("#14 closed case=CONCLUDED\n"));

  // The record afterwards: the session, the case, the evaluation.
  r = Cli("anna-zaanstad", {"session", "show", s});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr(conclusion));
  EXPECT_THAT(r.out, HasSubstr("vraag toestemming"));  // the answer to the parked question
  r = Cli("anna-zaanstad", {"case", "show", c});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr(absl::StrCat("Sessions (1)\n  ", s)));
  for (const char* member : {"anna-zaanstad", "eva-amsterdam"}) {
    r = Cli(member, {"session", "evaluate", s, "--safety", "4", "--clarity", "5",
                     "--method-kept", "4"});
    ASSERT_EQ(r.exit_code, 0) << member << ": " << r.err;
  }
  r = Cli("anna-zaanstad", {"session", "summary", s});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("hidden until 3 people have answered (2 so far)"));
  EXPECT_EQ(server().Terminate(), 0);
}

TEST_F(SessionTest, WatchResumesWhereItWasAfterAServerRestart) {
  StartServer();
  const std::string c = OpenCaseOfAnna();
  ASSERT_FALSE(c.empty());
  const std::string s = NewSession(c);
  ASSERT_FALSE(s.empty());
  CommandResult r = Cli("anna-zaanstad", {"session", "join", s});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  StartWatcher(s);
  ASSERT_THAT(WaitForText(watch_out(), "#2 joined", kWaitSeconds), HasSubstr("#2 joined"))
      << ReadFile(watch_err());

  // kompasd stops (telling the watcher where to resume) and comes back on
  // the same port; meanwhile the session goes on.
  const std::string address = server().address();
  ASSERT_EQ(server().Terminate(), 0);
  StartServer({.flags = {"--address=" + address}});  // the last --address counts
  r = Cli("bram-enschede", {"session", "next", s});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = Cli("anna-zaanstad",
          {"reflect", c, "--kind", "experience", "De school belde mij, niet de moeder."});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = Cli("bram-enschede", {"session", "close", s});
  ASSERT_EQ(r.exit_code, 0) << r.err;

  EXPECT_EQ(watcher_.Wait(kWaitSeconds), 0) << ReadFile(watch_err());
  const std::string out = ReadFile(watch_out());
  EXPECT_THAT(ReadFile(watch_err()), HasSubstr("resuming after event 2"));
  EXPECT_THAT(out, HasSubstr("De school belde mij, niet de moeder."));
  // Start, join, phase, reflection, closed: none lost, none twice.
  EXPECT_THAT(EventNumbers(out), ElementsAreArray(OneTo(5))) << out;
  EXPECT_THAT(out, HasSubstr("#5 closed case=OPEN\n"));
  EXPECT_EQ(server().Terminate(), 0);
}

}  // namespace
}  // namespace kompas::e2e
