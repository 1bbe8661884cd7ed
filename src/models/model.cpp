#include "models/model.h"

#include <fmt/format.h>

#include "core/error.h"

namespace quantloop::models {

std::unique_ptr<Model> create_gru_model(const ModelSettings& settings, int features,
                                        std::uint64_t seed);
std::unique_ptr<Model> create_gbdt_model(const ModelSettings& settings, int features,
                                         std::uint64_t seed);
std::unique_ptr<Model> create_linear_model(const ModelSettings& settings, int features,
                                           std::uint64_t seed);
std::unique_ptr<Model> create_baseline_model();

std::string_view to_string(ModelType type) {
  switch (type) {
    case ModelType::gru:
      return "gru";
    case ModelType::gbdt:
      return "gbdt";
    case ModelType::linear:
      return "linear";
    case ModelType::baseline:
      return "baseline";
  }
  return "?";
}

ModelType parse_model_type(std::string_view text) {
  if (text == "gru") return ModelType::gru;
  if (text == "gbdt") return ModelType::gbdt;
  if (text == "linear") return ModelType::linear;
  if (text == "baseline") return ModelType::baseline;
  throw Error(fmt::format("unknown model '{}' (expected gru, gbdt, linear or baseline)", text));
}

void check_settings(ModelType type, const ModelSettings& settings) {
  if (type == ModelType::gru && settings.samples_per_sequence > 1 &&
      settings.gru_backend != "native") {
    throw Error(fmt::format(
        "{} samples per sequence (gru.samples_per_sequence, --samples-per-sequence) need the "
        "native GRU backend (the {} backend scores only a window's last step): use 1 or the "
        "native backend",
        settings.samples_per_sequence, settings.gru_backend));
  }
}

std::unique_ptr<Model> create_model(ModelType type, const ModelSettings& settings, int features,
                                    std::uint64_t seed) {
  check_settings(type, settings);
  switch (type) {
    case ModelType::gru:
      return create_gru_model(settings, features, seed);
    case ModelType::gbdt:
      return create_gbdt_model(settings, features, seed);
    case ModelType::linear:
      return create_linear_model(settings, features, seed);
    case ModelType::baseline:
      return create_baseline_model();
  }
  throw Error("unknown model type");
}

Evaluation evaluate_model(Model& model, const Dataset& data, std::span<const int> rows) {
  std::size_t up = 0;
  for (int r : data.train)
    up += data.direction[r] > 0.5f;
  const bool majority_is_up = 2 * up >= data.train.size();
  const std::vector<double> probabilities = model.predict(data, rows);
  std::vector<float> labels;
  labels.reserve(rows.size());
  for (int r : rows)
    labels.push_back(data.direction[r]);
  return evaluate(probabilities, labels, majority_is_up);
}

std::vector<double> predict_frame_rows(Model& model, const Scaler& scaler,
                                       const features::FeatureFrame& frame,
                                       std::span<const int> rows) {
  for (int r : rows) {
    if (r < model.sequence_length() - 1 || std::size_t(r) >= frame.rows()) {
      throw Error(fmt::format("row {} of {} feature rows has not the {} rows a {} model reads", r,
                              frame.rows(), model.sequence_length(), to_string(model.type())));
    }
  }
  if (rows.empty()) return {};
  return model.predict(standardised(frame, scaler), rows);
}

}  // namespace quantloop::models
