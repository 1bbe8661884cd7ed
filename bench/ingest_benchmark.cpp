// Ingest's steps on one million generated minute bars: parse, validate, write to SQLite.
#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <filesystem>

#include "data/bar_validation.h"
#include "data/csv_formats.h"
#include "data/synthetic_market.h"
#include "store/store.h"

namespace quantloop {
namespace {

const BarSeries& market() {
  static const BarSeries series = [] {
    SyntheticOptions options;
    options.symbols = {"BTC-USD"};
    options.interval = Interval::minute();
    options.end = *parse_timestamp("2024-01-01");
    options.start = options.end - 694 * kSecondsPerDay;  // ~1M bars
    return generate_market(options, Config{})[0];
  }();
  return series;
}

const std::string& csv_text() {
  static const std::string text = [] {
    std::string out = "Date,Open,High,Low,Close,Volume\n";
    for (const Bar& bar : market().bars) {
      out += fmt::format("{},{},{},{},{},{}\n", format_utc(bar.time), bar.open, bar.high, bar.low,
                         bar.close, bar.volume);
    }
    return out;
  }();
  return text;
}

void BM_ParseYahooCsv(benchmark::State& state) {
  const std::string path = "bench.csv";
  const std::string& text = csv_text();  // built once, outside the timing
  for (auto _ : state) {
    auto parsed = parse_csv(text, CsvFormat::delimited, path);
    benchmark::DoNotOptimize(parsed.bars.data());
  }
  state.SetItemsProcessed(state.iterations() * std::int64_t(market().bars.size()));
}
BENCHMARK(BM_ParseYahooCsv)->Unit(benchmark::kMillisecond);

void BM_ValidateBars(benchmark::State& state) {
  const std::string path = "bench.csv";
  const auto parsed = parse_csv(csv_text(), CsvFormat::delimited, path);
  for (auto _ : state) {
    auto valid = validate_bars(parsed.bars, "BTC-USD", Interval::minute(), now_utc());
    benchmark::DoNotOptimize(valid.bars.data());
  }
  state.SetItemsProcessed(state.iterations() * std::int64_t(market().bars.size()));
}
BENCHMARK(BM_ValidateBars)->Unit(benchmark::kMillisecond);

void BM_SqliteWriteBars(benchmark::State& state) {
  const std::string path = (std::filesystem::temp_directory_path() / "quantloop-bench.db").string();
  SeriesWrite writes[] = {{&market(), "2y"}};  // built once, outside the timing
  for (auto _ : state) {
    state.PauseTiming();
    for (const char* suffix : {"", "-wal", "-shm"})
      std::filesystem::remove(path + suffix);
    auto store = Store::open(path);
    state.ResumeTiming();
    store->write_bars(writes, {}, now_utc());
  }
  for (const char* suffix : {"", "-wal", "-shm"})
    std::filesystem::remove(path + suffix);
  state.SetItemsProcessed(state.iterations() * std::int64_t(market().bars.size()));
}
BENCHMARK(BM_SqliteWriteBars)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace
}  // namespace quantloop

BENCHMARK_MAIN();
