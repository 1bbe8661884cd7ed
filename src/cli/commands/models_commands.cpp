#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <iostream>
#include <memory>
#include <set>

#include "cli/arguments.h"
#include "cli/commands/commands.h"
#include "cli/output.h"
#include "cli/validators.h"
#include "core/error.h"
#include "features/feature_set.h"
#include "registry/predictor.h"
#include "registry/registry.h"
#include "registry/tables.h"

namespace quantloop::cli {

namespace {

// A bar series is named by its symbol, written as the user likes (aapl is AAPL); another
// maker's series (ict:signal_quality) exactly.
std::string series_symbol(const std::string& text) {
  return registry::is_bar_series(text) ? canonical_symbol(text) : text;
}

struct ModelsArgs {
  std::string symbol, interval, directory, symbols, at;
  int version = -1;
  bool dry_run = false;
  OutputFormat format = OutputFormat::table;
};

// The interval of the series a command means: --interval, else the symbol's only series.
std::string series_interval(Store& store, const std::string& symbol, const std::string& flag) {
  std::set<std::string> intervals;
  for (const auto& v : store.model_versions("", "")) {
    if (v.symbol == symbol) intervals.insert(v.interval);
  }
  if (!flag.empty()) {
    if (!intervals.count(flag)) throw Error(fmt::format("{} has no {} models", symbol, flag));
    return flag;
  }
  if (intervals.empty()) throw Error(fmt::format("{} has no models: train it first", symbol));
  if (intervals.size() > 1) {
    std::string names;
    for (const auto& i : intervals)
      names += (names.empty() ? "" : ", ") + i;
    usage_error("--interval",
                fmt::format("{} has models of several intervals ({}): choose one", symbol, names));
  }
  return *intervals.begin();
}

void add_series_options(CLI::App* command, ModelsArgs& args) {
  command->add_option("symbol", args.symbol, "Symbol")->required();
  command->add_option("--interval", args.interval, "The series' interval (default: its only one)")
      ->check(interval_name());
}

void print_decision(const PromotionDecision& d, OutputFormat format) {
  print_result(std::cout, registry::decisions_table({d}), format,
               fmt::format("{} {}: {}", d.symbol, d.interval, d.decision));
}

}  // namespace

void add_models_commands(CLI::App& app, Context& context) {
  auto* models = app.add_subcommand(
      "models",
      "The model registry: every trained model is a version of its series (symbol, interval); "
      "the champion serves predictions");
  models->require_subcommand(1);
  auto args = std::make_shared<ModelsArgs>();

  auto* list = models->add_subcommand("list", "Every series: versions, champion, challenger");
  add_format_flags(list, args->format);
  list->callback([&context, args] {
    context.begin();
    auto store = context.open_store(Store::OpenMode::existing);
    print_result(std::cout, registry::series_table(*store), args->format, "MODEL REGISTRY");
  });

  auto* show = models->add_subcommand("show", "The versions of a symbol's series");
  show->add_option("symbol", args->symbol, "Symbol")->required();
  show->add_option("--interval", args->interval, "Only this interval")->check(interval_name());
  add_format_flags(show, args->format);
  show->callback([&context, args] {
    context.begin();
    auto store = context.open_store(Store::OpenMode::existing);
    const std::string symbol = series_symbol(args->symbol);
    std::vector<ModelVersion> versions;
    for (auto& v : store->model_versions("", "")) {
      if (v.symbol == symbol && (args->interval.empty() || v.interval == args->interval))
        versions.push_back(std::move(v));
    }
    if (versions.empty()) throw Error(fmt::format("{} has no models: train it first", symbol));
    print_result(std::cout, registry::versions_table(versions, store->aliases("", "")),
                 args->format, fmt::format("{} VERSIONS", symbol));
  });

  auto* history = models->add_subcommand(
      "history", "A series' alias changes and promotion decisions, with their reasons");
  add_series_options(history, *args);
  add_format_flags(history, args->format);
  history->callback([&context, args] {
    context.begin();
    auto store = context.open_store(Store::OpenMode::existing);
    const std::string symbol = series_symbol(args->symbol);
    const std::string interval = series_interval(*store, symbol, args->interval);
    const auto changes = store->alias_history(symbol, interval);
    const auto decisions = store->promotion_decisions(symbol, interval, 0);
    if (args->format == OutputFormat::json) {
      nlohmann::json out = {{"symbol", symbol},
                            {"interval", interval},
                            {"aliases", to_json(registry::alias_history_table(changes))},
                            {"decisions", to_json(registry::decisions_table(decisions))}};
      for (std::size_t i = 0; i < decisions.size(); ++i) {
        out["decisions"][i]["evidence"] = decisions[i].evidence.empty()
                                              ? nlohmann::json()
                                              : nlohmann::json::parse(decisions[i].evidence);
      }
      std::cout << out.dump(2) << '\n';
      return;
    }
    print_result(std::cout, registry::alias_history_table(changes), args->format,
                 fmt::format("{} {} ALIAS HISTORY", symbol, interval));
    if (args->format == OutputFormat::table) {
      print_result(std::cout, registry::decisions_table(decisions), args->format,
                   fmt::format("{} {} PROMOTION DECISIONS", symbol, interval));
    }
  });

  auto* promote = models->add_subcommand(
      "promote", "Make a version the series' champion (recorded with the rule's verdict)");
  add_series_options(promote, *args);
  promote->add_option("--version", args->version, "Version (default: the newest)")
      ->check(CLI::Range(0, 1 << 30));
  add_format_flags(promote, args->format);
  promote->callback([&context, args] {
    context.begin();
    auto store = context.open_store(Store::OpenMode::existing);
    const std::string symbol = series_symbol(args->symbol);
    const std::string interval = series_interval(*store, symbol, args->interval);
    registry::Registry registry(*store, context.config());
    const auto d = registry.promote(
        symbol, interval, args->version >= 0 ? std::optional<int>(args->version) : std::nullopt,
        now_utc(), "user");
    print_decision(d, args->format);
  });

  auto* rollback = models->add_subcommand(
      "rollback", "Return the champion the current one replaced (or --to a version)");
  add_series_options(rollback, *args);
  rollback->add_option("--to", args->version, "Version (default: the previous champion)")
      ->check(CLI::Range(0, 1 << 30));
  add_format_flags(rollback, args->format);
  rollback->callback([&context, args] {
    context.begin();
    auto store = context.open_store(Store::OpenMode::existing);
    const std::string symbol = series_symbol(args->symbol);
    const std::string interval = series_interval(*store, symbol, args->interval);
    registry::Registry registry(*store, context.config());
    const auto d = registry.rollback(
        symbol, interval, args->version >= 0 ? std::optional<int>(args->version) : std::nullopt,
        now_utc(), "user");
    print_decision(d, args->format);
  });

  auto* gc = models->add_subcommand(
      "gc",
      "Archive versions no longer needed: keeps version 0, the champion, the previous champion, "
      "the challenger, the newest registry.keep_versions and every champion of the last "
      "registry.retention_days");
  gc->add_flag("--dry-run", args->dry_run, "Show what would be archived; change nothing");
  add_format_flags(gc, args->format);
  gc->callback([&context, args] {
    context.begin();
    auto store = context.open_store(Store::OpenMode::existing);
    registry::Registry registry(*store, context.config());
    const auto entries = registry.gc(now_utc(), args->dry_run);
    std::size_t archived = 0;
    for (const auto& e : entries)
      archived += e.archive;
    print_result(std::cout, registry::gc_table(entries), args->format,
                 args->dry_run ? "MODELS GC (DRY RUN)" : "MODELS GC");
    if (args->format == OutputFormat::table) {
      std::cout << fmt::format("{} {} of {} active versions\n",
                               args->dry_run ? "would archive" : "archived", archived,
                               entries.size());
    }
  });

  auto* export_command = models->add_subcommand(
      "export", "Write a version as a model directory (model.json and its weights)");
  add_series_options(export_command, *args);
  export_command->add_option("--version", args->version, "Version (default: the champion)")
      ->check(CLI::Range(0, 1 << 30));
  export_command->add_option("directory", args->directory, "Directory to create")->required();
  export_command->callback([&context, args] {
    context.begin();
    auto store = context.open_store(Store::OpenMode::existing);
    const std::string symbol = series_symbol(args->symbol);
    const std::string interval = series_interval(*store, symbol, args->interval);
    int version = args->version;
    if (version < 0) {
      for (const auto& a : store->aliases(symbol, interval)) {
        if (a.alias == "champion") version = a.version;
      }
      if (version < 0) throw Error(fmt::format("{} {} has no champion", symbol, interval));
    }
    registry::LoadedModels loaded(*store);
    const auto held = loaded.get(symbol, interval, version);
    const models::LoadedModel& model = *held;
    models::save_model(*model.model, model.record, args->directory);
    std::cout << fmt::format("{} {} v{} ({}) written to {}\n", symbol, interval, version,
                             models::to_string(model.record.type), args->directory);
  });

  auto predict_args = std::make_shared<ModelsArgs>();
  auto* predict = app.add_subcommand(
      "predict",
      "Each symbol's champion predicts the bar after its last complete bar (stored with the "
      "models in shadow, for the live scores). Exit code 3 when some symbols have no champion");
  predict->add_option("--symbols", predict_args->symbols, "Comma-separated symbols")
      ->required()
      ->check(symbol_list());
  predict->add_option("--interval", predict_args->interval, "Only this interval")
      ->check(interval_name());
  predict->add_option("--at", predict_args->at, "The clock, UTC (default: now)")->check(utc_time());
  add_format_flags(predict, predict_args->format);
  predict->callback([&context, predict_args] {
    context.begin();
    auto store = context.open_store(Store::OpenMode::existing);
    const UnixSeconds at =
        predict_args->at.empty() ? now_utc() : *parse_timestamp(predict_args->at);
    registry::Predictor predictor(*store, context.config());
    std::vector<registry::Prediction> predictions;
    std::vector<std::string> failed;
    for (const auto& symbol : split_list(predict_args->symbols)) {
      try {
        for (auto& p :
             predictor.predict(canonical_symbol(symbol), predict_args->interval, at, true))
          predictions.push_back(std::move(p));
      } catch (const Error& e) {
        failed.push_back(e.what());
      }
    }
    // The new predictions may complete a rollback window.
    registry::Registry registry(*store, context.config());
    for (const auto& d : registry.review(at, "predict")) {
      spdlog::warn("{} {}: {} ({})", d.symbol, d.interval, d.decision, d.reason);
    }
    if (predict_args->format == OutputFormat::json) {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& p : predictions)
        out.push_back(registry::to_json(p));
      std::cout << out.dump(2) << '\n';
    } else {
      print_result(std::cout, registry::predictions_table(predictions), predict_args->format,
                   fmt::format("PREDICTIONS AT {}", format_utc(at)));
    }
    for (const auto& f : failed)
      std::cerr << "error: " << f << '\n';
    if (!failed.empty()) context.exit_code = predictions.empty() ? 1 : kExitPartial;
  });
}

}  // namespace quantloop::cli
