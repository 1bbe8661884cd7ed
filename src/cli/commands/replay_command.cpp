#include <fmt/format.h>

#include <chrono>
#include <iostream>
#include <memory>
#include <set>
#include <thread>

#include "cli/commands/commands.h"
#include "cli/output.h"
#include "cli/validators.h"
#include "core/error.h"
#include "core/interrupt.h"
#include "signals/pair_signals.h"

namespace quantloop::cli {

namespace {

struct ReplayArgs {
  std::string from, to;
  double speed = 0;
  bool json = false;
};

}  // namespace

void add_replay_command(CLI::App& app, Context& context) {
  auto args = std::make_shared<ReplayArgs>();
  auto* replay = app.add_subcommand(
      "replay",
      "Seed 004's data replayer: stored bars of the active pairs' symbols replayed as a live "
      "feed, the pair signals and paper trades run at each bar's close (pairs signals --at) in "
      "time order; nothing after a step's clock is read");
  replay->add_option("--from", args->from, "First bar, UTC")->required()->check(utc_time());
  replay->add_option("--to", args->to, "Last bar, UTC")->required()->check(utc_time());
  replay
      ->add_option("--speed", args->speed,
                   "Times real time (60: a minute per second); 0, the default, as fast as "
                   "possible")
      ->check(CLI::Range(0.0, 1e9));
  replay->add_flag("--json", args->json, "Print each step's JSON document");
  replay->callback([&context, args] {
    context.begin();
    const UnixSeconds from = *parse_timestamp(args->from), to = *parse_timestamp(args->to);
    if (from >= to) usage_error("--from", "must be before --to");
    auto store = context.open_store(Store::OpenMode::existing);
    const auto active = store->active_pairs();
    if (active.empty()) throw Error("no active pair to replay: run quantloop pairs scan first");
    const Interval interval = Interval::parse(active.front().interval);
    std::set<UnixSeconds> closes;
    for (const ActivePair& p : active) {
      for (const std::string& symbol : {p.candidate.y, p.candidate.x}) {
        for (const Bar& bar : store->read_bars(symbol, interval, from, to).bars)
          closes.insert(bar.time + interval.seconds());
      }
    }
    if (closes.empty()) {
      throw Error(fmt::format("no {} bar of the active pairs' symbols from {} to {}",
                              interval.name(), format_iso8601(from), format_iso8601(to)));
    }
    std::size_t steps = 0, signals = 0, opened = 0, closed = 0;
    double realized = 0;
    for (UnixSeconds clock : closes) {
      if (interrupt_requested()) throw Interrupted();
      const auto run = signals::run_pair_signals(*store, context.config().pairs, clock);
      ++steps;
      signals += run.batch.signals.size();
      opened += run.batch.opened.size();
      for (const PaperTrade& t : run.batch.updated) {
        if (t.status == "CLOSED") {
          ++closed;
          realized += t.pnl;
        }
      }
      if (args->json) {
        print_signals(std::cout, run, clock, true);
      } else if (!run.batch.signals.empty()) {
        print_signals(std::cout, run, clock, false);
      }
      if (args->speed > 0) {
        std::this_thread::sleep_for(
            std::chrono::duration<double>(double(interval.seconds()) / args->speed));
      }
      if (store->active_pairs().empty() && store->open_trades().empty()) break;
    }
    std::cerr << fmt::format(
        "replayed {} {} bar closes from {} to {}: {} signals, {} paper trades opened, {} closed "
        "(realized PnL {:.4f})\n",
        steps, interval.name(), format_iso8601(*closes.begin()), format_iso8601(*closes.rbegin()),
        signals, opened, closed, realized);
  });
}

}  // namespace quantloop::cli
