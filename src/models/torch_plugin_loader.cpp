#include <dlfcn.h>
#include <fmt/format.h>

#include <filesystem>
#include <mutex>

#include "core/error.h"
#include "models/gru_backend.h"

namespace quantloop::models {

namespace {

using Factory = GruBackend* (*)(int, int, int, std::uint64_t);

// Loads the plugin once per process: beside the executable first (an installed quantloop),
// then in the build tree it was built in.
Factory torch_factory() {
  static std::once_flag once;
  static Factory factory = nullptr;
  static std::string failure;
  std::call_once(once, [] {
    std::vector<std::filesystem::path> candidates;
    std::error_code ec;
    const auto executable = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (!ec) candidates.push_back(executable.parent_path() / "libquantloop_torch_gru.so");
    candidates.push_back(std::filesystem::path(QUANTLOOP_PLUGIN_DIR) / "libquantloop_torch_gru.so");
    for (const auto& path : candidates) {
      if (!std::filesystem::exists(path)) continue;
      void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
      if (!handle) {
        failure = dlerror();
        continue;
      }
      factory = reinterpret_cast<Factory>(dlsym(handle, "quantloop_create_torch_gru_backend"));
      if (factory) return;
      failure = fmt::format("{}: no quantloop_create_torch_gru_backend", path.string());
    }
    if (failure.empty())
      failure =
          "libquantloop_torch_gru.so was not found beside quantloop nor in " QUANTLOOP_PLUGIN_DIR;
  });
  if (!factory) throw Error("the LibTorch GRU backend is not available: " + failure);
  return factory;
}

}  // namespace

std::unique_ptr<GruBackend> create_torch_gru_backend(GruShape shape, std::uint64_t seed) {
  return std::unique_ptr<GruBackend>(
      torch_factory()(shape.inputs, shape.hidden, shape.layers, seed));
}

}  // namespace quantloop::models
