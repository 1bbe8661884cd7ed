#pragma once
// Seed 002's two example queries on signals and trades (../shared/seeds/002_*.md), verbatim but
// for the dates of the first: the tests of both makers of signals run them unchanged.
#include <string>

namespace quantloop::testing {

inline std::string seed002_signals_by_date(const std::string& from, const std::string& to) {
  return "SELECT\n    DATE(entry_time) as trading_date,\n    COUNT(*) as signals_count,\n"
         "    AVG(confluence_score) as avg_quality,\n"
         "    SUM(CASE WHEN status = 'EXECUTED' THEN 1 ELSE 0 END) as executed_signals\n"
         "FROM signals\nWHERE entry_time BETWEEN '" +
         from + "' AND '" + to +
         "'\n"
         "GROUP BY DATE(entry_time)\nORDER BY trading_date;";
}

inline const char* const kSeed002SignalsBySessionAndRegime =
    "SELECT\n    session,\n    market_regime,\n    COUNT(*) as signals,\n"
    "    AVG(confluence_score) as quality,\n    AVG(pnl) as avg_pnl\n"
    "FROM signals s\nJOIN trades t ON s.signal_id = t.signal_id\n"
    "GROUP BY session, market_regime\nORDER BY avg_pnl DESC;";

}  // namespace quantloop::testing
