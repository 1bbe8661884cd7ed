#include "scanner/model_inputs.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <string_view>

#include "concepts/concepts.h"
#include "scanner/dataset.h"
#include "scanner/scanner_model.h"
#include "scanner/signal_id.h"

namespace quantloop::scanner {

namespace {

// A timeframe's columns the models read, by the name after "<timeframe>_".
const std::map<std::string_view, std::string_view> kTimeframeInputs{
    {"volatility", "number"},
    {"rsi", "number"},
    {"market_structure", "structure"},
    {"liquidity_swept", "number"},
    {"order_blocks_count", "number"},
    {"fvg_count", "number"},
    {"price_position", "number"},
    {"volume_profile", "number"},
    {"order_flow_imbalance", "number"},
    {"order_block_strength", "number"},
    {"fvg_quality_score", "number"},
    {"liquidity_density", "number"},
    {"market_structure_score", "number"},
    {"confluence_factors", "number"},
    {"confluence_score", "number"},
    {"session_alignment", "number"},
    {"btc_correlation", "number"},
    {"sector_momentum", "number"},
    {"funding_rate", "number"},
    {"volatility_regime", "volatility_regime"},
    {"trend_strength", "number"},
    {"market_regime", "market_regime"},
};

float number(const Value& v) {
  if (const auto* d = std::get_if<double>(&v)) return float(*d);
  if (const auto* i = std::get_if<std::int64_t>(&v)) return float(*i);
  return std::nanf("");
}

float category(const Value& v, std::initializer_list<std::pair<std::string_view, float>> codes) {
  if (const auto* text = std::get_if<std::string>(&v)) {
    for (const auto& [name, code] : codes)
      if (*text == name) return code;
  }
  return std::nanf("");
}

// The concepts' own structure numbers (+1, -1, 0) of their names.
float structure_code(const Value& v) {
  if (const auto* text = std::get_if<std::string>(&v)) {
    for (int structure : {1, -1, 0})
      if (*text == concepts::structure_name(structure)) return float(structure);
  }
  return std::nanf("");
}

// A regime's index among the regime model's classes: the model's own class list.
float class_code(const Value& v, const std::vector<std::string>& classes) {
  if (const auto* text = std::get_if<std::string>(&v)) {
    const auto it = std::find(classes.begin(), classes.end(), *text);
    if (it != classes.end()) return float(it - classes.begin());
  }
  return std::nanf("");
}

}  // namespace

ModelInputs::ModelInputs(const ScannerConfig& config) {
  const auto columns = dataset_columns(config);
  const auto timeframes = dataset_timeframes(config);
  for (std::size_t c = 0; c < columns.size(); ++c) {
    const std::string& column = columns[c];
    for (const auto& tf : timeframes) {
      if (column.size() <= tf.size() + 1 || column.compare(0, tf.size() + 1, tf + "_") != 0)
        continue;
      const auto input = kTimeframeInputs.find(std::string_view(column).substr(tf.size() + 1));
      if (input == kTimeframeInputs.end()) break;
      const Encoding kind = input->second == "structure"           ? Encoding::structure
                            : input->second == "volatility_regime" ? Encoding::volatility_regime
                            : input->second == "market_regime"     ? Encoding::market_regime
                                                                   : Encoding::number;
      names_.push_back(column);
      inputs_.push_back({c, kind});
      break;
    }
    if (column == "signal_id") {
      names_.push_back("signal_direction");
      inputs_.push_back({c, Encoding::direction});
    }
  }
}

std::vector<float> ModelInputs::of(std::span<const Value> cells) const {
  std::vector<float> values;
  values.reserve(inputs_.size());
  for (const Input& input : inputs_) {
    const Value& v = cells[input.column];
    switch (input.encoding) {
      case Encoding::number:
        values.push_back(number(v));
        break;
      case Encoding::structure:
        values.push_back(structure_code(v));
        break;
      case Encoding::volatility_regime:
        values.push_back(category(v, {{"low", 0}, {"normal", 1}, {"high", 2}}));
        break;
      case Encoding::market_regime:
        values.push_back(class_code(v, classes_of(ScannerModelKind::market_regime)));
        break;
      case Encoding::direction: {
        const auto* id = std::get_if<std::string>(&v);
        values.push_back(id ? float(signal_direction(*id)) : 0.0f);
        break;
      }
    }
  }
  return values;
}

}  // namespace quantloop::scanner
