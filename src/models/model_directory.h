#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.h"
#include "models/model.h"

namespace quantloop::models {

// What a saved model directory records besides its weights (model.json): enough to reproduce
// its inputs exactly and to refuse data it cannot take.
struct ModelRecord {
  int format_version = 1;
  std::string symbol;
  std::string interval;
  std::string training_mode;  // hourly | full | incremental
  ModelType type = ModelType::gru;
  ModelSettings settings;
  std::vector<std::string> features;  // names, in input order
  Scaler scaler;                      // fitted on the training window only
  UnixSeconds data_start = 0;         // first and last bar time of the training window
  UnixSeconds data_end = 0;
  UnixSeconds trained_at = 0;
  int epochs = 0;
  int best_epoch = 0;
  Evaluation validation;  // the rows that chose the epoch
  Evaluation test;        // rows that neither trained nor chose it (or its warm-start parents)
  // The last bar any row that trained or chose this model looked at (targets included), over
  // its warm-start parents too: rows after it are fair test rows for it.
  UnixSeconds selection_end = 0;
  std::string config_hash;
  std::string warm_started_from;  // the directory of the model training continued from, if any
  // Each epoch's training and validation loss and validation accuracy (empty for models
  // trained before they were recorded).
  std::vector<EpochProgress> history;
};

struct LoadedModel {
  ModelRecord record;
  std::unique_ptr<Model> model;
};

// A model as one blob, what the registry stores: a tag, the record (model.json's JSON) and the
// weights (checksummed by their own format). Unpacking throws Error naming `source` when the
// bytes are damaged, when the feature list differs from `expected_features` (a model never sees
// columns it was not trained on), or when the weights do not fit the recorded shape.
std::string pack_model(const Model& model, const ModelRecord& record);
LoadedModel unpack_model(std::string_view bytes, const std::vector<std::string>& expected_features,
                         const std::string& source);
// Only the record of a packed model (no weights are read): what a page about it shows.
ModelRecord unpack_record(std::string_view bytes, const std::string& source);

// A model as a directory, `quantloop models export`'s form: model.json and the weights file,
// written into `directory` (which must not exist) through a temporary sibling renamed into
// place, so a crash leaves no half model. Loading checks as unpacking does.
void save_model(const Model& model, const ModelRecord& record,
                const std::filesystem::path& directory);
LoadedModel load_model(const std::filesystem::path& directory,
                       const std::vector<std::string>& expected_features);

}  // namespace quantloop::models
