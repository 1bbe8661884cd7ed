// L2-penalised logistic regression on the features of the sample row, by Newton's method:
// one Newton step per epoch (it converges in a handful), the best validation loss kept.
#include <fmt/format.h>

#include <Eigen/Dense>
#include <cmath>

#include "core/error.h"
#include "core/interrupt.h"
#include "models/early_stopping.h"
#include "models/model.h"
#include "models/weights_file.h"

namespace quantloop::models {

namespace {

class LinearModel final : public Model {
 public:
  LinearModel(const ModelSettings& settings, int features)
      : settings_(settings), coefficients_(Eigen::VectorXd::Zero(features + 1)) {}

  ModelType type() const override { return ModelType::linear; }
  int sequence_length() const override { return 1; }

  TrainOutcome train(const Dataset& data, const TrainOptions& options) override {
    const Eigen::MatrixXd X = design(data, data.train);
    Eigen::VectorXd y(X.rows());
    for (Eigen::Index i = 0; i < y.size(); ++i)
      y(i) = data.direction[std::size_t(data.train[std::size_t(i)])];
    // Penalise every coefficient but the intercept (the last one).
    Eigen::VectorXd penalty = Eigen::VectorXd::Constant(X.cols(), settings_.l2_penalty);
    penalty(X.cols() - 1) = 0;
    EarlyStopping stopping(options.early_stopping, options.patience);
    Eigen::VectorXd best = coefficients_;
    TrainOutcome outcome;
    for (int epoch = 1; epoch <= options.epochs; ++epoch) {
      throw_if_interrupted();
      const Eigen::VectorXd p = (1.0 + (-(X * coefficients_)).array().exp()).inverse().matrix();
      const Eigen::VectorXd gradient =
          X.transpose() * (p - y) + penalty.cwiseProduct(coefficients_);
      const Eigen::VectorXd w = p.array() * (1 - p.array());
      Eigen::MatrixXd hessian = X.transpose() * w.asDiagonal() * X;
      hessian.diagonal() += penalty + Eigen::VectorXd::Constant(X.cols(), 1e-9);
      const Eigen::VectorXd step = hessian.ldlt().solve(gradient);
      if (!step.allFinite())
        throw Error(fmt::format("logistic regression diverged in iteration {}", epoch));
      coefficients_ -= step;
      const Evaluation validation = evaluate_model(*this, data, data.validation);
      outcome.epochs_run = epoch;
      if (stopping.improved(epoch, validation)) best = coefficients_;
      if (options.on_epoch)
        options.on_epoch(
            {epoch, options.epochs, validation.loss, validation.loss, validation.accuracy});
      if (stopping.should_stop(epoch) || step.norm() < 1e-10) break;
    }
    coefficients_ = best;
    outcome.best_epoch = stopping.best_epoch();
    outcome.validation = stopping.best_validation();
    return outcome;
  }

  std::vector<double> predict(const Dataset& data, std::span<const int> rows) override {
    const Eigen::VectorXd logits = design(data, rows) * coefficients_;
    std::vector<double> probabilities(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i)
      probabilities[i] = 1.0 / (1.0 + std::exp(-logits(Eigen::Index(i))));
    return probabilities;
  }

  std::string weights() const override {
    const std::int64_t shape[] = {coefficients_.size()};
    return encode_weights<double>(
        "QLLOGIT1", shape,
        std::span<const double>(coefficients_.data(), std::size_t(coefficients_.size())));
  }

  void set_weights(std::string_view bytes, const std::string& source) override {
    const std::int64_t shape[] = {coefficients_.size()};
    const auto values = decode_weights<double>(bytes, "QLLOGIT1", shape, source);
    coefficients_ = Eigen::Map<const Eigen::VectorXd>(values.data(), Eigen::Index(values.size()));
  }

  std::string_view weights_file_name() const override { return "weights.bin"; }

  nlohmann::json settings() const override { return {{"l2_penalty", settings_.l2_penalty}}; }

 private:
  // Rows of features with a final column of ones.
  static Eigen::MatrixXd design(const Dataset& data, std::span<const int> rows) {
    Eigen::MatrixXd X(Eigen::Index(rows.size()), Eigen::Index(data.features + 1));
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const float* row = data.row(std::size_t(rows[i]));
      for (std::size_t c = 0; c < data.features; ++c)
        X(Eigen::Index(i), Eigen::Index(c)) = row[c];
      X(Eigen::Index(i), Eigen::Index(data.features)) = 1.0;
    }
    return X;
  }

  ModelSettings settings_;
  Eigen::VectorXd coefficients_;
};

}  // namespace

std::unique_ptr<Model> create_linear_model(const ModelSettings& settings, int features,
                                           std::uint64_t) {
  return std::make_unique<LinearModel>(settings, features);
}

}  // namespace quantloop::models
