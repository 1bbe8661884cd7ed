#include "core/url.h"

#include <gtest/gtest.h>

namespace quantloop {
namespace {

TEST(Url, MasksPasswordsInBothForms) {
  EXPECT_EQ(mask_password("postgresql://bob:s3cret@db.example:5432/q"),
            "postgresql://bob:****@db.example:5432/q");
  EXPECT_EQ(mask_password("postgresql://bob@db/q?password=s3cret&sslmode=require"),
            "postgresql://bob@db/q?password=****&sslmode=require");
  EXPECT_EQ(mask_password("postgresql://db/q"), "postgresql://db/q");
  EXPECT_EQ(mask_password("quantloop.db"), "quantloop.db");
}

TEST(Url, RecognisesPostgres) {
  EXPECT_TRUE(is_postgres_url("postgresql://x/y"));
  EXPECT_TRUE(is_postgres_url("postgres://x/y"));
  EXPECT_FALSE(is_postgres_url("data/postgresql.db"));
}

}  // namespace
}  // namespace quantloop
