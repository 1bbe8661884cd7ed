#pragma once

#include <span>
#include <string>
#include <vector>

#include "core/config.h"
#include "store/result_table.h"

namespace quantloop::scanner {

// What the scanner's models read of a dataset row (dataset.h): every timeframe's scale-free
// columns (not prices, volumes and price levels, which differ by symbol), text columns as
// numbers (structure as the concepts number it: bullish 1, bearish -1, ranging 0; volatility
// regime low 0, normal 1, high 2; market regime its index among the regime model's classes), and
// the signal's direction (+1 long, -1
// short, 0 no signal). NaN where a cell is null: the trees learn where missing values go.
class ModelInputs {
 public:
  explicit ModelInputs(const ScannerConfig& config);

  const std::vector<std::string>& names() const { return names_; }
  // The inputs of a row whose cells are in dataset_columns(config)'s order.
  std::vector<float> of(std::span<const Value> cells) const;

 private:
  enum class Encoding { number, structure, volatility_regime, market_regime, direction };
  struct Input {
    std::size_t column;
    Encoding encoding;
  };
  std::vector<std::string> names_;
  std::vector<Input> inputs_;
};

}  // namespace quantloop::scanner
