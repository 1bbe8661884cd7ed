// Seed 002's signals and trades, filled by pair signals (issue 11), and the active pairs they
// trade.
#include <fmt/format.h>

#include <limits>
#include <nlohmann/json.hpp>

#include "core/error.h"
#include "store/sql_store.h"

namespace quantloop::store_internal {

std::vector<ActivePair> SqlStore::active_pairs(UnixSeconds at) {
  const auto rows = query(
      fmt::format(
          "SELECT s.id, s.interval, {}, c.symbol_y, c.symbol_x, c.correlation, c.hedge_ratio, "
          "c.intercept, c.half_life, c.spread_mean, c.spread_sd, c.garch_mu, c.garch_omega, "
          "c.garch_alpha, c.garch_beta, c.next_variance, c.score, c.reversion_intercept, "
          "c.reversion_slope, {}, s.options FROM pair_scans s JOIN pair_candidates c ON c.scan_id "
          "= s.id "
          "AND c.stage = 'selected' WHERE s.id = (SELECT id FROM pair_scans WHERE as_of <= ? "
          "ORDER BY as_of DESC, id DESC LIMIT 1) AND NOT EXISTS (SELECT 1 FROM "
          "pair_deactivations d WHERE d.scan_id = s.id AND d.symbol_y = c.symbol_y AND "
          "d.symbol_x = c.symbol_x AND d.deactivated_at <= ?) ORDER BY c.symbol_y, c.symbol_x",
          timestamp_text("s.as_of"), timestamp_text("s.data_end")),
      {timestamp_value(at), timestamp_value(at)});
  std::vector<ActivePair> out;
  for (const auto& row : rows.rows) {
    ActivePair p;
    p.scan_id = as_int(row[0]);
    p.interval = as_text(row[1]);
    p.scan_as_of = as_time(row[2]);
    PairCandidate& c = p.candidate;
    c.y = as_text(row[3]);
    c.x = as_text(row[4]);
    c.stage = "selected";
    double* numbers[] = {
        &c.correlation,   &c.hedge_ratio, &c.intercept,           &c.half_life,      &c.spread_mean,
        &c.spread_sd,     &c.garch_mu,    &c.garch_omega,         &c.garch_alpha,    &c.garch_beta,
        &c.next_variance, &c.score,       &c.reversion_intercept, &c.reversion_slope};
    for (std::size_t k = 0; k < std::size(numbers); ++k)
      *numbers[k] = as_double(row[5 + k]);
    p.scan_data_end = as_time(row[5 + std::size(numbers)]);
    const auto options =
        nlohmann::json::parse(as_text(row[6 + std::size(numbers)]), nullptr, false);
    p.correlate_returns = options.is_object() && options.value("correlate", "") == "log_returns";
    out.push_back(std::move(p));
  }
  return out;
}

std::vector<PaperTrade> SqlStore::open_trades() {
  return trades_where("source = 'pairs' AND status = 'OPEN' ORDER BY symbol, id");
}

std::vector<PaperTrade> SqlStore::trades_where(std::string_view where) {
  const auto rows = query(fmt::format(
      "SELECT id, signal_id, symbol, status, direction, entry_price, current_price, stop_loss, "
      "take_profit, quantity, pnl, hedge_ratio, intercept, interval, {}, data_source, source, "
      "{}, {} FROM trades WHERE {}",
      timestamp_text("opened_at"), timestamp_text("marked_through"), timestamp_text("expires_at"),
      where));
  std::vector<PaperTrade> out;
  for (const auto& row : rows.rows) {
    PaperTrade t;
    t.id = as_int(row[0]);
    t.signal_id = as_text(row[1]);
    t.symbol = as_text(row[2]);
    t.status = as_text(row[3]);
    t.direction = int(as_int(row[4]));
    t.entry_price = as_double(row[5]);
    t.current_price = as_double(row[6]);
    t.stop_loss = as_double(row[7]);
    t.take_profit = as_double(row[8]);
    t.quantity = as_double(row[9]);
    t.pnl = as_double(row[10]);
    t.hedge_ratio = as_double(row[11]);
    t.intercept = as_double(row[12]);
    t.interval = as_text(row[13]);
    t.opened_at = as_time(row[14]);
    t.data_source = as_text(row[15]);
    t.source = as_text(row[16]);
    t.marked_through = as_time(row[17]);
    t.expires_at = as_time(row[18]);
    out.push_back(std::move(t));
  }
  return out;
}

UnixSeconds SqlStore::signals_watermark() {
  // Taken by every signals run and every scan: their checks against the watermark and their
  // writes are one at a time.
  lock_key("signals runs");
  const auto rows = query("SELECT value FROM store_counters WHERE name = 'signals.clock'");
  return rows.rows.empty() ? std::numeric_limits<UnixSeconds>::min() : as_int(rows.rows[0][0]);
}

void SqlStore::record_signals(const SignalsBatch& batch) {
  write([&] {
    // A signal's id is its pair, bar and kind: a run at a clock that ran before (a retried job,
    // a period replayed twice) would trade the same bars again.
    for (const TradingSignal& s : batch.signals) {
      const auto made = query(
          fmt::format("SELECT {} FROM signals WHERE signal_id = ?", timestamp_text("created_at")),
          {s.signal_id});
      if (!made.rows.empty()) {
        throw Error(
            fmt::format("signal {} was made before (at {}): the signals of this clock "
                        "ran already; nothing written",
                        s.signal_id, as_text(made.rows[0][0])));
      }
    }
    // Runs go forward in time: the open trades and the active set a run at an earlier clock
    // read are not what the later runs traded on (their marks, closes and deactivations), and
    // its trades would rewrite theirs. Every run's clock moves the watermark, signals or not.
    const UnixSeconds watermark = signals_watermark();
    if (batch.clock < watermark) {
      throw Error(fmt::format(
          "a signals run at {} is recorded already: a run at {} would trade before it and "
          "rewrite what later runs traded on; nothing written (replay an earlier period into "
          "another database)",
          format_iso8601(watermark), format_iso8601(batch.clock)));
    }
    query(
        "INSERT INTO store_counters(name, value) VALUES('signals.clock', ?) ON CONFLICT (name) "
        "DO UPDATE SET value = excluded.value",
        {std::int64_t{batch.clock}});
    insert_signal_rows(batch.signals, batch.created_at);
    insert_trade_rows(batch.opened);
    update_trade_rows(batch.updated);
    for (const PairDeactivation& d : batch.deactivated) {
      query(
          "INSERT INTO pair_deactivations(scan_id, symbol_y, symbol_x, deactivated_at, reason, "
          "created_at) VALUES(?, ?, ?, ?, ?, ?) ON CONFLICT (scan_id, symbol_y, symbol_x) DO "
          "NOTHING",
          {d.scan_id, d.y, d.x, timestamp_value(d.at), d.reason,
           timestamp_value(batch.created_at)});
    }
  });
}

void SqlStore::insert_signal_rows(std::span<const TradingSignal> signals, UnixSeconds created_at) {
  std::vector<std::vector<Value>> rows;
  for (const TradingSignal& s : signals) {
    rows.push_back({s.signal_id,
                    s.symbol,
                    s.direction,
                    number_or_null(s.entry_price),
                    number_or_null(s.stop_loss),
                    number_or_null(s.take_profit),
                    number_or_null(s.confluence_score),
                    text_or_null(s.timeframes),
                    text_or_null(s.ict_concepts),
                    text_or_null(s.session),
                    text_or_null(s.market_regime),
                    text_or_null(s.directional_bias),
                    number_or_null(s.signal_strength),
                    timestamp_value(s.entry_time),
                    s.status,
                    text_or_null(s.reason),
                    number_or_null(s.zscore),
                    number_or_null(s.hedge_ratio),
                    number_or_null(s.intercept),
                    number_or_null(s.garch_sigma),
                    number_or_null(s.reversion_probability),
                    number_or_null(s.quantity),
                    timestamp_value(created_at),
                    s.data_source,
                    s.source});
  }
  insert_rows(
      "signals(signal_id, symbol, direction, entry_price, stop_loss, take_profit, "
      "confluence_score, timeframes, ict_concepts, session, market_regime, directional_bias, "
      "signal_strength, entry_time, status, reason, zscore, hedge_ratio, intercept, "
      "garch_sigma, reversion_probability, quantity, created_at, data_source, source)",
      rows);
}

void SqlStore::insert_trade_rows(std::span<const PaperTrade> trades) {
  std::vector<std::vector<Value>> rows;
  for (const PaperTrade& t : trades) {
    rows.push_back({t.signal_id,
                    t.symbol,
                    std::string("PAPER"),
                    t.status,
                    std::int64_t{t.direction},
                    t.entry_price,
                    t.current_price,
                    number_or_null(t.stop_loss),
                    number_or_null(t.take_profit),
                    t.quantity,
                    t.pnl,
                    t.hedge_ratio,
                    t.intercept,
                    t.interval,
                    timestamp_value(t.opened_at),
                    t.data_source,
                    t.source,
                    time_or_null(t.marked_through),
                    time_or_null(t.expires_at),
                    time_or_null(t.closed_at),
                    text_or_null(t.exit_signal_id),
                    text_or_null(t.outcome)});
  }
  // A trade can close in the scan that opens it (a clock past its first bars).
  insert_rows(
      "trades(signal_id, symbol, trade_type, status, direction, entry_price, current_price, "
      "stop_loss, take_profit, quantity, pnl, hedge_ratio, intercept, interval, opened_at, "
      "data_source, source, marked_through, expires_at, closed_at, exit_signal_id, outcome)",
      rows);
}

void SqlStore::update_trade_rows(std::span<const PaperTrade> trades) {
  for (const PaperTrade& t : trades) {
    query(
        "UPDATE trades SET status = ?, current_price = ?, pnl = ?, closed_at = ?, "
        "exit_signal_id = ?, data_source = ?, marked_through = ?, outcome = ? WHERE id = ?",
        {t.status, t.current_price, t.pnl, time_or_null(t.closed_at),
         text_or_null(t.exit_signal_id), t.data_source, time_or_null(t.marked_through),
         text_or_null(t.outcome), t.id});
  }
}

}  // namespace quantloop::store_internal
