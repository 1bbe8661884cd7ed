#pragma once
// numpy arrays and pandas Series in, C++ spans and pandas objects out.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <span>
#include <string>
#include <vector>

namespace quantloop::python {

// A one-dimensional float64 view of a numpy array or pandas Series: the caller's memory when it
// is contiguous (no copy), else a contiguous copy. Throws ValueError naming `what` for another
// dtype, another number of dimensions, or an object that is neither.
class Series {
 public:
  Series(pybind11::handle object, const char* what);
  std::span<const double> values() const { return values_; }
  // The pandas index when the input was a Series (None otherwise): outputs of the same length
  // keep it.
  pybind11::object index() const { return index_; }

 private:
  pybind11::array_t<double> array_;
  std::span<const double> values_;
  pybind11::object index_ = pybind11::none();
};

// A float64 numpy array owning a copy of `values`; a pandas Series when `index` is not None.
pybind11::object to_series(const std::vector<double>& values, pybind11::object index,
                           const char* name);

// pandas, imported once.
pybind11::module_ pandas();

}  // namespace quantloop::python
