#include "core/command_line.h"

#include <gtest/gtest.h>

#include "core/error.h"

namespace quantloop {
namespace {

TEST(CommandLine, SplitsLikeAShell) {
  EXPECT_EQ(split_command_line("  train --mode full\t--symbols 'A,B' "),
            (std::vector<std::string>{"train", "--mode", "full", "--symbols", "A,B"}));
  EXPECT_EQ(split_command_line(R"(sql "SELECT 'x' AS y" '' --csv)"),
            (std::vector<std::string>{"sql", "SELECT 'x' AS y", "", "--csv"}));
  EXPECT_EQ(split_command_line("a'b c'd"), (std::vector<std::string>{"ab cd"}));
  EXPECT_TRUE(split_command_line("   ").empty());
  EXPECT_THROW(split_command_line("stats adf --file 'a b"), Error);
}

TEST(CommandLine, QuotesOnlyWhatNeedsItAndSplitsBackTheSame) {
  EXPECT_EQ(shell_quoted("/usr/bin/quantloop"), "/usr/bin/quantloop");
  EXPECT_EQ(shell_quoted("--set=jobs.lease_seconds=60"), "--set=jobs.lease_seconds=60");
  EXPECT_EQ(shell_quoted("it's"), "'it'\\''s'");
  EXPECT_EQ(shell_quoted(""), "''");
  const std::vector<std::string> words{
      "quantloop", "--db", "postgresql://u:p@h/d?x=1", "sql", "SELECT 1; -- $HOME `x`",
      "it's 100%"};
  const std::string line = join_command_line(words);
  EXPECT_EQ(line,
            "quantloop --db 'postgresql://u:p@h/d?x=1' sql 'SELECT 1; -- $HOME `x`' "
            "'it'\\''s 100%'");
  // What split_command_line reads back (it knows no backslash escapes: only the quote forms
  // without one round-trip exactly).
  EXPECT_EQ(split_command_line(join_command_line({"a b", "c", "d&e"})),
            (std::vector<std::string>{"a b", "c", "d&e"}));
}

}  // namespace
}  // namespace quantloop
