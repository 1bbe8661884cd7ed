#include "models/blas.h"

#include <cblas.h>

namespace quantloop::models {

void use_one_core_per_model() {
  openblas_set_num_threads(1);
}

}  // namespace quantloop::models
