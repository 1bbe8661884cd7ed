#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace quantloop::models {

// A binary array of parameters: an 8-byte tag naming the model type, the shape numbers the
// reader must agree with, the values, and a CRC-32 of everything before it. Decoding checks
// tag, shape, length and checksum, and throws Error naming `source` (a file, a registry
// version) and what does not match.
template <typename T>
std::string encode_weights(std::string_view tag, std::span<const std::int64_t> shape,
                           std::span<const T> values);

template <typename T>
std::vector<T> decode_weights(std::string_view bytes, std::string_view tag,
                              std::span<const std::int64_t> expected_shape,
                              const std::string& source);

}  // namespace quantloop::models
