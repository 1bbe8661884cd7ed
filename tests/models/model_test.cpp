#include "models/model.h"

#include <gtest/gtest.h>
#include <malloc.h>

#include <cmath>
#include <fstream>
#include <random>

#include "core/error.h"
#include "models/model_directory.h"
#include "test_support.h"

namespace quantloop::models {
namespace {

// A series whose next direction is written, with noise, in the value of feature 0 `lag` rows
// back (the current row by default): every model type should learn it and beat the majority
// baseline.
features::FeatureFrame learnable(std::size_t rows, std::uint64_t seed, std::size_t lag = 0) {
  std::mt19937_64 random(seed);
  std::normal_distribution<double> normal;
  features::FeatureFrame f;
  f.names = features::feature_names();
  std::vector<double> signal(rows);
  for (auto& s : signal)
    s = normal(random);
  for (std::size_t r = 0; r < rows; ++r) {
    f.times.push_back(UnixSeconds(r) * 86400);
    for (std::size_t c = 0; c < f.names.size(); ++c)
      f.values.push_back(c == 0 ? signal[r] : normal(random));
    if (r + 1 < rows) {
      const bool up = (r >= lag ? signal[r - lag] : 0.0) + 0.5 * normal(random) > 0;
      f.next_direction.push_back(up ? 1 : 0);
      f.next_log_return.push_back(up ? 0.01 : -0.01);
    } else {
      f.next_direction.push_back(-1);
      f.next_log_return.push_back(std::nan(""));
    }
  }
  return f;
}

ModelSettings small_gru() {
  ModelSettings s;
  s.hidden_size = 16;
  s.layers = 1;
  s.sequence_length = 5;
  s.batch_size = 32;
  s.learning_rate = 5e-3;
  s.dropout = 0;
  return s;
}

class EveryModel : public ::testing::TestWithParam<ModelType> {};

TEST_P(EveryModel, LearnsAPredictableSeriesAndBeatsTheBaseline) {
  const auto frame = learnable(800, 3);
  auto model = create_model(GetParam(), small_gru(), int(frame.columns()), 7);
  const Dataset data = make_dataset(frame, model->sequence_length(), {0.25, 0.15});
  TrainOptions options;
  options.epochs = GetParam() == ModelType::gru ? 40 : 60;
  int reports = 0;
  options.on_epoch = [&](const EpochProgress& p) {
    ++reports;
    EXPECT_EQ(p.epoch, reports);
  };
  const TrainOutcome outcome = model->train(data, options);
  EXPECT_EQ(reports, outcome.epochs_run);
  EXPECT_GE(outcome.best_epoch, 1);
  EXPECT_GT(outcome.validation.accuracy, outcome.validation.baseline_accuracy + 0.15)
      << to_string(GetParam()) << ": accuracy " << outcome.validation.accuracy;
  EXPECT_LT(outcome.validation.loss, 0.6);
  EXPECT_EQ(outcome.validation.rows, data.validation.size());
  // On rows that neither trained it nor chose its epoch, the edge holds and is significant.
  const Evaluation test = evaluate_model(*model, data, data.test);
  EXPECT_EQ(test.rows, data.test.size());
  EXPECT_GT(test.accuracy, test.baseline_accuracy + 0.15) << to_string(GetParam());
  EXPECT_GT(test.right_where_baseline_wrong, 2 * test.wrong_where_baseline_right);
}

TEST_P(EveryModel, SavesAndLoadsToTheSamePredictions) {
  const auto frame = learnable(300, 4);
  auto model = create_model(GetParam(), small_gru(), int(frame.columns()), 8);
  const Dataset data = make_dataset(frame, model->sequence_length(), {0.25, 0.15});
  TrainOptions options;
  options.epochs = 3;
  const TrainOutcome outcome = model->train(data, options);
  ModelRecord record;
  record.symbol = "TEST";
  record.interval = "1d";
  record.training_mode = "full";
  record.type = GetParam();
  record.settings = small_gru();
  record.features = frame.names;
  record.scaler = data.scaler;
  record.validation = outcome.validation;
  testing::TempDir dir;
  const auto path = dir.path() / "model";
  save_model(*model, record, path);
  EXPECT_THROW(save_model(*model, record, path), Error);  // never overwrites
  const LoadedModel loaded = load_model(path, features::feature_names());
  EXPECT_EQ(loaded.record.symbol, "TEST");
  EXPECT_EQ(loaded.record.scaler.mean, data.scaler.mean);
  EXPECT_EQ(loaded.model->predict(data, data.validation), model->predict(data, data.validation));
  // Nothing but the model's files is left behind.
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), {}), 1);
  // Packed for the registry, the same.
  const LoadedModel unpacked =
      unpack_model(pack_model(*model, record), features::feature_names(), "packed");
  EXPECT_EQ(unpacked.model->predict(data, data.validation), model->predict(data, data.validation));
  EXPECT_EQ(unpacked.record.validation.loss, outcome.validation.loss);
}

// The per-epoch losses travel in the record; a non-finite loss comes back NaN, not as an error
// that would make the model unloadable; the record alone reads without the weights.
TEST(ModelRecordHistory, RoundTripsThroughThePackedRecord) {
  const auto frame = learnable(120, 4);
  auto model = create_model(ModelType::linear, {}, int(frame.columns()), 8);
  ModelRecord record;
  record.type = ModelType::linear;
  record.features = frame.names;
  record.scaler = make_dataset(frame, model->sequence_length(), {0.25, 0.15}).scaler;
  record.history = {
      {1, 3, 0.70, 0.69, 0.52}, {2, 3, 0.66, std::nan(""), 0.55}, {3, 3, 0.6, 0.68, 0.6}};
  const std::string packed = pack_model(*model, record);
  const ModelRecord back = unpack_record(packed, "packed");
  ASSERT_EQ(back.history.size(), 3u);
  EXPECT_EQ(back.history[0].train_loss, 0.70);
  EXPECT_EQ(back.history[2].validation_accuracy, 0.6);
  EXPECT_EQ(back.history[2].epoch, 3);
  EXPECT_TRUE(std::isnan(back.history[1].validation_loss));
  EXPECT_EQ(unpack_model(packed, frame.names, "packed").record.history.size(), 3u);
  EXPECT_THROW(unpack_record(packed.substr(0, 20), "cut"), Error);
}

TEST_P(EveryModel, DamagedOrTruncatedPacksAreRefused) {
  const auto frame = learnable(120, 4);
  auto model = create_model(GetParam(), small_gru(), int(frame.columns()), 8);
  ModelRecord record;
  record.type = GetParam();
  record.settings = small_gru();
  record.features = frame.names;
  record.scaler = make_dataset(frame, model->sequence_length(), {0.25, 0.15}).scaler;
  const std::string packed = pack_model(*model, record);
  EXPECT_THROW(unpack_model(packed.substr(0, packed.size() - 9), frame.names, "cut"), Error);
  std::string flipped = packed;
  flipped[flipped.size() - 20] ^= 0x40;
  EXPECT_THROW(unpack_model(flipped, frame.names, "flipped"), Error);
  EXPECT_THROW(unpack_model("not a model", frame.names, "text"), Error);
}

TEST(BaselineModel, PredictsTheTrainingBaseRate) {
  const auto frame = learnable(300, 4);
  auto model = create_model(ModelType::baseline, {}, int(frame.columns()), 0);
  const Dataset data = make_dataset(frame, 1, {0.2, 0.2});
  model->train(data, {});
  double up = 0;
  for (int row : data.train)
    up += data.direction[std::size_t(row)];
  const auto p = model->predict(data, data.test);
  EXPECT_NEAR(p.front(), up / double(data.train.size()), 1e-12);
  EXPECT_EQ(p.front(), p.back());
  auto copy = create_model(ModelType::baseline, {}, int(frame.columns()), 0);
  copy->set_weights(model->weights(), "baseline");
  EXPECT_EQ(copy->predict(data, data.test), p);
}

INSTANTIATE_TEST_SUITE_P(Types, EveryModel,
                         ::testing::Values(ModelType::gru, ModelType::gbdt, ModelType::linear),
                         [](const auto& info) { return std::string(to_string(info.param)); });

class SavedGru : public ::testing::Test {
 protected:
  void SetUp() override {
    frame_ = learnable(200, 5);
    model_ = create_model(ModelType::gru, small_gru(), int(frame_.columns()), 9);
    record_.type = ModelType::gru;
    record_.settings = small_gru();
    record_.features = frame_.names;
    record_.scaler = make_dataset(frame_, 5, {0.25, 0.15}).scaler;
    path_ = dir_.path() / "gru";
    save_model(*model_, record_, path_);
  }
  features::FeatureFrame frame_;
  std::unique_ptr<Model> model_;
  ModelRecord record_;
  testing::TempDir dir_;
  std::filesystem::path path_;
};

TEST_F(SavedGru, RefusesOtherFeatures) {
  auto names = features::feature_names();
  names.pop_back();
  try {
    load_model(path_, names);
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("retrain"), std::string::npos) << e.what();
  }
}

TEST_F(SavedGru, RefusesDamagedWeights) {
  {
    std::fstream file(path_ / "weights.bin", std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(100);
    file.put('\x7f');
  }
  try {
    load_model(path_, features::feature_names());
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("checksum"), std::string::npos) << e.what();
  }
}

TEST_F(SavedGru, RefusesWeightsOfAnotherShape) {
  auto other = create_model(
      ModelType::gru,
      [] {
        auto s = small_gru();
        s.hidden_size = 8;
        return s;
      }(),
      int(frame_.columns()), 1);
  testing::write_file((path_ / "weights.bin").string(), other->weights());
  try {
    load_model(path_, features::feature_names());
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("shape"), std::string::npos) << e.what();
  }
}

TEST_F(SavedGru, MissingModelJsonIsNamed) {
  std::filesystem::remove(path_ / "model.json");
  EXPECT_THROW(load_model(path_, features::feature_names()), Error);
}

TEST(WarmStart, ContinuesFromTheSavedParameters) {
  const auto frame = learnable(600, 6);
  auto model = create_model(ModelType::gru, small_gru(), int(frame.columns()), 10);
  const Dataset data = make_dataset(frame, 5, {0.25, 0.15});
  TrainOptions options;
  options.epochs = 30;
  const double trained = model->train(data, options).validation.loss;
  auto warm = create_model(ModelType::gru, small_gru(), int(frame.columns()), 11);
  warm->set_weights(model->weights(), "trained");
  const double before = evaluate_model(*warm, data, data.validation).loss;
  EXPECT_NEAR(before, trained, 1e-9);  // the same parameters, the same loss
  options.epochs = 1;
  EXPECT_LT(warm->train(data, options).validation.loss, 0.69);  // still far from a fresh model
}

// Consecutive samples sharing a window (gru.samples_per_sequence) learn what a window per sample
// learns, a direction written 2 rows back too (the state must carry it from step to step), on
// rows that neither trained nor chose the model, with fewer multiply-adds per epoch.
TEST(GruInChunks, LearnsWhatAWindowPerSampleLearnsWithLessArithmetic) {
  for (std::size_t lag : {0u, 2u}) {
    SCOPED_TRACE(lag);
    const auto frame = learnable(2000, 14, lag);
    ModelSettings settings = small_gru();
    settings.sequence_length = 10;
    const Dataset data = make_dataset(frame, settings.sequence_length, {0.25, 0.15});
    TrainOptions options;
    options.epochs = 40;
    options.early_stopping = false;
    auto windows = create_model(ModelType::gru, settings, int(frame.columns()), 15);
    const TrainOutcome by_windows = windows->train(data, options);
    settings.samples_per_sequence = 8;
    auto chunks = create_model(ModelType::gru, settings, int(frame.columns()), 15);
    const TrainOutcome by_chunks = chunks->train(data, options);
    for (Model* model : {windows.get(), chunks.get()}) {
      const Evaluation test = evaluate_model(*model, data, data.test);
      EXPECT_GT(test.accuracy, test.baseline_accuracy + 0.15);
    }
    // Training: (10 - 1 + 8) / 8 steps a sample instead of 10; validation (forward) as before.
    EXPECT_EQ(by_chunks.epochs_run, by_windows.epochs_run);
    EXPECT_LT(by_chunks.multiply_adds * 2.5, by_windows.multiply_adds);
    EXPECT_EQ(chunks->settings().at("samples_per_sequence"), 8);
  }
}

// Loaded models are cached (a server's champions, the predictor after a run): a GRU that has
// predicted must not keep its activations (36 MB after 256 windows of 30 steps at the [gru]
// size; 100 cached champions once took 3.3 GB).
std::size_t allocated_bytes() {  // by malloc, large blocks (its own mmaps) included
  const struct mallinfo2 info = mallinfo2();
  return info.uordblks + info.hblkhd;
}

TEST(GruModel, KeepsNoActivationsAfterPredicting) {
  if (allocated_bytes() == 0) GTEST_SKIP() << "no malloc statistics (a sanitizer's allocator)";
  const auto frame = learnable(600, 16);
  const Dataset data = make_dataset(frame, 30, {0.15, 0.15});
  std::vector<int> rows;
  for (int r = 29; r < int(data.rows()); ++r)
    rows.push_back(r);
  const std::size_t with_data = allocated_bytes();
  auto model = create_model(ModelType::gru, ModelSettings{}, int(frame.columns()), 17);
  EXPECT_EQ(model->predict(data, rows).size(), rows.size());
  // Parameters, gradients and Adam's two moments: 4 x 44,000 floats, 0.7 MB.
  EXPECT_LT(allocated_bytes() - with_data, std::size_t(2) << 20);
  TrainOptions options;  // training keeps them from epoch to epoch, not after
  options.epochs = 2;
  model->train(data, options);
  EXPECT_LT(allocated_bytes() - with_data, std::size_t(2) << 20);
}

TEST(GruInChunks, NeedsTheNativeBackend) {
  ModelSettings settings = small_gru();
  settings.samples_per_sequence = 4;
  settings.gru_backend = "torch";
  try {
    create_model(ModelType::gru, settings, 3, 1);
    FAIL() << "created";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("4 samples per sequence (gru.samples_per_sequence, "
                                         "--samples-per-sequence) need the native"),
              std::string::npos)
        << e.what();
  }
}

TEST(TorchBackend, TrainsTheSameModelToTheSameQuality) {
  const auto frame = learnable(800, 12);
  ModelSettings settings = small_gru();
  settings.gru_backend = "torch";
  auto model = create_model(ModelType::gru, settings, int(frame.columns()), 13);
  const Dataset data = make_dataset(frame, 5, {0.25, 0.15});
  TrainOptions options;
  options.epochs = 40;
  const TrainOutcome outcome = model->train(data, options);
  EXPECT_GT(outcome.validation.accuracy, outcome.validation.baseline_accuracy + 0.15);
}

}  // namespace
}  // namespace quantloop::models
