#pragma once
// JSON values (what the CLI prints with --json) as Python objects, so that the module returns
// the CLI's own results key for key.
#include <pybind11/pybind11.h>

#include <nlohmann/json.hpp>

namespace quantloop::python {

pybind11::object to_python(const nlohmann::json& value);

}  // namespace quantloop::python
