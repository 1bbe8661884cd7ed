#include "models/gru_network.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "models/gru_backend.h"

namespace quantloop::models {
namespace {

struct Batch {
  std::vector<float> inputs, labels;
};

Batch random_batch(int features, int steps, int batch, std::uint64_t seed) {
  std::mt19937_64 random(seed);
  std::normal_distribution<float> normal;
  Batch b;
  b.inputs.resize(std::size_t(features) * steps * batch);
  for (float& x : b.inputs)
    x = normal(random);
  for (int i = 0; i < batch; ++i)
    b.labels.push_back(float(random() % 2));
  return b;
}

// LibTorch is the reference: the same weights and batch must give the same logits, loss and
// gradient (float arithmetic in a different order: agreement to float precision).
TEST(GruNetwork, ForwardAndBackwardEqualLibTorchs) {
  const GruShape shape{32, 64, 2};
  const int steps = 30, batch = 64;
  auto native = create_native_gru_backend(shape, 11);
  auto torch = create_torch_gru_backend(shape, 12);
  torch->set_parameters(native->parameters());
  const Batch b = random_batch(shape.inputs, steps, batch, 13);

  std::vector<float> native_logits(batch), torch_logits(batch);
  native->predict(b.inputs.data(), steps, batch, native_logits.data());
  torch->predict(b.inputs.data(), steps, batch, torch_logits.data());
  for (int i = 0; i < batch; ++i)
    EXPECT_NEAR(native_logits[i], torch_logits[i], 2e-5) << "sequence " << i;

  const std::size_t n = native->parameters().size();
  std::vector<float> native_gradient(n), torch_gradient(n);
  const float native_loss =
      native->loss_and_gradient(b.inputs.data(), steps, batch, b.labels.data(), native_gradient);
  const float torch_loss =
      torch->loss_and_gradient(b.inputs.data(), steps, batch, b.labels.data(), torch_gradient);
  EXPECT_NEAR(native_loss, torch_loss, 1e-5);
  double largest = 0;
  for (float g : torch_gradient)
    largest = std::max(largest, double(std::fabs(g)));
  ASSERT_GT(largest, 1e-4);
  for (std::size_t i = 0; i < n; ++i) {
    ASSERT_NEAR(native_gradient[i], torch_gradient[i],
                1e-5 * largest + 1e-3 * std::fabs(torch_gradient[i]))
        << "parameter " << i;
  }
}

TEST(GruNetwork, OneLayerAndOddSizesAgreeToo) {
  const GruShape shape{5, 7, 1};
  auto native = create_native_gru_backend(shape, 21);
  auto torch = create_torch_gru_backend(shape, 22);
  torch->set_parameters(native->parameters());
  const Batch b = random_batch(shape.inputs, 3, 5, 23);
  std::vector<float> a(native->parameters().size()), c(a.size());
  EXPECT_NEAR(native->loss_and_gradient(b.inputs.data(), 3, 5, b.labels.data(), a),
              torch->loss_and_gradient(b.inputs.data(), 3, 5, b.labels.data(), c), 1e-6);
  for (std::size_t i = 0; i < a.size(); ++i)
    EXPECT_NEAR(a[i], c[i], 1e-6) << i;
}

// Windows over a row matrix (how models feed the network) give what their gathered copy gives:
// in the native network, which projects each shared row once, and through the gathering
// default (LibTorch's backend), for overlapping windows and for windows too far apart to share.
TEST(GruNetwork, WindowsGiveWhatTheirGatheredCopyGives) {
  const GruShape shape{32, 64, 2};
  const int steps = 30, rows = 300;
  const Batch matrix = random_batch(shape.inputs, rows, 1, 41);
  std::mt19937_64 pick(42);
  std::vector<int> overlapping(64);
  for (int& end : overlapping)
    end = steps - 1 + int(pick() % (rows - steps + 1));
  const std::vector<int> apart{steps - 1, rows - 1};
  for (const auto& ends : {overlapping, apart}) {
    SCOPED_TRACE(ends.size());
    const SequenceWindows windows{matrix.inputs.data(), shape.inputs, ends, steps};
    std::vector<float> gathered, labels(ends.size());
    windows.gather(gathered);
    for (std::size_t b = 0; b < labels.size(); ++b)
      labels[b] = float(b % 3 == 0);
    // The native network: same loss, gradients and logits.
    GruNetwork shared(shape), copied(shape);
    shared.initialize(43);
    copied.initialize(43);
    std::vector<float> gs(shared.parameters().size()), gc(gs.size());
    std::mt19937_64 random_s(5), random_c(5);  // the same dropout masks
    EXPECT_NEAR(shared.train_batch(windows, labels.data(), 0.2f, random_s, gs),
                copied.train_batch(gathered.data(), steps, windows.batch(), labels.data(), 0.2f,
                                   random_c, gc),
                1e-6);
    for (std::size_t i = 0; i < gs.size(); ++i)
      ASSERT_NEAR(gs[i], gc[i], 1e-6) << i;
    std::vector<float> ls(ends.size()), lc(ends.size());
    shared.predict(windows, ls.data());
    copied.predict(gathered.data(), steps, windows.batch(), lc.data());
    for (std::size_t i = 0; i < ls.size(); ++i)
      EXPECT_NEAR(ls[i], lc[i], 1e-6) << i;

    // The gathering default of a backend (LibTorch's): the same step and predictions.
    auto by_windows = create_torch_gru_backend(shape, 45),
         by_copy = create_torch_gru_backend(shape, 45);
    by_copy->set_parameters(by_windows->parameters());
    EXPECT_NEAR(by_windows->train_windows(windows, labels.data(), 0.0f, random_s),
                by_copy->train_batch(gathered.data(), steps, windows.batch(), labels.data(), 0.0f,
                                     random_c),
                1e-6);
    EXPECT_EQ(by_windows->parameters(), by_copy->parameters());
    by_windows->predict_windows(windows, ls.data());
    by_copy->predict(gathered.data(), steps, windows.batch(), lc.data());
    EXPECT_EQ(ls, lc);
  }
}

// Windows scoring their last K steps (truncated backpropagation) are the K windows that end at
// those steps and start where they start (the GRU is causal): the same logits, and a loss and
// gradient that are those windows' averaged over the scored labels; a NaN label counts nowhere.
// With dropout off, since the masks would differ.
TEST(GruNetwork, ScoringSeveralStepsIsTheirPrefixWindowsAveraged) {
  const GruShape shape{6, 16, 2};
  const int steps = 9, scored = 4, rows = 60;
  const Batch matrix = random_batch(shape.inputs, rows, 1, 51);
  const std::vector<int> ends{8, 20, 21, 59};
  const int batch = int(ends.size());
  std::vector<float> labels(std::size_t(scored * batch));
  for (std::size_t i = 0; i < labels.size(); ++i)
    labels[i] = float((i * 7) % 3 == 0);
  labels[0] = labels[5] = labels[2 * batch + 3] = std::nanf("");  // context only
  SequenceWindows windows{matrix.inputs.data(), shape.inputs, ends, steps};
  windows.scored = scored;
  GruNetwork network(shape);
  network.initialize(52);
  std::vector<float> gradient(network.parameters().size());
  std::mt19937_64 unused(0);
  const float loss = network.train_batch(windows, labels.data(), 0.0f, unused, gradient);
  std::vector<float> logits(labels.size());
  network.predict(windows, logits.data());

  double expected_loss = 0;
  std::vector<double> expected_gradient(gradient.size(), 0.0);
  int counted = 0;
  for (int k = 0; k < scored; ++k) {
    // Window k: the same start, ending scored - 1 - k rows earlier, its last step scored.
    std::vector<int> prefix_ends;
    std::vector<float> prefix_labels;
    for (int b = 0; b < batch; ++b) {
      prefix_ends.push_back(ends[std::size_t(b)] - (scored - 1 - k));
      prefix_labels.push_back(labels[std::size_t(k * batch + b)]);
    }
    const SequenceWindows prefix{matrix.inputs.data(), shape.inputs, prefix_ends,
                                 steps - (scored - 1 - k)};
    std::vector<float> prefix_logits(ends.size()), prefix_gradient(gradient.size());
    network.predict(prefix, prefix_logits.data());
    for (int b = 0; b < batch; ++b)
      EXPECT_NEAR(logits[std::size_t(k * batch + b)], prefix_logits[std::size_t(b)], 1e-5);
    const int valid = int(std::count_if(prefix_labels.begin(), prefix_labels.end(),
                                        [](float y) { return !std::isnan(y); }));
    const float prefix_loss =
        network.train_batch(prefix, prefix_labels.data(), 0.0f, unused, prefix_gradient);
    counted += valid;
    expected_loss += double(prefix_loss) * valid;
    for (std::size_t i = 0; i < gradient.size(); ++i)
      expected_gradient[i] += double(prefix_gradient[i]) * valid;
  }
  ASSERT_EQ(counted, scored * batch - 3);
  EXPECT_NEAR(loss, expected_loss / counted, 1e-6);
  double largest = 0;
  for (double& g : expected_gradient)
    largest = std::max(largest, std::fabs(g /= counted));
  ASSERT_GT(largest, 1e-4);
  for (std::size_t i = 0; i < gradient.size(); ++i)
    ASSERT_NEAR(gradient[i], expected_gradient[i], 1e-5 * largest) << "parameter " << i;

  // A backend that scores only the last step refuses more.
  auto torch = create_torch_gru_backend(shape, 53);
  EXPECT_THROW(torch->predict_windows(windows, logits.data()), std::invalid_argument);
}

// The same Adam as PyTorch's: ten steps from the same start land on the same parameters.
TEST(GruNetwork, AdamStepsMatchLibTorchs) {
  const GruShape shape{6, 8, 2};
  auto native = create_native_gru_backend(shape, 31);
  auto torch = create_torch_gru_backend(shape, 32);
  torch->set_parameters(native->parameters());
  native->reset_optimizer(1e-2f);
  torch->reset_optimizer(1e-2f);
  std::mt19937_64 a(1), c(1);
  for (int step = 0; step < 10; ++step) {
    const Batch b = random_batch(shape.inputs, 4, 9, 100 + step);
    native->train_batch(b.inputs.data(), 4, 9, b.labels.data(), 0.0f, a);
    torch->train_batch(b.inputs.data(), 4, 9, b.labels.data(), 0.0f, c);
  }
  const auto p = native->parameters(), q = torch->parameters();
  for (std::size_t i = 0; i < p.size(); ++i)
    EXPECT_NEAR(p[i], q[i], 2e-5) << i;
}

TEST(GruNetwork, ParameterLayoutAndCountsArePyTorchs) {
  const GruNetwork network({32, 64, 2});
  // Layer 0: 192x32 + 192x64 + 192 + 192; layer 1: 192x64 x 2 + 384; head: 64 + 1.
  EXPECT_EQ(network.parameters().size(),
            std::size_t(192 * 32 + 192 * 64 + 384 + 192 * 128 + 384 + 65));
  EXPECT_EQ(network.offset(0, 1), std::size_t(192 * 32));
  EXPECT_EQ(network.offset(1, 0), std::size_t(192 * 32 + 192 * 64 + 384));
  // 1920 rows (30 steps x 64); the recurrent GEMM skips t = 0 (h = 0), 1856 rows.
  const double forward =
      1920.0 * 192 * 32 + 1856.0 * 192 * 64 + 1920.0 * 192 * 64 + 1856.0 * 192 * 64 + 64 * 64;
  EXPECT_DOUBLE_EQ(gru_forward_multiply_adds({32, 64, 2}, 30, 64), forward);
  // Backward: per layer into h_{t-1} and both weight gradients; into layer 0 but not the data.
  const double backward = 2.0 * 64 * 64 +
                          (1856.0 * 192 * 64 + 1920.0 * 192 * 64 + 1920.0 * 192 * 32) +
                          (1856.0 * 192 * 64 + 1920.0 * 192 * 64 + 1920.0 * 192 * 64 * 2);
  EXPECT_DOUBLE_EQ(gru_training_multiply_adds({32, 64, 2}, 30, 64), forward + backward);
}

}  // namespace
}  // namespace quantloop::models
