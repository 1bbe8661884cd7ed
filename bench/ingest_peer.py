#!/usr/bin/python3
"""The seeds' way to load bar files into SQLite: pandas read_csv, derive the seeds' columns,
DataFrame.to_sql into market_data (seed 000's store_training_data.py). Same schema and unique
key as quantloop's, into a fresh database. Prints one JSON line: bars, seconds, bars_per_second.
Usage: ingest_peer.py DB FILE...   (Yahoo-style CSV: Date,Open,High,Low,Close[,Adj Close],Volume)
"""
import json
import os
import re
import sqlite3
import sys
import time
from datetime import datetime, timezone

import pandas as pd

SCHEMA = """
CREATE TABLE market_data (
    id INTEGER PRIMARY KEY, symbol TEXT NOT NULL, asset_type TEXT NOT NULL,
    date TIMESTAMP NOT NULL, open REAL, high REAL, low REAL, close REAL, volume INTEGER,
    fetch_date TIMESTAMP, timeframe TEXT, interval TEXT NOT NULL, hour INTEGER, adj_close REAL,
    UNIQUE(symbol, interval, date));
"""


def main():
    db, files = sys.argv[1], sys.argv[2:]
    if os.path.exists(db):
        os.remove(db)
    conn = sqlite3.connect(db)
    conn.executescript(SCHEMA)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    started = time.perf_counter()
    bars = 0
    fetch_date = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S")
    for path in files:
        df = pd.read_csv(path)
        df = df.rename(columns={"Date": "date", "Open": "open", "High": "high", "Low": "low",
                                "Close": "close", "Adj Close": "adj_close", "Volume": "volume",
                                "Name": "symbol"})
        dates = pd.to_datetime(df["date"], utc=True)
        df["date"] = dates.dt.strftime("%Y-%m-%d %H:%M:%S")
        df["hour"] = dates.dt.hour
        if "symbol" not in df:
            df["symbol"] = re.split(r"[_.-]", os.path.basename(path))[0].upper()
        df["asset_type"] = "crypto"
        df["fetch_date"] = fetch_date
        spacing = dates.diff().mode()[0]
        df["interval"] = "1m" if spacing == pd.Timedelta(minutes=1) else "1d"
        df["timeframe"] = "1y"
        df.to_sql("market_data", conn, if_exists="append", index=False)
        bars += len(df)
    conn.commit()
    seconds = time.perf_counter() - started
    conn.close()
    print(json.dumps({"bars": bars, "seconds": seconds, "bars_per_second": bars / seconds}))


if __name__ == "__main__":
    main()
