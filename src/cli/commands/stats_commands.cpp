#include <fmt/format.h>

#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/commands/commands.h"
#include "cli/output.h"
#include "cli/validators.h"
#include "core/error.h"
#include "data/series_loader.h"
#include "stats/adf.h"
#include "stats/coint.h"
#include "stats/correlation.h"
#include "stats/diagnostics.h"
#include "stats/garch.h"
#include "stats/results_json.h"
#include "stats/transforms.h"

namespace quantloop::cli {

namespace {

using nlohmann::json;

// Where the series of a statistics command come from, and how they are transformed.
struct SeriesArgs {
  std::vector<std::string> symbols;
  std::vector<std::string> files;
  std::string interval = "1d";
  std::string column = "close";
  std::string returns;
  double scale = 1.0;
  OutputFormat format = OutputFormat::table;
};

struct Series {
  std::string name;
  std::vector<double> values;
};

void add_series_options(CLI::App* command, SeriesArgs& args, const std::string& count,
                        const std::string& default_returns = "none") {
  args.returns = default_returns;
  command->add_option("--symbol", args.symbols, "Stored symbol (" + count + ")");
  command->add_option("--file", args.files, "Bar file of any format ingest reads (" + count + ")");
  command->add_option("--interval", args.interval, "Interval of stored bars")
      ->capture_default_str()
      ->check(interval_name());
  command
      ->add_option("--column", args.column,
                   "Column: open, high, low, close, adj close or volume; of a --file also any "
                   "numeric column by its header name (a spread, a return)")
      ->capture_default_str();
  command->add_option("--returns", args.returns, "Transform first: none, simple or log returns")
      ->capture_default_str()
      ->check(one_of({"none", "simple", "log"}));
  command->add_option("--scale", args.scale, "Multiply after the transform (100: percent)")
      ->capture_default_str()
      ->check(checked_by(
          [](const std::string& text) {
            if (std::stod(text) == 0) throw Error("0 would erase the series");
          },
          "FACTOR"));
  add_format_flags(command, args.format, false);
}

// Loads, aligns on common times and transforms the series the flags name.
std::vector<Series> load_series(Context& context, const SeriesArgs& args, std::size_t minimum,
                                std::size_t maximum) {
  const std::size_t count = args.symbols.size() + args.files.size();
  if (count < minimum || count > maximum) {
    usage_error(args.files.empty() ? "--symbol" : "--file",
                minimum == maximum
                    ? fmt::format("give {} series with --symbol or --file (got {})", minimum, count)
                    : fmt::format("give at least {} series with --symbol or --file (got {})",
                                  minimum, count));
  }
  if (!args.symbols.empty()) {
    try {
      parse_bar_field(args.column);
    } catch (const Error& e) {
      usage_error("--column", std::string(e.what()) + " (stored bars have only these)");
    }
  }
  const stats::Returns returns = stats::parse_returns(args.returns);
  std::vector<TimedColumn> columns;
  if (!args.symbols.empty()) {
    const BarField field = parse_bar_field(args.column);
    auto store = context.open_store(Store::OpenMode::existing);
    for (const auto& symbol : args.symbols) {
      columns.push_back(load_stored_column(*store, canonical_symbol(symbol),
                                           Interval::parse(args.interval), field));
    }
  }
  for (const auto& file : args.files)
    columns.push_back(load_file_column(file, args.column));
  if (columns.size() > 1) columns = align_columns(columns);
  std::vector<Series> series;
  for (const auto& column : columns) {
    std::string name = column.name;
    if (returns != stats::Returns::none) name += " " + args.returns + " returns";
    if (args.scale != 1.0) name += fmt::format(" x {}", args.scale);
    series.push_back({name, stats::transform(column.values, returns, args.scale)});
  }
  return series;
}

void print_pairs(const std::string& title, const std::vector<std::pair<std::string, Value>>& rows) {
  ResultTable table{{"", "value"}, {}};
  for (const auto& [key, value] : rows)
    table.rows.push_back({key, value});
  print_table(std::cout, table, title);
}

Value number(double v) {
  return std::isfinite(v) ? Value{v} : Value{fmt::format("{}", v)};
}

std::string crit_text(const std::array<double, 3>& crit) {
  return fmt::format("1%: {:.4f}  5%: {:.4f}  10%: {:.4f}", crit[0], crit[1], crit[2]);
}

struct TestArgs {
  SeriesArgs series;
  std::string trend = "c";
  int max_lag = -1;
  std::string autolag = "aic";
  int lags = 0;
  int model_df = 0;
  std::string distribution = "normal", mean = "constant", start = "backcast", method = "pearson";
  int forecast = 0;
};

void add_lag_options(CLI::App* command, TestArgs& args) {
  command->add_option("--trend", args.trend, "Deterministic terms: n, c, ct, ctt")
      ->capture_default_str()
      ->check(one_of({"n", "c", "ct", "ctt"}));
  command->add_option("--max-lag", args.max_lag, "Highest lag (default: 12 (nobs/100)^(1/4))")
      ->check(CLI::Range(0, 100000));
  command->add_option("--autolag", args.autolag, "Lag choice: aic, bic, t-stat or none")
      ->capture_default_str()
      ->check(one_of({"aic", "bic", "t-stat", "none"}));
}

stats::AdfOptions adf_options(const TestArgs& args) {
  stats::AdfOptions options;
  options.trend = stats::parse_trend(args.trend);
  if (args.max_lag >= 0) options.max_lag = args.max_lag;
  options.autolag = stats::parse_autolag(args.autolag);
  return options;
}

}  // namespace

void add_stats_commands(CLI::App& app, Context& context) {
  auto* stats = app.add_subcommand(
      "stats",
      "Econometrics on stored symbols or files: unit roots, cointegration, GARCH, "
      "diagnostics, correlations (statsmodels' and arch's definitions)");
  stats->require_subcommand(1);

  auto adf_args = std::make_shared<TestArgs>();
  auto* adf =
      stats->add_subcommand("adf", "Augmented Dickey-Fuller unit-root test (statsmodels adfuller)");
  add_series_options(adf, adf_args->series, "one");
  add_lag_options(adf, *adf_args);
  adf->callback([&context, adf_args] {
    context.begin();
    const auto series = load_series(context, adf_args->series, 1, 1);
    const auto r = stats::adf(series[0].values, adf_options(*adf_args));
    if (adf_args->series.format == OutputFormat::json) {
      json out = stats::adf_json(r);
      out["series"] = series[0].name;
      std::cout << out.dump(2) << '\n';
      return;
    }
    print_pairs(fmt::format("ADF TEST OF {} (trend {}, lags by {})", series[0].name,
                            adf_args->trend, adf_args->autolag),
                {{"statistic", number(r.statistic)},
                 {"p-value", number(r.pvalue)},
                 {"lags used", std::int64_t{r.used_lag}},
                 {"observations", std::int64_t{r.nobs}},
                 {"critical values", crit_text(r.crit_values)}});
  });

  auto coint_args = std::make_shared<TestArgs>();
  auto* coint = stats->add_subcommand(
      "coint",
      "Engle-Granger cointegration test of the first series on the second (statsmodels coint), "
      "with hedge ratio and half-life");
  add_series_options(coint, coint_args->series, "two; the first is the dependent series");
  add_lag_options(coint, *coint_args);
  coint->callback([&context, coint_args] {
    context.begin();
    const auto series = load_series(context, coint_args->series, 2, 2);
    stats::CointOptions options;
    const auto adf = adf_options(*coint_args);
    options.trend = adf.trend;
    options.max_lag = adf.max_lag;
    options.autolag = adf.autolag;
    const auto r = stats::coint(series[0].values, series[1].values, options);
    if (coint_args->series.format == OutputFormat::json) {
      json out = stats::coint_json(r);
      out["y"] = series[0].name;
      out["x"] = series[1].name;
      std::cout << out.dump(2) << '\n';
      return;
    }
    print_pairs(fmt::format("ENGLE-GRANGER: {} ON {} (trend {})", series[0].name, series[1].name,
                            coint_args->trend),
                {{"statistic", number(r.statistic)},
                 {"p-value", number(r.pvalue)},
                 {"critical values", crit_text(r.crit_values)},
                 {"lags used", std::int64_t{r.used_lag}},
                 {"observations", std::int64_t{r.nobs}},
                 {"hedge ratio", number(r.hedge_ratio)},
                 {"intercept", number(r.intercept)},
                 {"half-life (bars)", number(r.half_life)}});
    if (r.collinear)
      std::cout
          << "warning: the series are almost perfectly collinear; the test is not informative\n";
  });

  auto garch_args = std::make_shared<TestArgs>();
  auto* garch = stats->add_subcommand(
      "garch",
      "GARCH(1,1) by maximum likelihood (arch's conventions; robust and classical standard "
      "errors). Exit code 3 when the fit did not converge");
  add_series_options(garch, garch_args->series, "one");
  garch->add_option("--dist", garch_args->distribution, "Innovations: normal or t")
      ->capture_default_str()
      ->check(one_of({"normal", "t"}));
  garch->add_option("--mean", garch_args->mean, "Mean: constant or zero")
      ->capture_default_str()
      ->check(one_of({"constant", "zero"}));
  garch
      ->add_option("--start", garch_args->start,
                   "Variance start: backcast (arch) or mean-squared (fGarch)")
      ->capture_default_str()
      ->check(one_of({"backcast", "mean-squared"}));
  garch
      ->add_option("--forecast", garch_args->forecast, "Also forecast the variance this many steps")
      ->check(CLI::Range(0, 100000));
  garch->callback([&context, garch_args] {
    context.begin();
    const auto series = load_series(context, garch_args->series, 1, 1);
    stats::GarchOptions options;
    if (garch_args->distribution == "t") options.distribution = stats::GarchDistribution::student_t;
    if (garch_args->mean == "zero") options.mean = stats::GarchMean::zero;
    if (garch_args->start == "mean-squared") {
      options.start = stats::VarianceStart::mean_squared_error;
    }
    const auto fit = stats::fit_garch(series[0].values, options);
    const auto forecast = garch_args->forecast > 0
                              ? stats::forecast_variance(fit, garch_args->forecast)
                              : std::vector<double>{};
    const bool t = options.distribution == stats::GarchDistribution::student_t;
    if (garch_args->series.format == OutputFormat::json) {
      json out = stats::garch_json(fit, t, forecast);
      out["series"] = series[0].name;
      std::cout << out.dump(2) << '\n';
    } else {
      ResultTable table{{"parameter", "estimate", "robust se", "classical se"}, {}};
      auto row = [&](const char* name, double value, double robust, double classical) {
        table.rows.push_back({std::string(name), number(value), number(robust), number(classical)});
      };
      if (options.mean == stats::GarchMean::constant)
        row("mu", fit.params.mu, fit.std_errors.mu, fit.classical_std_errors.mu);
      row("omega", fit.params.omega, fit.std_errors.omega, fit.classical_std_errors.omega);
      row("alpha", fit.params.alpha, fit.std_errors.alpha, fit.classical_std_errors.alpha);
      row("beta", fit.params.beta, fit.std_errors.beta, fit.classical_std_errors.beta);
      if (t) row("nu", fit.params.nu, fit.std_errors.nu, fit.classical_std_errors.nu);
      print_table(std::cout, table,
                  fmt::format("GARCH(1,1) OF {} ({} innovations)", series[0].name,
                              garch_args->distribution));
      std::cout << fmt::format("log-likelihood {:.4f}  AIC {:.4f}  BIC {:.4f}  observations {}\n",
                               fit.loglik, fit.aic, fit.bic, fit.nobs);
      for (std::size_t h = 0; h < forecast.size(); ++h) {
        std::cout << fmt::format("variance forecast h={}: {:.6g}\n", h + 1, forecast[h]);
      }
      if (!fit.converged) std::cout << "warning: the fit did not converge: " << fit.message << '\n';
    }
    if (!fit.converged) context.exit_code = kExitPartial;
  });

  auto ljungbox_args = std::make_shared<TestArgs>();
  auto* ljungbox = stats->add_subcommand(
      "ljungbox", "Ljung-Box test of autocorrelation (statsmodels acorr_ljungbox)");
  add_series_options(ljungbox, ljungbox_args->series, "one");
  ljungbox->add_option("--lags", ljungbox_args->lags, "Lags (default: min(10, n/5))")
      ->check(CLI::Range(1, 100000));
  ljungbox
      ->add_option("--model-df", ljungbox_args->model_df,
                   "Degrees of freedom used by a fitted model")
      ->check(CLI::Range(0, 100000));
  ljungbox->callback([&context, ljungbox_args] {
    context.begin();
    const auto series = load_series(context, ljungbox_args->series, 1, 1);
    const auto rows =
        stats::ljung_box(series[0].values, ljungbox_args->lags, ljungbox_args->model_df);
    ResultTable table{{"lag", "statistic", "pvalue"}, {}};
    for (const auto& r : rows)
      table.rows.push_back({std::int64_t{r.lag}, number(r.statistic), number(r.pvalue)});
    if (ljungbox_args->series.format == OutputFormat::json) {
      std::cout << json{{"series", series[0].name},
                        {"lags", rows.back().lag},
                        {"statistic", rows.back().statistic},
                        {"pvalue",
                         std::isnan(rows.back().pvalue) ? json() : json(rows.back().pvalue)},
                        {"table", to_json(table)}}
                       .dump(2)
                << '\n';
      return;
    }
    print_table(std::cout, table, "LJUNG-BOX TEST OF " + series[0].name);
  });

  auto archlm_args = std::make_shared<TestArgs>();
  auto* archlm = stats->add_subcommand("archlm", "Engle's ARCH-LM test (statsmodels het_arch)");
  add_series_options(archlm, archlm_args->series, "one");
  archlm->add_option("--lags", archlm_args->lags, "Lags (default: min(10, n/5))")
      ->check(CLI::Range(1, 100000));
  archlm->callback([&context, archlm_args] {
    context.begin();
    const auto series = load_series(context, archlm_args->series, 1, 1);
    const auto r = stats::arch_lm(series[0].values, archlm_args->lags);
    if (archlm_args->series.format == OutputFormat::json) {
      std::cout << json{{"series", series[0].name}, {"statistic", r.lm},
                        {"pvalue", r.lm_pvalue},    {"f_statistic", r.f},
                        {"f_pvalue", r.f_pvalue},   {"lags", r.lags}}
                       .dump(2)
                << '\n';
      return;
    }
    print_pairs("ARCH-LM TEST OF " + series[0].name, {{"LM statistic", number(r.lm)},
                                                      {"LM p-value", number(r.lm_pvalue)},
                                                      {"F statistic", number(r.f)},
                                                      {"F p-value", number(r.f_pvalue)},
                                                      {"lags", std::int64_t{r.lags}}});
  });

  auto corr_args = std::make_shared<TestArgs>();
  auto* corr = stats->add_subcommand(
      "corr",
      "Correlation matrix of several series on their common times (of log returns unless "
      "--returns says otherwise)");
  add_series_options(corr, corr_args->series, "two or more", "log");
  corr->add_option("--method", corr_args->method, "pearson or spearman")
      ->capture_default_str()
      ->check(one_of({"pearson", "spearman"}));
  corr->callback([&context, corr_args] {
    context.begin();
    const auto series = load_series(context, corr_args->series, 2, 100000);
    Eigen::MatrixXd data(series[0].values.size(), series.size());
    for (std::size_t j = 0; j < series.size(); ++j) {
      data.col(Eigen::Index(j)) =
          Eigen::Map<const Eigen::VectorXd>(series[j].values.data(), data.rows());
    }
    const Eigen::MatrixXd c = stats::correlation_matrix(
        data, corr_args->method == "spearman" ? stats::CorrelationMethod::spearman
                                              : stats::CorrelationMethod::pearson);
    ResultTable table{{""}, {}};
    for (const auto& s : series)
      table.columns.push_back(s.name);
    for (std::size_t i = 0; i < series.size(); ++i) {
      std::vector<Value> row{series[i].name};
      for (std::size_t j = 0; j < series.size(); ++j)
        row.push_back(c(Eigen::Index(i), Eigen::Index(j)));
      table.rows.push_back(row);
    }
    if (corr_args->series.format == OutputFormat::json) {
      json names = json::array(), matrix = json::array();
      for (std::size_t i = 0; i < series.size(); ++i) {
        names.push_back(series[i].name);
        json row = json::array();
        for (std::size_t j = 0; j < series.size(); ++j)
          row.push_back(c(Eigen::Index(i), Eigen::Index(j)));
        matrix.push_back(row);
      }
      std::cout << json{{"series", names},
                        {"method", corr_args->method},
                        {"observations", data.rows()},
                        {"matrix", matrix}}
                       .dump(2)
                << '\n';
      return;
    }
    print_table(std::cout, table,
                fmt::format("{} CORRELATION ({} observations)", corr_args->method, data.rows()));
  });
}

}  // namespace quantloop::cli
