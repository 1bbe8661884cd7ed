#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/asset_type.h"

namespace quantloop {

// Effective settings of one quantloop invocation. Defaults are the seeds' values; each is
// overridden, in order, by the configuration file (quantloop.toml), by an environment
// variable QUANTLOOP_<SECTION>_<KEY> (e.g. QUANTLOOP_DATABASE_URL), and by command-line flags
// (--db, --set key=value).

struct DatabaseConfig {
  // A SQLite file path (relative to the working directory) or a postgresql:// URL.
  std::string url = "quantloop.db";
};

struct SymbolsConfig {
  std::vector<std::string> stocks{"AAPL", "MSFT", "GOOGL", "AMZN", "TSLA",
                                  "NVDA", "META", "NFLX",  "AMD",  "INTC"};
  std::vector<std::string> forex{"EURUSD", "GBPUSD", "USDJPY", "AUDUSD", "USDCAD"};
  std::vector<std::string> crypto{};
};

struct IntervalsConfig {
  std::string hourly = "1h";  // bars the hourly and incremental modes train on
  std::string full = "1d";    // bars the full mode trains on
};

struct ScheduleConfig {
  int hourly_first_hour_utc = 9;  // hourly mode runs at these UTC hours, inclusive
  int hourly_last_hour_utc = 19;
  int full_hour_utc = 20;  // full mode runs once a day at this hour
};

// A `[schedule.NAME]` section: a quantloop command that runs by itself when its cron
// expression fires (quantloop daemon, quantloop schedule show/export).
struct NamedSchedule {
  std::string name;
  std::string cron;                // five fields, read in `timezone`'s wall clock
  std::string timezone = "UTC";    // an IANA zone name
  std::string job;                 // the command line it runs, e.g. "train --mode hourly"
  std::string catchup = "latest";  // missed fires after downtime: latest (one run) | none | all
  int catchup_max = 24;            // with catchup = "all": at most this many runs
  std::string overlap = "skip";    // a fire while the last run is under way: skip | queue
  bool enabled = true;
  std::map<std::string, std::string> origins;  // field -> where its value came from
};

// Seeds 000/001: the hourly job 09-19 UTC, the full retrain at 20 UTC (fetch, train, promote).
// With crypto symbols configured, load_config adds seed 003's crypto_incremental (every 6 h),
// crypto_full (Sundays 02:00) and crypto_predictions (01:55).
std::vector<NamedSchedule> default_schedules();

struct TrainingConfig {
  std::string model = "gru";          // gru | gbdt | linear
  std::string models_dir = "models";  // saved models live under this directory
  int hourly_window_days = 30;        // the hourly mode's recent window
  int hourly_epochs = 5;
  int full_epochs = 100;
  std::string full_range = "2y";  // look-back of the full mode
  int incremental_epochs = 5;
  int incremental_replay_days = 30;  // older bars replayed so an update does not forget
  int early_stopping_patience = 10;
  // Chronological segments at the end of the window: validation chooses the model (epoch),
  // test only reports (model_metadata's metrics are the test segment's).
  double validation_fraction = 0.15;
  double test_fraction = 0.15;
  int batch_symbols = 25;  // seed 003: symbols per batch
  int workers = 0;         // 0 = one per core
};

struct GruConfig {
  int hidden_size = 64;
  int layers = 2;
  double dropout = 0.2;
  int sequence_length = 30;
  double learning_rate = 1e-3;
  int batch_size = 64;  // samples per optimiser step
  // Consecutive training samples that share one window of sequence_length - 1 + N rows, each
  // scored at its own step (truncated backpropagation through time): about (sequence_length - 1
  // + N) / N steps of arithmetic a sample instead of sequence_length, every sample still seeing at
  // least sequence_length rows. 1: a window per sample, the seeds' way. Native backend only.
  int samples_per_sequence = 1;
};

struct YahooConfig {
  std::string base_url = "https://query1.finance.yahoo.com";
  double timeout_seconds = 30;
  int max_retries = 4;
  double backoff_initial_seconds = 1.0;  // doubled per retry, with full jitter
  double requests_per_second = 2.0;
};

// The gate a new model passes to become its series' champion (issue 8).
struct PromotionConfig {
  std::string metric = "log_loss";  // log_loss | sharpe (of trading the predicted direction)
  double max_pvalue = 0.10;         // one-sided Diebold-Mariano test: the challenger is better
  int min_rows = 30;                // fewer evaluation rows: deferred, the challenger in shadow
  double cost_bps = 5.0;            // per change of position, for the sharpe metric
  int rollback_window = 50;         // live predictions compared for an automatic rollback
};

struct RegistryConfig {
  int keep_versions = 10;   // newest versions of each series gc keeps
  int retention_days = 90;  // and every version that was champion within this many days
};

struct ServeConfig {
  std::string host = "127.0.0.1";
  int port = 8080;
  std::string token;                     // Bearer token of the POST endpoints; empty: disabled
  int cache_ttl_seconds = 3600;          // seed 003: predictions are fresh for an hour ...
  int full_retrain_ttl_seconds = 86400;  // ... and for a day while a full retrain runs
  int top = 20;                          // GET /v1/predictions without ?top= (at most 1,000)
  int max_loaded_models = 256;  // models a server keeps unpacked; the least recently used go
  int live_window = 500;        // a champion's latest resolved predictions the dashboard scores
};

// The job queue and its workers (issue 9).
struct JobsConfig {
  int lease_seconds = 60;        // a worker renews its jobs' leases every third of this
  int max_attempts = 3;          // claims of a job before it is failed
  int retry_base_seconds = 30;   // the first retry's backoff, doubled for each later one ...
  int retry_max_seconds = 3600;  // ... up to this; each with equal jitter
  std::string log_dir = "logs";  // quantloop.log (daemon, workers), jobs/job-ID.log (each job)
  int retention_days = 0;  // the daemon's cleaner deletes jobs finished longer ago; 0 keeps all
};

// Seed 002's ICT concepts (quantloop concepts, the scanner): concepts/concepts.h defines them.
struct ConceptsConfig {
  int swing_length = 5;    // bars on each side of a swing
  double fvg_min_atr = 0;  // the smallest fair value gap kept, in ATRs
  int max_age_bars = 100;  // gaps and order blocks older than this are not active
};

// Seed 002's scanner (quantloop scanner): every every_seconds, the concepts of each symbol's
// timeframes, its confluence signals and their paper trades (scanner/ defines them).
struct ScannerWeights {
  double bias = 0.25;         // the bias timeframe's market structure points the signal's way
  double structure = 0.20;    // a structure event of that direction in the entry's last 10 bars
  double order_block = 0.20;  // the entry's close inside an active block of that direction
  double fvg = 0.15;          // an active gap of that direction within an ATR of the close
  double sweep = 0.10;        // a sweep of that direction in the entry's last 10 bars
  double kill_zone = 0.10;    // the entry bar opened in a kill zone
};

struct ScannerConfig {
  std::vector<std::string> symbols{"BTC-USD", "ETH-USD", "SOL-USD",
                                   "XRP-USD", "ADA-USD", "DOGE-USD"};
  std::vector<std::string> timeframes{"1m", "5m", "15m", "1h", "4h"};
  int every_seconds = 30;
  int lookback_bars = 500;
  std::string entry_timeframe = "5m";
  std::string bias_timeframe = "1h";
  double min_confluence = 0.75;
  double stop_atr = 1.5;                     // the stop, in entry-timeframe ATRs from the entry
  double reward_risk = 2;                    // the target, in multiples of the stop's distance
  int max_hold_bars = 48;                    // entry-timeframe bars before a paper trade expires
  double risk_per_trade = 1000;              // currency lost at the stop: sizes a paper trade
  std::string reference_symbol = "BTC-USD";  // btc_correlation's ("" for none)
  std::vector<std::string> sector{"BTC-USD", "ETH-USD", "SOL-USD",
                                  "XRP-USD", "ADA-USD", "DOGE-USD"};  // sector_momentum's peers
  ScannerWeights weights;
};

// Seed 004's daily pair identification (issue 10): the scan's window and gates, and its
// symbol universes by sector (technology active, healthcare and financial ready).
struct PairsConfig {
  int lookback_days = 60;
  std::string interval = "1d";
  double min_correlation = 0.8;
  double max_coint_pvalue = 0.05;
  double min_score = 0.7;
  std::string correlate = "prices";  // prices | log_returns
  std::string universe = "technology";
  // The GRU per pair (pairs train): bars of its history, and its target: the spread's |z|
  // falls to at most reversion_share of today's within target_horizon bars.
  int train_lookback_days = 730;
  int target_horizon = 5;
  double reversion_share = 0.5;
  // pairs signals: thresholds of |z| on the formation's spread mean and deviation, the risk a
  // position is sized to (currency lost at its stop), the limits, and the bars of the rolling
  // correlation that deactivates a pair below min_correlation.
  double entry_z = 2.0;
  double exit_z = 0.5;
  double stop_z = 4.0;
  double risk_per_pair = 1000;
  int max_open_pairs = 5;
  double max_gross_exposure = 1000000;
  int drift_window = 60;
  std::vector<std::string> technology{"AAPL", "AMZN", "GOOGL", "IBM", "INTC", "MSFT"};
  std::vector<std::string> healthcare{"JNJ", "PFE"};
  std::vector<std::string> financial{"BAC", "JPM"};
  // The symbols of universe `name` (technology, healthcare or financial); throws Error otherwise.
  const std::vector<std::string>& symbols_of(std::string_view name) const;
};

// Seed 004's data replayer (decision 10): symbols to feed besides the active pairs', and the
// stand-in whose bars, scaled to a reference price, replace a symbol without bars.
struct ReplayConfig {
  std::vector<std::string> symbols;
  std::string proxy = "AAPL";
  // "SYMBOL=PRICE": the price the proxy's bars are scaled to for SYMBOL. Without one, the
  // symbol's last stored close before the replay; without that, the replay refuses.
  std::vector<std::string> reference_prices;
  // The configured reference price of `symbol`, if any.
  std::optional<double> reference_price(std::string_view symbol) const;
};

struct Config {
  DatabaseConfig database;
  SymbolsConfig symbols;
  IntervalsConfig intervals;
  ScheduleConfig schedule;
  TrainingConfig training;
  GruConfig gru;
  YahooConfig yahoo;
  PromotionConfig promotion;
  RegistryConfig registry;
  ServeConfig serve;
  JobsConfig jobs;
  PairsConfig pairs;
  ConceptsConfig concepts;
  ScannerConfig scanner;
  ReplayConfig replay;
  std::vector<NamedSchedule> schedules = default_schedules();  // by name

  // Where each key's value came from: "default", "FILE:LINE", "environment QUANTLOOP_X",
  // "flag". Keys are dotted ("database.url").
  std::map<std::string, std::string> origins;

  // Every configured symbol, stocks first, then forex, then crypto.
  std::vector<std::string> all_symbols() const;
  // The asset class of a symbol: the list it is configured in, else classify_symbol().
  AssetType asset_type_of(std::string_view symbol) const;
  // The configuration as TOML, each value commented with its origin; database passwords are
  // masked unless `show_secrets`.
  std::string to_toml(bool show_secrets = false) const;
};

struct ConfigSources {
  // An explicit file (--config); it must exist. Otherwise QUANTLOOP_CONFIG names one, and
  // otherwise ./quantloop.toml is read when present.
  std::optional<std::string> file;
  // The environment to read QUANTLOOP_* variables from (name -> value).
  std::map<std::string, std::string> environment;
  // "key=value" overrides from flags, applied last, in order.
  std::vector<std::pair<std::string, std::string>> overrides;
};

// The process environment as a map, for ConfigSources::environment.
std::map<std::string, std::string> process_environment();

// Builds the effective configuration. Throws Error naming the file, line and key (or the
// environment variable, or the flag) for an unknown key, a value of the wrong type or out of
// range, or a file that cannot be read or parsed.
Config load_config(const ConfigSources& sources);

// The dotted names of every setting, in file order.
std::vector<std::string> config_keys();

// Checks one "key = value" as --set gives it, without reading any file: throws Error naming the
// key when it is unknown or the value is of the wrong type or out of range.
void check_setting(std::string_view key, std::string_view value);

}  // namespace quantloop
