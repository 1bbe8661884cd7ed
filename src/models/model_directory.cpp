#include "models/model_directory.h"

#include <fmt/format.h>

#include <fstream>
#include <random>

#include "core/error.h"

namespace quantloop::models {

namespace {

nlohmann::json to_json(const ModelRecord& r, const nlohmann::json& settings) {
  return {{"format_version", r.format_version},
          {"symbol", r.symbol},
          {"interval", r.interval},
          {"training_mode", r.training_mode},
          {"model_type", std::string(to_string(r.type))},
          {"settings", settings},
          {"features", r.features},
          {"scaler", {{"mean", r.scaler.mean}, {"scale", r.scaler.scale}}},
          {"data_start", format_iso8601(r.data_start)},
          {"data_end", format_iso8601(r.data_end)},
          {"trained_at", format_iso8601(r.trained_at)},
          {"epochs", r.epochs},
          {"best_epoch", r.best_epoch},
          {"validation",
           {{"loss", r.validation.loss},
            {"accuracy", r.validation.accuracy},
            {"f1", r.validation.f1},
            {"baseline_accuracy", r.validation.baseline_accuracy},
            {"rows", r.validation.rows}}},
          {"config_hash", r.config_hash},
          {"warm_started_from", r.warm_started_from}};
}

UnixSeconds time_field(const nlohmann::json& json, const char* key,
                       const std::filesystem::path& file) {
  const auto parsed = parse_timestamp(json.at(key).get<std::string>());
  if (!parsed) throw Error(fmt::format("{}: {} is not a timestamp", file.string(), key));
  return *parsed;
}

ModelSettings settings_from(const nlohmann::json& s, ModelType type) {
  ModelSettings settings;
  if (type == ModelType::gru) {
    settings.hidden_size = s.at("hidden_size");
    settings.layers = s.at("layers");
    settings.dropout = s.at("dropout");
    settings.sequence_length = s.at("sequence_length");
    settings.learning_rate = s.at("learning_rate");
    settings.batch_size = s.at("batch_size");
  } else if (type == ModelType::gbdt) {
    settings.tree_depth = s.at("tree_depth");
    settings.tree_learning_rate = s.at("learning_rate");
  } else {
    settings.l2_penalty = s.at("l2_penalty");
  }
  return settings;
}

}  // namespace

void save_model(const Model& model, const ModelRecord& record,
                const std::filesystem::path& directory) {
  if (std::filesystem::exists(directory)) {
    throw Error(fmt::format("{}: a model is already saved there", directory.string()));
  }
  std::filesystem::create_directories(directory.parent_path());
  const auto temporary =
      directory.parent_path() /
      fmt::format(".{}.tmp-{}", directory.filename().string(), std::random_device{}());
  try {
    std::filesystem::create_directory(temporary);
    model.save_weights(temporary);
    {
      std::ofstream file(temporary / "model.json");
      file << to_json(record, model.settings()).dump(2) << '\n';
      if (!file) throw Error(fmt::format("{}: cannot write model.json", temporary.string()));
    }
    std::filesystem::rename(temporary, directory);
  } catch (...) {
    std::error_code ignored;
    std::filesystem::remove_all(temporary, ignored);
    throw;
  }
}

LoadedModel load_model(const std::filesystem::path& directory,
                       const std::vector<std::string>& expected_features) {
  const auto file = directory / "model.json";
  std::ifstream input(file);
  if (!input)
    throw Error(fmt::format("{}: no model here (model.json is missing)", directory.string()));
  LoadedModel loaded;
  ModelRecord& r = loaded.record;
  try {
    const nlohmann::json json = nlohmann::json::parse(input);
    r.format_version = json.at("format_version");
    if (r.format_version != 1) {
      throw Error(fmt::format("{}: model format {} is not one this quantloop reads", file.string(),
                              r.format_version));
    }
    r.symbol = json.at("symbol");
    r.interval = json.at("interval");
    r.training_mode = json.at("training_mode");
    r.type = parse_model_type(json.at("model_type").get<std::string>());
    r.settings = settings_from(json.at("settings"), r.type);
    r.features = json.at("features").get<std::vector<std::string>>();
    r.scaler.mean = json.at("scaler").at("mean").get<std::vector<double>>();
    r.scaler.scale = json.at("scaler").at("scale").get<std::vector<double>>();
    r.data_start = time_field(json, "data_start", file);
    r.data_end = time_field(json, "data_end", file);
    r.trained_at = time_field(json, "trained_at", file);
    r.epochs = json.at("epochs");
    r.best_epoch = json.at("best_epoch");
    const auto& v = json.at("validation");
    r.validation = {v.at("loss"), v.at("accuracy"), v.at("f1"), v.at("baseline_accuracy"),
                    v.at("rows")};
    r.config_hash = json.at("config_hash");
    r.warm_started_from = json.value("warm_started_from", "");
  } catch (const nlohmann::json::exception& e) {
    throw Error(fmt::format("{}: malformed ({})", file.string(), e.what()));
  }
  if (r.features != expected_features) {
    throw Error(fmt::format(
        "{}: the model was trained on {} features that differ from the {} this quantloop "
        "computes; retrain it (full mode)",
        directory.string(), r.features.size(), expected_features.size()));
  }
  if (r.scaler.mean.size() != r.features.size() || r.scaler.scale.size() != r.features.size()) {
    throw Error(fmt::format("{}: the scaler does not match the feature list", file.string()));
  }
  loaded.model = create_model(r.type, r.settings, int(r.features.size()), 0);
  loaded.model->load_weights(directory);
  return loaded;
}

}  // namespace quantloop::models
