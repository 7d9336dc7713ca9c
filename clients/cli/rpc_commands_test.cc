#include "rpc_commands.h"

#include "gtest/gtest.h"

namespace kompas::cli {
namespace {

TEST(RpcCommandsTest, AnRpcInParenthesesReadsAsItsCommand) {
  EXPECT_EQ(CommandWords("an adopted standard is corrected through an erratum (ReportErratum)"),
            "an adopted standard is corrected through an erratum (kompas standard erratum "
            "report)");
  EXPECT_EQ(CommandWords("only its participants speak there. Join it first (JoinSession)"),
            "only its participants speak there. Join it first (kompas session join)");
  EXPECT_EQ(CommandWords("GM9999 is not a municipality this server knows (see ListMunicipalities)"),
            "GM9999 is not a municipality this server knows (see kompas municipalities)");
  EXPECT_EQ(CommandWords("close the session (CloseSession) to end it"),
            "close the session (kompas session close) to end it");
}

TEST(RpcCommandsTest, OtherWordsStayAsTheyAre) {
  EXPECT_EQ(CommandWords("etag mismatch (someone else changed it)"),
            "etag mismatch (someone else changed it)");
  EXPECT_EQ(CommandWords("a Search for JoinSession"), "a Search for JoinSession");
  EXPECT_EQ(CommandWords("(UpdateAnnotation)"), "(UpdateAnnotation)");  // no command makes it
  EXPECT_EQ(CommandOf("AdvancePhase"), "kompas session next");
  EXPECT_EQ(CommandOf("ExportKompas"), "");
}

}  // namespace
}  // namespace kompas::cli
