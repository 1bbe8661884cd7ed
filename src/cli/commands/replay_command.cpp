#include <fmt/format.h>
#include <fmt/ranges.h>

#include <chrono>
#include <iostream>
#include <memory>
#include <set>
#include <thread>

#include "cli/arguments.h"
#include "cli/commands/commands.h"
#include "cli/output.h"
#include "cli/validators.h"
#include "core/asset_type.h"
#include "core/error.h"
#include "core/interrupt.h"
#include "signals/pair_signals.h"
#include "signals/replay_feed.h"

namespace quantloop::cli {

namespace {

struct ReplayArgs {
  std::string symbols, from, to, speed = "0";
  bool json = false;
};

}  // namespace

void add_replay_command(CLI::App& app, Context& context) {
  auto args = std::make_shared<ReplayArgs>();
  auto* replay = app.add_subcommand(
      "replay",
      "Seed 004's data replayer: stored bars replayed as a live feed in time order, the pair "
      "signals and paper trades run at each bar's close (pairs signals --at); nothing after a "
      "step's clock is read. A symbol without bars in the window is fed its proxy's "
      "(replay.proxy) scaled to its reference price (replay.reference_prices, else its last "
      "stored close), marked proxy in every output and row");
  replay->add_option("--symbols", args->symbols,
                     "Symbols to feed (default: the active pairs' and replay.symbols)");
  replay->add_option("--from", args->from, "First bar, UTC (default: the latest scan's clock)")
      ->check(utc_time());
  replay->add_option("--to", args->to, "Last bar, UTC (default: now)")->check(utc_time());
  replay
      ->add_option("--speed", args->speed,
                   "Times real time, as 60x (a minute per second); 0 replays as fast as possible")
      ->capture_default_str();
  replay->add_flag("--json", args->json,
                   "Print each step's JSON document: the bars fed (each real or proxy), the "
                   "signals and the open trades");
  replay->callback([&context, args] {
    context.begin();
    const double speed = speed_of("--speed", args->speed);
    auto store = context.open_store(Store::OpenMode::existing);
    const Config& config = context.config();
    UnixSeconds from = 0;
    if (!args->from.empty()) {
      from = *parse_timestamp(args->from);
    } else if (const auto latest = store->active_pairs(kEndOfTime); !latest.empty()) {
      from = latest.front().scan_as_of;
    } else {
      usage_error("--from", "is needed when no pair is active");
    }
    const UnixSeconds to = args->to.empty() ? now_utc() : *parse_timestamp(args->to);
    if (from >= to) usage_error("--from", "must be before --to");
    // Each step trades the pairs active at its clock: those of the scan in force at --from and
    // of every scan made during the replay.
    std::vector<ActivePair> traded = store->active_pairs(from);
    for (const PairScan& scan : store->pair_scans(from)) {
      if (scan.as_of <= from || scan.as_of > to) continue;
      for (ActivePair& p : store->active_pairs(scan.as_of))
        traded.push_back(std::move(p));
    }
    std::vector<std::string> symbols;
    if (!args->symbols.empty()) {
      for (const std::string& s : split_list(args->symbols))
        symbols.push_back(canonical_symbol(s));
    } else {
      for (const ActivePair& p : traded) {
        for (const std::string& s : {p.candidate.y, p.candidate.x}) {
          if (std::find(symbols.begin(), symbols.end(), s) == symbols.end()) symbols.push_back(s);
        }
      }
      symbols.insert(symbols.end(), config.replay.symbols.begin(), config.replay.symbols.end());
    }
    if (symbols.empty()) {
      throw Error(
          "nothing to replay: no pair active from --from to --to (quantloop pairs scan), no "
          "--symbols and no replay.symbols");
    }
    const Interval interval =
        Interval::parse(traded.empty() ? config.pairs.interval : traded.front().interval);
    signals::ReplayFeed feed(*store, symbols, interval, from, to, config.replay);
    for (const auto& s : feed.sources()) {
      if (s.proxy.empty()) continue;
      std::cerr << fmt::format(
          "{}: no {} bar from {} to {}: fed PROXY {}'s bars x {:.6g} (reference price {:.6g}); "
          "marked proxy\n",
          s.symbol, interval.name(), format_iso8601(from), format_iso8601(to), s.proxy, s.scale,
          s.reference_price);
    }
    std::size_t steps = 0, signals = 0, opened = 0, closed = 0;
    double realized = 0;
    for (const auto& [clock, bars] : feed.steps()) {
      if (interrupt_requested()) throw Interrupted();
      ++steps;
      if (store->active_pairs(clock).empty() && store->open_trades().empty()) {
        // A feed without pairs to trade: the bars alone.
        if (args->json) print_signals(std::cout, signals::SignalsRun{}, clock, true, &bars);
      } else {
        const auto run = signals::run_pair_signals(*store, config.pairs, clock, &feed);
        signals += run.batch.signals.size();
        opened += run.batch.opened.size();
        for (const PaperTrade& t : run.batch.updated) {
          if (t.status == "CLOSED") {
            ++closed;
            realized += t.pnl;
          }
        }
        if (args->json || !run.batch.signals.empty())
          print_signals(std::cout, run, clock, args->json, &bars);
      }
      if (speed > 0) {
        std::this_thread::sleep_for(
            std::chrono::duration<double>(double(interval.seconds()) / speed));
      }
    }
    if (steps == 0) {
      throw Error(fmt::format("no {} bar of {} from {} to {}", interval.name(),
                              fmt::join(symbols, ","), format_iso8601(from), format_iso8601(to)));
    }
    std::cerr << fmt::format(
        "replayed {} {} bar closes from {} to {}: {} signals, {} paper trades opened, {} closed "
        "(realized PnL {:.4f})\n",
        steps, interval.name(), format_iso8601(feed.steps().begin()->first),
        format_iso8601(feed.steps().rbegin()->first), signals, opened, closed, realized);
  });
}

}  // namespace quantloop::cli
