// Boosted trees for the scanner's tabular rows: XGBoost's multi:softprob, one booster per depth
// tried, rounds and depth chosen by the validation rows' log loss.
#include "models/tabular_classifier.h"

#include <fmt/format.h>
#include <xgboost/c_api.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/interrupt.h"
#include "models/weights_file.h"
#include "models/xgboost_calls.h"

namespace quantloop::models {

namespace {

constexpr const char* kTag = "QLTAB1";

// A classifier's rows as a DMatrix, with their labels for training. One thread: waking
// OpenMP's costs more than a scan's few rows take.
class Matrix : public XgboostMatrix {
 public:
  Matrix(const TabularRows& rows, bool with_labels)
      : Matrix(rows, with_labels ? std::vector<float>(rows.label.begin(), rows.label.end())
                                 : std::vector<float>()) {}

 private:
  Matrix(const TabularRows& rows, const std::vector<float>& labels)
      : XgboostMatrix(rows.x, rows.rows(), rows.features, labels, 1) {}
};

void check_rows(const TabularRows& rows, int classes, const char* which) {
  if (rows.features == 0 || rows.rows() == 0 || rows.x.size() != rows.rows() * rows.features ||
      rows.label.size() != rows.rows()) {
    throw Error(fmt::format("{} rows: {} labels for {} values of {} features", which,
                            rows.label.size(), rows.x.size(), rows.features));
  }
  for (int label : rows.label) {
    if (label < 0 || label >= classes)
      throw Error(fmt::format("{} rows: class {} is not one of 0..{}", which, label, classes - 1));
  }
}

}  // namespace

struct TabularClassifier::Booster {
  BoosterHandle handle = nullptr;
  ~Booster() { XGBoosterFree(handle); }

  std::vector<double> predict(const Matrix& matrix, std::size_t rows, int classes) const {
    const auto p = predict_xgboost(handle, matrix.handle(), true);
    // Trees of another class count (a damaged artifact whose header disagrees) would be read
    // past their output.
    if (p.shape.size() != 2 || p.shape[0] != rows || p.shape[1] != bst_ulong(classes)) {
      throw Error(fmt::format("the trees predict {} values per row, not {}",
                              p.shape.size() == 2 ? p.shape[1] : 0, classes));
    }
    return std::vector<double>(p.values, p.values + rows * std::size_t(classes));
  }
};

void TabularRows::add(std::span<const float> values, int label_of_row) {
  if (features == 0) features = values.size();
  if (values.size() != features)
    throw Error(fmt::format("a row of {} values among rows of {}", values.size(), features));
  x.insert(x.end(), values.begin(), values.end());
  label.push_back(label_of_row);
}

double multiclass_log_loss(const std::vector<double>& probabilities, const std::vector<int>& labels,
                           int classes) {
  double sum = 0;
  for (std::size_t r = 0; r < labels.size(); ++r) {
    const double p = probabilities[r * std::size_t(classes) + std::size_t(labels[r])];
    sum -= std::log(std::clamp(p, 1e-7, 1 - 1e-7));
  }
  return labels.empty() ? std::nan("") : sum / double(labels.size());
}

TabularClassifier TabularClassifier::train(const TabularRows& train, const TabularRows& validation,
                                           int classes, const TabularOptions& options) {
  if (classes < 2)
    throw Error(fmt::format("a classifier needs 2 or more classes, not {}", classes));
  check_rows(train, classes, "training");
  check_rows(validation, classes, "validation");
  if (validation.features != train.features) {
    throw Error(fmt::format("validation rows have {} features, training rows {}",
                            validation.features, train.features));
  }
  const Matrix train_matrix(train, true), validation_matrix(validation, false);
  TabularClassifier best;
  best.classes_ = classes;
  best.features_ = train.features;
  best.validation_log_loss_ = HUGE_VAL;
  for (int depth : options.depths) {
    auto booster = std::make_shared<Booster>();
    const DMatrixHandle matrices[] = {train_matrix.handle()};
    check_xgboost(XGBoosterCreate(matrices, 1, &booster->handle), "create");
    const std::pair<const char*, std::string> parameters[] = {
        {"objective", "multi:softprob"},
        {"num_class", std::to_string(classes)},
        {"tree_method", "hist"},
        {"max_depth", std::to_string(depth)},
        {"eta", fmt::format("{}", options.learning_rate)},
        {"subsample", "0.8"},
        {"colsample_bytree", "0.8"},
        {"min_child_weight", "2"},
        {"nthread", "1"},  // the same trees on every machine
        {"seed", std::to_string(options.seed % 2147483647)},
        {"verbosity", "0"},
    };
    for (const auto& [name, value] : parameters)
      check_xgboost(XGBoosterSetParam(booster->handle, name, value.c_str()), name);
    double depth_best = HUGE_VAL;
    int best_round = 0;
    for (int round = 1; round <= options.max_rounds; ++round) {
      throw_if_interrupted();
      check_xgboost(XGBoosterUpdateOneIter(booster->handle, round - 1, train_matrix.handle()),
                    "boosting round");
      const double loss =
          multiclass_log_loss(booster->predict(validation_matrix, validation.rows(), classes),
                              validation.label, classes);
      if (!std::isfinite(loss))
        throw Error(fmt::format("the validation log loss is {} at round {}", loss, round));
      if (loss < depth_best) {
        depth_best = loss;
        best_round = round;
      } else if (round - best_round >= options.patience) {
        break;
      }
    }
    if (depth_best >= best.validation_log_loss_) continue;
    auto sliced = std::make_shared<Booster>();
    check_xgboost(XGBoosterSlice(booster->handle, 0, best_round, 1, &sliced->handle), "slice");
    best.booster_ = sliced;
    best.depth_ = depth;
    best.rounds_ = best_round;
    best.validation_log_loss_ = depth_best;
  }
  if (!best.booster_) throw Error("no tree depth to try");
  return best;
}

std::vector<double> TabularClassifier::predict(const TabularRows& rows) const {
  if (rows.rows() == 0) return {};
  if (rows.features != features_) {
    throw Error(
        fmt::format("rows of {} features for a classifier of {}", rows.features, features_));
  }
  return booster_->predict(Matrix(rows, false), rows.rows(), classes_);
}

std::string TabularClassifier::bytes() const {
  bst_ulong length = 0;
  const char* model = nullptr;
  check_xgboost(
      XGBoosterSaveModelToBuffer(booster_->handle, R"({"format": "ubj"})", &length, &model),
      "save");
  // XGBoost's model format has no checksum: the envelope's guards the header and the trees.
  std::string payload = nlohmann::json{{"classes", classes_},
                                       {"features", features_},
                                       {"depth", depth_},
                                       {"rounds", rounds_},
                                       {"validation_log_loss", validation_log_loss_}}
                            .dump();
  payload += '\n';
  payload.append(model, std::size_t(length));
  return encode_weights<char>(kTag, {}, std::span<const char>(payload.data(), payload.size()));
}

TabularClassifier TabularClassifier::from_bytes(std::string_view bytes, const std::string& source) {
  const std::vector<char> payload = decode_weights<char>(bytes, kTag, {}, source);
  const auto newline = std::find(payload.begin(), payload.end(), '\n');
  TabularClassifier c;
  try {
    const auto header = nlohmann::json::parse(payload.begin(), newline);
    c.classes_ = header.at("classes").get<int>();
    c.features_ = header.at("features").get<std::size_t>();
    c.depth_ = header.at("depth").get<int>();
    c.rounds_ = header.at("rounds").get<int>();
    c.validation_log_loss_ = header.at("validation_log_loss").get<double>();
  } catch (const nlohmann::json::exception& e) {
    throw Error(fmt::format("{}: not a tabular classifier's header: {}", source, e.what()));
  }
  if (newline == payload.end() || c.classes_ < 2 || c.features_ == 0)
    throw Error(fmt::format("{}: not a tabular classifier", source));
  c.booster_ = std::make_shared<Booster>();
  check_xgboost(XGBoosterCreate(nullptr, 0, &c.booster_->handle), "create");
  const std::size_t at = std::size_t(newline - payload.begin()) + 1;
  try {
    check_xgboost(XGBoosterLoadModelFromBuffer(c.booster_->handle, payload.data() + at,
                                               bst_ulong(payload.size() - at)),
                  "reading the trees");
  } catch (const Error& e) {
    throw Error(fmt::format("{}: {}", source, e.what()));
  }
  bst_ulong features = 0;
  check_xgboost(XGBoosterGetNumFeature(c.booster_->handle, &features), "features");
  if (std::size_t(features) != c.features_) {
    throw Error(fmt::format("{}: the trees use {} features, the header says {}", source, features,
                            c.features_));
  }
  check_xgboost(XGBoosterSetParam(c.booster_->handle, "nthread", "1"), "nthread");
  // The header's class count must be the trees': one row of missing values says.
  TabularRows probe;
  probe.add(std::vector<float>(c.features_, std::nanf("")), 0);
  try {
    c.predict(probe);
  } catch (const Error& e) {
    throw Error(fmt::format("{}: the header says {} classes: {}", source, c.classes_, e.what()));
  }
  return c;
}

}  // namespace quantloop::models
