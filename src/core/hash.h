#pragma once

#include <cstdint>
#include <string_view>

namespace quantloop {

// 64-bit FNV-1a: a hash of text that is the same on every machine and in every run (unlike
// std::hash), for seeds and fingerprints. Callers may start from another basis to mix in a seed.
constexpr std::uint64_t kFnv1aBasis = 14695981039346656037ull;

constexpr std::uint64_t fnv1a(std::string_view text, std::uint64_t basis = kFnv1aBasis) {
  std::uint64_t hash = basis;
  for (char c : text)
    hash = (hash ^ std::uint8_t(c)) * 1099511628211ull;
  return hash;
}

}  // namespace quantloop
