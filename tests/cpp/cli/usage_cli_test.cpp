// What a user sees when nothing crashes but something is wrong: a mistyped subcommand or
// option (one error format, with the nearest name), and results that never reached
// standard output (a full disk), which must not pass as success.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "../testing/run_command.hpp"

namespace rdha {
namespace {

using testing::run_cli;

constexpr const char* kSubcommands = "synth, bootstrap, defaults, validate, schema, graph, check, drill, migrate, pipeline, plan-check";

TEST(CliUsage, AMistypedSubcommandSuggestsTheNearest) {
  const auto result = run_cli("sinth");
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.out, "");
  EXPECT_EQ(result.err, std::string("rdha: [rdha.cli.unknown_subcommand] (sinth) is not a subcommand of rdha. Did you "
                                    "mean \"synth\"? The subcommands: ") +
                            kSubcommands + ".\n");
}

TEST(CliUsage, AWordFarFromEverySubcommandListsThemWithoutASuggestion) {
  const auto result = run_cli("frobnicate");
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.err, std::string("rdha: [rdha.cli.unknown_subcommand] (frobnicate) is not a subcommand of rdha. "
                                    "The subcommands: ") +
                            kSubcommands + ".\n");
}

TEST(CliUsage, AMissingSubcommandListsThem) {
  const auto result = run_cli("");
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.err, std::string("rdha: [rdha.cli.missing_subcommand] (rdha) needs a subcommand: ") + kSubcommands +
                            ". Run rdha --help for what each does.\n");
}

TEST(CliUsage, AMistypedOptionSuggestsTheNearestOfItsSubcommand) {
  const auto result = run_cli("synth --confg x");
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.err,
            "rdha: [rdha.cli.unknown_option] (--confg) is not an option of rdha synth. Did you mean \"--config\"? "
            "Run rdha synth --help for its options.\n");
  // The form --name=value is checked the same way.
  EXPECT_EQ(run_cli("check --formt=json").err,
            "rdha: [rdha.cli.unknown_option] (--formt) is not an option of rdha check. Did you mean \"--format\"? "
            "Run rdha check --help for its options.\n");
}

TEST(CliUsage, OtherArgumentErrorsUseTheSameFormat) {
  const auto missing = run_cli("drill");
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_EQ(missing.err,
            "rdha: [rdha.cli.bad_arguments] (rdha drill) --fail is required. Run rdha drill --help for its options.\n");
  const auto format = run_cli("graph --format png");
  EXPECT_EQ(format.exit_code, 2);
  EXPECT_EQ(format.err.rfind("rdha: [rdha.cli.bad_arguments] (rdha graph) --format: ", 0), 0u) << format.err;
}

TEST(CliUsage, HelpAndVersionStillExitZero) {
  EXPECT_EQ(run_cli("--help").exit_code, 0);
  EXPECT_EQ(run_cli("synth --help").exit_code, 0);
  const auto version = run_cli("--version");
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_FALSE(version.out.empty());
}

// The shell group's own redirection (to the captured file) is overridden by the inner one.
testing::CommandResult run_cli_into_full_device(const std::string& arguments) {
  return testing::run_command(std::string("{ ") + RDHA_CLI_PATH + " " + arguments + " >/dev/full; }");
}

TEST(CliUsage, OutputThatCannotBeWrittenIsAnError) {
  const std::string plan = std::string(RDHA_SOURCE_DIR) + "/tests/fixtures/plans/tag_only.json";
  for (const std::string& arguments : std::vector<std::string>{
           "defaults", "check --format json --today 2026-11-26", "check --today 2026-11-26", "schema",
        "schema --format markdown", "graph", "drill --fail az:us-east-1a", "plan-check " + plan, "--help"}) {
    const auto result = run_cli_into_full_device(arguments);
    EXPECT_EQ(result.exit_code, 2) << arguments;
    EXPECT_EQ(result.err,
              "rdha: [rdha.cli.standard_output] (standard output) could not be written: No space left on device. "
              "The output is incomplete.\n")
        << arguments;
  }
}

}  // namespace
}  // namespace rdha
