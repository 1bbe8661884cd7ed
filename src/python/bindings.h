#pragma once
// The module's parts, each adding its functions to the module (module.cpp calls them).
#include <pybind11/pybind11.h>

namespace quantloop::python {

void add_stats(pybind11::module_& m);
void add_concepts(pybind11::module_& m);
void add_store(pybind11::module_& m);
void add_backtest(pybind11::module_& m);

}  // namespace quantloop::python
