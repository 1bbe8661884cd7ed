#include "models/early_stopping.h"

#include <gtest/gtest.h>

#include <limits>

namespace quantloop::models {
namespace {

Evaluation with_loss(double loss) {
  Evaluation e;
  e.loss = loss;
  e.accuracy = 1 - loss;
  return e;
}

TEST(EarlyStopping, KeepsTheBestEpochsValidationAndStopsAfterPatience) {
  EarlyStopping stopping(true, 2);
  EXPECT_TRUE(stopping.improved(1, with_loss(0.7)));
  EXPECT_TRUE(stopping.improved(2, with_loss(0.6)));
  EXPECT_FALSE(stopping.improved(3, with_loss(0.65)));
  EXPECT_FALSE(stopping.should_stop(3));
  EXPECT_FALSE(stopping.improved(4, with_loss(0.6)));  // equal is no improvement
  EXPECT_TRUE(stopping.should_stop(4));
  EXPECT_EQ(stopping.best_epoch(), 2);
  EXPECT_DOUBLE_EQ(stopping.best_validation().accuracy, 0.4);
  EXPECT_FALSE(EarlyStopping(false, 2).should_stop(100));
}

TEST(EarlyStopping, ANonFiniteLossIsAnError) {
  EarlyStopping stopping(true, 2);
  EXPECT_THROW(stopping.improved(1, with_loss(std::numeric_limits<double>::quiet_NaN())), Error);
  EXPECT_THROW(stopping.improved(1, with_loss(std::numeric_limits<double>::infinity())), Error);
}

}  // namespace
}  // namespace quantloop::models
