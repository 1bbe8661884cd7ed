#include "core/config.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "core/error.h"
#include "test_support.h"

namespace quantloop {
namespace {

using testing::TempDir;
using testing::write_file;

std::string error_of(const ConfigSources& sources) {
  try {
    load_config(sources);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(Config, DefaultsAreTheSeeds) {
  ConfigSources sources;
  sources.file = std::nullopt;
  const Config config = load_config(sources);
  EXPECT_EQ(config.symbols.stocks.size(), 10u);
  EXPECT_EQ(config.symbols.forex.size(), 5u);
  EXPECT_EQ(config.training.hourly_epochs, 5);
  EXPECT_EQ(config.training.full_epochs, 100);
  EXPECT_EQ(config.schedule.hourly_first_hour_utc, 9);
  EXPECT_EQ(config.schedule.full_hour_utc, 20);
  EXPECT_EQ(config.gru.hidden_size, 64);
  EXPECT_EQ(config.origins.at("database.url"), "default");
}

TEST(Config, FileThenEnvironmentThenFlagsEachWin) {
  TempDir dir;
  const std::string path = dir.file("q.toml");
  write_file(path,
             "[database]\nurl = \"file.db\"\n[training]\nfull_epochs = 50\nhourly_epochs = 3\n"
             "[symbols]\nstocks = [\"AAPL\", \"MSFT\"]\n");
  ConfigSources sources;
  sources.file = path;
  sources.environment = {{"QUANTLOOP_TRAINING_FULL_EPOCHS", "60"}, {"HOME", "/root"}};
  sources.overrides = {{"training.hourly_epochs", "7"}};
  const Config config = load_config(sources);
  EXPECT_EQ(config.database.url, "file.db");
  EXPECT_EQ(config.origins.at("database.url"), path + ":2");
  EXPECT_EQ(config.training.full_epochs, 60);
  EXPECT_EQ(config.origins.at("training.full_epochs"),
            "environment QUANTLOOP_TRAINING_FULL_EPOCHS");
  EXPECT_EQ(config.training.hourly_epochs, 7);
  EXPECT_EQ(config.origins.at("training.hourly_epochs"), "flag");
  EXPECT_EQ(config.symbols.stocks, (std::vector<std::string>{"AAPL", "MSFT"}));
}

// Seed 004's pair scan: the gates and the sector universes, technology active by default.
TEST(Config, PairsUniversesAndGates) {
  TempDir dir;
  const std::string path = dir.file("q.toml");
  write_file(path,
             "[pairs]\nuniverse = \"financial\"\nfinancial = [\"BAC\", \"JPM\", \"C\"]\n"
             "min_correlation = 0.7\n");
  ConfigSources sources;
  sources.file = std::nullopt;
  const Config defaults = load_config(sources);
  EXPECT_EQ(defaults.pairs.lookback_days, 60);
  EXPECT_EQ(defaults.pairs.min_correlation, 0.8);
  EXPECT_EQ(defaults.pairs.max_coint_pvalue, 0.05);
  EXPECT_EQ(defaults.pairs.min_score, 0.7);
  EXPECT_EQ(defaults.pairs.universe, "technology");
  EXPECT_EQ(defaults.pairs.symbols_of("technology").size(), 6u);
  sources.file = path;
  const Config config = load_config(sources);
  EXPECT_EQ(config.pairs.symbols_of(config.pairs.universe),
            (std::vector<std::string>{"BAC", "JPM", "C"}));
  EXPECT_EQ(config.pairs.min_correlation, 0.7);
  EXPECT_THROW(config.pairs.symbols_of("energy"), Error);
  sources.overrides = {{"pairs.universe", "energy"}};
  EXPECT_NE(error_of(sources).find("unknown universe 'energy'"), std::string::npos);
  sources.overrides = {{"pairs.correlate", "ranks"}};
  EXPECT_NE(error_of(sources).find("expected prices or log_returns"), std::string::npos);
}

TEST(Config, UnknownKeyNamesFileLineAndKey) {
  TempDir dir;
  const std::string path = dir.file("q.toml");
  write_file(path, "[database]\nurl = \"x.db\"\n\n[training]\nepochz = 5\n");
  ConfigSources sources;
  sources.file = path;
  EXPECT_EQ(error_of(sources), path + ":5: training.epochz: unknown key");
}

// A key nothing reads is no key: the seed-003 cron keys of the old [schedule] section did
// nothing and are refused rather than silently ignored.
TEST(Config, KeysNothingReadsAreRefused) {
  TempDir dir;
  const std::string path = dir.file("q.toml");
  write_file(path, "[schedule]\nfull_hour_utc = 20\nincremental_cron = \"0 */6 * * *\"\n");
  ConfigSources sources;
  sources.file = path;
  EXPECT_EQ(error_of(sources), path + ":3: schedule.incremental_cron: unknown key");
  const auto keys = config_keys();
  EXPECT_EQ(std::count(keys.begin(), keys.end(), "schedule.full_retrain_cron"), 0);
  EXPECT_EQ(std::count(keys.begin(), keys.end(), "training.test_fraction"), 1);
}

TEST(Config, CheckSettingValidatesOneFlagWithoutFiles) {
  EXPECT_NO_THROW(check_setting("training.full_epochs", "20"));
  EXPECT_THROW(check_setting("training.full_epochs", "many"), Error);
  EXPECT_THROW(check_setting("training.validation_fraction", "0.9"), Error);
  EXPECT_THROW(check_setting("training.nonsense", "1"), Error);
}

TEST(Config, WrongTypeAndOutOfRangeNameTheKey) {
  TempDir dir;
  const std::string path = dir.file("q.toml");
  write_file(path, "[training]\nfull_epochs = \"many\"\n");
  ConfigSources sources;
  sources.file = path;
  EXPECT_EQ(error_of(sources), path + ":2: training.full_epochs: expected an integer");
  write_file(path, "[schedule]\nfull_hour_utc = 24\n");
  EXPECT_EQ(error_of(sources), path + ":2: schedule.full_hour_utc: 24 is out of range [0, 23]");
  write_file(path, "[intervals]\nhourly = \"2h\"\n");
  EXPECT_NE(error_of(sources).find(path + ":2: intervals.hourly: unknown interval '2h'"),
            std::string::npos);
}

TEST(Config, SyntaxErrorNamesTheLine) {
  TempDir dir;
  const std::string path = dir.file("q.toml");
  write_file(path, "[database]\nurl = \"unterminated\n");
  ConfigSources sources;
  sources.file = path;
  EXPECT_EQ(error_of(sources).rfind(path + ":2:", 0), 0u) << error_of(sources);
}

TEST(Config, BadEnvironmentAndFlagValuesAreNamed) {
  ConfigSources sources;
  sources.file = std::nullopt;
  sources.environment = {{"QUANTLOOP_GRU_HIDDEN_SIZE", "big"}};
  EXPECT_EQ(error_of(sources),
            "environment QUANTLOOP_GRU_HIDDEN_SIZE: gru.hidden_size: expected an integer");
  sources.environment = {{"QUANTLOOP_NO_SUCH_KEY", "1"}};
  EXPECT_EQ(error_of(sources),
            "environment variable QUANTLOOP_NO_SUCH_KEY: not a configuration key");
  sources.environment = {};
  sources.overrides = {{"gru.layers", "0"}};
  EXPECT_EQ(error_of(sources), "flag: gru.layers: 0 is out of range [1, 16]");
}

TEST(Config, MissingExplicitFileIsAnError) {
  ConfigSources sources;
  sources.file = "/nonexistent/quantloop.toml";
  EXPECT_EQ(error_of(sources), "/nonexistent/quantloop.toml: configuration file does not exist");
}

TEST(Config, ShowMasksPasswordsAndRoundTrips) {
  ConfigSources sources;
  sources.file = std::nullopt;
  sources.overrides = {{"database.url", "postgresql://q:hunter2@db/quantloop"},
                       {"symbols.crypto", "BTC-USD, ETH-USD"}};
  const Config config = load_config(sources);
  const std::string shown = config.to_toml();
  EXPECT_EQ(shown.find("hunter2"), std::string::npos);
  EXPECT_NE(shown.find("postgresql://q:****@db/quantloop"), std::string::npos);
  EXPECT_NE(config.to_toml(true).find("hunter2"), std::string::npos);
  // What `config show` prints is itself a valid configuration file.
  TempDir dir;
  write_file(dir.file("shown.toml"), config.to_toml(true));
  ConfigSources again;
  again.file = dir.file("shown.toml");
  const Config reloaded = load_config(again);
  EXPECT_EQ(reloaded.database.url, config.database.url);
  EXPECT_EQ(reloaded.symbols.crypto, (std::vector<std::string>{"BTC-USD", "ETH-USD"}));
  EXPECT_EQ(reloaded.all_symbols().size(), 17u);
}

TEST(Config, TheServeTokenComesFromTheEnvironmentAndIsNeverShown) {
  ConfigSources sources;
  sources.file = std::nullopt;
  sources.environment = {{"QUANTLOOP_SERVE_TOKEN", "s3cret-token"}};
  const Config config = load_config(sources);
  EXPECT_EQ(config.serve.token, "s3cret-token");
  EXPECT_EQ(config.to_toml().find("s3cret-token"), std::string::npos);
  EXPECT_NE(config.to_toml().find("token = \"***\""), std::string::npos);
  sources.environment = {{"QUANTLOOP_PROMOTION_METRIC", "accuracy"}};
  EXPECT_EQ(error_of(sources),
            "environment QUANTLOOP_PROMOTION_METRIC: promotion.metric: unknown metric 'accuracy' "
            "(expected log_loss or sharpe)");
}

TEST(Config, DefaultSchedulesAreTheSeeds) {
  ConfigSources sources;
  sources.file = std::nullopt;
  const Config config = load_config(sources);
  ASSERT_EQ(config.schedules.size(), 2u);
  EXPECT_EQ(config.schedules[0].name, "hourly");
  EXPECT_EQ(config.schedules[0].cron, "0 9-19 * * *");
  EXPECT_EQ(config.schedules[1].name, "full");
  EXPECT_EQ(config.schedules[1].cron, "0 20 * * *");
  for (const auto& s : config.schedules) {
    EXPECT_EQ(s.timezone, "UTC");
    EXPECT_EQ(s.catchup, "latest");
    EXPECT_EQ(s.overlap, "skip");
  }
}

TEST(Config, ScheduleSectionsAddOverrideAndDisable) {
  TempDir dir;
  write_file(dir.file("q.toml"),
             "[schedule]\nfull_hour_utc = 20\n\n"
             "[schedule.pairs]\ncron = \"0 6 * * 1-5\"\ntimezone = \"America/New_York\"\n"
             "job = \"pairs scan\"\ncatchup = \"none\"\n\n"
             "[schedule.hourly]\ncron = \"15 9-19 * * *\"\n\n"
             "[schedule.full]\nenabled = false\n");
  ConfigSources sources;
  sources.file = dir.file("q.toml");
  sources.overrides = {{"schedule.pairs.overlap", "queue"}};
  const Config config = load_config(sources);
  ASSERT_EQ(config.schedules.size(), 3u);
  EXPECT_EQ(config.schedules[0].cron, "15 9-19 * * *");
  EXPECT_EQ(config.schedules[0].job, "run --mode hourly");  // the default's, kept
  EXPECT_FALSE(config.schedules[1].enabled);
  const NamedSchedule& pairs = config.schedules[2];
  EXPECT_EQ(pairs.name, "pairs");
  EXPECT_EQ(pairs.timezone, "America/New_York");
  EXPECT_EQ(pairs.job, "pairs scan");
  EXPECT_EQ(pairs.catchup, "none");
  EXPECT_EQ(pairs.overlap, "queue");
  EXPECT_EQ(pairs.origins.at("cron"), dir.file("q.toml") + ":5");
  EXPECT_EQ(pairs.origins.at("overlap"), "flag");
  // `config show` prints them, and what it prints loads back the same.
  write_file(dir.file("shown.toml"), config.to_toml());
  ConfigSources again;
  again.file = dir.file("shown.toml");
  const Config reloaded = load_config(again);
  ASSERT_EQ(reloaded.schedules.size(), 3u);
  EXPECT_EQ(reloaded.schedules[2].timezone, "America/New_York");
  EXPECT_EQ(reloaded.schedules[2].overlap, "queue");
  EXPECT_FALSE(reloaded.schedules[1].enabled);
}

TEST(Config, ConfiguredCryptoGetsSeed003sSchedules) {
  ConfigSources sources;
  sources.file = std::nullopt;
  sources.overrides = {{"symbols.crypto", "BTC-USD, ETH-USD"},
                       {"schedule.crypto_full.cron", "0 3 * * 0"}};
  const Config config = load_config(sources);
  ASSERT_EQ(config.schedules.size(), 5u);
  std::map<std::string, NamedSchedule> by_name;
  for (const auto& s : config.schedules)
    by_name[s.name] = s;
  EXPECT_EQ(by_name["crypto_incremental"].cron, "0 */6 * * *");
  EXPECT_EQ(by_name["crypto_incremental"].job,
            "run --mode incremental --samples-per-sequence 8 --symbols BTC-USD,ETH-USD");
  EXPECT_EQ(by_name["crypto_full"].cron, "0 3 * * 0");  // the flag's, the rest the seed's
  EXPECT_EQ(by_name["crypto_full"].job,
            "run --mode full --samples-per-sequence 8 --symbols BTC-USD,ETH-USD");
  EXPECT_EQ(by_name["crypto_predictions"].cron, "55 1 * * *");
  // Without crypto symbols, none of them.
  ConfigSources plain;
  plain.file = std::nullopt;
  EXPECT_EQ(load_config(plain).schedules.size(), 2u);
}

TEST(Config, BadSchedulesNameWhereAndWhy) {
  TempDir dir;
  struct Case {
    std::string section, expected;
  };
  const std::vector<Case> cases{
      {"[schedule.x]\ncron = \"0 25 * * *\"\njob = \"run\"\n",
       ":2: schedule.x.cron: cron expression '0 25 * * *': hour: 25 is out of range 0-23"},
      {"[schedule.x]\ncron = \"0 1 * * *\"\njob = \"run\"\ntimezone = \"Mars/Olympus\"\n",
       ":4: schedule.x.timezone:"},
      {"[schedule.x]\ncron = \"0 1 * * *\"\n", ":2: schedule.x.job: missing"},
      {"[schedule.x]\njob = \"run\"\n", ":2: schedule.x.cron: missing"},
      {"[schedule.x]\ncron = \"0 1 * * *\"\njob = \"run\"\ncatchup = \"some\"\n",
       ":4: schedule.x.catchup: 'some' is not latest, none or all"},
      {"[schedule.x]\ncron = \"0 1 * * *\"\njob = \"run\"\noverlap = \"both\"\n",
       ":4: schedule.x.overlap: 'both' is not skip or queue"},
      {"[schedule.x]\ncron = 5\njob = \"run\"\n", ":2: schedule.x.cron: expected a string"},
      {"[schedule.x]\ncron = \"0 1 * * *\"\njob = \"run\"\nwhen = 1\n",
       ":4: schedule.x.when: unknown key"},
      {"[schedule.\"a b\"]\ncron = \"0 1 * * *\"\n", "schedule.a b.cron: a schedule name"},
  };
  for (const auto& c : cases) {
    write_file(dir.file("q.toml"), c.section);
    ConfigSources sources;
    sources.file = dir.file("q.toml");
    const std::string error = error_of(sources);
    EXPECT_NE(error.find(c.expected), std::string::npos) << c.section << "\n-> " << error;
  }
  ConfigSources flags;
  flags.file = std::nullopt;
  flags.overrides = {{"schedule.hourly.cron", "every hour"}};
  EXPECT_NE(error_of(flags).find("flag: schedule.hourly.cron: cron expression 'every hour'"),
            std::string::npos)
      << error_of(flags);
  EXPECT_THROW(check_setting("schedule.hourly.catchup_max", "many"), Error);
  EXPECT_NO_THROW(check_setting("schedule.hourly.catchup_max", "5"));
}

TEST(Config, AssetTypeFollowsTheConfiguredLists) {
  ConfigSources sources;
  sources.file = std::nullopt;
  sources.overrides = {{"symbols.crypto", "SOLANA"}};
  const Config config = load_config(sources);
  EXPECT_EQ(config.asset_type_of("SOLANA"), AssetType::crypto);
  EXPECT_EQ(config.asset_type_of("EURUSD"), AssetType::forex);
  EXPECT_EQ(config.asset_type_of("XYZ"), AssetType::stock);
}

}  // namespace
}  // namespace quantloop
