// The reads on paths that poll (the server four times a second, the dashboard every 10 s, the
// rollback check after every run, `pairs best`) are bounded and indexed: their plans, as each
// backend explains the statements the store really runs, read no table whole.
#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "store/sql_store.h"
#include "test_support.h"

namespace quantloop {
namespace {

using testing::Backend;

struct Plan {
  std::string sql;
  std::vector<std::string> steps;
};

class QueryPlanTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    store_ = Store::open(database_.url());
    auto* sql = dynamic_cast<store_internal::SqlStore*>(store_.get());
    ASSERT_NE(sql, nullptr);
    sql->observe_plans([this](std::string_view statement, const std::vector<std::string>& plan) {
      plans_.push_back({std::string(statement), plan});
    });
  }

  // Every statement `read` ran, explained: none scans a table whole. SQLite says "SCAN table"
  // for a full pass (with no index, or over a whole covering index); PostgreSQL, planning with
  // sequential scans off, says "Seq Scan on table" only where no index can serve.
  void expect_indexed(const std::string& what, const std::function<void()>& read) {
    plans_.clear();
    read();
    ASSERT_FALSE(plans_.empty()) << what << ": no statement observed";
    static const std::regex sqlite_scan(R"(^SCAN (\w+)( USING (COVERING )?INDEX \w+)?$)");
    static const std::regex postgres_scan(R"(Seq Scan on (\w+))");
    static const std::regex sqlite_subquery(R"(^(MATERIALIZE|CO-ROUTINE) (\w+)$)");
    for (const Plan& plan : plans_) {
      std::string text;
      std::set<std::string> subqueries{"modes"};  // the recursive walk over training_runs' modes
      for (const auto& step : plan.steps) {
        text += "\n  " + step;
        std::smatch m;
        if (std::regex_search(step, m, sqlite_subquery)) subqueries.insert(m[2]);
      }
      for (const auto& step : plan.steps) {
        std::smatch m;
        if (GetParam() == Backend::sqlite && std::regex_search(step, m, sqlite_scan)) {
          const std::string table = m[1];
          if (subqueries.count(table)) continue;  // rows a bounded subquery made
          // An index walked in order is bounded where the statement stops after a few rows.
          if (m[2].matched && plan.sql.find("LIMIT") != std::string::npos) continue;
          ADD_FAILURE() << what << " scans " << table << " whole:\n" << plan.sql << text;
        }
        if (GetParam() == Backend::postgres && std::regex_search(step, m, postgres_scan)) {
          ADD_FAILURE() << what << " scans " << m[1] << " whole:\n" << plan.sql << text;
        }
      }
    }
  }

  testing::TempDir dir_;
  testing::BackendDatabase database_{GetParam(), dir_};
  std::unique_ptr<Store> store_;
  std::vector<Plan> plans_;
};

TEST_P(QueryPlanTest, PolledReadsUseAnIndex) {
  const UnixSeconds now = *parse_timestamp("2027-01-04 09:00");
  expect_indexed("/v1/promotions of a symbol",
                 [&] { store_->promotion_decisions("EURUSD", "", 100); });
  expect_indexed("/v1/promotions", [&] { store_->promotion_decisions("", "", 100); });
  expect_indexed("the rollback check's production at the clock",
                 [&] { store_->alias_change_at("EURUSD", "1h", "champion", now); });
  expect_indexed("the rollback check's live predictions",
                 [&] { store_->resolved_predictions("EURUSD", "1h", 3, 50, now); });
  expect_indexed("the dashboard's live window",
                 [&] { store_->predictions("EURUSD", "1h", 3, 500, true); });
  expect_indexed("serving_state", [&] { store_->serving_state(now); });
  expect_indexed("the served champions", [&] { store_->champion_versions(); });
  expect_indexed("the overview's store summary", [&] { store_->summary(now - kSecondsPerDay); });
  expect_indexed("the overview's queued jobs", [&] { store_->count_jobs("queued"); });
  expect_indexed("the overview's failed jobs", [&] { store_->jobs("failed", 1000); });
  expect_indexed("the pairs page's latest scan", [&] { store_->latest_pair_scan(now); });
  expect_indexed("the pairs page's active pairs", [&] { store_->active_pairs(now); });
  expect_indexed("a pair page's history", [&] { store_->pair_history("AAA", "BBB", 500); });
  expect_indexed("a pair page's GRUs", [&] { store_->pair_performance_of("AAA", "BBB", now); });
  expect_indexed("pairs best", [&] { store_->pair_scores(10); });
}

INSTANTIATE_TEST_SUITE_P(Backends, QueryPlanTest,
                         ::testing::Values(Backend::sqlite, Backend::postgres),
                         testing::backend_name);

}  // namespace
}  // namespace quantloop
