// quantloop schedule show and export through the binary: the configured schedules, their fires,
// and units that systemd itself accepts.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "test_support.h"

namespace quantloop {
namespace {

using nlohmann::json;
using testing::contains;
using testing::run_quantloop;
using testing::TempDir;

class ScheduleCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::write_file(dir.file("quantloop.toml"),
                        "[schedule.pairs]\n"
                        "cron = \"0 6 * * 1-5\"\n"
                        "timezone = \"America/New_York\"\n"
                        "job = \"stats corr --symbols AAPL,MSFT\"\n"
                        "catchup = \"none\"\n");
  }
  testing::ProcessResult quantloop(std::vector<std::string> args) {
    return run_quantloop(args, dir.path().string());
  }
  TempDir dir;
};

TEST_F(ScheduleCliTest, ShowListsEachScheduleWithItsLastAndNextFires) {
  const auto shown =
      quantloop({"schedule", "show", "--at", "2027-03-12T12:00Z", "--count", "3", "--json"});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  const json schedules = json::parse(shown.out);
  ASSERT_EQ(schedules.size(), 3u);
  EXPECT_EQ(schedules[0]["name"], "hourly");
  EXPECT_EQ(schedules[0]["cron"], "0 9-19 * * *");
  EXPECT_EQ(schedules[0]["job"], "run --mode hourly");
  EXPECT_EQ(schedules[0]["last"], "2027-03-12T12:00:00Z");
  EXPECT_EQ(schedules[0]["next"],
            json({"2027-03-12T13:00:00Z", "2027-03-12T14:00:00Z", "2027-03-12T15:00:00Z"}));
  EXPECT_EQ(schedules[1]["name"], "full");
  EXPECT_EQ(schedules[1]["next"][0], "2027-03-12T20:00:00Z");
  const json& pairs = schedules[2];
  EXPECT_EQ(pairs["timezone"], "America/New_York");
  EXPECT_EQ(pairs["catchup"], "none");
  EXPECT_EQ(pairs["last"], "2027-03-12T11:00:00Z");  // 06:00 EST, a Friday
  // The next Monday is after the spring change: 06:00 EDT.
  EXPECT_EQ(pairs["next"],
            json({"2027-03-15T10:00:00Z", "2027-03-16T10:00:00Z", "2027-03-17T10:00:00Z"}));

  const auto table = quantloop({"schedule", "show", "--at", "2027-03-12T12:00Z"});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_TRUE(contains(table.out, "2027-03-15T10:00:00Z")) << table.out;

  // A disabled schedule is not shown; a bad one is an error naming the file and line.
  const auto disabled =
      quantloop({"--set", "schedule.full.enabled=false", "schedule", "show", "--json"});
  EXPECT_EQ(json::parse(disabled.out).size(), 2u);
  testing::write_file(dir.file("quantloop.toml"),
                      "[schedule.bad]\ncron = \"0 9 * *\"\njob = \"run\"\n");
  const auto bad = quantloop({"schedule", "show"});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_TRUE(contains(bad.err, "quantloop.toml:2: schedule.bad.cron: cron expression '0 9 * *'"))
      << bad.err;
}

TEST_F(ScheduleCliTest, ExportedUnitsPassSystemdAnalyzeVerify) {
  const auto exported = quantloop({"schedule", "export", "--systemd", "--dir", "units"});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  std::string files;
  for (const char* name : {"hourly", "full", "pairs"}) {
    for (const char* kind : {".timer", ".service"}) {
      const auto path = dir.file(std::string("units/quantloop-") + name + kind);
      ASSERT_TRUE(std::filesystem::exists(path)) << path;
      files += " " + path;
    }
  }
  const std::string timer = testing::read_file(dir.file("units/quantloop-pairs.timer"));
  EXPECT_TRUE(contains(timer, "OnCalendar=Mon,Tue,Wed,Thu,Fri *-*-* 06:00:00 America/New_York"))
      << timer;
  EXPECT_TRUE(contains(timer, "Persistent=false")) << timer;
  const std::string service = testing::read_file(dir.file("units/quantloop-pairs.service"));
  const std::string binary = std::filesystem::canonical(testing::binary_path()).string();
  EXPECT_TRUE(contains(service, "ExecStart=" + binary + " stats corr --symbols AAPL,MSFT"))
      << service;
  // systemd's own parser: calendar specifications, the executable, every setting.
  const std::string verify = "systemd-analyze verify" + files + " 2>&1";
  EXPECT_EQ(std::system(verify.c_str()), 0) << verify;

  const auto crontab = quantloop({"schedule", "export", "--crontab"});
  ASSERT_EQ(crontab.exit_code, 0) << crontab.err;
  EXPECT_TRUE(contains(crontab.out, "CRON_TZ=America/New_York\n0 6 * * 1-5 cd ")) << crontab.out;
  EXPECT_TRUE(contains(crontab.out, "flock -n /tmp/quantloop-hourly.lock " + binary +
                                        " run --mode hourly >> logs/hourly.log 2>&1"))
      << crontab.out;
}

}  // namespace
}  // namespace quantloop
