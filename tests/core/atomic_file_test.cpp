#include "core/atomic_file.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>
#include <thread>

#include "test_support.h"

namespace quantloop {
namespace {

std::vector<std::string> entries(const std::filesystem::path& directory) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(directory)) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

TEST(AtomicFile, ReplacesWholeAndCreatesDirectories) {
  testing::TempDir dir;
  const auto path = dir.path() / "a" / "b" / "report.json";
  write_file_atomically(path, "first");
  write_file_atomically(path, "second, longer");
  EXPECT_EQ(testing::read_file(path.string()), "second, longer");
  EXPECT_EQ(entries(path.parent_path()), std::vector<std::string>{"report.json"});
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
  EXPECT_EQ(entries(dir.path()), std::vector<std::string>{"out.csv"});
}

TEST(AtomicFile, WritersAtOnceNeverMixTheirBytes) {
  testing::TempDir dir;
  const auto path = dir.path() / "evaluation_results.json";
  std::vector<std::thread> writers;
  for (int w = 0; w < 4; ++w) {
    writers.emplace_back([&, w] {
      const std::string content(100000, char('a' + w));
      for (int i = 0; i < 20; ++i)
        write_file_atomically(path, content);
    });
  }
  for (auto& t : writers)
    t.join();
  const std::string text = testing::read_file(path.string());
  ASSERT_EQ(text.size(), 100000u);
  EXPECT_EQ(std::count(text.begin(), text.end(), text[0]), 100000);
  EXPECT_EQ(entries(dir.path()), std::vector<std::string>{"evaluation_results.json"});
}

TEST(AtomicFile, TemporaryNamesAreUnique) {
  EXPECT_NE(unique_temporary_sibling("/x/a.json"), unique_temporary_sibling("/x/a.json"));
  EXPECT_EQ(unique_temporary_sibling("/x/a.json").parent_path(), "/x");
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
