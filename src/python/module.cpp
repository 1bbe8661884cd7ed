// `import quantloop`: the module's entry point. Errors of quantloop that are not bad input
// reach Python as quantloop.Error with the CLI's message.
#include <pybind11/pybind11.h>

#include "core/error.h"
#include "python/bindings.h"

namespace py = pybind11;

PYBIND11_MODULE(quantloop, m) {
  m.doc() = R"(quantloop from Python: the store as DataFrames, the econometrics and ICT concepts
on numpy arrays and pandas Series, with the numbers `quantloop` prints (same code). Functions
read contiguous float64 input in place and compute without the GIL. Bad input raises
ValueError; other failures quantloop.Error.)";
  py::register_exception<quantloop::Error>(m, "Error");
  quantloop::python::add_store(m);
  quantloop::python::add_stats(m);
  quantloop::python::add_concepts(m);
  quantloop::python::add_backtest(m);
}
