#include <fmt/format.h>

#include <chrono>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>

#include "cli/commands/commands.h"
#include "cli/output.h"
#include "cli/validators.h"
#include "core/interrupt.h"
#include "signals/pair_signals.h"
#include "signals/replay_feed.h"
#include "signals/watch_clock.h"

namespace quantloop::cli {

namespace {

using nlohmann::json;

struct SignalsArgs {
  std::string at;
  bool json = false, market_hours = false;
};

struct WatchArgs {
  int every = 300;
  std::string until;
  bool json = false;
};

json signal_json(const TradingSignal& s) {
  return {{"signal_id", s.signal_id},
          {"symbol", s.symbol},
          {"direction", s.direction},
          {"status", s.status},
          {"reason", s.reason},
          {"entry_time", format_iso8601(s.entry_time)},
          {"spread", finite_json(s.entry_price)},
          {"zscore", finite_json(s.zscore)},
          {"stop_loss", finite_json(s.stop_loss)},
          {"take_profit", finite_json(s.take_profit)},
          {"quantity", finite_json(s.quantity)},
          {"confidence", finite_json(s.confluence_score / 100)},
          {"reversion_probability", finite_json(s.reversion_probability)},
          {"garch_sigma", finite_json(s.garch_sigma)},
          {"market_regime", s.market_regime},
          {"data_source", s.data_source}};
}

}  // namespace

void print_signals(std::ostream& out, const signals::SignalsRun& run, UnixSeconds at, bool as_json,
                   const std::vector<signals::FedBar>* fed) {
  if (as_json) {
    json j = {{"at", format_iso8601(at)},
              {"signals", json::array()},
              {"open_trades", json::array()},
              {"notes", run.notes}};
    for (const auto& s : run.batch.signals)
      j["signals"].push_back(signal_json(s));
    for (const auto& t : run.open) {
      j["open_trades"].push_back({{"symbol", t.symbol},
                                  {"direction", t.direction},
                                  {"entry", t.entry_price},
                                  {"current", t.current_price},
                                  {"quantity", t.quantity},
                                  {"pnl", t.pnl},
                                  {"data_source", t.data_source}});
    }
    if (fed) {
      j["bars"] = json::array();
      for (const auto& b : *fed) {
        j["bars"].push_back({{"symbol", b.symbol},
                             {"time", format_iso8601(b.bar.time)},
                             {"open", b.bar.open},
                             {"high", b.bar.high},
                             {"low", b.bar.low},
                             {"close", b.bar.close},
                             {"volume", b.bar.volume},
                             {"data_source", b.proxy ? "proxy" : "real"}});
      }
    }
    out << j.dump(2) << '\n';
    return;
  }
  ResultTable signals{{"time", "pair", "direction", "status", "z", "spread", "stop", "take_profit",
                       "quantity", "confidence", "source", "reason"},
                      {}};
  for (const auto& s : run.batch.signals) {
    signals.rows.push_back({format_utc(s.entry_time), s.symbol, s.direction, s.status,
                            finite_cell(s.zscore), finite_cell(s.entry_price),
                            finite_cell(s.stop_loss), finite_cell(s.take_profit),
                            finite_cell(s.quantity), finite_cell(s.confluence_score / 100),
                            s.data_source, s.reason.empty() ? Value{} : Value{s.reason}});
  }
  out << fmt::format("pair signals at {}: {} signal{}, {} trade{} opened, {} deactivated\n",
                     format_iso8601(at), run.batch.signals.size(),
                     run.batch.signals.size() == 1 ? "" : "s", run.batch.opened.size(),
                     run.batch.opened.size() == 1 ? "" : "s", run.batch.deactivated.size());
  if (!signals.rows.empty()) print_table(out, signals, "SIGNALS (seed 002's signals)");
  ResultTable trades{{"pair", "direction", "entry", "current", "quantity", "pnl", "source"}, {}};
  for (const auto& t : run.open) {
    trades.rows.push_back({t.symbol, t.direction > 0 ? "long" : "short", t.entry_price,
                           t.current_price, t.quantity, t.pnl, t.data_source});
  }
  if (!trades.rows.empty()) print_table(out, trades, "OPEN PAPER TRADES (seed 002's trades)");
  for (const auto& note : run.notes)
    out << "note: " << note << '\n';
}

void add_pairs_signals_command(CLI::App& pairs_command, Context& context) {
  auto* pairs = &pairs_command;
  auto signals_args = std::make_shared<SignalsArgs>();
  auto* signals = pairs->add_subcommand(
      "signals",
      "Seed 004's model 2 at --at: entry and exit signals of the active pairs from the spread's "
      "z-score, the GARCH forecast and the pair GRU, sized to pairs.risk_per_pair, within the "
      "limits; pairs whose correlation drifted are deactivated; paper trades opened, marked and "
      "closed; all recorded in seed 002's signals and trades");
  signals->add_option("--at", signals_args->at, "The clock, UTC (default: now)")->check(utc_time());
  signals->add_flag("--json", signals_args->json, "Print JSON for programs");
  signals->add_flag("--market-hours", signals_args->market_hours,
                    "Outside an NYSE regular session (holidays, early closes, daylight saving "
                    "included) do nothing and succeed: for a schedule such as */5 9-16 * * 1-5 "
                    "America/New_York");
  signals->callback([&context, signals_args] {
    context.begin();
    const UnixSeconds at =
        signals_args->at.empty() ? now_utc() : *parse_timestamp(signals_args->at);
    if (signals_args->market_hours && !signals::in_watch_hours(at)) {
      std::cerr << fmt::format("{} is outside NYSE trading hours: no pair signals run\n",
                               format_iso8601(at));
      return;
    }
    auto store = context.open_store(Store::OpenMode::existing);
    const auto run = signals::run_pair_signals(*store, context.config().pairs, at);
    print_signals(std::cout, run, at, signals_args->json);
  });

  auto watch_args = std::make_shared<WatchArgs>();
  auto* watch = pairs->add_subcommand(
      "watch",
      "Runs pairs signals every --every seconds of NYSE trading hours (09:30-16:00 New York, "
      "holidays and early closes skipped) until stopped (Ctrl-C, SIGTERM) or --until; a run "
      "that fails (no active pair yet) is reported and the watch goes on");
  watch->add_option("--every", watch_args->every, "Seconds between runs, on the clock's multiples")
      ->capture_default_str()
      ->check(CLI::Range(60, 86400));
  watch->add_option("--until", watch_args->until, "Stop after the last run before this, UTC")
      ->check(utc_time());
  watch->add_flag("--json", watch_args->json, "Print each run's JSON document");
  watch->callback([&context, watch_args] {
    context.begin();
    const std::optional<UnixSeconds> until =
        watch_args->until.empty() ? std::nullopt : parse_timestamp(watch_args->until);
    auto store = context.open_store(Store::OpenMode::existing);
    while (true) {
      const UnixSeconds tick = signals::next_watch_tick(now_utc(), watch_args->every);
      if (until && tick > *until) break;
      std::cerr << fmt::format("next pair signals at {}\n", format_iso8601(tick));
      while (now_utc() < tick) {
        if (interrupt_requested()) throw Interrupted();
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
      }
      try {
        print_signals(std::cout, signals::run_pair_signals(*store, context.config().pairs, tick),
                      tick, watch_args->json);
      } catch (const Interrupted&) {
        throw;
      } catch (const Error& e) {
        std::cerr << fmt::format("pair signals at {}: {}\n", format_iso8601(tick), e.what());
      }
      std::cout.flush();
    }
    std::cerr << "watch ends: the next run would be after --until\n";
  });
}

}  // namespace quantloop::cli
