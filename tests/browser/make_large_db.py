#!/usr/bin/env python3
"""Grows a copy of the demo's SQLite database to the size issue 12's render goal names: 100
model series, 10,000 training runs and 1,000,000 predictions (the dashboard's overview must
render in < 300 ms on it). Rows are copies of the demo's own, symbols and times changed, so
every column holds what quantloop writes.

usage: make_large_db.py DEMO.db LARGE.db
"""
import datetime
import random
import sqlite3
import sys

SERIES, RUNS, PREDICTIONS = 100, 10_000, 1_000_000


def columns(db, table):
    return [row[1] for row in db.execute(f"PRAGMA table_info({table})") if row[1] != "id"]


def copy_rows(db, table, where, params, changes):
    """INSERTs a copy of each row `where` selects, with `changes` (column -> value)."""
    cols = columns(db, table)
    rows = db.execute(f"SELECT {', '.join(cols)} FROM {table} WHERE {where}", params).fetchall()
    for row in rows:
        values = [changes.get(c, v) for c, v in zip(cols, row)]
        db.execute(f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                   values)
    return len(rows)


def main(source, target):
    random.seed(12)
    with sqlite3.connect(source) as src, sqlite3.connect(target) as db:
        src.backup(db)
    db = sqlite3.connect(target)
    series = db.execute("SELECT DISTINCT symbol, interval FROM model_versions").fetchall()
    template_symbol, template_interval = series[0]
    for k in range(SERIES - len(series)):
        symbol = f"LOAD{k:03d}"
        for table in ("model_versions", "model_aliases"):
            copy_rows(db, table, "symbol = ? AND interval = ?", (template_symbol, template_interval),
                      {"symbol": symbol})
    runs = db.execute("SELECT COUNT(*) FROM training_runs").fetchone()[0]
    template_run = db.execute("SELECT MIN(id) FROM training_runs").fetchone()[0]
    for k in range(RUNS - runs):
        copy_rows(db, "training_runs", "id = ?", (template_run,),
                  {"run_date": f"2016-{1 + k % 12:02d}-{1 + k % 28:02d} {k % 24:02d}:00:00"})
    champions = db.execute(
        "SELECT symbol, interval, version FROM model_aliases WHERE alias = 'champion'").fetchall()
    existing = db.execute("SELECT COUNT(*) FROM predictions").fetchone()[0]
    per_series = (PREDICTIONS - existing) // len(champions) + 1
    rows = []
    start = datetime.datetime(2015, 1, 1)
    for symbol, interval, version in champions:
        for k in range(per_series):
            as_of = (start + datetime.timedelta(hours=k)).strftime("%Y-%m-%d %H:%M:%S")
            rows.append((symbol, interval, version, "champion", as_of, random.random(), as_of,
                         as_of, random.randint(0, 1)))
    db.executemany(
        "INSERT OR IGNORE INTO predictions (symbol, interval, model_version, role, as_of, prob_up, "
        "created_at, target, outcome) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    db.commit()
    counts = [db.execute(q).fetchone()[0] for q in (
        "SELECT COUNT(*) FROM (SELECT DISTINCT symbol, interval FROM model_versions)",
        "SELECT COUNT(*) FROM training_runs", "SELECT COUNT(*) FROM predictions")]
    print(f"{target}: {counts[0]} series, {counts[1]} runs, {counts[2]} predictions")
    db.close()


if __name__ == "__main__":
    main(*sys.argv[1:])
