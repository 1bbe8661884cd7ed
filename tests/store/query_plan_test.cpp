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

  // Every statement `read` ran, explained: none reads a table whole. SQLite says "SCAN t" for a
  // full pass, with no index or over a whole index; PostgreSQL, planning with sequential scans
  // off, says "Seq Scan on t" only where no index can serve, and an index scan without an
  // "Index Cond" walks the whole index. A walk over a whole index is bounded only where the
  // statement reads that table in the index's order and stops after LIMIT rows.
  void expect_indexed(const std::string& what, const std::function<void()>& read) {
    plans_.clear();
    read();
    ASSERT_FALSE(plans_.empty()) << what << ": no statement observed";
    static const std::regex sqlite_scan(R"(^SCAN (\w+)( USING (COVERING )?INDEX \w+)?$)");
    static const std::regex sqlite_subquery(R"(^(MATERIALIZE|CO-ROUTINE) (\w+)$)");
    static const std::regex postgres_seq(R"(Seq Scan on (\w+))");
    static const std::regex postgres_index(
        R"(^( *)(->  )?Index (Only )?Scan( Backward)? using \w+ on (\w+)( (\w+))?)");
    for (const Plan& plan : plans_) {
      std::string text;
      std::set<std::string> subqueries{"modes"};  // the recursive walk over training_runs' modes
      for (const auto& step : plan.steps) {
        text += "\n  " + step;
        std::smatch m;
        if (std::regex_search(step, m, sqlite_subquery)) subqueries.insert(m[2]);
      }
      // The table (or its alias) read in order with a LIMIT: FROM t [a] [WHERE ...] ORDER BY
      // ... LIMIT, with no subquery in between.
      const auto limited = [&](const std::string& name) {
        const std::regex ordered("FROM (\\w+ (AS )?)?" + name +
                                 "( WHERE [^()]*)? ORDER BY [^()]* LIMIT");
        const std::regex ordered_alias("FROM " + name +
                                       " (AS )?\\w+( WHERE [^()]*)? ORDER BY "
                                       "[^()]* LIMIT");
        return std::regex_search(plan.sql, ordered) || std::regex_search(plan.sql, ordered_alias);
      };
      for (std::size_t i = 0; i < plan.steps.size(); ++i) {
        const std::string& step = plan.steps[i];
        std::smatch m;
        if (GetParam() == Backend::sqlite && std::regex_search(step, m, sqlite_scan)) {
          const std::string table = m[1];
          if (subqueries.count(table)) continue;  // rows a bounded subquery made
          if (m[2].matched && limited(table)) continue;
          ADD_FAILURE() << what << " scans " << table << " whole:\n" << plan.sql << text;
        }
        if (GetParam() == Backend::postgres) {
          if (std::regex_search(step, m, postgres_seq)) {
            ADD_FAILURE() << what << " scans " << m[1] << " whole:\n" << plan.sql << text;
            continue;
          }
          if (!std::regex_search(step, m, postgres_index)) continue;
          // The node's own lines: those indented deeper than it, up to its next sibling.
          const std::size_t depth = step.find_first_not_of(' ');
          bool condition = false;
          for (std::size_t j = i + 1; j < plan.steps.size(); ++j) {
            const std::size_t d = plan.steps[j].find_first_not_of(' ');
            if (d <= depth || plan.steps[j].find("->") != std::string::npos) break;
            condition = condition || plan.steps[j].find("Index Cond:") != std::string::npos;
          }
          const std::string table = m[5], alias = m[7];
          if (condition || limited(table) || (!alias.empty() && limited(alias))) continue;
          ADD_FAILURE() << what << " walks a whole index of " << table << ":\n" << plan.sql << text;
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
  // Every 30 seconds, the scanner's reads and its write.
  expect_indexed("the scanner's last clock", [&] { store_->last_scan_clock(); });
  expect_indexed("the scanner's open trades", [&] { store_->open_scanner_trades(); });
  expect_indexed("the scanner's recent signals", [&] { store_->scanner_signal_ids(now); });
  expect_indexed("the scanner page's signals", [&] { store_->scanner_signals(50); });
  expect_indexed("the scanner page's outcomes",
                 [&] { store_->scanner_outcomes_by_session(now - 30 * kSecondsPerDay); });
  expect_indexed("a scan's write", [&] {
    ScanRecord scan;
    scan.clock = now;
    scan.outcomes.push_back({"ict-AAA-5m-1-long", "win", 600, 2.0});
    store_->record_scan(scan);
  });
}

INSTANTIATE_TEST_SUITE_P(Backends, QueryPlanTest,
                         ::testing::Values(Backend::sqlite, Backend::postgres),
                         testing::backend_name);

}  // namespace
}  // namespace quantloop
