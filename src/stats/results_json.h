#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "stats/adf.h"
#include "stats/coint.h"
#include "stats/garch.h"

namespace quantloop::stats {

// The tests' results as `quantloop stats ... --json` prints them and the Python module returns
// them: one definition of the keys (statsmodels' names: usedlag, icbest, crit_values 1% 5% 10%).
// Values that are not finite are null, except an infinite statistic, written as text ("-inf").
nlohmann::json adf_json(const AdfResult& r);
nlohmann::json coint_json(const CointResult& r);
// Parameters, standard errors (robust and classical), fit figures and the variance forecast;
// nu only for Student t innovations.
nlohmann::json garch_json(const GarchFit& fit, bool student_t, const std::vector<double>& forecast);

}  // namespace quantloop::stats
