#include <fmt/format.h>

#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/commands/commands.h"
#include "cli/output.h"
#include "cli/validators.h"
#include "core/error.h"
#include "core/interrupt.h"
#include "data/quality_check.h"

namespace quantloop::cli {

namespace {

struct CheckArgs {
  std::string symbol;
  std::string interval;
  OutputFormat format = OutputFormat::table;
};

nlohmann::json outliers_json(const std::vector<Outlier>& outliers) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& o : outliers) {
    list.push_back({{"time", format_utc(o.time)}, {"value", o.value}, {"robust_z", o.robust_z}});
  }
  return list;
}

}  // namespace

void add_check_command(CLI::App& app, Context& context) {
  auto args = std::make_shared<CheckArgs>();
  auto* check =
      app.add_subcommand("check",
                         "Check stored series: bar counts, date ranges, gaps against the exchange "
                         "calendar, suspicious price jumps and volume spikes");
  check->add_option("--symbol", args->symbol, "Only this symbol");
  check->add_option("--interval", args->interval, "Only this interval")->check(interval_name());
  add_format_flags(check, args->format, false);
  check->callback([&context, args] {
    context.begin();
    auto store = context.open_store(Store::OpenMode::existing);
    ResultTable table{{"symbol", "interval", "type", "bars", "first", "last", "expected", "missing",
                       "off_calendar", "jumps", "volume_spikes", "zero_volume"},
                      {}};
    nlohmann::json json = nlohmann::json::array();
    std::vector<std::string> details;
    for (const auto& summary : store->list_series()) {
      if (!args->symbol.empty() && summary.symbol != canonical_symbol(args->symbol)) continue;
      if (!args->interval.empty() && summary.interval != args->interval) continue;
      throw_if_interrupted();
      const auto series = store->read_bars(summary.symbol, Interval::parse(summary.interval),
                                           summary.first, summary.last);
      const SeriesQuality q = check_series(series);
      table.rows.push_back({summary.symbol, summary.interval, summary.asset_type, q.bars,
                            format_utc(q.first), format_utc(q.last), q.expected_bars,
                            q.missing_bars, q.off_calendar_bars, std::int64_t(q.price_jumps.size()),
                            std::int64_t(q.volume_spikes.size()), q.zero_volume_bars});
      nlohmann::json gaps = nlohmann::json::array();
      for (const auto& gap : q.longest_gaps) {
        gaps.push_back(
            {{"from", format_utc(gap.from)}, {"to", format_utc(gap.to)}, {"bars", gap.bars}});
        details.push_back(fmt::format("{} {}: {} missing bars from {} to {}", summary.symbol,
                                      summary.interval, gap.bars, format_utc(gap.from),
                                      format_utc(gap.to)));
      }
      for (const auto& jump : q.price_jumps) {
        details.push_back(fmt::format(
            "{} {}: price jump at {}: log return {:+.4f} ({:.1f} robust sigma)", summary.symbol,
            summary.interval, format_utc(jump.time), jump.value, jump.robust_z));
      }
      for (const auto& spike : q.volume_spikes) {
        details.push_back(fmt::format("{} {}: volume spike at {}: {:.0f} ({:.1f} robust sigma)",
                                      summary.symbol, summary.interval, format_utc(spike.time),
                                      spike.value, spike.robust_z));
      }
      json.push_back({{"symbol", summary.symbol},
                      {"interval", summary.interval},
                      {"asset_type", summary.asset_type},
                      {"bars", q.bars},
                      {"first", format_utc(q.first)},
                      {"last", format_utc(q.last)},
                      {"expected_bars", q.expected_bars},
                      {"missing_bars", q.missing_bars},
                      {"off_calendar_bars", q.off_calendar_bars},
                      {"zero_volume_bars", q.zero_volume_bars},
                      {"longest_gaps", gaps},
                      {"price_jumps", outliers_json(q.price_jumps)},
                      {"volume_spikes", outliers_json(q.volume_spikes)}});
    }
    if (args->format == OutputFormat::json) {
      std::cout << json.dump(2) << '\n';
      return;
    }
    print_table(std::cout, table, "DATA QUALITY");
    for (const auto& line : details)
      std::cout << "  " << line << '\n';
  });
}

}  // namespace quantloop::cli
