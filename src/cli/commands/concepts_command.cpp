#include <fmt/format.h>

#include <algorithm>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/commands/commands.h"
#include "cli/output.h"
#include "cli/validators.h"
#include "concepts/concepts_json.h"
#include "core/asset_type.h"
#include "core/error.h"
#include "data/series_loader.h"
#include "scanner/resample.h"
#include "scanner/symbol_windows.h"

namespace quantloop::cli {

namespace {

struct ConceptsArgs {
  std::string symbol, file, interval = "1h", from, to;
  bool json = false;
};

// The bars between --from and --to (inclusive; complete ones only from the store).
BarSeries window_of(BarSeries series, UnixSeconds from, UnixSeconds to) {
  std::erase_if(series.bars, [&](const Bar& b) { return b.time < from || b.time > to; });
  return series;
}

}  // namespace

void add_concepts_command(CLI::App& app, Context& context) {
  auto args = std::make_shared<ConceptsArgs>();
  auto* command = app.add_subcommand(
      "concepts",
      "Seed 002's ICT concepts of one series, causal (nothing at a bar depends on a later bar): "
      "swings, breaks of structure and changes of character, liquidity sweeps, fair value gaps, "
      "order blocks, and each bar's structure, session, kill zone, previous day and week levels "
      "and rolling context ([concepts] in quantloop.toml)");
  auto* symbol = command->add_option("--symbol", args->symbol, "A stored symbol");
  command->add_option("--file", args->file, "A bar file of any format ingest reads, instead")
      ->excludes(symbol);
  auto* interval_option =
      command
          ->add_option("--interval", args->interval,
                       "Interval of the bars (one not stored, or coarser than a file's, is "
                       "resampled from the finest stored or the file's)")
          ->capture_default_str()
          ->check(interval_name());
  command->add_option("--from", args->from, "First bar, UTC (default: the first)")
      ->check(utc_time());
  command->add_option("--to", args->to, "Last bar, UTC (default: the last complete)")
      ->check(utc_time());
  command->add_flag("--json", args->json, "Print every concept and every bar as JSON");
  command->callback([&context, args, interval_option] {
    context.begin();
    if (args->symbol.empty() && args->file.empty()) usage_error("--symbol", "or --file is needed");
    const UnixSeconds from = args->from.empty() ? 0 : *parse_timestamp(args->from);
    const UnixSeconds to = args->to.empty() ? kEndOfTime : *parse_timestamp(args->to);
    if (from > to) usage_error("--from", "must be at or before --to");
    BarSeries series;
    if (!args->file.empty()) {
      series = load_file_bars(args->file);
      const Interval wanted = Interval::parse(args->interval);
      if (interval_option->count() > 0 && wanted != series.interval) {
        if (!scanner::resamples_from(wanted, series.interval)) {
          throw Error(fmt::format("{}: its bars are {}; --interval {} cannot be made from them",
                                  args->file, series.interval.name(), wanted.name()));
        }
        series.bars = scanner::resample(series.bars, series.interval, wanted, now_utc());
        series.interval = wanted;
      }
    } else {
      auto store = context.open_store(Store::OpenMode::existing);
      const std::string symbol = canonical_symbol(args->symbol);
      const Interval interval = Interval::parse(args->interval);
      series = store->read_bars(symbol, interval, from, to);
      const auto stored = scanner::stored_intervals(*store, symbol, kEndOfTime);
      if (series.bars.empty() &&
          std::find(stored.begin(), stored.end(), interval) == stored.end() && !stored.empty() &&
          scanner::resamples_from(interval, stored.front())) {
        // Not stored: made from the finest stored interval, as the scanner does.
        const Interval fine = stored.front();
        BarSeries fine_bars = store->read_bars(symbol, fine, scanner::bucket_start(from, interval),
                                               to == kEndOfTime ? to : to + interval.seconds() - 1);
        series.symbol = symbol;
        series.asset_type = fine_bars.asset_type;
        series.interval = interval;
        series.bars = scanner::resample(fine_bars.bars, fine, interval, now_utc());
        std::cerr << fmt::format("{} {}: not stored, resampled from its {} bars\n", symbol,
                                 interval.name(), fine.name());
      } else if (series.bars.empty() && !stored.empty() &&
                 std::find(stored.begin(), stored.end(), interval) == stored.end()) {
        std::vector<std::string> names;
        for (const Interval iv : stored)
          names.emplace_back(iv.name());
        throw Error(fmt::format(
            "{}: no {} bars stored, and they cannot be made from its finest stored interval, {} "
            "(stored: {})",
            symbol, interval.name(), stored.front().name(), fmt::join(names, ", ")));
      }
    }
    // A bar counts only once complete: a file saved mid-bar ends with one that is not.
    const UnixSeconds last_complete = std::min(to, series.interval.last_complete_open(now_utc()));
    series = window_of(std::move(series), from, last_complete);
    if (series.bars.empty()) {
      throw Error(fmt::format("{}: no bars from {} to {}",
                              args->file.empty() ? canonical_symbol(args->symbol) : args->file,
                              format_iso8601(from), args->to.empty() ? "now" : args->to));
    }
    const ConceptsConfig& config = context.config().concepts;
    const concepts::Concepts found = concepts::compute_concepts(
        series, {config.swing_length, config.fvg_min_atr, config.max_age_bars});
    if (args->json) {
      std::cout << concepts::to_json(found, series).dump() << '\n';
      return;
    }
    std::cout << fmt::format(
        "{} {}: {} bars from {} to {}: {} swings, {} breaks of structure or changes of "
        "character, {} sweeps, {} fair value gaps, {} order blocks\n",
        series.symbol, series.interval.name(), series.bars.size(),
        format_utc(series.bars.front().time), format_utc(series.bars.back().time),
        found.swings.size(), found.structure.size(), found.sweeps.size(), found.fvgs.size(),
        found.order_blocks.size());
    const nlohmann::json last = concepts::to_json(found, series)["bars"].back();
    ResultTable table{{"at the last bar", "value"}, {}};
    for (const auto& [key, value] : last.items())
      table.rows.push_back({key, value.is_string() ? value.get<std::string>() : value.dump()});
    print_table(std::cout, table);
  });
}

}  // namespace quantloop::cli
