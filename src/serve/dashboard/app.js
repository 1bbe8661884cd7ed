// quantloop's dashboard: one page per hash route (#/models, #/runs/12, ...), each drawn from its
// JSON endpoint under /v1/dashboard/ and refreshed while the tab is visible. No framework, no
// network beyond this server; the DOM is built from data with textContent, never innerHTML.
"use strict";

const REFRESH_MS = 10000;
const main = document.getElementById("main");
const updated = document.getElementById("updated");
let charts = [];

// ---- small helpers ----------------------------------------------------------------------

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function num(value, digits = 4) {
  if (value === null || value === undefined || Number.isNaN(value)) return "–";
  if (typeof value !== "number") return String(value);
  if (Number.isInteger(value)) return value.toLocaleString("en-US");
  return value.toLocaleString("en-US", { maximumFractionDigits: digits });
}

function when(iso) {
  if (!iso) return "–";
  return String(iso).replace("T", " ").replace(/:\d\dZ$/, "").replace(/Z$/, "");
}

function seconds(iso) {
  return Date.parse(String(iso).replace(" ", "T") + (String(iso).endsWith("Z") ? "" : "Z")) / 1000;
}

async function api(path, options) {
  const response = await fetch(path, options);
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.error || `HTTP ${response.status}`);
  return body;
}

// A table: columns are [label, key or function, numeric?]; rows are objects.
function table(caption, columns, rows, empty = "none") {
  if (!rows || rows.length === 0) return el("p", { class: "muted" }, `${caption}: ${empty}`);
  const head = el("tr", {}, columns.map(([label]) => el("th", { scope: "col" }, label)));
  const body = rows.map((row) =>
    el("tr", {}, columns.map(([, key, numeric]) => {
      const value = typeof key === "function" ? key(row) : row[key];
      const cell = el("td", numeric ? { class: "num" } : {});
      if (value instanceof Node) cell.append(value);
      else cell.textContent = numeric ? num(value) : value === null || value === undefined ? "–" : String(value);
      return cell;
    })));
  return el("table", {}, el("caption", {}, caption), el("thead", {}, head), el("tbody", {}, body));
}

function card(label, value, extra) {
  return el("div", { class: "card" }, el("div", { class: "label" }, label),
    el("div", { class: "value" + (extra ? " " + extra : "") }, value));
}

function link(href, text) { return el("a", { href }, text); }

// A time-series chart (uPlot): x in UTC seconds, each series {label, values, color, dash}.
// `lines` are horizontal levels {value, label}. The figure has a text caption for screen
// readers; the canvas is decorative.
function chart(title, times, series, options = {}) {
  const figure = el("figure", { class: "chart" });
  const caption = el("figcaption", {}, title);
  figure.append(caption);
  const data = [times, ...series.map((s) => s.values)];
  const levels = options.lines || [];
  for (const level of levels) data.push(times.map(() => level.value));
  const palette = ["#0550ae", "#bc4c00", "#116329", "#8250df", "#a40e26", "#57606a"];
  // Drawn once the figure is in the document: uPlot measures it.
  figure.draw = () => {
    const width = Math.max(320, Math.min(1180, main.clientWidth - 40));
    const plot = new uPlot({
      width, height: options.height || 240,
      scales: { x: { time: options.time !== false } },
      series: [{}, ...series.map((s, i) => ({
        label: s.label, stroke: s.color || palette[i % palette.length], width: 1.5,
        points: { show: !!s.points },
      })), ...levels.map((level) => ({
        label: level.label, stroke: "#8c959f", width: 1, dash: [4, 4], points: { show: false },
      }))],
      axes: [{}, { size: 60 }],
      legend: { live: false },
    }, data, figure);
    plot.root.setAttribute("aria-hidden", "true");
    charts.push(plot);
  };
  return figure;
}

function error(message) { return el("p", { class: "error", role: "alert" }, message); }

// ---- pages ------------------------------------------------------------------------------

async function overview() {
  const data = await api("/v1/dashboard/overview");
  const h = data.health;
  const work = h.work || {};
  const models = h.models || { champions: [], stale: 0 };
  const cards = el("div", { class: "cards" });
  for (const [mode, run] of Object.entries(work.last_run || {})) {
    cards.append(card(`last ${mode} run`, `${run.status} · ${when(run.run_date)}`));
  }
  cards.append(card("failures in 24 h", num(work.failures_24h ?? 0)));
  cards.append(card("stale champions", `${models.stale} of ${models.champions.length}`,
    models.stale > 0 ? "stale" : ""));
  const cache = h.cache || {};
  cards.append(card("cache hit rate", cache.hit_rate === null || cache.hit_rate === undefined
    ? "no requests yet" : `${num(100 * cache.hit_rate, 1)} %`));
  if (h.database) cards.append(card("database", `${num(h.database.size_mib, 1)} MiB`));
  const running = (work.running_runs || []).map((r) => ({ ...r,
    progress: el("progress", { max: r.symbols, value: r.symbols_done,
      "aria-label": `run ${r.id}: ${r.symbols_done} of ${r.symbols} symbols` }) }));
  return [
    el("h1", {}, "Overview"),
    el("p", {}, el("span", { class: `verdict ${h.verdict}` }, h.verdict),
      " ", el("span", { class: "muted" }, `at ${when(h.at)}`)),
    h.reasons.length ? el("ul", {}, h.reasons.map((r) => el("li", {}, r)))
      : el("p", { class: "muted" }, "Nothing needs attention."),
    cards,
    table("Runs under way", [["run", (r) => link(`#/runs/${r.id}`, `#${r.id}`)], ["mode", "mode"],
      ["progress", "progress"], ["symbols done", "symbols_done", true], ["heartbeat", (r) => when(r.heartbeat)]],
      running),
    table("Schedules", [["name", "name"], ["cron", "cron"], ["time zone", "timezone"], ["job", "job"],
      ["last fire", (s) => when(s.last)], ["next fires", (s) => s.next.map(when).join(", ")]],
      data.schedules),
    table("Stale champions", [["series", (c) => link(`#/models/${c.symbol}/${c.interval}`, `${c.symbol} ${c.interval}`)],
      ["champion", "champion", true], ["trained", (c) => when(c.trained_at)], ["age (h)", "age_hours", true]],
      models.champions.filter((c) => c.stale)),
  ];
}

async function modelsPage() {
  const data = await api("/v1/dashboard/models");
  return [
    el("h1", {}, "Models"),
    table(`${data.series.length} series: test metrics are on rows that neither trained nor chose the model, ` +
      "beside the baseline's (version 0, the training base rate); a coin's log loss is 0.6931", [
      ["series", (s) => link(`#/models/${s.symbol}/${s.interval}`, `${s.symbol} ${s.interval}`)],
      ["champion", "champion", true], ["type", "type"], ["versions", "versions", true],
      ["trained", (s) => when(s.trained_at)],
      ["stale", (s) => s.stale ? el("span", { class: "stale" }, "stale") : "no"],
      ["test accuracy", "test_accuracy", true], ["baseline accuracy", "baseline_test_accuracy", true],
      ["test log loss", "test_log_loss", true], ["baseline log loss", "baseline_test_log_loss", true],
      ["live outcomes", "live_resolved", true], ["live accuracy", "live_accuracy", true],
      ["live log loss (last 500)", "live_log_loss", true]], data.series, "no models yet: quantloop train"),
  ];
}

async function seriesPage(symbol, interval) {
  const data = await api(`/v1/dashboard/models/${encodeURIComponent(symbol)}/${encodeURIComponent(interval)}`);
  const out = [el("h1", {}, `${symbol} ${interval}`),
    el("p", {}, "Champion: ", el("strong", { id: "champion-version" }, data.champion === null ? "none" : `v${data.champion}`))];
  const token = sessionStorage.getItem("quantloop-token");
  if (token && data.champion !== null) {
    const status = el("span", { role: "status" });
    out.push(el("p", {}, el("button", { class: "danger", type: "button", onclick: async () => {
      if (!confirm(`Roll ${symbol} ${interval} back to its previous champion?`)) return;
      try {
        const d = await api(`/v1/models/${encodeURIComponent(symbol)}/rollback?interval=${encodeURIComponent(interval)}`,
          { method: "POST", headers: { Authorization: `Bearer ${token}` } });
        status.textContent = `rolled back: ${d.reason || "done"}`;
        refresh();
      } catch (e) { status.textContent = `rollback refused: ${e.message}`; }
    } }, "Roll back the champion"), " ", status));
  }
  const predictions = [...data.predictions].reverse();
  if (predictions.length) {
    out.push(el("h2", {}, "Live predictions against outcomes"));
    out.push(chart(`P(up) of the champion's last ${predictions.length} predictions and the realized outcome (1 up, 0 not)`,
      predictions.map((p) => seconds(p.as_of)), [
        { label: "P(up)", values: predictions.map((p) => p.prob_up) },
        { label: "outcome", values: predictions.map((p) => p.outcome), points: true },
      ], { lines: [{ value: 0.5, label: "0.5" }] }));
  } else {
    out.push(el("p", { class: "muted" }, "No live predictions of the champion yet."));
  }
  out.push(el("h2", {}, "Training and validation loss per epoch"));
  if (data.epoch_losses.length === 0) {
    out.push(el("p", { class: "muted" }, "Not recorded for these versions (trained before quantloop recorded them)."));
  }
  for (const e of data.epoch_losses) {
    out.push(chart(`Version ${e.version}: loss per epoch (the parameters of epoch ${e.best_epoch} were kept)`,
      e.train.map((_, i) => i + 1), [
        { label: "training loss", values: e.train },
        { label: "validation loss", values: e.validation }], { time: false, height: 200 }));
  }
  out.push(el("h2", {}, "Alias history"));
  out.push(data.timeline.length ? el("ol", { class: "timeline" }, data.timeline.map((t) =>
    el("li", {}, `${when(t.changed_at)}: ${t.alias} v${t.from ?? "–"} → v${t.to ?? "–"} by ${t.actor}: ${t.reason}`)))
    : el("p", { class: "muted" }, "No alias changes."));
  out.push(table("Promotion decisions (on rows neither model saw)", [["decided", (d) => when(d.decided_at)],
    ["decision", "decision"], ["challenger", "challenger", true], ["champion", "champion", true], ["metric", "metric"],
    ["rows", "rows", true], ["challenger value", "challenger_value", true], ["champion value", "champion_value", true],
    ["p-value", "pvalue", true], ["reason", "reason"]], data.decisions));
  out.push(table("Versions", [["version", "version", true], ["alias", "alias"], ["type", "type"], ["status", "status"],
    ["trained", (v) => when(v.trained_at)], ["mode", "mode"], ["run", (v) => v.run ? link(`#/runs/${v.run}`, `#${v.run}`) : "–"],
    ["data to", (v) => when(v.data_end)], ["test rows", "test_rows", true], ["test accuracy", "test_accuracy", true],
    ["test log loss", "test_log_loss", true]], data.versions));
  return out;
}

let runFilter = { mode: "", status: "", from: "", to: "" };

async function runsPage() {
  const query = new URLSearchParams({ limit: "50" });
  for (const [k, v] of Object.entries(runFilter)) if (v) query.set(k, v);
  const data = await api(`/v1/dashboard/runs?${query}`);
  const rows = [...data.runs];
  const tbodyHolder = el("div", {});
  const columns = [["run", (r) => link(`#/runs/${r.id}`, `#${r.id}`)], ["date", (r) => when(r.run_date)],
    ["mode", "mode"], ["interval", "interval"], ["status", "status"], ["symbols", "symbols", true],
    ["rows", "rows", true], ["seconds", "duration_seconds", true], ["error", "error"]];
  const draw = () => tbodyHolder.replaceChildren(table(`${rows.length} of ${data.total} runs`, columns, rows));
  draw();
  let next = data.next_before;
  const more = el("button", { type: "button", onclick: async () => {
    query.set("before", next);
    const page = await api(`/v1/dashboard/runs?${query}`);
    rows.push(...page.runs);
    next = page.next_before;
    if (!next) more.remove();
    draw();
  } }, "Older runs");
  const select = (name, options) => el("label", {}, name,
    el("select", { name, onchange: (e) => { runFilter[name] = e.target.value; refresh(); } },
      ["", ...options].map((o) => el("option", { value: o, selected: runFilter[name] === o }, o || "any"))));
  const date = (name) => el("label", {}, name, el("input", { type: "date", name, value: runFilter[name],
    onchange: (e) => { runFilter[name] = e.target.value; refresh(); } }));
  return [el("h1", {}, "Runs"),
    el("form", { class: "filters", onsubmit: (e) => e.preventDefault(), "aria-label": "Filter runs" },
      select("mode", ["hourly", "full", "incremental", "pairs"]),
      select("status", ["running", "success", "partial", "failed", "interrupted"]),
      date("from"), date("to")),
    tbodyHolder, next ? more : null];
}

async function runPage(id) {
  const r = await api(`/v1/dashboard/runs/${id}`);
  return [el("h1", {}, `Run #${r.id}`),
    el("div", { class: "cards" }, card("mode", `${r.mode} ${r.interval || ""}`), card("status", r.status),
      card("date", when(r.run_date)), card("symbols", `${r.symbols_done} of ${r.symbols_count}`),
      card("seconds", num(r.seconds, 1))),
    r.status === "running" ? el("p", {}, el("progress", { max: r.symbols_count, value: r.symbols_done,
      "aria-label": "symbols done" })) : null,
    r.error ? error(r.error) : null,
    table("Symbols", [["symbol", "symbol"], ["status", "status"], ["version", "version", true],
      ["rows", "rows", true], ["epochs", "epochs", true], ["seconds", "seconds", true],
      ["test accuracy", "test_accuracy", true], ["baseline accuracy", "baseline_accuracy", true],
      ["error", "error"]], r.symbols)];
}

async function pairsPage() {
  const data = await api("/v1/dashboard/pairs");
  const out = [el("h1", {}, "Pairs")];
  if (data.scan) {
    const f = data.scan.funnel;
    out.push(el("p", {}, `Latest scan #${data.scan.id} as of ${when(data.scan.as_of)} over ${data.scan.symbols.length} symbols`));
    out.push(el("div", { class: "cards" }, card("pairs", num(f.pairs)), card("correlated", num(f.passed_correlation)),
      card("cointegrated", num(f.passed_cointegration)), card("GARCH fitted", num(f.fitted_garch)),
      card("selected", num(f.selected))));
  } else {
    out.push(el("p", { class: "muted" }, "No scan yet: quantloop pairs scan"));
  }
  const pairLink = (p) => { const [y, x] = p.pair.split("/"); return link(`#/pairs/${y}/${x}`, p.pair); };
  out.push(table("Ranking (test F1 of the pair GRU beside always-revert's; composite score over 3 scans)", [
    ["pair", pairLink], ["rank by F1", "rank_f1", true], ["F1", "f1", true], ["always-revert F1", "baseline_f1", true],
    ["rank by score", "rank_score", true], ["composite score", "composite_score", true], ["scans", "scans", true]],
    data.ranking));
  out.push(table("Active pairs", [["pair", pairLink], ["hedge", "hedge_ratio", true], ["half-life", "half_life", true],
    ["correlation", "correlation", true], ["score", "score", true], ["scanned", (p) => when(p.scan_as_of)]], data.active));
  out.push(table("Open paper trades", [["pair", "pair"], ["side", "direction"], ["entry", "entry", true],
    ["current", "current", true], ["quantity", "quantity", true], ["PnL", "pnl", true],
    ["data", (t) => t.data_source === "proxy" ? el("span", { class: "proxy" }, "proxy") : "real"],
    ["opened", (t) => when(t.opened_at)]], data.open_trades));
  return out;
}

async function pairPage(y, x) {
  const d = await api(`/v1/dashboard/pairs/${encodeURIComponent(y)}/${encodeURIComponent(x)}`);
  const out = [el("h1", {}, d.pair)];
  const history = [...d.history].reverse();
  const at = history.map((h) => seconds(h.as_of));
  // The 7- and 30-day averages model_trends reports, as lines through every scan.
  const average = (days) => history.map((_, i) => {
    const inside = history.filter((h, j) => j <= i && at[i] - at[j] < days * 86400);
    return inside.reduce((sum, h) => sum + h.score, 0) / inside.length;
  });
  out.push(chart("Score in each scan with its 7- and 30-day averages, and the correlation", at, [
    { label: "composite score", values: history.map((h) => h.score), points: true },
    { label: "7-day average", values: average(7) },
    { label: "30-day average", values: average(30) },
    { label: "correlation", values: history.map((h) => h.correlation), points: true }]));
  if (d.f1.length) {
    out.push(chart("Test F1 of each pair GRU against always-revert's", d.f1.map((f) => seconds(f.as_of)), [
      { label: "F1", values: d.f1.map((f) => f.f1), points: true },
      { label: "always-revert F1", values: d.f1.map((f) => f.baseline_f1), points: true }]));
  }
  out.push(table("Trends (7 and 30 days)", [["metric", "metric"], ["days", "period_days", true],
    ["observations", "observations", true], ["average", "average", true], ["slope per day", "slope_per_day", true]], d.trends));
  if (d.spread) {
    const s = d.spread, b = s.bands;
    out.push(el("p", {}, `Spread model v${d.model.version} (${d.model.day}): ${y} − ${num(d.model.intercept)} − ${num(d.model.hedge_ratio)} × ${x}`));
    out.push(chart("z-score of the spread with the entry, exit and stop bands", s.times, [
      { label: "z", values: s.z }], { lines: [
      { value: b.entry, label: `+entry ${b.entry}` }, { value: -b.entry, label: `−entry` },
      { value: b.exit, label: `+exit ${b.exit}` }, { value: -b.exit, label: `−exit` },
      { value: b.stop, label: `+stop ${b.stop}` }, { value: -b.stop, label: `−stop` }] }));
    out.push(chart("GARCH(1,1) deviation of the spread's change (the scan's parameters)", s.times, [
      { label: "σ", values: s.garch_sd }], { height: 180 }));
  }
  return out;
}

async function backtestsPage() {
  const data = await api("/v1/dashboard/backtests");
  return [el("h1", {}, "Backtests"),
    table("Saved with quantloop backtest pairs --save", [["backtest", (b) => link(`#/backtests/${b.id}`, `#${b.id}`)],
      ["pairs", "subjects"], ["interval", "interval"], ["from", (b) => when(b.from)], ["to", (b) => when(b.to)],
      ["sets", "sets", true], ["Sharpe", "sharpe", true], ["total PnL", "total_pnl", true],
      ["deflated Sharpe", "deflated_sharpe", true], ["saved", (b) => when(b.created_at)]], data.backtests,
      "none saved yet")];
}

async function backtestPage(id) {
  const d = await api(`/v1/dashboard/backtests/${id}`);
  const r = d.report;
  const metrics = [["pair", "pair"], ["total PnL", "total_pnl", true], ["Sharpe", "sharpe", true],
    ["Sortino", "sortino", true], ["max drawdown", "max_drawdown", true], ["Calmar", "calmar", true],
    ["trades", "trades", true], ["win rate", "win_rate", true], ["profit factor", "profit_factor", true],
    ["exposure", "exposure", true], ["costs", "costs", true]];
  const out = [el("h1", {}, `Backtest #${d.id}: ${d.subjects}`),
    el("p", {}, `${r.bars} bars from ${when(r.from)} to ${when(r.to)}; best of ${r.sets} parameter sets: ` +
      Object.entries(r.best).map(([k, v]) => `${k} ${v}`).join(", ")),
    r.sets > 1 ? el("p", {}, "Deflated Sharpe ratio of the best set: ", el("strong", {}, num(r.deflated_sharpe)),
      " (the probability that its true Sharpe is above 0, given how many sets were tried)") : null,
    table("Best set", metrics, [...r.pairs, { ...r.portfolio, pair: "portfolio" }])];
  const names = Object.keys(d.equity);
  const main_series = d.equity.portfolio ? "portfolio" : names[0];
  if (main_series) {
    const times = d.equity[main_series].times;
    out.push(chart("Cumulative PnL of the best set", times, names.map((n) => ({ label: n, values: d.equity[n].equity }))));
    let peak = 0;
    const drawdown = d.equity[main_series].equity.map((e) => { peak = Math.max(peak, e); return e - peak; });
    out.push(chart(`Drawdown of the ${main_series}`, times, [{ label: "drawdown", values: drawdown, color: "#a40e26" }], { height: 160 }));
  }
  if (r.grid && r.grid.length) {
    out.push(table("Parameter grid (portfolio metrics per set)", [["formation", "formation", true],
      ["trading", "trading", true], ["window", "window", true], ["entry", "entry", true], ["exit", "exit", true],
      ["stop", "stop", true], ["cost (bps)", "cost_bps", true], ["Sharpe", (g) => g.portfolio.sharpe, true],
      ["total PnL", (g) => g.portfolio.total_pnl, true], ["trades", (g) => g.portfolio.trades, true]], r.grid));
  }
  return out;
}

async function scannerPage() {
  const d = await api("/v1/dashboard/scanner");
  const out = [el("h1", {}, "Scanner")];
  if (!d.scan) {
    out.push(el("p", { class: "muted" }, "No scan yet: quantloop scanner run"));
    return out;
  }
  out.push(el("p", {}, `Latest scan #${d.scan.id} at ${when(d.scan.clock)}`));
  const won = d.sessions.reduce((n, s) => n + s.wins, 0), closed = d.sessions.reduce((n, s) => n + s.trades, 0);
  out.push(el("div", { class: "cards" }, card("signals shown", num(d.signals.length)),
    card("open trades", num(d.open_trades.length)), card(`closed in ${d.days} days`, num(closed)),
    card("won", num(won))));
  out.push(table("Conditions at the latest scan", [["symbol", "symbol"], ["timeframe", "timeframe"],
    ["price", "price", true], ["RSI", "rsi", true], ["structure", "market_structure"],
    ["gaps", "fvg_count", true], ["blocks", "order_blocks_count", true],
    ["swept", (c) => (c.liquidity_swept ? "yes" : "no")], ["confluence", "confluence_score", true],
    ["ADX", "trend_strength", true], ["volatility", "volatility_regime"]], d.conditions));
  out.push(table("Signals (latest 50)", [["time", (s) => when(s.time)], ["symbol", "symbol"], ["side", "direction"],
    ["entry", "entry", true], ["stop", "stop", true], ["target", "target", true], ["confluence %", "confluence", true],
    ["factors", (s) => s.factors.join(", ")], ["session", "session"], ["regime", "regime"],
    ["trade", "trade"], ["outcome", (s) => s.outcome || ""], ["PnL", "pnl", true]], d.signals));
  out.push(table("Open paper trades", [["symbol", "symbol"], ["side", "direction"], ["entry", "entry", true],
    ["current", "current", true], ["stop", "stop", true], ["target", "target", true], ["PnL", "pnl", true],
    ["opened", (t) => when(t.opened_at)], ["expires", (t) => when(t.expires_at)]], d.open_trades));
  out.push(table(`Outcomes by session (trades closed in the last ${d.days} days)`, [["session", "session"],
    ["trades", "trades", true], ["wins", "wins", true], ["losses", "losses", true], ["expired", "expired", true],
    ["win rate", "win_rate", true], ["PnL", "pnl", true]], d.sessions));
  return out;
}

// ---- routing and refresh ----------------------------------------------------------------

function parseRoute() {
  const parts = location.hash.replace(/^#\/?/, "").split("/").filter(Boolean).map(decodeURIComponent);
  const [page = "overview", a, b] = parts;
  const pages = {
    overview: () => overview(),
    models: () => (a && b ? seriesPage(a, b) : modelsPage()),
    runs: () => (a ? runPage(a) : runsPage()),
    pairs: () => (a && b ? pairPage(a, b) : pairsPage()),
    backtests: () => (a ? backtestPage(a) : backtestsPage()),
    scanner: () => scannerPage(),
  };
  return { page: pages[page] ? page : "overview", render: pages[page] || pages.overview };
}

async function refresh(moveFocus = false) {
  const current = parseRoute();
  let content;
  try {
    content = await current.render();
  } catch (e) {
    content = [el("h1", {}, "Not available"), error(e.message)];
  }
  if (parseRoute().page !== current.page && !moveFocus) return;  // navigated meanwhile
  const scroll = window.scrollY;
  for (const c of charts) c.destroy();
  charts = [];
  main.replaceChildren(...content.filter(Boolean));
  for (const figure of main.querySelectorAll("figure.chart")) figure.draw();
  window.scrollTo(0, moveFocus ? 0 : scroll);
  for (const a of document.querySelectorAll("nav a")) {
    if (a.dataset.page === current.page) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
  document.title = `quantloop · ${current.page}`;
  updated.textContent = `updated ${new Date().toISOString().slice(11, 19)} UTC`;
  main.dataset.route = location.hash || "#/";
  main.dataset.ready = "true";
  if (!performance.getEntriesByName("quantloop-ready").length) performance.mark("quantloop-ready");
  if (moveFocus) main.focus({ preventScroll: true });
}

document.getElementById("token-form").addEventListener("submit", (e) => {
  e.preventDefault();
  const input = document.getElementById("token");
  if (input.value) sessionStorage.setItem("quantloop-token", input.value);
  else sessionStorage.removeItem("quantloop-token");
  input.value = "";
  refresh();
});

window.addEventListener("hashchange", () => refresh(true));
setInterval(() => {
  const busy = main.contains(document.activeElement) && document.activeElement !== main;
  if (document.visibilityState === "visible" && !busy) refresh();
}, REFRESH_MS);
refresh();
