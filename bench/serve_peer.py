#!/usr/bin/python3
"""Seed 003's serving design as the peer of `quantloop serve`: FastAPI on uvicorn, answering
GET /v1/predictions/{symbol} with the same JSON from an in-memory dict: the best case of its
Redis-backed cache (no network hop at all), with an async handler (no thread pool hop). The
bodies are read from the JSON file that QL_PEER_PREDICTIONS names ({symbol: body}), fetched from
quantloop so that both serve the same bytes.
Run: QL_PEER_PREDICTIONS=FILE uvicorn serve_peer:app --app-dir bench --workers N
"""
import json
import os

from fastapi import FastAPI, HTTPException
from fastapi.responses import Response

with open(os.environ["QL_PEER_PREDICTIONS"]) as f:
    PREDICTIONS = {symbol: body.encode() for symbol, body in json.load(f).items()}

app = FastAPI()


@app.get("/v1/predictions/{symbol}")
async def predictions(symbol: str):
    body = PREDICTIONS.get(symbol.upper())
    if body is None:
        raise HTTPException(status_code=404, detail=f"{symbol} has no champion")
    return Response(content=body, media_type="application/json")
