// The naive model: P(up) is the base rate of "up" among the training rows, whatever the
// features say. Version 0 of every series in the registry: the champion a learned model must
// beat before it reaches production, and the one that predicts until one does.
#include <fmt/format.h>

#include <algorithm>

#include "core/error.h"
#include "models/model.h"
#include "models/weights_file.h"

namespace quantloop::models {

namespace {

class BaselineModel final : public Model {
 public:
  ModelType type() const override { return ModelType::baseline; }
  int sequence_length() const override { return 1; }

  TrainOutcome train(const Dataset& data, const TrainOptions& options) override {
    double up = 0;
    for (int row : data.train)
      up += data.direction[std::size_t(row)];
    // Never exactly 0 or 1: a log loss must stay finite on the first row that disagrees.
    probability_ =
        std::clamp(up / double(std::max<std::size_t>(data.train.size(), 1)), 1e-3, 1 - 1e-3);
    TrainOutcome outcome;
    outcome.epochs_run = outcome.best_epoch = 1;
    outcome.validation = evaluate_model(*this, data, data.validation);
    if (options.on_epoch) {
      options.on_epoch(
          {1, 1, outcome.validation.loss, outcome.validation.loss, outcome.validation.accuracy});
    }
    return outcome;
  }

  std::vector<double> predict(const Dataset&, std::span<const int> rows) override {
    return std::vector<double>(rows.size(), probability_);
  }

  std::string weights() const override {
    const std::int64_t shape[] = {1};
    return encode_weights<double>("QLBASE1", shape, std::span<const double>(&probability_, 1));
  }

  void set_weights(std::string_view bytes, const std::string& source) override {
    const std::int64_t shape[] = {1};
    const auto values = decode_weights<double>(bytes, "QLBASE1", shape, source);
    if (values.size() != 1 || !(values[0] > 0 && values[0] < 1)) {
      throw Error(fmt::format("{}: a base rate must lie in (0, 1)", source));
    }
    probability_ = values[0];
  }

  std::string_view weights_file_name() const override { return "weights.bin"; }

  nlohmann::json settings() const override { return nlohmann::json::object(); }

 private:
  double probability_ = 0.5;
};

}  // namespace

std::unique_ptr<Model> create_baseline_model() {
  return std::make_unique<BaselineModel>();
}

}  // namespace quantloop::models
