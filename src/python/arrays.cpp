#include "python/arrays.h"

#include <fmt/format.h>

namespace py = pybind11;

namespace quantloop::python {

Series::Series(py::handle object, const char* what) {
  py::object source = py::reinterpret_borrow<py::object>(object);
  if (py::hasattr(source, "to_numpy") && py::hasattr(source, "index")) {
    index_ = source.attr("index");
    source = source.attr("to_numpy")();
  }
  if (!py::isinstance<py::array>(source)) {
    throw py::value_error(
        fmt::format("{}: expected a numpy array or pandas Series of float64, "
                    "not {}",
                    what, std::string(py::str(source.get_type().attr("__name__")))));
  }
  const auto array = py::reinterpret_borrow<py::array>(source);
  const py::dtype dtype = array.dtype();
  if (dtype.kind() != 'f' || dtype.itemsize() != 8) {
    throw py::value_error(fmt::format("{}: expected float64 values, not {}", what,
                                      std::string(py::str(array.dtype()))));
  }
  if (array.ndim() != 1) {
    throw py::value_error(fmt::format("{}: expected one dimension, not {}", what, array.ndim()));
  }
  // In place only when the values can be read as they are: contiguous, aligned, native order.
  const py::object flags = array.attr("flags");
  const bool contiguous = flags.attr("c_contiguous").cast<bool>() &&
                          flags.attr("aligned").cast<bool>() && dtype.attr("isnative").cast<bool>();
  if (contiguous) {
    array_ = py::reinterpret_borrow<py::array_t<double>>(array);
  } else {
    array_ = py::array_t<double, py::array::c_style>(array.attr("astype")("=f8"));
  }
  values_ = std::span<const double>(array_.data(), std::size_t(array_.size()));
}

py::object to_series(const std::vector<double>& values, py::object index, const char* name) {
  py::array_t<double> array(py::ssize_t(values.size()));
  std::copy(values.begin(), values.end(), array.mutable_data());
  if (index.is_none()) return array;
  return pandas().attr("Series")(array, py::arg("index") = index, py::arg("name") = name);
}

py::module_ pandas() {
  return py::module_::import("pandas");
}

}  // namespace quantloop::python
