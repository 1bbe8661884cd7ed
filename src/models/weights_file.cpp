#include "models/weights_file.h"

#include <fmt/format.h>
#include <zlib.h>

#include <cstring>

#include "core/error.h"

namespace quantloop::models {

namespace {

std::string tag_bytes(std::string_view tag) {
  std::string bytes(tag.substr(0, 8));
  bytes.resize(8, '\0');
  return bytes;
}

std::string shape_text(std::span<const std::int64_t> shape) {
  std::string text;
  for (auto s : shape)
    text += (text.empty() ? "" : " x ") + std::to_string(s);
  return text;
}

}  // namespace

template <typename T>
std::string encode_weights(std::string_view tag, std::span<const std::int64_t> shape,
                           std::span<const T> values) {
  std::string buffer = tag_bytes(tag);
  auto append = [&](const void* data, std::size_t size) {
    buffer.append(static_cast<const char*>(data), size);
  };
  const std::int64_t dimensions = std::int64_t(shape.size()), count = std::int64_t(values.size());
  append(&dimensions, sizeof dimensions);
  append(shape.data(), shape.size_bytes());
  append(&count, sizeof count);
  append(values.data(), values.size_bytes());
  const std::uint32_t crc =
      std::uint32_t(crc32(0, reinterpret_cast<const Bytef*>(buffer.data()), uInt(buffer.size())));
  append(&crc, sizeof crc);
  return buffer;
}

template <typename T>
std::vector<T> decode_weights(std::string_view buffer, std::string_view tag,
                              std::span<const std::int64_t> expected_shape,
                              const std::string& source) {
  const std::size_t header = 8 + sizeof(std::int64_t);
  if (buffer.size() < header + sizeof(std::uint32_t) || buffer.substr(0, 8) != tag_bytes(tag)) {
    throw Error(fmt::format("{}: not a {} weights file", source, tag));
  }
  std::uint32_t stored_crc;
  std::memcpy(&stored_crc, buffer.data() + buffer.size() - sizeof stored_crc, sizeof stored_crc);
  if (stored_crc != std::uint32_t(crc32(0, reinterpret_cast<const Bytef*>(buffer.data()),
                                        uInt(buffer.size() - sizeof stored_crc)))) {
    throw Error(fmt::format("{}: checksum mismatch (the file is damaged)", source));
  }
  std::int64_t dimensions;
  std::memcpy(&dimensions, buffer.data() + 8, sizeof dimensions);
  if (dimensions < 0 || dimensions > 16 ||
      buffer.size() <
          header + std::size_t(dimensions + 1) * sizeof(std::int64_t) + sizeof(std::uint32_t)) {
    throw Error(fmt::format("{}: length does not match its header", source));
  }
  std::vector<std::int64_t> shape(static_cast<std::size_t>(dimensions));
  // A scalar (zero dimensions) has no shape to copy, and memcpy may not be given null.
  if (!shape.empty()) {
    std::memcpy(shape.data(), buffer.data() + header, shape.size() * sizeof(std::int64_t));
  }
  if (shape != std::vector<std::int64_t>(expected_shape.begin(), expected_shape.end())) {
    throw Error(fmt::format("{}: the weights have shape {} but the model expects {}", source,
                            shape_text(shape), shape_text(expected_shape)));
  }
  std::int64_t count;
  const std::size_t at = header + shape.size() * sizeof(std::int64_t);
  std::memcpy(&count, buffer.data() + at, sizeof count);
  if (count < 0 ||
      buffer.size() != at + sizeof count + std::size_t(count) * sizeof(T) + sizeof stored_crc) {
    throw Error(fmt::format("{}: length does not match its header", source));
  }
  std::vector<T> values(static_cast<std::size_t>(count));
  if (!values.empty()) {
    std::memcpy(values.data(), buffer.data() + at + sizeof count, values.size() * sizeof(T));
  }
  return values;
}

template std::string encode_weights<float>(std::string_view, std::span<const std::int64_t>,
                                           std::span<const float>);
template std::string encode_weights<double>(std::string_view, std::span<const std::int64_t>,
                                            std::span<const double>);
template std::string encode_weights<char>(std::string_view, std::span<const std::int64_t>,
                                          std::span<const char>);
template std::vector<char> decode_weights<char>(std::string_view, std::string_view,
                                                std::span<const std::int64_t>, const std::string&);
template std::vector<float> decode_weights<float>(std::string_view, std::string_view,
                                                  std::span<const std::int64_t>,
                                                  const std::string&);
template std::vector<double> decode_weights<double>(std::string_view, std::string_view,
                                                    std::span<const std::int64_t>,
                                                    const std::string&);

}  // namespace quantloop::models
