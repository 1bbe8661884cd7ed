// Seed 002's scanner tables (issue 21): scans, market_conditions, ml_features, and the
// scanner's signals and trades.
#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <variant>

#include "core/error.h"
#include "store/sql_store.h"

namespace quantloop::store_internal {

namespace {

Value optional_number(const std::optional<double>& v) {
  return v ? number_or_null(*v) : Value{};
}
Value optional_int(const std::optional<int>& v) {
  return v ? Value{std::int64_t{*v}} : Value{};
}
Value optional_text(const std::optional<std::string>& v) {
  return v ? Value{*v} : Value{};
}
std::optional<double> number_of(const Value& v) {
  const double d = as_double(v);
  return std::isnan(d) ? std::nullopt : std::optional<double>(d);
}
std::optional<std::int64_t> int_of(const Value& v) {
  if (std::holds_alternative<std::monostate>(v)) return std::nullopt;
  return as_int(v);
}
std::optional<std::string> text_of(const Value& v) {
  if (std::holds_alternative<std::monostate>(v)) return std::nullopt;
  return as_text(v);
}

}  // namespace

std::optional<UnixSeconds> SqlStore::last_scan_clock() {
  const auto rows = query(
      fmt::format("SELECT {} FROM scans ORDER BY clock DESC LIMIT 1", timestamp_text("clock")));
  if (rows.rows.empty()) return std::nullopt;
  return as_time(rows.rows[0][0]);
}

std::optional<std::int64_t> SqlStore::record_scan(const ScanRecord& scan) {
  std::optional<std::int64_t> id;
  write([&] {
    // Scans go forward in time, each on the trades and signals of the one before: under the
    // scanner's lock, the latest clock decides whether this scan is new, done, or stale.
    lock_key("scanner");
    const auto latest = query(
        fmt::format("SELECT {} FROM scans ORDER BY clock DESC LIMIT 1", timestamp_text("clock")));
    if (!latest.rows.empty()) {
      const UnixSeconds last = as_time(latest.rows[0][0]);
      if (last == scan.clock) return;
      if (last > scan.clock) {
        throw Error(fmt::format(
            "a scan at {} is recorded already: scans go forward in time, so the scan at {} is "
            "not written",
            format_iso8601(last), format_iso8601(scan.clock)));
      }
      if (!scan.previous_clock || *scan.previous_clock != last) {
        throw Error(fmt::format(
            "another scanner process recorded a scan at {} after this one read its trades and "
            "signals: the scan at {} is not written (run one scanner per database)",
            format_iso8601(last), format_iso8601(scan.clock)));
      }
    }
    id = insert_returning_id(
        "INSERT INTO scans(clock, duration_ms, symbols, signals, failures, created_at, "
        "signal_quality_version, market_regime_version) VALUES(?, ?, ?, ?, ?, ?, ?, ?) "
        "RETURNING id",
        {timestamp_value(scan.clock), scan.duration_ms, std::int64_t{scan.symbols},
         std::int64_t(scan.signals.size()),
         scan.failures.empty() ? Value{} : Value{nlohmann::json(scan.failures).dump()},
         timestamp_value(scan.created_at), optional_int(scan.signal_quality_version),
         optional_int(scan.market_regime_version)});
    std::vector<std::vector<Value>> rows;
    rows.reserve(scan.conditions.size());
    for (const MarketCondition& c : scan.conditions) {
      rows.push_back({*id, c.symbol, c.timeframe, optional_number(c.price),
                      optional_number(c.volume), optional_number(c.volatility),
                      optional_number(c.rsi), c.market_structure,
                      std::int64_t{c.liquidity_swept ? 1 : 0}, std::int64_t{c.order_blocks_count},
                      std::int64_t{c.fvg_count}, optional_number(c.session_high),
                      optional_number(c.session_low), optional_number(c.institutional_level)});
    }
    if (!rows.empty()) {
      insert_rows(
          "market_conditions(scan_id, symbol, timeframe, price, volume, volatility, rsi, "
          "market_structure, liquidity_swept, order_blocks_count, fvg_count, session_high, "
          "session_low, institutional_level)",
          rows);
    }
    rows.clear();
    for (const MlFeatures& f : scan.features) {
      rows.push_back({*id,
                      f.symbol,
                      f.timeframe,
                      optional_number(f.price_position),
                      optional_number(f.volume_profile),
                      optional_number(f.order_flow_imbalance),
                      optional_number(f.order_block_strength),
                      optional_number(f.fvg_quality_score),
                      optional_int(f.liquidity_density),
                      optional_number(f.market_structure_score),
                      std::int64_t{f.confluence_factors},
                      f.confluence_score,
                      f.session_alignment,
                      optional_number(f.btc_correlation),
                      optional_number(f.sector_momentum),
                      optional_number(f.funding_rate),
                      optional_text(f.volatility_regime),
                      optional_number(f.trend_strength),
                      std::int64_t{f.signal_generated ? 1 : 0},
                      optional_number(f.signal_quality),
                      optional_number(f.signal_confidence),
                      text_or_null(f.signal_id)});
    }
    if (!rows.empty()) {
      insert_rows(
          "ml_features(scan_id, symbol, timeframe, price_position, volume_profile, "
          "order_flow_imbalance, order_block_strength, fvg_quality_score, liquidity_density, "
          "market_structure_score, confluence_factors, confluence_score, session_alignment, "
          "btc_correlation, sector_momentum, funding_rate, volatility_regime, trend_strength, "
          "signal_generated, signal_quality, signal_confidence, signal_id)",
          rows);
    }
    insert_signal_rows(scan.signals, scan.created_at);
    insert_trade_rows(scan.opened);
    update_trade_rows(scan.updated);
    for (const TradeOutcome& o : scan.outcomes) {
      query(
          "UPDATE ml_features SET trade_outcome = ?, time_to_outcome = ?, r_multiple = ? WHERE "
          "signal_id = ?",
          {o.outcome, o.seconds, o.r_multiple, o.signal_id});
    }
  });
  return id;
}

std::vector<PaperTrade> SqlStore::open_scanner_trades() {
  return trades_where("source = 'ict' AND status = 'OPEN' ORDER BY symbol, id");
}

std::vector<std::string> SqlStore::scanner_signal_ids(UnixSeconds since) {
  const auto rows = query("SELECT signal_id FROM signals WHERE source = 'ict' AND entry_time >= ?",
                          {timestamp_value(since)});
  std::vector<std::string> ids;
  for (const auto& row : rows.rows)
    ids.push_back(as_text(row[0]));
  return ids;
}

std::vector<ScannerSignal> SqlStore::scanner_signals(int limit) {
  const auto rows = query(
      fmt::format("SELECT s.signal_id, s.symbol, s.direction, s.entry_price, s.stop_loss, "
                  "s.take_profit, s.confluence_score, s.ict_concepts, s.session, s.market_regime, "
                  "{}, t.status, t.pnl, t.outcome FROM signals s LEFT JOIN trades t ON "
                  "t.signal_id = s.signal_id WHERE s.source = 'ict' ORDER BY s.entry_time DESC, "
                  "s.signal_id LIMIT ?",
                  timestamp_text("s.entry_time")),
      {std::int64_t{limit}});
  std::vector<ScannerSignal> signals;
  for (const auto& row : rows.rows) {
    ScannerSignal s;
    TradingSignal& g = s.signal;
    g.signal_id = as_text(row[0]);
    g.symbol = as_text(row[1]);
    g.direction = as_text(row[2]);
    g.entry_price = as_double(row[3]);
    g.stop_loss = as_double(row[4]);
    g.take_profit = as_double(row[5]);
    g.confluence_score = as_double(row[6]);
    g.ict_concepts = text_of(row[7]).value_or("");
    g.session = text_of(row[8]).value_or("");
    g.market_regime = text_of(row[9]).value_or("");
    g.entry_time = as_time(row[10]);
    g.source = "ict";
    s.trade_status = text_of(row[11]).value_or("");
    s.pnl = number_of(row[12]).value_or(0);
    s.outcome = text_of(row[13]);
    signals.push_back(std::move(s));
  }
  return signals;
}

std::vector<SessionOutcomes> SqlStore::scanner_outcomes_by_session(UnixSeconds since) {
  const auto rows = query(
      "SELECT s.session, COUNT(*), SUM(CASE WHEN t.outcome = 'win' THEN 1 ELSE 0 END), "
      "SUM(CASE WHEN t.outcome = 'loss' THEN 1 ELSE 0 END), SUM(CASE WHEN t.outcome = 'expired' "
      "THEN 1 ELSE 0 END), SUM(t.pnl) FROM trades t JOIN signals s ON s.signal_id = t.signal_id "
      "WHERE t.source = 'ict' AND t.status = 'CLOSED' AND t.closed_at >= ? GROUP BY s.session "
      "ORDER BY s.session",
      {timestamp_value(since)});
  std::vector<SessionOutcomes> sessions;
  for (const auto& row : rows.rows) {
    sessions.push_back({text_of(row[0]).value_or(""), as_int(row[1]), as_int(row[2]),
                        as_int(row[3]), as_int(row[4]), as_double(row[5])});
  }
  return sessions;
}

void SqlStore::each_scan_row(UnixSeconds from, UnixSeconds to, std::string_view symbol,
                             const std::function<void(const ScanRow&)>& on_row) {
  std::vector<Value> params{timestamp_value(from), timestamp_value(to)};
  if (!symbol.empty()) params.emplace_back(std::string(symbol));
  query_each(
      fmt::format(
          "SELECT s.id, {}, c.symbol, c.timeframe, c.price, c.volume, c.volatility, c.rsi, "
          "c.market_structure, c.liquidity_swept, c.order_blocks_count, c.fvg_count, "
          "c.session_high, c.session_low, c.institutional_level, f.price_position, "
          "f.volume_profile, f.order_flow_imbalance, f.order_block_strength, "
          "f.fvg_quality_score, f.liquidity_density, f.market_structure_score, "
          "f.confluence_factors, f.confluence_score, f.session_alignment, f.btc_correlation, "
          "f.sector_momentum, f.funding_rate, f.volatility_regime, f.trend_strength, "
          "f.signal_generated, f.signal_quality, f.signal_confidence, f.signal_id, "
          "f.trade_outcome, f.time_to_outcome, f.r_multiple FROM scans s JOIN market_conditions "
          "c ON c.scan_id = s.id JOIN ml_features f ON f.scan_id = c.scan_id AND f.symbol = "
          "c.symbol AND f.timeframe = c.timeframe WHERE s.clock >= ? AND s.clock <= ?{} ORDER BY "
          "s.clock, c.symbol, c.timeframe",
          timestamp_text("s.clock"), symbol.empty() ? "" : " AND c.symbol = ?"),
      params, [](const std::vector<std::string>&) {},
      [&](const std::vector<Value>& row) {
        ScanRow r;
        r.scan_id = as_int(row[0]);
        r.clock = as_time(row[1]);
        MarketCondition& c = r.condition;
        c.symbol = as_text(row[2]);
        c.timeframe = as_text(row[3]);
        c.price = number_of(row[4]);
        c.volume = number_of(row[5]);
        c.volatility = number_of(row[6]);
        c.rsi = number_of(row[7]);
        c.market_structure = as_text(row[8]);
        c.liquidity_swept = as_int(row[9]) != 0;
        c.order_blocks_count = int(as_int(row[10]));
        c.fvg_count = int(as_int(row[11]));
        c.session_high = number_of(row[12]);
        c.session_low = number_of(row[13]);
        c.institutional_level = number_of(row[14]);
        MlFeatures& f = r.features;
        f.symbol = c.symbol;
        f.timeframe = c.timeframe;
        f.price_position = number_of(row[15]);
        f.volume_profile = number_of(row[16]);
        f.order_flow_imbalance = number_of(row[17]);
        f.order_block_strength = number_of(row[18]);
        f.fvg_quality_score = number_of(row[19]);
        if (auto d = int_of(row[20])) f.liquidity_density = int(*d);
        f.market_structure_score = number_of(row[21]);
        f.confluence_factors = int(as_int(row[22]));
        f.confluence_score = as_double(row[23]);
        f.session_alignment = as_double(row[24]);
        f.btc_correlation = number_of(row[25]);
        f.sector_momentum = number_of(row[26]);
        f.funding_rate = number_of(row[27]);
        f.volatility_regime = text_of(row[28]);
        f.trend_strength = number_of(row[29]);
        f.signal_generated = as_int(row[30]) != 0;
        f.signal_quality = number_of(row[31]);
        f.signal_confidence = number_of(row[32]);
        f.signal_id = as_text(row[33]);
        f.trade_outcome = text_of(row[34]);
        f.time_to_outcome = int_of(row[35]);
        f.r_multiple = number_of(row[36]);
        on_row(r);
      });
}

}  // namespace quantloop::store_internal
