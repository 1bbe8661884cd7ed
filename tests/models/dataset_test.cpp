#include "models/dataset.h"
#include <gtest/gtest.h>
TEST(Placeholder, Builds) {}
