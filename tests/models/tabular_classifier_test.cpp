// The scanner's classifier of tabular rows: it learns, the validation rows choose its depth and
// rounds, its bytes round-trip and are checked, and a seed gives the same trees.
#include "models/tabular_classifier.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>
#include <random>

#include "core/error.h"
#include "models/weights_file.h"

namespace quantloop::models {
namespace {

// Three classes by the sign pattern of two inputs, a third input pure noise, and 10 % of the
// first input missing (its class then follows the second alone).
TabularRows three_classes(std::size_t n, std::uint64_t seed, bool random_labels = false) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> z;
  std::uniform_real_distribution<double> u;
  TabularRows rows;
  for (std::size_t i = 0; i < n; ++i) {
    const double a = z(rng), b = z(rng), noise = z(rng);
    int label = a > 0.5 ? 0 : b > 0 ? 1 : 2;
    if (random_labels) label = int(u(rng) * 3);
    const bool missing = u(rng) < 0.1;
    if (missing && !random_labels) label = b > 0 ? 1 : 2;
    rows.add(std::vector<float>{missing ? std::nanf("") : float(a), float(b), float(noise)}, label);
  }
  return rows;
}

double accuracy(const TabularClassifier& c, const TabularRows& rows) {
  const auto p = c.predict(rows);
  std::size_t right = 0;
  for (std::size_t r = 0; r < rows.rows(); ++r) {
    const auto row = p.begin() + std::ptrdiff_t(r * 3);
    right += std::max_element(row, row + 3) - row == rows.label[r];
  }
  return double(right) / double(rows.rows());
}

TEST(TabularClassifierTest, LearnsClassesWithMissingValuesAndGivesProbabilities) {
  const auto train = three_classes(1500, 1), validation = three_classes(400, 2),
             test = three_classes(600, 3);
  const auto c = TabularClassifier::train(train, validation, 3, {});
  EXPECT_GT(accuracy(c, test), 0.9);
  const auto p = c.predict(test);
  ASSERT_EQ(p.size(), test.rows() * 3);
  for (std::size_t r = 0; r < test.rows(); ++r) {
    const double sum = p[3 * r] + p[3 * r + 1] + p[3 * r + 2];
    EXPECT_NEAR(sum, 1.0, 1e-5);
  }
  EXPECT_NEAR(multiclass_log_loss(c.predict(validation), validation.label, 3),
              c.validation_log_loss(), 1e-9);
}

TEST(TabularClassifierTest, TheValidationRowsStopTheRoundsWhenTheyStopImproving) {
  TabularOptions options;
  options.max_rounds = 300;
  const auto c = TabularClassifier::train(three_classes(600, 4, true), three_classes(300, 5, true),
                                          3, options);
  EXPECT_LT(c.rounds(), options.max_rounds / 2);  // noise: nothing to learn for long
  // Of the depths tried, the kept one has the lowest validation loss: retraining at that depth
  // alone gives the same loss.
  TabularOptions only = options;
  only.depths = {c.depth()};
  const auto again =
      TabularClassifier::train(three_classes(600, 4, true), three_classes(300, 5, true), 3, only);
  EXPECT_DOUBLE_EQ(again.validation_log_loss(), c.validation_log_loss());
  for (int depth : options.depths) {
    only.depths = {depth};
    EXPECT_GE(
        TabularClassifier::train(three_classes(600, 4, true), three_classes(300, 5, true), 3, only)
            .validation_log_loss(),
        c.validation_log_loss());
  }
}

TEST(TabularClassifierTest, BytesRoundTripAndDamageIsAnError) {
  const auto train = three_classes(500, 6), validation = three_classes(200, 7);
  const auto c = TabularClassifier::train(train, validation, 3, {});
  const std::string bytes = c.bytes();
  const auto back = TabularClassifier::from_bytes(bytes, "test");
  EXPECT_EQ(back.predict(validation), c.predict(validation));
  EXPECT_EQ(back.depth(), c.depth());
  EXPECT_EQ(back.rounds(), c.rounds());
  std::string damaged = bytes;
  damaged[damaged.size() / 2] ^= 0x20;
  EXPECT_THROW(TabularClassifier::from_bytes(damaged, "test"), Error);
  EXPECT_THROW(TabularClassifier::from_bytes(bytes.substr(0, 20), "test"), Error);
}

TEST(TabularClassifierTest, TwoClassesGiveTwoProbabilitiesPerRow) {
  TabularRows train, validation;
  std::mt19937_64 rng(11);
  std::normal_distribution<double> z;
  for (int i = 0; i < 600; ++i) {
    const double a = z(rng);
    (i < 400 ? train : validation).add(std::vector<float>{float(a), float(z(rng))}, a > 0);
  }
  const auto c = TabularClassifier::train(train, validation, 2, {});
  const auto p = c.predict(validation);
  ASSERT_EQ(p.size(), validation.rows() * 2);
  std::size_t right = 0;
  for (std::size_t r = 0; r < validation.rows(); ++r) {
    EXPECT_NEAR(p[2 * r] + p[2 * r + 1], 1.0, 1e-5);
    right += (p[2 * r + 1] > 0.5) == (validation.label[r] == 1);
  }
  EXPECT_GT(double(right) / double(validation.rows()), 0.9);
}

// A header that disagrees with its trees (its checksum made good) is refused on reading, not
// read past the trees' output later.
TEST(TabularClassifierTest, AHeaderThatDisagreesWithItsTreesIsRefused) {
  const auto c = TabularClassifier::train(three_classes(300, 12), three_classes(100, 13), 3, {});
  const std::vector<char> payload = decode_weights<char>(c.bytes(), "QLTAB1", {}, "test");
  std::string text(payload.begin(), payload.end());
  const auto at = text.find("\"classes\":3");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, 11, "\"classes\":5");
  const std::string forged =
      encode_weights<char>("QLTAB1", {}, std::span<const char>(text.data(), text.size()));
  try {
    TabularClassifier::from_bytes(forged, "forged");
    FAIL() << "read";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("5 classes"), std::string::npos) << e.what();
  }
}

TEST(TabularClassifierTest, OneSeedGivesTheSameTreesAnotherDifferentOnes) {
  const auto train = three_classes(500, 8), validation = three_classes(200, 9);
  TabularOptions options;
  EXPECT_EQ(TabularClassifier::train(train, validation, 3, options).bytes(),
            TabularClassifier::train(train, validation, 3, options).bytes());
  TabularOptions other = options;
  other.seed = 2;
  EXPECT_NE(TabularClassifier::train(train, validation, 3, options).bytes(),
            TabularClassifier::train(train, validation, 3, other).bytes());
}

TEST(TabularClassifierTest, BadRowsAreErrors) {
  TabularRows rows = three_classes(50, 10);
  TabularRows wrong = rows;
  wrong.label[3] = 3;
  EXPECT_THROW(TabularClassifier::train(wrong, rows, 3, {}), Error);
  EXPECT_THROW(TabularClassifier::train(rows, rows, 1, {}), Error);
  EXPECT_THROW(TabularClassifier::train(TabularRows{}, rows, 3, {}), Error);
  TabularRows narrow;
  EXPECT_NO_THROW(narrow.add(std::vector<float>{1, 2}, 0));
  EXPECT_THROW(narrow.add(std::vector<float>{1, 2, 3}, 0), Error);
}

}  // namespace
}  // namespace quantloop::models
