#!/usr/bin/env python3
"""Writes a MELT CSV (plain or .gz) as what an OpenTelemetry Collector's file exporter writes: OTLP JSON lines,
spans.jsonl, logs.jsonl and metrics.jsonl in OUT_DIR, one export request a line per instance and 500 records.

    python3 tools/melt_to_otlp.py ../shared/data/nezha/train-ticket-2023-01-29/telemetry.csv.gz otlp/
    dotnet run -c Release --project src/Cli -- analyze --input otlp/spans.jsonl otlp/logs.jsonl otlp/metrics.jsonl ...

The instance becomes the resource's k8s.pod.name, a log's name its eventName, a reading without a value a point
flagged as having none; events have no OTLP signal of their own here and are left out (counted on stderr).
Standard library only.
"""
import collections
import csv
import gzip
import json
import os
import sys
from datetime import datetime

if len(sys.argv) != 3:
    sys.exit(__doc__)
src, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
opener = gzip.open if open(src, "rb").read(2) == b"\x1f\x8b" else open
def ns(ts):
    d = datetime.fromisoformat(ts.replace('Z', '+00:00'))
    return int(d.timestamp()) * 1_000_000_000 + d.microsecond * 1000
def res(service, instance):
    return {"attributes": [{"key": "service.name", "value": {"stringValue": service}},
                           {"key": "k8s.pod.name", "value": {"stringValue": instance}}]}
SEV = {"DEBUG": 5, "INFO": 9, "WARN": 13, "ERROR": 17}
buf = {k: collections.defaultdict(list) for k in ("span", "log", "metric")}
files = {k: open(f"{out}/{k}s.jsonl", "w") for k in ("span", "log", "metric")}
def flush(kind, key):
    items = buf[kind].pop(key)
    service, instance = key
    if kind == "span":
        req = {"resourceSpans": [{"resource": res(service, instance), "scopeSpans": [{"spans": items}]}]}
    elif kind == "log":
        req = {"resourceLogs": [{"resource": res(service, instance), "scopeLogs": [{"logRecords": items}]}]}
    else:
        req = {"resourceMetrics": [{"resource": res(service, instance), "scopeMetrics": [{"metrics": items}]}]}
    files[kind].write(json.dumps(req, separators=(",", ":")) + "\n")
skipped = collections.Counter()
with opener(src, "rt", newline="") as f:
    for r in csv.DictReader(f):
        kind = r["kind"]; key = (r["service"], r["instance"]); t = ns(r["timestamp"])
        if kind == "span":
            start = t; end = start + int(round(float(r["value"]) * 1_000_000))
            s = {"traceId": r["trace_id"], "spanId": r["span_id"], "name": r["name"],
                 "startTimeUnixNano": str(start), "endTimeUnixNano": str(end),
                 "status": {"code": 2} if r["status"] == "ERROR" else {}}
            if r["parent_span_id"]: s["parentSpanId"] = r["parent_span_id"]
            buf["span"][key].append(s)
        elif kind == "log":
            l = {"timeUnixNano": str(t), "eventName": r["name"], "severityText": r["level"],
                 "severityNumber": SEV.get(r["level"], 9), "body": {"stringValue": r["message"]}}
            if r["trace_id"]: l["traceId"] = r["trace_id"]
            if r["span_id"]: l["spanId"] = r["span_id"]
            buf["log"][key].append(l)
        elif kind == "metric":
            v = r["value"]
            p = {"timeUnixNano": str(t)}
            if v.lower() in ("", "nan"): p["flags"] = 1
            else: p["asDouble"] = float(v)
            buf["metric"][key].append({"name": r["name"], "gauge": {"dataPoints": [p]}})
        else:
            skipped[kind] += 1
            continue
        if len(buf[kind][key]) >= 500: flush(kind, key)
for kind in buf:
    for key in list(buf[kind]): flush(kind, key)
for f in files.values(): f.close()
for kind, count in skipped.items():
    print(f"{count} {kind} record(s) left out: OTLP has no signal for them here", file=sys.stderr)
