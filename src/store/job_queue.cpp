// The jobs table: SqlStore's job queue, the same SQL on both backends but for the claim's
// row locking (skip_locked()).
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "store/sql_store.h"

namespace quantloop::store_internal {

namespace {

std::string job_columns(const std::function<std::string(std::string_view)>& timestamp) {
  return fmt::format(
      "id, kind, command, schedule, {}, state, attempts, max_attempts, {}, last_error, "
      "exit_code, lease_owner, {}, fencing_token, {}, {}, {}, parent_id, after_siblings",
      timestamp("scheduled_for"), timestamp("not_before"), timestamp("lease_expires"),
      timestamp("created_at"), timestamp("started_at"), timestamp("finished_at"));
}

Job job_of(const std::vector<Value>& row) {
  Job j;
  j.id = as_int(row[0]);
  j.kind = as_text(row[1]);
  try {
    j.command = nlohmann::json::parse(as_text(row[2])).get<std::vector<std::string>>();
  } catch (const nlohmann::json::exception& e) {
    throw Error(
        fmt::format("jobs row {}: command is not a JSON array of strings: {}", j.id, e.what()));
  }
  j.schedule = as_text(row[3]);
  j.scheduled_for = as_time(row[4]);
  j.state = as_text(row[5]);
  j.attempts = int(as_int(row[6]));
  j.max_attempts = int(as_int(row[7]));
  j.not_before = as_time(row[8]);
  j.last_error = as_text(row[9]);
  j.exit_code = std::holds_alternative<std::monostate>(row[10]) ? -1 : int(as_int(row[10]));
  j.lease_owner = as_text(row[11]);
  j.lease_expires = as_time(row[12]);
  j.fencing_token = as_int(row[13]);
  j.created_at = as_time(row[14]);
  j.started_at = as_time(row[15]);
  j.finished_at = as_time(row[16]);
  j.parent_id = as_int(row[17]);
  j.after_siblings = as_int(row[18]) != 0;
  return j;
}

}  // namespace

std::optional<std::int64_t> SqlStore::enqueue_job(const Job& job) {
  std::optional<std::int64_t> id;
  write([&] {
    const auto inserted = query(
        "INSERT INTO jobs(kind, command, schedule, scheduled_for, state, attempts, max_attempts, "
        "not_before, created_at, last_error, finished_at, parent_id, after_siblings) "
        "VALUES(?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (schedule, scheduled_for) DO NOTHING RETURNING id",
        {job.kind, nlohmann::json(job.command).dump(), text_or_null(job.schedule),
         timestamp_value(job.scheduled_for), job.state, std::int64_t{job.max_attempts},
         timestamp_value(job.not_before), timestamp_value(job.created_at),
         text_or_null(job.last_error),
         job.state == "queued" ? Value{} : timestamp_value(job.created_at),
         job.parent_id == 0 ? Value{} : Value{job.parent_id},
         std::int64_t{job.after_siblings ? 1 : 0}});
    if (!inserted.rows.empty()) id = as_int(inserted.rows[0][0]);
  });
  return id;
}

std::vector<Job> SqlStore::child_jobs(std::int64_t parent_id) {
  const auto timestamp = [this](std::string_view e) { return timestamp_text(e); };
  std::vector<Job> out;
  for (const auto& row : query(fmt::format("SELECT {} FROM jobs WHERE parent_id = ? ORDER BY id",
                                           job_columns(timestamp)),
                               {parent_id})
                             .rows) {
    out.push_back(job_of(row));
  }
  return out;
}

namespace {

// No job of the schedule of `jobs` runs, nor any job one of its fires fanned out.
constexpr std::string_view kScheduleIdle =
    "NOT EXISTS (SELECT 1 FROM jobs AS other WHERE "
    "(other.schedule = jobs.schedule AND other.state = 'running') OR "
    "(other.state IN ('queued', 'running') AND other.parent_id IN "
    "(SELECT id FROM jobs AS fired WHERE fired.schedule = jobs.schedule)))";

constexpr int kClaimAttempts = 4;

}  // namespace

std::optional<Job> SqlStore::claim_job(const std::string& owner, UnixSeconds now,
                                       int lease_seconds) {
  const auto timestamp = [this](std::string_view e) { return timestamp_text(e); };
  std::optional<Job> claimed;
  for (int attempt = 0; attempt < kClaimAttempts && !claimed; ++attempt) {
    bool lost_race = false;
    in_transaction([&] {
      // The candidate, locked (PostgreSQL skips those another claim holds).
      const auto candidate = query(
          fmt::format(
              "SELECT id, schedule FROM jobs WHERE state = 'queued' AND not_before <= ? AND "
              "(schedule IS NULL OR {}) AND (after_siblings = 0 OR NOT EXISTS (SELECT 1 FROM "
              "jobs AS sibling WHERE sibling.parent_id = jobs.parent_id AND sibling.id <> "
              "jobs.id AND sibling.state IN ('queued', 'running'))) ORDER BY scheduled_for, id "
              "LIMIT 1{}",
              kScheduleIdle, skip_locked()),
          {timestamp_value(now)});
      if (candidate.rows.empty()) return;
      const std::int64_t id = as_int(candidate.rows[0][0]);
      const std::string schedule = as_text(candidate.rows[0][1]);
      std::string idle;
      if (!schedule.empty()) {
        // Under READ COMMITTED the check above cannot see another claim of the same schedule
        // that has not committed: the schedule's lock serialises its claims, and the check is
        // made again in a statement that starts after the lock is held (a fresh snapshot).
        lock_key("jobs schedule " + schedule);
        idle = fmt::format(" AND {}", kScheduleIdle);
      }
      const auto rows = query(
          fmt::format("UPDATE jobs SET state = 'running', lease_owner = ?, lease_expires = ?, "
                      "fencing_token = fencing_token + 1, attempts = attempts + 1, "
                      "started_at = ? WHERE id = ? AND state = 'queued'{} RETURNING {}",
                      idle, job_columns(timestamp)),
          {owner, timestamp_value(now + lease_seconds), timestamp_value(now), id});
      if (rows.rows.empty()) {
        lost_race = true;  // another fire of the schedule started first
        return;
      }
      claimed = job_of(rows.rows[0]);
    });
    if (!lost_race) break;
  }
  return claimed;
}

LeaseRescue SqlStore::rescue_expired_leases(UnixSeconds now) {
  LeaseRescue rescue;
  in_transaction([&] {
    rescue.failed = int(
        query("UPDATE jobs SET state = 'failed', finished_at = ?, lease_owner = NULL, "
              "lease_expires = NULL, fencing_token = fencing_token + 1, last_error = 'its worker "
              "stopped renewing the lease on the last attempt' WHERE state = 'running' AND "
              "lease_expires < ? AND attempts >= max_attempts RETURNING id",
              {timestamp_value(now), timestamp_value(now)})
            .rows.size());
    rescue.requeued = int(
        query("UPDATE jobs SET state = 'queued', not_before = ?, lease_owner = NULL, "
              "lease_expires = NULL, fencing_token = fencing_token + 1, last_error = 'its worker "
              "stopped renewing the lease' WHERE state = 'running' AND lease_expires < ? AND "
              "attempts < max_attempts RETURNING id",
              {timestamp_value(now), timestamp_value(now)})
            .rows.size());
  });
  return rescue;
}

int SqlStore::delete_finished_jobs(UnixSeconds before, int limit) {
  // Whole families, oldest first: a job with no parent, finished before `before` with every
  // job it fanned out, and not its schedule's last fire; then its children with it. A child is
  // never left pointing at a deleted parent (a retry of it would escape its schedule's
  // overlap check).
  constexpr std::string_view kFinished =
      "state IN ('succeeded', 'partial', 'failed', 'cancelled', 'skipped') AND finished_at < ?";
  int deleted = 0;
  in_transaction([&] {
    const auto roots = query(
        fmt::format("SELECT j.id FROM jobs AS j WHERE j.parent_id IS NULL AND j.{0} AND "
                    "(j.schedule IS NULL OR j.scheduled_for < (SELECT MAX(l.scheduled_for) FROM "
                    "jobs AS l WHERE l.schedule = j.schedule)) AND NOT EXISTS (SELECT 1 FROM "
                    "jobs AS c WHERE c.parent_id = j.id AND NOT (c.{0})) ORDER BY j.id LIMIT {1}",
                    kFinished, std::max(0, limit)),
        {timestamp_value(before), timestamp_value(before)});
    for (const auto& row : roots.rows) {
      const Value id = row[0];
      deleted += int(query("DELETE FROM jobs WHERE parent_id = ? RETURNING id", {id}).rows.size());
      deleted += int(query("DELETE FROM jobs WHERE id = ? RETURNING id", {id}).rows.size());
    }
  });
  return deleted;
}

bool SqlStore::renew_lease(std::int64_t id, std::int64_t fencing_token, UnixSeconds expires) {
  return !query(
              "UPDATE jobs SET lease_expires = ? WHERE id = ? AND fencing_token = ? AND "
              "state = 'running' RETURNING id",
              {timestamp_value(expires), id, fencing_token})
              .rows.empty();
}

bool SqlStore::finish_job(const JobOutcome& o) {
  const Value exit_code = o.exit_code < 0 ? Value{} : Value{std::int64_t{o.exit_code}};
  if (o.state == "queued") {
    return !query(
                "UPDATE jobs SET state = 'queued', exit_code = ?, last_error = ?, "
                "lease_owner = NULL, lease_expires = NULL, not_before = ?, "
                "attempts = attempts - ? WHERE id = ? AND fencing_token = ? AND "
                "state = 'running' RETURNING id",
                {exit_code, text_or_null(o.error), timestamp_value(o.not_before),
                 std::int64_t{o.count_attempt ? 0 : 1}, o.id, o.fencing_token})
                .rows.empty();
  }
  return !query(
              "UPDATE jobs SET state = ?, exit_code = ?, last_error = ?, finished_at = ?, "
              "lease_owner = NULL, lease_expires = NULL WHERE id = ? AND fencing_token = ? AND "
              "state = 'running' RETURNING id",
              {o.state, exit_code, text_or_null(o.error), timestamp_value(o.at), o.id,
               o.fencing_token})
              .rows.empty();
}

std::vector<Job> SqlStore::jobs(std::string_view state, int limit) {
  const auto timestamp = [this](std::string_view e) { return timestamp_text(e); };
  std::vector<Value> params;
  std::string sql = fmt::format("SELECT {} FROM jobs", job_columns(timestamp));
  if (!state.empty()) {
    sql += " WHERE state = ?";
    params.push_back(std::string(state));
  }
  sql += fmt::format(" ORDER BY id DESC LIMIT {}", limit);
  std::vector<Job> out;
  for (const auto& row : query(sql, params).rows)
    out.push_back(job_of(row));
  return out;
}

std::int64_t SqlStore::count_jobs(std::string_view state) {
  return as_int(
      query("SELECT COUNT(*) FROM jobs WHERE state = ?", {std::string(state)}).rows.at(0).at(0));
}

std::optional<Job> SqlStore::job(std::int64_t id) {
  const auto timestamp = [this](std::string_view e) { return timestamp_text(e); };
  const auto rows =
      query(fmt::format("SELECT {} FROM jobs WHERE id = ?", job_columns(timestamp)), {id});
  if (rows.rows.empty()) return std::nullopt;
  return job_of(rows.rows[0]);
}

std::optional<UnixSeconds> SqlStore::last_fire(std::string_view schedule) {
  const auto rows = query(
      fmt::format("SELECT {} FROM jobs WHERE schedule = ? ORDER BY scheduled_for DESC LIMIT 1",
                  timestamp_text("scheduled_for")),
      {std::string(schedule)});
  if (rows.rows.empty()) return std::nullopt;
  return as_time(rows.rows[0][0]);
}

int SqlStore::active_jobs(std::string_view schedule) {
  return int(as_int(query("SELECT COUNT(*) FROM jobs WHERE state IN ('queued', 'running') AND "
                          "(schedule = ? OR parent_id IN (SELECT id FROM jobs AS fired WHERE "
                          "fired.schedule = ?))",
                          {std::string(schedule), std::string(schedule)})
                        .rows.at(0)
                        .at(0)));
}

bool SqlStore::retry_job(std::int64_t id, UnixSeconds now) {
  return !query(
              "UPDATE jobs SET state = 'queued', attempts = 0, not_before = ?, exit_code = NULL, "
              "finished_at = NULL WHERE id = ? AND state IN "
              "('failed', 'partial', 'cancelled', 'skipped') RETURNING id",
              {timestamp_value(now), id})
              .rows.empty();
}

bool SqlStore::cancel_job(std::int64_t id, UnixSeconds now) {
  return !query(
              "UPDATE jobs SET state = 'cancelled', fencing_token = fencing_token + 1, "
              "finished_at = ?, lease_owner = NULL, lease_expires = NULL, "
              "last_error = COALESCE(last_error, 'cancelled') "
              "WHERE id = ? AND state IN ('queued', 'running') RETURNING id",
              {timestamp_value(now), id})
              .rows.empty();
}

void SqlStore::beat(const WorkerBeat& b) {
  query(
      "INSERT INTO workers(owner, role, host, pid, concurrency, running_jobs, started_at, "
      "heartbeat_at, stopped_at) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (owner) DO UPDATE "
      "SET running_jobs = excluded.running_jobs, heartbeat_at = excluded.heartbeat_at, "
      "stopped_at = excluded.stopped_at",
      {b.owner, b.role, b.host, b.pid, std::int64_t{b.concurrency}, std::int64_t{b.running_jobs},
       timestamp_value(b.started_at), timestamp_value(b.heartbeat_at), time_or_null(b.stopped_at)});
}

std::vector<WorkerBeat> SqlStore::worker_beats(UnixSeconds since) {
  const auto rows =
      query(fmt::format("SELECT owner, role, host, pid, concurrency, running_jobs, {}, {}, {} FROM "
                        "workers WHERE heartbeat_at >= ? ORDER BY owner",
                        timestamp_text("started_at"), timestamp_text("heartbeat_at"),
                        timestamp_text("stopped_at")),
            {timestamp_value(since)});
  std::vector<WorkerBeat> out;
  for (const auto& row : rows.rows) {
    out.push_back({as_text(row[0]), as_text(row[1]), as_text(row[2]), as_int(row[3]),
                   int(as_int(row[4])), int(as_int(row[5])), as_time(row[6]), as_time(row[7]),
                   as_time(row[8])});
  }
  return out;
}

}  // namespace quantloop::store_internal
