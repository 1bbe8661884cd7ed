// Seed 002's confluence, factor by factor, on concepts made by hand.
#include "scanner/confluence.h"

#include <gtest/gtest.h>

namespace quantloop::scanner {
namespace {

struct Made {
  std::vector<Bar> bars;
  concepts::Concepts concepts;
  Frame frame() const { return Frame{"X", Interval::parse("5m"), bars, &concepts, 100}; }
};

Made entry_frame() {
  Made m;
  for (int k = 0; k < 12; ++k)
    m.bars.push_back(Bar{k * 300, 100, 101, 99, 100, 1, 100});
  m.concepts.bars.resize(12);
  m.concepts.bars.back().atr = 2;
  m.concepts.bars.back().kill_zone = "new_york";
  m.concepts.structure.push_back({5, false, +1, 99.5, 2});
  m.concepts.sweeps.push_back({1, +1, 98, 0});           // 11 bars ago: not recent
  m.concepts.fvgs.push_back({8, +1, 99, 98, {}, {}});    // 1 below the close: within an ATR
  m.concepts.fvgs.push_back({9, -1, 110, 105, {}, {}});  // 5 above: too far
  m.concepts.order_blocks.push_back({6, -1, 100.5, 99.5, 1, 4, 1.0, {}, {}});
  return m;
}

Made bias_frame(int structure) {
  Made m;
  m.bars.push_back(Bar{0, 100, 101, 99, 100, 1, 100});
  m.concepts.bars.resize(1);
  m.concepts.bars.back().market_structure = structure;
  return m;
}

TEST(Confluence, SumsTheWeightsOfTheFactorsThatHold) {
  const Made entry = entry_frame(), bias = bias_frame(+1);
  const ScannerWeights w;
  const Confluence up = confluence(+1, entry.frame(), bias.frame(), w);
  EXPECT_EQ(up.factors, (std::vector<std::string>{"bias", "structure", "fvg", "kill_zone"}));
  EXPECT_NEAR(up.score, 0.25 + 0.20 + 0.15 + 0.10, 1e-12);
  const Confluence down = confluence(-1, entry.frame(), bias.frame(), w);
  EXPECT_EQ(down.factors, (std::vector<std::string>{"order_block", "kill_zone"}));
  const ConfluenceChoice choice = choose_confluence(entry.frame(), bias.frame(), w);
  EXPECT_EQ(choice.best.direction, +1);
  EXPECT_NEAR(choice.lead, 0.40, 1e-12);
}

TEST(Confluence, FilledAgedAndInvalidatedThingsDoNotCount) {
  Made entry = entry_frame();
  entry.concepts.fvgs[0].filled_at = 10;               // filled before the last bar
  entry.concepts.order_blocks[0].invalidated_at = 11;  // invalidated at it
  entry.concepts.sweeps[0].bar = 3;                    // now within the last 10 bars
  const Made bias = bias_frame(-1);
  const ScannerWeights w;
  EXPECT_EQ(confluence(+1, entry.frame(), bias.frame(), w).factors,
            (std::vector<std::string>{"structure", "sweep", "kill_zone"}));
  EXPECT_EQ(confluence(-1, entry.frame(), bias.frame(), w).factors,
            (std::vector<std::string>{"bias", "kill_zone"}));
  Frame aged = entry.frame();
  aged.max_age_bars = 2;  // the gap at 8 is 3 bars old at 11
  entry.concepts.fvgs[0].filled_at.reset();
  EXPECT_EQ(confluence(+1, aged, bias.frame(), w).factors,
            (std::vector<std::string>{"structure", "sweep", "kill_zone"}));
  EXPECT_EQ(confluence(+1, entry.frame(), bias.frame(), w).factors,
            (std::vector<std::string>{"structure", "fvg", "sweep", "kill_zone"}));
}

TEST(Confluence, EqualScoresChooseNoDirection) {
  Made entry = entry_frame();
  entry.concepts.structure.clear();
  entry.concepts.fvgs.clear();
  entry.concepts.order_blocks.clear();
  const Made bias = bias_frame(0);
  const ConfluenceChoice choice = choose_confluence(entry.frame(), bias.frame(), ScannerWeights{});
  EXPECT_EQ(choice.best.direction, 0);
  EXPECT_NEAR(choice.best.score, 0.10, 1e-12);  // the kill zone holds both ways
  EXPECT_EQ(choice.lead, 0);
}

}  // namespace
}  // namespace quantloop::scanner
