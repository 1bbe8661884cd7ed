#!/usr/bin/python3
"""The seeds' way to train per-symbol models, for bench/train_bench.sh: one process per symbol in a
multiprocessing Pool of 2 (seed 003), each with torch.set_num_threads(1) (the fastest setting for
a model this small on this machine), bars read from the same SQLite database with pandas, the
same 32 features (tests/features/reference/pandas_features.py), the seed GRU (nn.GRU hidden 64,
2 layers, dropout 0.2, sequence 30, a linear head on the last step) trained with a shuffled
DataLoader (batch 64), Adam 1e-3 and BCEWithLogitsLoss, validated after every epoch, the best
epoch kept, evaluated once on the test rows, and saved with torch.save.

The windows and the split are quantloop's (src/train/plan.cpp, src/models/dataset.cpp): bars up
to the clock minus one interval, the window's first row preceded by enough history for every
feature; samples split 70 / 15 / 15 into train, validation (chooses the epoch) and test (only
reports) with one sample embargoed after the training and the validation segment; the scaler
fitted on the training rows only (kept from the model on a warm start).

Usage: train_peer.py --db DB --mode full|hourly --at 2017-12-05T20:00:00Z --symbols A,B
                     --epochs N [--early-stop] [--models DIR] [--processes 2]
Prints one JSON document: seconds, and per symbol epochs, best epoch, the validation and test
segments' loss and accuracy (as quantloop's run report), rows.
"""
import argparse
import json
import math
import multiprocessing
import os
import sqlite3
import sys
import time
import zlib
from datetime import datetime, timedelta, timezone

import numpy as np
import pandas as pd
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "features",
                                "reference"))
import pandas_features  # noqa: E402

SEQUENCE, HIDDEN, LAYERS, DROPOUT, BATCH, LEARNING_RATE = 30, 64, 2, 0.2, 64, 1e-3
VALIDATION_FRACTION, TEST_FRACTION, EMBARGO, PATIENCE = 0.15, 0.15, 1, 10
MODES = {"full": {"interval": "1d", "seconds": 86400, "window": timedelta(days=730)},
         "hourly": {"interval": "1h", "seconds": 3600, "window": timedelta(days=30)},
         # seed 003's full retrain of a coin: 6 months (quantloop's "6mo": 180 days) of 1h bars
         "crypto_full": {"interval": "1h", "seconds": 3600, "window": timedelta(days=180)}}


class SeedGru(nn.Module):
    def __init__(self, features):
        super().__init__()
        self.gru = nn.GRU(features, HIDDEN, LAYERS, dropout=DROPOUT, batch_first=True)
        self.head = nn.Linear(HIDDEN, 1)

    def forward(self, x):
        out, _ = self.gru(x)
        return self.head(out[:, -1, :]).squeeze(-1)


def load_frame(db, symbol, mode, at):
    spec = MODES[mode]
    window_start = at - spec["window"]
    history = timedelta(seconds=max(14 * 86400, 49 * spec["seconds"] * 4))
    last = at - timedelta(seconds=spec["seconds"])
    fmt = "%Y-%m-%d %H:%M:%S"
    with sqlite3.connect(db) as conn:
        frame = pd.read_sql_query(
            "SELECT date, open, high, low, close, volume FROM market_data "
            "WHERE symbol = ? AND interval = ? AND date >= ? AND date <= ? ORDER BY date",
            conn, params=(symbol, spec["interval"], (window_start - history).strftime(fmt), last.strftime(fmt)))
    frame.index = pd.to_datetime(frame.pop("date"), utc=True)
    return frame, window_start


def windows(x, rows):
    return torch.from_numpy(np.stack([x[r - SEQUENCE + 1:r + 1] for r in rows]).astype(np.float32))


def evaluate(model, x, y, loss_fn):
    model.eval()
    with torch.no_grad():
        logits = model(x)
        loss = loss_fn(logits, y).item()
        accuracy = ((logits > 0).float() == y).float().mean().item()
    model.train()
    return loss, accuracy


def train_symbol(job):
    torch.set_num_threads(1)
    db, symbol, mode, at, epochs, early_stop, models_dir = job
    started = time.perf_counter()
    frame, window_start = load_frame(db, symbol, mode, at)
    table, _, direction = pandas_features.features(frame, MODES[mode]["seconds"])
    keep = table.index >= pd.Timestamp(window_start, tz="UTC")
    table, direction = table[keep], direction[keep].to_numpy()
    values = table.to_numpy()
    samples = [r for r in range(SEQUENCE - 1, len(values)) if direction[r] >= 0]
    validation = math.ceil(len(samples) * VALIDATION_FRACTION)
    test = math.ceil(len(samples) * TEST_FRACTION)
    training = len(samples) - validation - test - 2 * EMBARGO
    train_rows = samples[:training]
    validation_rows = samples[training + EMBARGO:training + EMBARGO + validation]
    test_rows = samples[training + 2 * EMBARGO + validation:]

    torch.manual_seed(zlib.crc32(symbol.encode()))
    model = SeedGru(values.shape[1])
    path = os.path.join(models_dir, f"{symbol}_{mode}.pt") if models_dir else None
    warm = path is not None and os.path.exists(path)
    if warm:
        saved = torch.load(path)
        model.load_state_dict(saved["state"])
        mean, scale = saved["mean"], saved["scale"]
    else:
        fit = values[:train_rows[-1] + 1]
        mean, scale = fit.mean(axis=0), fit.std(axis=0)
        scale = np.where(scale ** 2 > 1e-24, scale, 1.0)
    x = (values - mean) / scale

    loader = DataLoader(TensorDataset(windows(x, train_rows), torch.tensor(direction[train_rows], dtype=torch.float32)),
                        batch_size=BATCH, shuffle=True)
    x_val = windows(x, validation_rows)
    y_val = torch.tensor(direction[validation_rows], dtype=torch.float32)
    x_test = windows(x, test_rows)
    y_test = torch.tensor(direction[test_rows], dtype=torch.float32)
    optimizer = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE)
    loss_fn = nn.BCEWithLogitsLoss()
    best_loss, best_epoch, best_state, epochs_run = math.inf, 0, None, 0
    for epoch in range(1, epochs + 1):
        for xb, yb in loader:
            optimizer.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            optimizer.step()
        val_loss, _ = evaluate(model, x_val, y_val, loss_fn)
        epochs_run = epoch
        if val_loss < best_loss:
            best_loss, best_epoch = val_loss, epoch
            best_state = {k: v.clone() for k, v in model.state_dict().items()}
        if early_stop and epoch - best_epoch >= PATIENCE:
            break
    model.load_state_dict(best_state)
    loss, accuracy = evaluate(model, x_val, y_val, loss_fn)
    test_loss, test_accuracy = evaluate(model, x_test, y_test, loss_fn)
    up = float(np.mean(direction[train_rows] > 0.5)) >= 0.5  # the training majority, as quantloop
    baseline = float(np.mean((direction[test_rows] > 0.5) == up))
    if path:
        torch.save({"state": model.state_dict(), "mean": mean, "scale": scale}, path + ".tmp")
        os.replace(path + ".tmp", path)
    return {"symbol": symbol, "epochs": epochs_run, "best_epoch": best_epoch,
            "validation": {"loss": loss, "accuracy": accuracy, "rows": len(validation_rows)},
            "test": {"loss": test_loss, "accuracy": test_accuracy, "baseline_accuracy": baseline,
                     "rows": len(test_rows)},
            "rows": len(values), "warm_started": warm, "seconds": time.perf_counter() - started}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--mode", choices=sorted(MODES), required=True)
    parser.add_argument("--at", required=True)
    parser.add_argument("--symbols", required=True)
    parser.add_argument("--epochs", type=int, required=True)
    parser.add_argument("--early-stop", action="store_true")
    parser.add_argument("--models", default="")
    parser.add_argument("--processes", type=int, default=2)
    args = parser.parse_args()
    at = datetime.fromisoformat(args.at.replace("Z", "+00:00")).astimezone(timezone.utc).replace(tzinfo=None)
    if args.models:
        os.makedirs(args.models, exist_ok=True)
    jobs = [(args.db, s, args.mode, at, args.epochs, args.early_stop, args.models) for s in args.symbols.split(",")]
    started = time.perf_counter()
    with multiprocessing.Pool(args.processes) as pool:
        results = pool.map(train_symbol, jobs, chunksize=1)
    print(json.dumps({"seconds": time.perf_counter() - started, "symbols": results}))


if __name__ == "__main__":
    main()
