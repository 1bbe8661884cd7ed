#include "models/dataset.h"

#include <gtest/gtest.h>

#include <cmath>

#include "core/error.h"

namespace quantloop::models {
namespace {

// A frame of `rows` rows and two features: the row number and its square.
features::FeatureFrame frame_of(std::size_t rows) {
  features::FeatureFrame f;
  f.names = {"a", "b"};
  for (std::size_t r = 0; r < rows; ++r) {
    f.times.push_back(UnixSeconds(r) * 3600);
    f.values.push_back(double(r));
    f.values.push_back(double(r * r));
    f.next_direction.push_back(r + 1 < rows ? int(r % 2) : -1);
    f.next_log_return.push_back(r + 1 < rows ? 0.01 : std::nan(""));
  }
  return f;
}

constexpr SplitFractions kSplit{0.15, 0.15};

TEST(Dataset, SplitsIntoTrainValidationAndTestWithAnEmbargo) {
  const Dataset d = make_dataset(frame_of(100), 10, kSplit);
  // Samples: rows 9..98 (90 of them): 14 test, 14 validation, one embargoed sample after the
  // training and after the validation segment, 60 to train on.
  EXPECT_EQ(d.train.size(), 60u);
  EXPECT_EQ(d.validation.size(), 14u);
  EXPECT_EQ(d.test.size(), 14u);
  EXPECT_EQ(d.train.front(), 9);
  EXPECT_EQ(d.train.back(), 68);
  EXPECT_EQ(d.validation.front(), 68 + 1 + kTargetHorizon);  // row 69 is the embargo
  EXPECT_EQ(d.validation.back(), 83);
  EXPECT_EQ(d.test.front(), 83 + 1 + kTargetHorizon);
  EXPECT_EQ(d.test.back(), 98);  // row 99 has no next bar
}

TEST(Dataset, NoTrainingTargetBarIsALaterSegmentsSampleRow) {
  for (std::size_t rows : {30u, 57u, 100u, 333u}) {
    const Dataset d = make_dataset(frame_of(rows), 5, {0.2, 0.1});
    // The last training sample's target is the bar after it; validation starts later.
    EXPECT_GT(d.validation.front(), d.train.back() + kTargetHorizon) << rows;
    EXPECT_GT(d.test.front(), d.validation.back() + kTargetHorizon) << rows;
  }
}

TEST(Dataset, ScalerSeesOnlyTheTrainingWindow) {
  features::FeatureFrame f = frame_of(100);
  const Dataset d = make_dataset(f, 10, kSplit);
  // Rows up to the last training sample (row 68): mean of 0..68 is 34.
  EXPECT_DOUBLE_EQ(d.scaler.mean[0], 34.0);
  // Changing everything after the training window does not move the scaler.
  for (std::size_t r = 69; r < 100; ++r)
    f.values[r * 2] = 1e6;
  EXPECT_EQ(make_dataset(f, 10, kSplit).scaler.mean, d.scaler.mean);
  EXPECT_NEAR(d.row(34)[0], 0.0f, 1e-6);
}

TEST(Dataset, TooLittleDataIsAnError) {
  // 12 rows of windows of 10: 2 samples. 16 rows: 6 samples, one per segment and embargo.
  EXPECT_THROW(make_dataset(frame_of(12), 10, kSplit), Error);
  EXPECT_THROW(make_dataset(frame_of(15), 10, kSplit), Error);
  EXPECT_NO_THROW(make_dataset(frame_of(16), 10, kSplit));
}

TEST(Dataset, WindowsAreGatheredTimeMajor) {
  const Dataset d = make_dataset(frame_of(50), 3, kSplit);
  std::vector<float> out;
  const int rows[] = {10, 20};
  windows_of(d, rows, 3).gather(out);
  ASSERT_EQ(out.size(), 3u * 2 * 2);
  EXPECT_EQ(out[0], d.row(8)[0]);               // t = 0, sample 0: row 8
  EXPECT_EQ(out[2], d.row(18)[0]);              // t = 0, sample 1: row 18
  EXPECT_EQ(out[2 * 2 * 2 + 2], d.row(20)[0]);  // t = 2, sample 1: row 20
}

}  // namespace
}  // namespace quantloop::models
