#include "scanner/scanner_model.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/error.h"

namespace quantloop::scanner {

namespace {

constexpr std::string_view kFormat = "quantloop scanner model 1";

ScannerModelKind kind_named(const std::string& name, const std::string& source) {
  for (ScannerModelKind kind : kScannerModelKinds)
    if (series_of(kind) == name) return kind;
  throw Error(fmt::format("{}: '{}' is not a scanner model", source, name));
}

}  // namespace

std::string series_of(ScannerModelKind kind) {
  return kind == ScannerModelKind::signal_quality ? "ict:signal_quality" : "ict:market_regime";
}

const std::vector<std::string>& classes_of(ScannerModelKind kind) {
  static const std::vector<std::string> quality{"not_win", "win"};
  static const std::vector<std::string> regime{"trending", "volatile", "ranging"};
  return kind == ScannerModelKind::signal_quality ? quality : regime;
}

ScannerModel ScannerModel::baseline(ScannerModelKind kind, std::vector<double> class_rates) {
  ScannerModel m;
  m.kind_ = kind;
  m.class_rates_ = std::move(class_rates);
  return m;
}

ScannerModel ScannerModel::trained(ScannerModelKind kind, std::vector<std::string> inputs,
                                   models::TabularClassifier classifier, double threshold) {
  ScannerModel m;
  m.kind_ = kind;
  m.inputs_ = std::move(inputs);
  m.classifier_ = std::move(classifier);
  m.threshold_ = threshold;
  return m;
}

// A JSON line (what the model is, what it reads), then the trees' own checksummed bytes.
std::string ScannerModel::artifact() const {
  nlohmann::json header{
      {"format", kFormat}, {"model", series_of(kind_)},   {"classes", classes_of(kind_)},
      {"inputs", inputs_}, {"class_rates", class_rates_}, {"threshold", threshold_}};
  std::string bytes = header.dump() + '\n';
  if (classifier_) bytes += classifier_->bytes();
  return bytes;
}

ScannerModel ScannerModel::from_artifact(std::string_view bytes, const std::string& source) {
  const std::size_t newline = bytes.find('\n');
  ScannerModel m;
  try {
    const auto header = nlohmann::json::parse(bytes.substr(0, newline));
    if (header.at("format").get<std::string>() != kFormat)
      throw Error(fmt::format("{}: not a scanner model", source));
    m.kind_ = kind_named(header.at("model").get<std::string>(), source);
    // Class k of the stored trees must be class k of this build's list.
    if (header.at("classes").get<std::vector<std::string>>() != classes_of(m.kind_)) {
      throw Error(fmt::format("{}: classes {} are not this build's {}", source,
                              header.at("classes").dump(),
                              nlohmann::json(classes_of(m.kind_)).dump()));
    }
    m.inputs_ = header.at("inputs").get<std::vector<std::string>>();
    m.class_rates_ = header.at("class_rates").get<std::vector<double>>();
    m.threshold_ = header.at("threshold").get<double>();
  } catch (const nlohmann::json::exception& e) {
    throw Error(fmt::format("{}: not a scanner model: {}", source, e.what()));
  }
  if (newline == std::string_view::npos)
    throw Error(fmt::format("{}: not a scanner model", source));
  const std::string_view trees = bytes.substr(newline + 1);
  const std::size_t classes = classes_of(m.kind_).size();
  if (trees.empty()) {
    if (m.class_rates_.size() != classes)
      throw Error(
          fmt::format("{}: {} class rates for {} classes", source, m.class_rates_.size(), classes));
    return m;
  }
  m.classifier_ = models::TabularClassifier::from_bytes(trees, source);
  if (std::size_t(m.classifier_->classes()) != classes ||
      m.classifier_->features() != m.inputs_.size()) {
    throw Error(fmt::format("{}: trees of {} classes and {} inputs for a model of {} and {}",
                            source, m.classifier_->classes(), m.classifier_->features(), classes,
                            m.inputs_.size()));
  }
  return m;
}

std::vector<double> ScannerModel::probabilities(const models::TabularRows& rows) const {
  if (classifier_) return classifier_->predict(rows);
  std::vector<double> out;
  out.reserve(rows.rows() * class_rates_.size());
  for (std::size_t r = 0; r < rows.rows(); ++r)
    out.insert(out.end(), class_rates_.begin(), class_rates_.end());
  return out;
}

}  // namespace quantloop::scanner
