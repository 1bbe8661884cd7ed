// quantloop's side of the concepts comparison in bench/scanner_bench.sh: the concepts of every
// 500-bar window ending at the last WINDOWS bars of a bar file (as `quantloop concepts --file`
// reads it), each computed whole, on one core. Prints {"windows", "bars", "seconds_per_window",
// "checksum"} as JSON.
//   concepts_benchmark FILE BARS WINDOWS
#include <chrono>
#include <iostream>
#include <nlohmann/json.hpp>

#include "concepts/concepts.h"
#include "data/series_loader.h"

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: concepts_benchmark FILE BARS WINDOWS\n";
    return 2;
  }
  using namespace quantloop;
  const BarSeries series = load_file_bars(argv[1]);
  const std::size_t bars = std::stoul(argv[2]), windows = std::stoul(argv[3]);
  if (series.bars.size() < bars + windows) {
    std::cerr << argv[1] << ": " << series.bars.size() << " bars, fewer than " << bars + windows
              << "\n";
    return 1;
  }
  double checksum = 0;  // keeps the work observable
  const auto start = std::chrono::steady_clock::now();
  for (std::size_t w = 0; w < windows; ++w) {
    const std::size_t end = series.bars.size() - windows + w + 1;
    const auto c = concepts::compute_concepts(std::span(series.bars).subspan(end - bars, bars));
    checksum +=
        double(c.fvgs.size() + c.order_blocks.size() + c.swings.size()) + c.bars.back().active_fvgs;
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << nlohmann::json{{"windows", windows},
                              {"bars", bars},
                              {"seconds_per_window", seconds / double(windows)},
                              {"checksum", checksum}}
                   .dump()
            << '\n';
}
