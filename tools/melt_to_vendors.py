"""Writes a MELT CSV (plain or .gz) as the exports of other tracing and logging systems, so that analyze can be
measured on them against the CSV it came from:

    python3 tools/melt_to_vendors.py jaeger ../shared/data/nezha/train-ticket-2023-01-29/telemetry.csv.gz jaeger/
    dotnet run -c Release --project src/Cli -- analyze --input jaeger/traces.jsonl jaeger/rest.csv ...

    python3 tools/melt_to_vendors.py aws ../shared/data/nezha/train-ticket-2023-01-29/telemetry.csv.gz aws/
    dotnet run -c Release --project src/Cli -- analyze --input aws/xray.jsonl aws/logs.json aws/metrics.jsonl ...

    python3 tools/melt_to_vendors.py zipkin ../shared/data/nezha/train-ticket-2023-01-29/telemetry.csv.gz zipkin/
    dotnet run -c Release --project src/Cli -- analyze --input zipkin/traces.jsonl zipkin/rest.csv ...

    python3 tools/melt_to_vendors.py prometheus ../shared/data/nezha/train-ticket-2023-01-29/telemetry.csv.gz prom/
    dotnet run -c Release --project src/Cli -- analyze --input prom/metrics.jsonl prom/rest.csv ...

    python3 tools/melt_to_vendors.py grafana ../shared/data/nezha/train-ticket-2023-01-29/telemetry.csv.gz grafana/
    dotnet run -c Release --project src/Cli -- analyze --input grafana/traces.jsonl grafana/metrics.jsonl grafana/logs.jsonl grafana/rest.csv ...

jaeger: the spans as Jaeger query-API traces, one a line (traces.jsonl: service and host per process, CHILD_OF
references, microseconds, error tags), everything else as CSV (rest.csv).
jaeger-exceptions: as jaeger, each ERROR log line that names a span of the input written on it as an exception event
(a span log: event exception, exception.message the line) and no log line left: a system that sends its traces and
metrics only, its errors recorded on its spans.
zipkin: the spans as Zipkin v2 traces, one a line (traces.jsonl: a list of spans each with its localEndpoint's
serviceName and the pod as its ipv4, parentId, microseconds, an error tag), everything else as CSV (rest.csv).
aws: the spans as X-Ray batch-get-traces answers of five traces a line (xray.jsonl: a segment per service entry, the
spans under it in the same service as nested subsegments, the pod as the EKS pod, W3C trace ids respelt 1-xxxxxxxx-...);
the log lines as one CloudWatch Logs filter-log-events answer (logs.json, Fluent Bit stream names
pod_namespace_service-id.log); the metrics as embedded-metric-format events one a line (metrics.jsonl, one per pod and
time, ServiceName and PodName fields); events, which have no place there, as CSV (rest.csv).
prometheus: the metrics as Prometheus query_range answers, one a line per metric name (metrics.jsonl: labels __name__,
container for the service, pod for the instance, namespace; a reading without a value as "NaN"), the rest as CSV.
grafana: the metrics as for prometheus, the log lines as Loki query_range answers, one a line per pod and level
(logs.jsonl: labels service_name, pod, namespace, level; nanosecond entries), the spans as Tempo's /api/traces/{id}
answers, one a line (traces.jsonl: OTLP in protobuf's JSON, resource spans named batches, ids in base64), the events
as CSV.

X-Ray and Jaeger keep microseconds, so span durations are rounded to them; a span id recorded twice in a trace is kept
once (X-Ray nests by id). A reading without a value is left out of its event (EMF has no NaN). Standard library only.
"""
import base64
import collections
import csv
import gzip
import hashlib
import json
import math
import os
import sys
from datetime import datetime

FIELDS = ["record_id", "timestamp", "kind", "service", "instance", "name", "value", "level", "status", "trace_id",
          "span_id", "parent_span_id", "message"]


def read(path):
    opener = gzip.open if open(path, "rb").read(2) == b"\x1f\x8b" else open
    with opener(path, "rt", newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        for row in reader:
            yield {k.lower(): v for k, v in row.items()}


def micros(stamp):
    return int(round(datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp() * 1_000_000))


def split(source, out, kinds):
    """The rows of the given kinds (spans only with a trace id), for the caller to write as another system would; every
    other row to out/rest.csv. The source is read whole first, so it may be that very file."""
    rows = list(read(source))
    taken = []
    with open(os.path.join(out, "rest.csv"), "w", newline="", encoding="utf-8") as f:
        rest = csv.writer(f)
        rest.writerow(FIELDS)
        for row in rows:
            if row["kind"] in kinds and (row["kind"] != "span" or row["trace_id"]):
                taken.append(row)
            else:
                rest.writerow([row.get(k, "") for k in FIELDS])
    return taken


def traces_of(rows):
    """The spans by trace, in input order; a span id recorded twice in a trace kept once."""
    traces = collections.OrderedDict()
    for row in rows:
        if row["kind"] == "span":
            traces.setdefault(row["trace_id"], collections.OrderedDict()).setdefault(row["span_id"], row)
    return traces


def jaeger(source, out):
    return write_jaeger(split(source, out, {"span"}), out, {})


def write_jaeger(rows, out, exceptions):
    """exceptions: the log lines to write on their spans as exception events, by (trace id, span id)."""
    traces = traces_of(rows)
    with open(os.path.join(out, "traces.jsonl"), "w", encoding="utf-8") as f:
        for trace_id, spans in traces.items():
            processes, ids, out_spans = {}, {}, []
            for span in spans.values():
                key = (span["service"], span["instance"])
                if key not in ids:
                    ids[key] = f"p{len(ids) + 1}"
                    processes[ids[key]] = {"serviceName": span["service"],
                                           "tags": [{"key": "hostname", "type": "string", "value": span["instance"]}]}
                tags = [{"key": "error", "type": "bool", "value": True}] if span["status"] == "ERROR" else []
                references = ([{"refType": "CHILD_OF", "traceID": trace_id, "spanID": span["parent_span_id"]}]
                              if span["parent_span_id"] else [])
                logs = [{"timestamp": micros(line["timestamp"]),
                         "fields": [{"key": "event", "type": "string", "value": "exception"},
                                    {"key": "exception.message", "type": "string", "value": line["message"]}]}
                        for line in exceptions.get((trace_id, span["span_id"]), [])]
                out_spans.append({"traceID": trace_id, "spanID": span["span_id"], "operationName": span["name"],
                                  "references": references, "startTime": micros(span["timestamp"]),
                                  "duration": int(round(float(span["value"]) * 1000)), "tags": tags, "logs": logs,
                                  "processID": ids[key]})
            f.write(json.dumps({"traceID": trace_id, "spans": out_spans, "processes": processes}) + "\n")
    return len(traces)


def jaeger_exceptions(source, out):
    """As jaeger, with each ERROR-or-worse log line that names its span written on that span as an exception event,
    and no other log line: a system that sends its traces and metrics and records its errors on its spans."""
    rows = split(source, out, {"span", "log"})
    spans = {(r["trace_id"], r["span_id"]) for r in rows if r["kind"] == "span"}
    exceptions = collections.defaultdict(list)
    for row in rows:
        if row["kind"] == "log" and row["level"] in ("ERROR", "FATAL") and (row["trace_id"], row["span_id"]) in spans:
            exceptions[(row["trace_id"], row["span_id"])].append(row)
    return write_jaeger(rows, out, exceptions), sum(len(lines) for lines in exceptions.values())


def xray_id(trace_id):
    trace_id = trace_id.rjust(32, "0")
    return f"1-{trace_id[:8]}-{trace_id[8:]}"


def segments(trace_id, spans):
    """A segment per span entering its service (no parent, or a parent in another service), the spans under it in the
    same service nested as subsegments."""
    children = collections.defaultdict(list)
    entries = []
    for span in spans.values():
        parent = spans.get(span["parent_span_id"])
        if parent is not None and parent["service"] == span["service"]:
            children[span["parent_span_id"]].append(span)
        else:
            entries.append(span)

    def document(span):
        start = micros(span["timestamp"]) / 1e6
        doc = {"id": span["span_id"], "name": span["name"], "start_time": round(start, 6),
               "end_time": round(start + float(span["value"]) / 1000, 6)}
        if span["status"] == "ERROR":
            doc["fault"] = True
        nested = [document(child) for child in children.get(span["span_id"], [])]
        if nested:
            doc["subsegments"] = nested
        return doc

    result = []
    for span in entries:
        doc = document(span)
        doc.update({"name": span["service"], "trace_id": xray_id(trace_id), "origin": "AWS::EKS::Container",
                    "http": {"request": {"method": "GET", "url": "http://" + span["service"] + "/" + span["name"].lstrip("/")}},
                    "aws": {"eks": {"pod": span["instance"]}}})
        if span["parent_span_id"]:
            doc["parent_id"] = span["parent_span_id"]
        result.append({"Id": span["span_id"], "Document": json.dumps(doc)})
    return result


def stream_of(row):
    container = hashlib.sha256(row["instance"].encode()).hexdigest()
    return f"kubernetes.var.log.containers.{row['instance']}_default_{row['service']}-{container}.log"


def aws(source, out):
    rows = split(source, out, {"span", "log", "metric"})
    traces = traces_of(rows)
    readings = collections.OrderedDict()
    events = []
    for row in rows:
        if row["kind"] == "log":
            millis = micros(row["timestamp"]) // 1000
            events.append({"logStreamName": stream_of(row), "timestamp": millis, "message": row["message"],
                           "ingestionTime": millis + 900, "eventId": str(len(events))})
        elif row["kind"] == "metric":
            key = (row["service"], row["instance"], micros(row["timestamp"]) // 1000)
            readings.setdefault(key, []).append((row["name"], row["value"]))
    with open(os.path.join(out, "xray.jsonl"), "w", encoding="utf-8") as f:
        items = list(traces.items())
        for i in range(0, len(items), 5):
            answer = {"Traces": [{"Id": xray_id(t), "Duration": 0, "LimitExceeded": False, "Segments": segments(t, s)}
                                 for t, s in items[i:i + 5]], "UnprocessedTraceIds": []}
            f.write(json.dumps(answer) + "\n")
    with open(os.path.join(out, "logs.json"), "w", encoding="utf-8") as f:
        json.dump({"events": events, "searchedLogStreams": []}, f, indent=2)
    with open(os.path.join(out, "metrics.jsonl"), "w", encoding="utf-8") as f:
        for (service, instance, millis), values in readings.items():
            doc = {"_aws": {"Timestamp": millis, "CloudWatchMetrics": [
                {"Namespace": "MELT", "Dimensions": [["ServiceName"]], "Metrics": [{"Name": n} for n, _ in values]}]},
                   "ServiceName": service, "PodName": instance}
            for name, value in values:
                try:
                    number = float(value)
                except ValueError:
                    continue
                if math.isfinite(number):
                    doc[name] = number
            f.write(json.dumps({"logStreamName": "metrics", "timestamp": millis, "message": json.dumps(doc)}) + "\n")
    return len(traces), len(events), len(readings)


def prometheus(source, out):
    series = collections.OrderedDict()
    for row in split(source, out, {"metric"}):
        key = (row["name"], row["service"], row["instance"])
        try:
            value = float(row["value"])
        except ValueError:
            value = math.nan
        text = "NaN" if math.isnan(value) else repr(value)
        series.setdefault(key, []).append([micros(row["timestamp"]) / 1e6, text])
    by_name = collections.OrderedDict()
    for (name, service, instance), values in series.items():
        by_name.setdefault(name, []).append(
            {"metric": {"__name__": name, "container": service, "pod": instance, "namespace": "default"}, "values": values})
    with open(os.path.join(out, "metrics.jsonl"), "w", encoding="utf-8") as f:
        for result in by_name.values():
            f.write(json.dumps({"status": "success", "data": {"resultType": "matrix", "result": result}}) + "\n")
    return len(series)


def base64_id(hex_id):
    return base64.b64encode(bytes.fromhex(hex_id)).decode() if hex_id and len(hex_id) in (16, 32) else hex_id


def tempo_answer(spans):
    """One trace as Tempo's /api/traces/{id} answers: a batch of resource spans per service and pod."""
    batches = collections.OrderedDict()
    for span in spans.values():
        start = micros(span["timestamp"]) * 1000
        otlp = {"traceId": base64_id(span["trace_id"]), "spanId": base64_id(span["span_id"]), "name": span["name"],
                "kind": "SPAN_KIND_SERVER", "startTimeUnixNano": str(start),
                "endTimeUnixNano": str(start + int(round(float(span["value"]) * 1_000_000))), "status": {}}
        if span["parent_span_id"]:
            otlp["parentSpanId"] = base64_id(span["parent_span_id"])
        if span["status"] == "ERROR":
            otlp["status"] = {"code": "STATUS_CODE_ERROR"}
        batches.setdefault((span["service"], span["instance"]), []).append(otlp)
    return {"batches": [{"resource": {"attributes": [{"key": "service.name", "value": {"stringValue": service}},
                                                     {"key": "k8s.pod.name", "value": {"stringValue": instance}}]},
                         "scopeSpans": [{"spans": spans}]} for (service, instance), spans in batches.items()]}


def grafana(source, out):
    series = prometheus(source, out)
    rows = split(os.path.join(out, "rest.csv"), out, {"span", "log"})
    traces = traces_of(rows)
    streams = collections.OrderedDict()
    for row in rows:
        if row["kind"] == "log":
            key = (row["service"], row["instance"], row["level"] or "INFO")
            streams.setdefault(key, []).append([str(micros(row["timestamp"]) * 1000), row["message"]])
    with open(os.path.join(out, "traces.jsonl"), "w", encoding="utf-8") as f:
        for spans in traces.values():
            f.write(json.dumps(tempo_answer(spans)) + "\n")
    with open(os.path.join(out, "logs.jsonl"), "w", encoding="utf-8") as f:
        for (service, instance, level), values in streams.items():
            stream = {"stream": {"service_name": service, "pod": instance, "namespace": "default", "level": level.lower()},
                      "values": values}
            f.write(json.dumps({"status": "success", "data": {"resultType": "streams", "result": [stream]}}) + "\n")
    return series, len(streams), len(traces)


def zipkin(source, out):
    traces = traces_of(split(source, out, {"span"}))
    with open(os.path.join(out, "traces.jsonl"), "w", encoding="utf-8") as f:
        for trace_id, spans in traces.items():
            out_spans = []
            for span in spans.values():
                zipkin_span = {"traceId": trace_id, "id": span["span_id"], "name": span["name"],
                               "timestamp": micros(span["timestamp"]), "duration": int(round(float(span["value"]) * 1000)),
                               "localEndpoint": {"serviceName": span["service"], "ipv4": span["instance"]}}
                if span["parent_span_id"]:
                    zipkin_span["parentId"] = span["parent_span_id"]
                if span["status"] == "ERROR":
                    zipkin_span["tags"] = {"error": "true"}
                out_spans.append(zipkin_span)
            f.write(json.dumps(out_spans) + "\n")
    return len(traces)


SYSTEMS = {"jaeger": jaeger, "jaeger-exceptions": jaeger_exceptions, "zipkin": zipkin, "aws": aws, "prometheus": prometheus, "grafana": grafana}


def main(argv):
    if len(argv) != 4 or argv[1] not in SYSTEMS:
        sys.exit(__doc__)
    os.makedirs(argv[3], exist_ok=True)
    counts = SYSTEMS[argv[1]](argv[2], argv[3])
    print(argv[1], counts, file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv)
