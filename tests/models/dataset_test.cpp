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

TEST(Dataset, SplitsChronologicallyAndNeedsFullWindows) {
  const Dataset d = make_dataset(frame_of(100), 10, 0.2);
  // Samples: rows 9..98 (90 of them); the last 18 validate.
  ASSERT_EQ(d.train.size() + d.validation.size(), 90u);
  EXPECT_EQ(d.validation.size(), 18u);
  EXPECT_EQ(d.train.front(), 9);
  EXPECT_LT(d.train.back(), d.validation.front());
  EXPECT_EQ(d.validation.back(), 98);  // row 99 has no next bar
}

TEST(Dataset, ScalerSeesOnlyTheTrainingWindow) {
  features::FeatureFrame f = frame_of(100);
  const Dataset d = make_dataset(f, 10, 0.2);
  // Rows up to the last training sample (row 80): mean of 0..80 is 40.
  EXPECT_DOUBLE_EQ(d.scaler.mean[0], 40.0);
  // Changing everything after the training window does not move the scaler.
  for (std::size_t r = 81; r < 100; ++r)
    f.values[r * 2] = 1e6;
  EXPECT_EQ(make_dataset(f, 10, 0.2).scaler.mean, d.scaler.mean);
  EXPECT_NEAR(d.row(40)[0], 0.0f, 1e-6);
}

TEST(Dataset, TooLittleDataIsAnError) {
  EXPECT_THROW(make_dataset(frame_of(12), 10, 0.2), Error);
  EXPECT_NO_THROW(make_dataset(frame_of(14), 10, 0.2));
}

TEST(Dataset, WindowsAreGatheredTimeMajor) {
  const Dataset d = make_dataset(frame_of(50), 3, 0.2);
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
