#include "stats/results_json.h"

#include <fmt/format.h>

#include <cmath>

namespace quantloop::stats {

namespace {

using nlohmann::json;

json finite(double v) {
  return std::isfinite(v) ? json(v) : json();
}

json crit_json(const std::array<double, 3>& crit) {
  return {{"1%", finite(crit[0])}, {"5%", finite(crit[1])}, {"10%", finite(crit[2])}};
}

}  // namespace

json adf_json(const AdfResult& r) {
  return {{"statistic", r.statistic},
          {"pvalue", r.pvalue},
          {"crit_values", crit_json(r.crit_values)},
          {"usedlag", r.used_lag},
          {"nobs", r.nobs},
          {"icbest", r.ic_best ? json(*r.ic_best) : json()}};
}

json coint_json(const CointResult& r) {
  return {{"statistic",
           std::isfinite(r.statistic) ? json(r.statistic) : json(fmt::format("{}", r.statistic))},
          {"pvalue", r.pvalue},
          {"crit_values", crit_json(r.crit_values)},
          {"usedlag", r.used_lag},
          {"nobs", r.nobs},
          {"hedge_ratio", r.hedge_ratio},
          {"intercept", r.intercept},
          {"half_life", finite(r.half_life)},
          {"collinear", r.collinear}};
}

json garch_json(const GarchFit& fit, bool student_t, const std::vector<double>& forecast) {
  const auto params = [&](const GarchParameters& p) {
    json out = {{"mu", std::isnan(p.mu) ? json() : json(p.mu)},
                {"omega", p.omega},
                {"alpha", p.alpha},
                {"beta", p.beta}};
    if (student_t) out["nu"] = p.nu;
    return out;
  };
  json out = params(fit.params);
  out["std_errors"] = params(fit.std_errors);
  out["classical_std_errors"] = params(fit.classical_std_errors);
  for (const char* key : {"mu", "omega", "alpha", "beta", "nu"}) {
    if (out["std_errors"].contains(key)) out[std::string(key) + "_se"] = out["std_errors"][key];
  }
  out["loglik"] = fit.loglik;
  out["aic"] = fit.aic;
  out["bic"] = fit.bic;
  out["nobs"] = fit.nobs;
  out["converged"] = fit.converged;
  out["message"] = fit.message;
  out["variance_forecast"] = forecast;
  return out;
}

}  // namespace quantloop::stats
