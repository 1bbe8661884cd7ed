#include "core/hash.h"

#include <gtest/gtest.h>

namespace quantloop {
namespace {

// The published FNV-1a 64 test vectors: seeds and fingerprints stay what they were.
TEST(Hash, IsFnv1a64) {
  static_assert(fnv1a("") == 0xcbf29ce484222325ull);
  EXPECT_EQ(fnv1a("a"), 0xaf63dc4c8601ec8cull);
  EXPECT_EQ(fnv1a("foobar"), 0x85944171f73967e8ull);
  EXPECT_NE(fnv1a("AAPL", 1), fnv1a("AAPL"));
}

}  // namespace
}  // namespace quantloop
