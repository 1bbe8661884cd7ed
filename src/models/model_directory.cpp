#include "models/model_directory.h"

#include <fmt/format.h>

#include <cmath>
#include <cstring>
#include <fstream>
#include <optional>

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

// [[train loss, validation loss, validation accuracy], ...], epoch 1 first.
nlohmann::json history_json(const std::vector<EpochProgress>& history) {
  nlohmann::json out = nlohmann::json::array();
  for (const EpochProgress& e : history)
    out.push_back({e.train_loss, e.validation_loss, e.validation_accuracy});
  return out;
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
          {"warm_started_from", r.warm_started_from},
          {"history", history_json(r.history)}};
}

UnixSeconds time_field(const nlohmann::json& json, const char* key, const std::string& source) {
  const auto parsed = parse_timestamp(json.at(key).get<std::string>());
  if (!parsed) throw Error(fmt::format("{}: {} is not a timestamp", source, key));
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
    settings.samples_per_sequence = s.value("samples_per_sequence", 1);  // older models: 1
  } else if (type == ModelType::gbdt) {
    settings.tree_depth = s.at("tree_depth");
    settings.tree_learning_rate = s.at("learning_rate");
  } else if (type == ModelType::linear) {
    settings.l2_penalty = s.at("l2_penalty");
  }
  return settings;
}

}  // namespace

namespace {

constexpr std::string_view kArtifactTag = "QLMODEL1";

// The record from model.json's text; throws Error naming `source`.
ModelRecord record_from(std::string_view text, const std::string& source) {
  ModelRecord r;
  try {
    const nlohmann::json json = nlohmann::json::parse(text);
    r.format_version = json.at("format_version");
    if (r.format_version != 1) {
      throw Error(fmt::format("{}: model format {} is not one this quantloop reads", source,
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
    r.data_start = time_field(json, "data_start", source);
    r.data_end = time_field(json, "data_end", source);
    r.trained_at = time_field(json, "trained_at", source);
    r.epochs = json.at("epochs");
    r.best_epoch = json.at("best_epoch");
    r.validation = evaluation_from(json.at("validation"));
    if (json.contains("test")) r.test = evaluation_from(json.at("test"));
    // Models saved before selection_end was recorded may have used their whole window.
    r.selection_end =
        json.contains("selection_end") ? time_field(json, "selection_end", source) : r.data_end;
    r.config_hash = json.at("config_hash");
    r.warm_started_from = json.value("warm_started_from", "");
    if (json.contains("history")) {
      const auto& history = json.at("history");
      for (std::size_t k = 0; k < history.size(); ++k) {
        EpochProgress e;
        e.epoch = int(k + 1);
        e.epochs = int(history.size());
        // A non-finite loss was written as null.
        const auto number = [](const nlohmann::json& v) {
          return v.is_number() ? v.get<double>() : std::nan("");
        };
        e.train_loss = number(history[k].at(0));
        e.validation_loss = number(history[k].at(1));
        e.validation_accuracy = number(history[k].at(2));
        r.history.push_back(e);
      }
    }
  } catch (const nlohmann::json::exception& e) {
    throw Error(fmt::format("{}: malformed model record ({})", source, e.what()));
  }
  return r;
}

// The model of a record, its weights set from `weights`, after checking that it takes the
// features this quantloop computes.
LoadedModel model_of(ModelRecord record, std::string_view weights,
                     const std::vector<std::string>& expected_features, const std::string& source) {
  if (record.features != expected_features) {
    throw Error(fmt::format(
        "{}: the model was trained on {} features that differ from the {} this quantloop "
        "computes; retrain it (full mode)",
        source, record.features.size(), expected_features.size()));
  }
  if (record.scaler.mean.size() != record.features.size() ||
      record.scaler.scale.size() != record.features.size()) {
    throw Error(fmt::format("{}: the scaler does not match the feature list", source));
  }
  LoadedModel loaded;
  loaded.model = create_model(record.type, record.settings, int(record.features.size()), 0);
  loaded.model->set_weights(weights, source);
  loaded.record = std::move(record);
  return loaded;
}

}  // namespace

std::string pack_model(const Model& model, const ModelRecord& record) {
  const std::string json = to_json(record, model.settings()).dump();
  const std::string weights = model.weights();
  const std::uint64_t length = json.size();
  std::string bytes(kArtifactTag);
  bytes.append(reinterpret_cast<const char*>(&length), sizeof length);
  bytes += json;
  bytes += weights;
  return bytes;
}

namespace {

// The record's text and the weights of a packed model; throws Error naming `source`.
std::pair<std::string_view, std::string_view> split_artifact(std::string_view bytes,
                                                             const std::string& source) {
  std::uint64_t length = 0;
  if (bytes.size() < kArtifactTag.size() + sizeof length || !bytes.starts_with(kArtifactTag)) {
    throw Error(fmt::format("{}: not a quantloop model", source));
  }
  std::memcpy(&length, bytes.data() + kArtifactTag.size(), sizeof length);
  const std::size_t json_at = kArtifactTag.size() + sizeof length;
  if (length > bytes.size() - json_at) {
    throw Error(fmt::format("{}: the model is truncated", source));
  }
  return {bytes.substr(json_at, length), bytes.substr(json_at + length)};
}

}  // namespace

LoadedModel unpack_model(std::string_view bytes, const std::vector<std::string>& expected_features,
                         const std::string& source) {
  const auto [record, weights] = split_artifact(bytes, source);
  return model_of(record_from(record, source), weights, expected_features, source);
}

ModelRecord unpack_record(std::string_view bytes, const std::string& source) {
  return record_from(split_artifact(bytes, source).first, source);
}

void save_model(const Model& model, const ModelRecord& record,
                const std::filesystem::path& directory) {
  if (std::filesystem::exists(directory)) {
    throw Error(fmt::format("{}: a model is already saved there", directory.string()));
  }
  if (directory.has_parent_path()) std::filesystem::create_directories(directory.parent_path());
  const auto temporary = unique_temporary_sibling(directory);
  try {
    std::filesystem::create_directory(temporary);
    write_file_atomically(temporary / std::string(model.weights_file_name()), model.weights());
    write_file_atomically(temporary / "model.json",
                          to_json(record, model.settings()).dump(2) + "\n");
    // No other writer can have taken the name meanwhile: rename fails rather than replace a
    // directory that is not empty.
    std::filesystem::rename(temporary, directory);
    sync_to_disk(directory.has_parent_path() ? directory.parent_path() : ".");
  } catch (...) {
    std::error_code ignored;
    std::filesystem::remove_all(temporary, ignored);
    throw;
  }
}

LoadedModel load_model(const std::filesystem::path& directory,
                       const std::vector<std::string>& expected_features) {
  auto read = [](const std::filesystem::path& file) {
    std::ifstream input(file, std::ios::binary);
    if (!input) return std::optional<std::string>();
    return std::optional<std::string>(
        std::string((std::istreambuf_iterator<char>(input)), std::istreambuf_iterator<char>()));
  };
  const auto json = read(directory / "model.json");
  if (!json) {
    throw Error(fmt::format("{}: no model here (model.json is missing)", directory.string()));
  }
  ModelRecord record = record_from(*json, (directory / "model.json").string());
  const auto weights_file = directory / std::string(create_model(record.type, record.settings,
                                                                 int(record.features.size()), 0)
                                                        ->weights_file_name());
  const auto weights = read(weights_file);
  if (!weights) throw Error(fmt::format("{}: cannot open the weights", weights_file.string()));
  return model_of(std::move(record), *weights, expected_features, weights_file.string());
}

}  // namespace quantloop::models
