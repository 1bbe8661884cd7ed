#include "models/model_directory.h"

#include <fmt/format.h>

#include <fstream>

#include "core/atomic_file.h"
#include "core/error.h"

namespace quantloop::models {

namespace {

nlohmann::json evaluation_json(const Evaluation& e) {
  return {{"loss", e.loss},
          {"accuracy", e.accuracy},
          {"f1", e.f1},
          {"baseline_accuracy", e.baseline_accuracy},
          {"rows", e.rows},
          {"right_where_baseline_wrong", e.right_where_baseline_wrong},
          {"wrong_where_baseline_right", e.wrong_where_baseline_right}};
}

Evaluation evaluation_from(const nlohmann::json& v) {
  Evaluation e;
  e.loss = v.at("loss");
  e.accuracy = v.at("accuracy");
  e.f1 = v.at("f1");
  e.baseline_accuracy = v.at("baseline_accuracy");
  e.rows = v.at("rows");
  e.right_where_baseline_wrong = v.value("right_where_baseline_wrong", std::size_t{0});
  e.wrong_where_baseline_right = v.value("wrong_where_baseline_right", std::size_t{0});
  return e;
}

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
          {"validation", evaluation_json(r.validation)},
          {"test", evaluation_json(r.test)},
          {"selection_end", format_iso8601(r.selection_end)},
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
  const auto temporary = unique_temporary_sibling(directory);
  try {
    std::filesystem::create_directory(temporary);
    model.save_weights(temporary);  // written atomically and flushed
    write_file_atomically(temporary / "model.json",
                          to_json(record, model.settings()).dump(2) + "\n");
    // No other writer can have taken the name meanwhile: rename fails rather than replace a
    // directory that is not empty.
    std::filesystem::rename(temporary, directory);
    sync_to_disk(directory.parent_path());
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
    r.validation = evaluation_from(json.at("validation"));
    if (json.contains("test")) r.test = evaluation_from(json.at("test"));
    // Models saved before selection_end was recorded may have used their whole window.
    r.selection_end =
        json.contains("selection_end") ? time_field(json, "selection_end", file) : r.data_end;
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
