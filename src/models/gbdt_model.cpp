// Gradient-boosted trees (XGBoost's C API, binary:logistic) on the features of the sample row:
// one boosting round per epoch, validation log loss after each, the best round count kept.
#include <fmt/format.h>
#include <xgboost/c_api.h>

#include <cmath>

#include "core/error.h"
#include "core/interrupt.h"
#include "models/early_stopping.h"
#include "models/model.h"
#include "models/weights_file.h"
#include "models/xgboost_calls.h"

namespace quantloop::models {

namespace {

constexpr auto check = check_xgboost;

// A DMatrix of the given rows of a dataset, labelled with their direction.
class Matrix : public XgboostMatrix {
 public:
  Matrix(const Dataset& data, std::span<const int> rows)
      : Matrix(gather(data, rows), rows.size(), data.features) {}

 private:
  struct Gathered {
    std::vector<float> values, labels;
  };
  static Gathered gather(const Dataset& data, std::span<const int> rows) {
    Gathered g;
    g.values.reserve(rows.size() * data.features);
    for (int r : rows) {
      g.values.insert(g.values.end(), data.row(std::size_t(r)),
                      data.row(std::size_t(r)) + data.features);
      g.labels.push_back(data.direction[std::size_t(r)]);
    }
    return g;
  }
  Matrix(const Gathered& g, std::size_t rows, std::size_t features)
      : XgboostMatrix(g.values, rows, features, g.labels, 0) {}
};

class GbdtModel final : public Model {
 public:
  GbdtModel(const ModelSettings& settings, int features, std::uint64_t seed)
      : settings_(settings), features_(features), seed_(seed) {
    create(nullptr, 0);
  }
  ~GbdtModel() override { XGBoosterFree(booster_); }

  ModelType type() const override { return ModelType::gbdt; }
  int sequence_length() const override { return 1; }

  TrainOutcome train(const Dataset& data, const TrainOptions& options) override {
    const Matrix train_matrix(data, data.train);
    const int first_round = rounds_;
    EarlyStopping stopping(options.early_stopping, options.patience);
    TrainOutcome outcome;
    for (int epoch = 1; epoch <= options.epochs; ++epoch) {
      throw_if_interrupted();
      check(XGBoosterUpdateOneIter(booster_, first_round + epoch - 1, train_matrix.handle()),
            "boosting round");
      const Evaluation validation = evaluate_model(*this, data, data.validation);
      outcome.epochs_run = epoch;
      stopping.improved(epoch, validation);
      if (options.on_epoch)
        options.on_epoch(
            {epoch, options.epochs, validation.loss, validation.loss, validation.accuracy});
      if (stopping.should_stop(epoch)) break;
    }
    // Keep the trees up to the best round.
    const int keep = first_round + stopping.best_epoch();
    if (keep < first_round + outcome.epochs_run) {
      BoosterHandle sliced = nullptr;
      check(XGBoosterSlice(booster_, 0, keep, 1, &sliced), "slice");
      XGBoosterFree(booster_);
      booster_ = sliced;
    }
    rounds_ = keep;
    outcome.best_epoch = stopping.best_epoch();
    outcome.validation = stopping.best_validation();
    return outcome;
  }

  std::vector<double> predict(const Dataset& data, std::span<const int> rows) override {
    if (rows.empty()) return {};
    const Matrix matrix(data, rows);
    const auto p = predict_xgboost(booster_, matrix.handle(), false);
    return std::vector<double>(p.values, p.values + rows.size());
  }

  std::string weights() const override {
    bst_ulong length = 0;
    const char* bytes = nullptr;
    check(XGBoosterSaveModelToBuffer(booster_, R"({"format": "ubj"})", &length, &bytes), "save");
    // XGBoost's model format has no checksum: one in the envelope guards the bytes.
    return encode_weights<char>("QLGBDT1", {}, std::span<const char>(bytes, std::size_t(length)));
  }

  void set_weights(std::string_view bytes, const std::string& source) override {
    const std::vector<char> model = decode_weights<char>(bytes, "QLGBDT1", {}, source);
    if (XGBoosterLoadModelFromBuffer(booster_, model.data(), bst_ulong(model.size())) != 0) {
      throw Error(fmt::format("{}: XGBoost cannot read the trees: {}", source, XGBGetLastError()));
    }
    check(XGBoosterBoostedRounds(booster_, &rounds_), "rounds");
    bst_ulong features = 0;
    check(XGBoosterGetNumFeature(booster_, &features), "features");
    if (int(features) != features_) {
      throw Error(fmt::format("{}: the trees use {} features, the data has {}", source, features,
                              features_));
    }
  }

  std::string_view weights_file_name() const override { return "booster.bin"; }

  nlohmann::json settings() const override {
    return {{"tree_depth", settings_.tree_depth}, {"learning_rate", settings_.tree_learning_rate}};
  }

 private:
  void create(const DMatrixHandle* matrices, bst_ulong count) {
    check(XGBoosterCreate(matrices, count, &booster_), "create");
    const std::pair<const char*, std::string> parameters[] = {
        {"objective", "binary:logistic"},
        {"eval_metric", "logloss"},
        {"max_depth", std::to_string(settings_.tree_depth)},
        {"eta", fmt::format("{}", settings_.tree_learning_rate)},
        {"subsample", "0.8"},
        {"colsample_bytree", "0.8"},
        {"nthread", "1"},  // one model per core; the runner spreads symbols over cores
        {"seed", std::to_string(seed_ % 2147483647)},
        {"verbosity", "0"},
        {"num_feature", std::to_string(features_)},  // a booster made without data must be told
    };
    for (const auto& [name, value] : parameters)
      check(XGBoosterSetParam(booster_, name, value.c_str()), name);
  }

  ModelSettings settings_;
  int features_;
  std::uint64_t seed_;
  BoosterHandle booster_ = nullptr;
  int rounds_ = 0;  // trees boosted so far (a fresh booster cannot be asked)
};

}  // namespace

std::unique_ptr<Model> create_gbdt_model(const ModelSettings& settings, int features,
                                         std::uint64_t seed) {
  return std::make_unique<GbdtModel>(settings, features, seed);
}

}  // namespace quantloop::models
