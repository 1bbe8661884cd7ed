#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <memory>

#include "cli/commands/commands.h"
#include "cli/output.h"
#include "cli/validators.h"
#include "core/atomic_file.h"
#include "core/command_line.h"
#include "core/error.h"
#include "sched/schedule.h"

namespace quantloop::cli {

namespace {

struct ShowArgs {
  std::string at;
  int count = 5;
  OutputFormat format = OutputFormat::table;
};

struct ExportArgs {
  bool crontab = false;
  bool systemd = false;
  std::string directory;
};

void show(Context& context, const ShowArgs& args) {
  const UnixSeconds at = args.at.empty() ? now_utc() : *parse_timestamp(args.at);
  const auto schedules = sched::enabled_schedules(context.config());
  nlohmann::json json = nlohmann::json::array();
  ResultTable table{{"name", "cron", "timezone", "job", "last", "next"}, {}};
  for (const auto& schedule : schedules) {
    const auto& s = schedule.settings;
    const auto last = schedule.fires.previous(at);
    std::vector<UnixSeconds> next;
    for (auto t = schedule.fires.next(at); t && int(next.size()) < args.count;
         t = schedule.fires.next(*t))
      next.push_back(*t);
    nlohmann::json next_json = nlohmann::json::array();
    std::string next_text;
    for (UnixSeconds t : next) {
      next_json.push_back(format_iso8601(t));
      next_text += (next_text.empty() ? "" : ", ") + format_iso8601(t);
    }
    if (next.empty()) next_text = "never";
    json.push_back({{"name", s.name},
                    {"cron", s.cron},
                    {"timezone", s.timezone},
                    {"job", s.job},
                    {"catchup", s.catchup},
                    {"overlap", s.overlap},
                    {"last", last ? nlohmann::json(format_iso8601(*last)) : nlohmann::json()},
                    {"next", next_json}});
    table.rows.push_back({s.name, s.cron, s.timezone, s.job,
                          last ? Value(format_iso8601(*last)) : Value(), next_text});
  }
  if (args.format == OutputFormat::json) {
    std::cout << json.dump(2) << "\n";
  } else {
    print_result(std::cout, table, args.format,
                 fmt::format("SCHEDULES AT {} (times UTC)", format_iso8601(at)));
  }
}

void export_schedules(Context& context, const ExportArgs& args) {
  const auto schedules = sched::enabled_schedules(context.config());
  const std::string command = join_command_line(context.self_invocation());
  const std::string directory = std::filesystem::current_path().string();
  if (args.crontab) {
    std::cout << sched::crontab_lines(schedules, command, directory);
    return;
  }
  const auto units = sched::systemd_units(schedules, command, directory);
  if (args.directory.empty()) {
    for (const auto& unit : units)
      std::cout << "# " << unit.name << "\n" << unit.text << "\n";
    return;
  }
  std::filesystem::create_directories(args.directory);
  for (const auto& unit : units) {
    const auto path = std::filesystem::path(args.directory) / unit.name;
    write_file_atomically(path, unit.text);
    std::cout << path.string() << "\n";
  }
}

}  // namespace

void add_schedule_commands(CLI::App& app, Context& context) {
  auto* schedule = app.add_subcommand(
      "schedule",
      "The [schedule.NAME] sections of the configuration: when each job fires (cron, in its "
      "time zone), and the same as crontab lines or systemd timers");
  schedule->require_subcommand(1);

  auto show_args = std::make_shared<ShowArgs>();
  auto* show_command = schedule->add_subcommand(
      "show", "Each enabled schedule: name, cron, timezone, job, its last fire and its next N");
  show_command->add_option("--at", show_args->at, "The clock, UTC (default: now)")
      ->check(utc_time());
  show_command->add_option("--count", show_args->count, "Next fires shown (default 5)")
      ->check(CLI::Range(1, 1000));
  add_format_flags(show_command, show_args->format);
  show_command->callback([&context, show_args] {
    context.begin();
    show(context, *show_args);
  });

  auto export_args = std::make_shared<ExportArgs>();
  auto* export_command = schedule->add_subcommand(
      "export",
      "Write the schedules for another scheduler: crontab lines (stdout) or systemd .timer and "
      ".service units (stdout, or files in --dir)");
  auto* crontab = export_command->add_flag("--crontab", export_args->crontab, "crontab(5) lines");
  auto* systemd = export_command->add_flag("--systemd", export_args->systemd,
                                           "systemd timer and service units");
  crontab->excludes(systemd);
  export_command
      ->add_option("--dir", export_args->directory,
                   "Write the systemd units as files in this directory")
      ->needs(systemd);
  export_command->callback([&context, export_args] {
    if (!export_args->crontab && !export_args->systemd) {
      usage_error("--crontab", "schedule export needs --crontab or --systemd");
    }
    context.begin();
    export_schedules(context, *export_args);
  });
}

}  // namespace quantloop::cli
