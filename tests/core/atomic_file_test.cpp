#include "core/atomic_file.h"

#include <gtest/gtest.h>

#include <stdexcept>

#include "test_support.h"

namespace quantloop {
namespace {

TEST(AtomicFile, ReplacesWholeAndCreatesDirectories) {
  testing::TempDir dir;
  const auto path = dir.path() / "a" / "b" / "report.json";
  write_file_atomically(path, "first");
  write_file_atomically(path, "second, longer");
  EXPECT_EQ(testing::read_file(path.string()), "second, longer");
  EXPECT_FALSE(std::filesystem::exists(path.string() + ".tmp"));
}

TEST(AtomicFile, AFailingWriterLeavesTheOldFileAndNoTemporary) {
  testing::TempDir dir;
  const auto path = dir.path() / "out.csv";
  write_file_atomically(path, "kept");
  EXPECT_THROW(write_file_atomically(path,
                                     [](std::ostream& out) {
                                       out << "half of it";
                                       throw std::runtime_error("interrupted");
                                     }),
               std::runtime_error);
  EXPECT_EQ(testing::read_file(path.string()), "kept");
  EXPECT_FALSE(std::filesystem::exists(path.string() + ".tmp"));
}

TEST(AtomicFile, AnUnwritablePlaceIsNamed) {
  testing::TempDir dir;
  testing::write_file(dir.file("file"), "x");
  try {
    write_file_atomically(dir.path() / "file" / "inside", "y");  // a file where a directory must be
    FAIL() << "wrote below a file";
  } catch (const std::exception& e) {
    EXPECT_NE(std::string(e.what()).find("file"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace quantloop
