#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string_view>
#include <vector>

namespace quantloop::models {

// A binary array of parameters: an 8-byte tag naming the model type, the shape numbers the
// reader must agree with, the values, and a CRC-32 of everything before it. Written to a
// temporary name and renamed. Reading checks tag, shape, length and checksum, and throws Error
// naming the file and what does not match.
template <typename T>
void write_weights(const std::filesystem::path& path, std::string_view tag,
                   std::span<const std::int64_t> shape, std::span<const T> values);

template <typename T>
std::vector<T> read_weights(const std::filesystem::path& path, std::string_view tag,
                            std::span<const std::int64_t> expected_shape);

}  // namespace quantloop::models
