#pragma once

namespace quantloop::models {

// Makes models trained on the calling thread use one core (BLAS single-threaded; with
// OpenBLAS's OpenMP build this is a per-thread setting, so every worker thread calls it). A
// training run spreads symbols one per core, faster for models this small than splitting one.
void use_one_core_per_model();

}  // namespace quantloop::models
