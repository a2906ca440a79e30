#!/usr/bin/env python3
"""Writes a copy of a MELT CSV (plain or .gz) reshaped as other telemetry often is, to measure what `analyze` finds
when the input is not shaped like the shared Nezha day (docs/root-cause.md, "Other shapes of the same day"):

    python3 tools/telemetry_variants.py IN OUT.csv.gz sample 25          keep the spans of 25 % of the traces (head
                                                                          sampling: whole traces, logs untouched)
    python3 tools/telemetry_variants.py IN OUT.csv.gz tail-sample 10 1000
                                                                          keep every trace with a failed span or one
                                                                          over 1000 ms, and 10 % of the others (tail
                                                                          sampling; logs untouched)
    python3 tools/telemetry_variants.py IN OUT.csv.gz lose-spans 10      lose 10 % of the spans at random
    python3 tools/telemetry_variants.py IN OUT.csv.gz orphan-roots       every root span names a parent the input lacks
                                                                          (an uninstrumented proxy began the trace)
    python3 tools/telemetry_variants.py IN OUT.csv.gz raw-paths          span names with their routes' placeholders filled
                                                                          in (an id, a number, a date or a name)
    python3 tools/telemetry_variants.py IN OUT.csv.gz counters           request and network rates as Prometheus
                                                                          counters (requests_total, ..._bytes_total)
    python3 tools/telemetry_variants.py IN OUT.csv.gz shift-metrics 30   metrics stamped 30 s later ("shift-metrics 3600
                                                                          log": log lines an hour later, local time read
                                                                          as UTC)
    python3 tools/telemetry_variants.py IN OUT.csv.gz replace-pods 12:00 [STAGGER_MIN [OVERLAP_MIN]]
                                                                          every pod replaced at 12:00 (new name, "-r2"),
                                                                          each service's up to STAGGER_MIN minutes later,
                                                                          the new pod's metrics OVERLAP_MIN earlier
    python3 tools/telemetry_variants.py IN OUT.csv.gz scrape 15          metrics read every 15 s: readings inserted on
                                                                          the line between each two, with a little noise
                                                                          where they differ (a flat stretch stays flat);
                                                                          "scrape 15 walk": as the random walk of the
                                                                          series' own minute-to-minute changes;
                                                                          "scrape 30 hold": as that walk from the
                                                                          reading before, knowing nothing of the next
    python3 tools/telemetry_variants.py IN OUT.csv.gz untrace-logs       log lines without their trace and span id columns
                                                                          (their text unchanged)
    python3 tools/telemetry_variants.py IN OUT.csv.gz untrace-logs span  log lines without their span id, in the column
                                                                          and in the text
    python3 tools/telemetry_variants.py IN OUT.csv.gz untrace-logs all   log lines without their trace and span id, in the
                                                                          columns and in the text (an application that
                                                                          never logs its request's ids)
    python3 tools/telemetry_variants.py IN OUT.csv.gz untrace-logs zeros log lines with trace and span ids of all zeros (a
                                                                          logger writing the invalid id), their text
                                                                          unchanged
    python3 tools/telemetry_variants.py IN OUT.csv.gz id-spelling upper log
                                                                          the log lines' trace and span ids in capitals;
                                                                          "id-spelling xray log": their trace ids in
                                                                          X-Ray's form (1-5759e988-bd86...), "uuid" as a
                                                                          UUID with dashes; kinds comma-separated
    python3 tools/telemetry_variants.py IN OUT.csv.gz unlevel-logs       log lines without their level column (their
                                                                          text unchanged)
    python3 tools/telemetry_variants.py IN OUT.csv.gz level-letters      log levels as their first letter (E, W, I), as
                                                                          glog, klog and Android write them
    python3 tools/telemetry_variants.py IN OUT.csv.gz min-level WARN     only the log lines at WARN and above (a service
                                                                          logging at WARN, as many do in production)
    python3 tools/telemetry_variants.py IN OUT.csv.gz metric-services ts- -service
                                                                          metrics under another name for their service
                                                                          ("travel" for "ts-travel-service"), as a
                                                                          container label names it
    python3 tools/telemetry_variants.py IN OUT.csv.gz instance-names metric address
                                                                          metrics under their scrape target's address
                                                                          (10.x.y.z:port) for their pod, as Prometheus's
                                                                          instance label names it; "instance-names span
                                                                          uuid": spans under a random id per pod, as an
                                                                          SDK's service.instance.id names the process
    python3 tools/telemetry_variants.py IN OUT.csv.gz span-status otlp    span statuses as OTLP names them (STATUS_CODE_OK,
                                                                          STATUS_CODE_ERROR); "codes": OTLP's numbers (1,
                                                                          2); "http": a request's HTTP code (200, 500);
                                                                          "words": words no reader knows (good, bad)
    python3 tools/telemetry_variants.py IN OUT.csv.gz unnamed-services   every span and log line under one service name,
                                                                          unknown_service:java (an OpenTelemetry SDK
                                                                          whose service name was never set), the
                                                                          metrics under their own; "unnamed-services
                                                                          span": the spans only
    python3 tools/telemetry_variants.py IN OUT.csv.gz cut 08:41 15:45    only the records from 08:41 to 15:45
    python3 tools/telemetry_variants.py IN OUT.csv.gz kinds metric,span  only those kinds of record
    python3 tools/telemetry_variants.py IN OUT.csv.gz skew-clocks 500    every pod's records stamped by a clock of its
                                                                          own, off by up to 500 ms either way (seeded
                                                                          per pod): a child span may start before its
                                                                          parent, as across real hosts; "skew-clocks
                                                                          500 span,log": only the kinds named (metrics
                                                                          stamped by a scraper's clock)
    python3 tools/telemetry_variants.py IN OUT.csv.gz span-times end     every span stamped at its end, not its start (an
                                                                          exporter logging each span as it finishes);
                                                                          "span-times seconds", "span-times micros":
                                                                          durations in that unit, not milliseconds
    python3 tools/telemetry_variants.py IN OUT.csv.gz coarse-times log 1 the log lines stamped to the whole second (as
                                                                          syslog writes them); kinds comma-separated
    python3 tools/telemetry_variants.py IN OUT.csv.gz histograms         beside the records, each pod's request durations
                                                                          as a Prometheus histogram scraped every minute
                                                                          (http_server_duration_seconds_bucket{le="..."},
                                                                          _sum, _count: cumulative)
    python3 tools/telemetry_variants.py IN OUT.csv.gz split-stacks 30    after each ERROR line its Java stack trace, a
                                                                          line each (30 frames), without level or trace
                                                                          id: a log shipper without a multiline rule
    python3 tools/telemetry_variants.py IN OUT.csv.gz json-logs          log lines as JSON objects (time, level, logger,
                                                                          message, trace and span ids), no level or id
                                                                          columns: a structured logger's lines;
                                                                          "json-logs numbers": levels as pino's numbers
    python3 tools/telemetry_variants.py IN OUT.csv.gz log-gaps 20        about a third of the pods lose their log lines
                                                                          for 20 minutes once (a log agent restarting)
    python3 tools/telemetry_variants.py IN OUT.csv.gz duplicate-spans 5  about 5 % of the spans sent twice (an exporter
                                                                          retrying a batch: at-least-once delivery)
    python3 tools/telemetry_variants.py IN OUT.csv.gz duplicate-logs 5   about 5 % of the log lines sent twice (a log
                                                                          shipper retrying a batch)
    python3 tools/telemetry_variants.py IN OUT.csv.gz duplicate-metrics 100
                                                                          about 100 % of the metric readings sent twice
                                                                          (a retried remote write, a pair of scrapers
                                                                          run for high availability)
    python3 tools/telemetry_variants.py IN OUT.csv.gz unmetered 50       no metrics from about half the services (by a
                                                                          hash of the name)
    python3 tools/telemetry_variants.py IN OUT.csv.gz extra-metrics 4    four more metrics per pod, read with its first
                                                                          metric, that carry no fault (as another
                                                                          system's exporters give more series): in turn
                                                                          near-constant, a random walk, Pareto-tailed
                                                                          and exponential

Every choice is seeded (a hash of the trace or span id, a fixed random seed), so a variant is the same on every run.
Where records are added or moved in time, all are put in time order under new record ids. An incidents.json beside IN
is written beside OUT, each fault's instance renamed where the variant renamed its pod (replace-pods), so that
`analyze --incidents` still scores the instance named. Standard library only.
"""
import csv
import gzip
import json
import math
import os
import random
import re
import sys
import uuid
import zlib
from datetime import datetime, timedelta

RATES = {"request_rate": ("requests_total", 60.0),
         "network_receive_bytes": ("network_receive_bytes_total", 1.0),
         "network_transmit_bytes": ("network_transmit_bytes_total", 1.0)}
TIME, KIND, SERVICE, INSTANCE, NAME, VALUE, STATUS, TRACE, SPAN, PARENT = 1, 2, 3, 4, 5, 6, 8, 9, 10, 11


def parse(ts):
    return datetime.fromisoformat(ts.replace("Z", "+00:00"))


def stamp(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def share(key, percent):
    """True for about percent % of keys, the same keys on every run."""
    return zlib.crc32(key.encode()) % 100 < percent


def sample(rows, percent):
    return (r for r in rows if r[KIND] != "span" or share(r[TRACE], int(percent)))


def tail_sample(rows, percent, milliseconds):
    """Tail sampling, as an OpenTelemetry Collector's tail_sampling processor keeps traces: every trace with a failed
    span or a span longer than milliseconds, and percent % of the others (by trace id); log lines untouched."""
    rows = list(rows)
    kept = {r[TRACE] for r in rows if r[KIND] == "span" and (r[STATUS] == "ERROR" or float(r[VALUE]) > float(milliseconds))}
    return (r for r in rows if r[KIND] != "span" or r[TRACE] in kept or share(r[TRACE], int(percent)))


def lose_spans(rows, percent):
    return (r for r in rows if r[KIND] != "span" or not share(r[TRACE] + r[SPAN], int(percent)))


def orphan_roots(rows):
    """Every root span names a parent the input lacks, as when an uninstrumented proxy (an ingress controller, a load
    balancer) starts the trace and passes its context on without exporting a span of its own."""
    for r in rows:
        if r[KIND] == "span" and not r[PARENT]:
            r[PARENT] = format(zlib.crc32(("proxy" + r[TRACE]).encode()), "08x") + "0000proxy"
        yield r


def raw_paths(rows):
    """Span names with their route's placeholders filled in, as an HTTP instrumentation that records the path rather
    than the route writes them (/orders/{orderId} -> /orders/5f3c...): an id, a number, a date or a name per request."""
    import re
    names = ["shanghai", "beijing", "nanjing", "suzhou", "taiyuan", "wuxi", "hangzhou", "jinan", "shijiazhuang", "xuzhou"]

    def value(placeholder, seed):
        rnd = random.Random(seed)
        kind = placeholder.lower()
        if "date" in kind:
            return f"2023-01-{rnd.randint(1, 31):02d}"
        if "name" in kind or "station" in kind:
            return rnd.choice(names)
        if "type" in kind or "index" in kind or "status" in kind:
            return str(rnd.randint(0, 5))
        return "%032x" % rnd.getrandbits(128)

    pattern = re.compile(r"\{([^}]*)\}")
    for r in rows:
        if r[KIND] == "span" and "{" in r[NAME]:
            r[NAME] = pattern.sub(lambda m: value(m.group(1), r[TRACE] + r[SPAN] + m.group(1)), r[NAME])
        yield r


def counters(rows):
    totals = {}
    for r in rows:
        if r[KIND] == "metric" and r[NAME] in RATES and r[VALUE] not in ("", "nan"):
            name, per = RATES[r[NAME]]
            key = (r[INSTANCE], name)
            totals[key] = totals.get(key, 0.0) + float(r[VALUE]) * per
            r[NAME], r[VALUE] = name, repr(round(totals[key], 3))
        yield r


def shift_metrics(rows, seconds, kind="metric"):
    """The records of a kind (metrics unless named) stamped the seconds given later: a scrape stamped at its interval's
    end, or ("shift-metrics 3600 log") log lines whose local time was read as UTC."""
    for r in rows:
        if r[KIND] == kind:
            r[TIME] = stamp(parse(r[TIME]) + timedelta(seconds=float(seconds)))
        yield r


def span_times(rows, how):
    """Spans written as other exports write them: "end", stamped at their end (an exporter logging each span as it
    finishes); "seconds" or "micros", their durations in that unit rather than milliseconds."""
    for r in rows:
        if r[KIND] == "span" and r[VALUE]:
            if how == "end":
                r[TIME] = stamp(parse(r[TIME]) + timedelta(milliseconds=float(r[VALUE])))
            elif how == "seconds":
                r[VALUE] = repr(float(r[VALUE]) / 1000)
            elif how == "micros":
                r[VALUE] = repr(round(float(r[VALUE]) * 1000, 3))
            else:
                sys.exit(f"span-times: 'end', 'seconds' or 'micros', not '{how}'")
        yield r


def skew_clocks(rows, milliseconds, which="metric,event,log,span"):
    """Every record of a pod of the kinds named stamped by its own clock: an offset drawn per pod, seeded by its name,
    uniform within plus or minus the milliseconds given (hosts whose clocks NTP keeps within that of each other)."""
    bound, kinds_named = float(milliseconds), set(which.split(","))
    offsets = {}
    for r in rows:
        if r[KIND] in kinds_named:
            offset = offsets.setdefault(r[INSTANCE], random.Random(zlib.crc32(r[INSTANCE].encode())).uniform(-bound, bound))
            r[TIME] = stamp(parse(r[TIME]) + timedelta(milliseconds=offset))
        yield r


def coarse_times(rows, which, seconds):
    """The records of the kinds named stamped to whole multiples of the seconds given (syslog's whole seconds, a
    scrape's timestamp), earlier as a clock read then truncated."""
    kinds_named, step = set(which.split(",")), timedelta(seconds=float(seconds))
    for r in rows:
        if r[KIND] in kinds_named:
            t = parse(r[TIME])
            r[TIME] = stamp(t - (t - datetime.min.replace(tzinfo=t.tzinfo)) % step)
        yield r


def unmetered(rows, percent):
    """No metrics from about percent % of the services (chosen by a hash of the name): services whose pods export none."""
    return (r for r in rows if r[KIND] != "metric" or not share(r[SERVICE], int(percent)))


def pod_switch(service, at, stagger="0"):
    """The minute of the day a service's pods are replaced at."""
    stagger = int(stagger)
    hour, minute = (int(x) for x in at.split(":"))
    offset = zlib.crc32(service.encode()) % stagger if stagger > 0 else 0
    return hour * 60 + minute + offset


def replace_pods(rows, at, stagger="0", overlap="0"):
    overlap = int(overlap)

    def switch(service):
        return pod_switch(service, at, stagger)

    for r in rows:
        t = parse(r[TIME])
        now, when = t.hour * 60 + t.minute, switch(r[SERVICE])
        if r[KIND] == "metric" and when - overlap <= now < when:
            yield list(r)  # the old pod still reports while the new one starts
            r[INSTANCE] += "-r2"
        elif now >= when:
            r[INSTANCE] += "-r2"
        yield r


def scrape(rows, seconds, shape="line"):
    """Readings inserted between each two: on the line between them ("line"), or as the random walk the series' own
    minute-to-minute changes make ("walk": a Brownian bridge whose spread is the series' usual change so far, so a
    noisy series stays as noisy between its minutes and a flat one stays flat; "hold": the same walk from the reading
    before, not drawn towards the next, as a scrape between two reads the state of its moment and nothing later)."""
    seconds = float(seconds)
    rnd = random.Random(7)
    previous = {}
    change = {}
    for r in rows:
        yield r
        if r[KIND] != "metric":
            continue
        key = (r[SERVICE], r[INSTANCE], r[NAME])
        t1 = parse(r[TIME])
        if key in previous:
            t0, v0 = previous[key]
            gap = (t1 - t0).total_seconds()
            steps = int(round(gap / seconds))
            a, b = float(v0 or "nan"), float(r[VALUE] or "nan")
            # Mean |change| per reading, running; sigma of a Gaussian step is mean|change| * sqrt(pi / 2).
            sigma = change.get(key, (0.0, 0))[0] * math.sqrt(math.pi / 2)
            if 1 < steps <= 8:
                for k in range(1, steps):
                    extra = list(r)
                    extra[TIME] = stamp(t0 + timedelta(seconds=seconds * k))
                    if a == a and b == b:
                        t = k / steps
                        if shape == "walk":
                            noise = rnd.gauss(0, sigma * math.sqrt(t * (1 - t))) if sigma > 0 else 0.0
                        elif shape == "hold":
                            noise = rnd.gauss(0, sigma * math.sqrt(t)) if sigma > 0 else 0.0
                        else:
                            noise = rnd.gauss(0, 0.02 * abs(b - a)) if a != b else 0.0
                        # "hold": the walk from the reading before, which knows nothing of the next (a scrape between
                        # two reads the state then, not a blend with the minute to come).
                        value = (a if shape == "hold" else a + (b - a) * t) + noise
                        extra[VALUE] = repr(max(value, 0.0) if a >= 0 and b >= 0 else value)
                    elif shape == "hold":
                        extra[VALUE] = v0
                    yield extra
            if a == a and b == b:
                mean, n = change.get(key, (0.0, 0))
                change[key] = (mean + (abs(b - a) - mean) / (n + 1), n + 1)
        previous[key] = (t1, r[VALUE])


def untrace_logs(rows, which="both"):
    for r in rows:
        if r[KIND] == "log" and which == "span":
            if r[SPAN]:
                r[12] = r[12].replace(r[SPAN], "")
            r[SPAN] = ""
        elif r[KIND] == "log" and which == "all":
            for known in (r[TRACE], r[SPAN]):
                if known:
                    r[12] = r[12].replace(known, "")
            r[TRACE] = r[SPAN] = ""
        elif r[KIND] == "log" and which == "zeros":
            r[TRACE], r[SPAN] = "0" * 32, "0" * 16
        elif r[KIND] == "log":
            r[TRACE] = r[SPAN] = ""
        yield r


def unlevel_logs(rows):
    for r in rows:
        if r[KIND] == "log":
            r[7] = ""
        yield r


def min_level(rows, level):
    order = ["DEBUG", "INFO", "WARN", "ERROR"]
    floor = order.index(level.upper())
    for r in rows:
        if r[KIND] != "log" or (r[7].upper() in order and order.index(r[7].upper()) >= floor):
            yield r


def metric_services(rows, prefix, suffix):
    for r in rows:
        if r[KIND] == "metric":
            if r[SERVICE].startswith(prefix):
                r[SERVICE] = r[SERVICE][len(prefix):]
            if suffix and r[SERVICE].endswith(suffix):
                r[SERVICE] = r[SERVICE][:-len(suffix)]
        yield r


def address(pod):
    """A scrape target's address for a pod: an address in 10.0.0.0/8 and a port, by a hash of the name."""
    h = zlib.crc32(pod.encode())
    return f"10.{h >> 24 & 255}.{h >> 16 & 255}.{h >> 8 & 255}:{8080 + (h & 7)}"


def process_id(pod):
    """A process's random service.instance.id for a pod: a UUID from a hash of the name."""
    return str(uuid.UUID(int=random.Random(pod).getrandbits(128), version=4))


def instance_names(rows, which="metric", style="address"):
    kinds, rename = which.split(","), {"address": address, "uuid": process_id}[style]
    for r in rows:
        if r[KIND] in kinds and r[INSTANCE]:
            r[INSTANCE] = rename(r[INSTANCE])
        yield r


STATUS_STYLES = {"otlp": ("STATUS_CODE_OK", "STATUS_CODE_ERROR"), "codes": ("1", "2"), "http": ("200", "500"), "words": ("good", "bad")}


def span_status(rows, style):
    ok, error = STATUS_STYLES[style]
    for r in rows:
        if r[KIND] == "span":
            r[STATUS] = error if r[STATUS].upper() == "ERROR" else ok
        yield r


def level_letters(rows):
    for r in rows:
        if r[KIND] == "log" and r[7]:
            r[7] = r[7][0].upper()
        yield r


def xray_id(trace):
    return f"1-{trace[:8]}-{trace[8:]}" if len(trace) == 32 else trace


def uuid_id(trace):
    return str(uuid.UUID(trace)) if len(trace) == 32 else trace


def id_spelling(rows, style, which="log"):
    kinds, spell = which.split(","), {"upper": str.upper, "xray": xray_id, "uuid": uuid_id}[style]
    for r in rows:
        if r[KIND] in kinds:
            r[TRACE] = spell(r[TRACE])
            if style == "upper":
                r[SPAN], r[PARENT] = r[SPAN].upper(), r[PARENT].upper()
        yield r


def unnamed_services(rows, which="span,log", name="unknown_service:java"):
    kinds = which.split(",")
    for r in rows:
        if r[KIND] in kinds:
            r[SERVICE] = name
        yield r


def cut(rows, start, end):
    return (r for r in rows if start <= r[TIME][11:16] < end)


def log_gaps(rows, minutes):
    """About a third of the pods (by a hash of the name) lose their log lines for the minutes given once, from a time
    drawn per pod between 09:00 and 15:00 (a log agent restarting or falling behind); their spans and metrics stay."""
    gaps = {}
    for r in rows:
        if r[KIND] == "log" and share(r[INSTANCE], 33):
            start = gaps.setdefault(r[INSTANCE], 9 * 60 + random.Random(zlib.crc32(r[INSTANCE].encode())).randrange(6 * 60))
            minute = int(r[TIME][11:13]) * 60 + int(r[TIME][14:16])
            if start <= minute < start + int(minutes):
                continue
        yield r


def duplicate_spans(rows, percent):
    """About percent % of the spans (by a hash of their ids) sent twice, as an exporter retrying a batch the backend
    had taken sends it again (at-least-once delivery); each copy is the same span."""
    for r in rows:
        yield r
        if r[KIND] == "span" and share(r[TRACE] + r[SPAN], int(percent)):
            yield list(r)


def duplicate_metrics(rows, percent):
    """About percent % of the metric readings (by a hash of their series and time) sent twice, as a retried remote
    write or a pair of Prometheus servers run for high availability sends them; each copy is the same reading."""
    for r in rows:
        yield r
        if r[KIND] == "metric" and share(r[INSTANCE] + r[NAME] + r[TIME], int(percent)):
            yield list(r)


def duplicate_logs(rows, percent):
    """About percent % of the log lines (by a hash of their time, pod and text) sent twice, as a log shipper retrying a
    batch sends them (Fluent Bit, the CloudWatch agent: at least once); each copy is the same line."""
    for r in rows:
        yield r
        if r[KIND] == "log" and share(r[TIME] + r[INSTANCE] + r[-1], int(percent)):
            yield list(r)


def kinds(rows, wanted):
    keep = set(wanted.split(","))
    return (r for r in rows if r[KIND] in keep)


def extra_value(k, g, state):
    """The k-th extra metric's next reading: in turn near-constant, a random walk, Pareto-tailed and exponential."""
    shape = k % 4
    if shape == 0:
        return 100 + g.randint(0, 3)
    if shape == 1:
        state["walk"] = max(0.0, state["walk"] + g.gauss(0, 1.5))
        return state["walk"]
    if shape == 2:
        return 3 * g.paretovariate(2.5)
    return g.expovariate(1 / state["mean"])


def extra_metrics(rows, count):
    """Beside each reading of a pod's first metric, count readings of metrics that carry no fault, each pod's drawn
    from a generator seeded by its name."""
    first, pods = {}, {}
    for r in rows:
        yield r
        if r[KIND] != "metric" or first.setdefault(r[INSTANCE], r[NAME]) != r[NAME]:
            continue
        g, state = pods.setdefault(r[INSTANCE], (random.Random(zlib.crc32(r[INSTANCE].encode())), {"walk": 50.0, "mean": 20.0}))
        for k in range(int(count)):
            yield ["", r[TIME], "metric", r[SERVICE], r[INSTANCE], f"extra_{k}", f"{extra_value(k, g, state):.4f}",
                   "", "", "", "", "", ""]


def split_stacks(rows, lines):
    """After each ERROR log line, its stack trace as a log shipper without a multiline rule sends it: a line each, at
    the same instant, without level or trace id (the exception, lines frames deep, "... N more"), as Fluent Bit and
    the awslogs driver do by default."""
    for r in rows:
        yield r
        if r[KIND] == "log" and r[7] == "ERROR":
            name = r[SERVICE].replace("ts-", "").replace("-service", "").replace("-", "")
            follow = [f"java.lang.IllegalStateException: {name} failed"]
            follow += [f"\tat com.example.{name}.Handler{k % 7}.step{k}(Handler{k % 7}.java:{40 + k})" for k in range(int(lines))]
            follow.append("\t... 42 more")
            for text in follow:
                yield ["", r[TIME], "log", r[SERVICE], r[INSTANCE], r[NAME], "0", "", "", "", "", "", text]


LOG_PREFIX = re.compile(r"^\S+ +[A-Z]+ +(\S+)(?: TraceID: \S+ SpanID: \S+)? ?(.*)$", re.S)


PINO = {"DEBUG": 20, "INFO": 30, "WARN": 40, "ERROR": 50}


def json_logs(rows, levels="words"):
    """Log lines as a structured logger writes them (logback's JSON encoder, zap, Serilog): one JSON object a line with
    its time, level in lower case (or, "numbers", as Node.js's pino numbers it: 30 info, 50 error), logger, message and
    the request's ids, and no level, trace or span column."""
    for r in rows:
        if r[KIND] == "log":
            # The pattern's own prefix ("16:42:09.486 INFO t.c.Travel2Controller#115 TraceID: ... SpanID: ...") becomes fields.
            parts = LOG_PREFIX.match(r[12])
            logger, message = (parts.group(1), parts.group(2)) if parts else (r[SERVICE], r[12])
            level = PINO.get(r[7] or "INFO", 30) if levels == "numbers" else (r[7] or "INFO").lower()
            r[12] = json.dumps({"@timestamp": r[TIME], "level": level, "logger": logger, "message": message,
                                "trace_id": r[TRACE], "span_id": r[SPAN]}, separators=(",", ":"))
            r[7] = r[TRACE] = r[SPAN] = ""
        yield r


BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]


def histograms(rows):
    """Beside the records, each pod's request durations as a Prometheus client library's histogram scraped every
    minute: http_server_duration_seconds_bucket{le="..."} (cumulative, the default buckets and +Inf), _sum and _count,
    of its spans called from another service or from none."""
    services, pods, minute = {}, {}, None
    for r in rows:
        t = parse(r[TIME])
        now = t.replace(second=0, microsecond=0)
        if minute is not None and now > minute:
            for (service, pod), (counts, total, count) in pods.items():
                at = stamp(now)
                for le, c in zip(BUCKETS + ["+Inf"], counts + [count]):
                    yield ["", at, "metric", service, pod, f'http_server_duration_seconds_bucket{{le="{le}"}}', str(c), "", "", "", "", "", ""]
                yield ["", at, "metric", service, pod, "http_server_duration_seconds_sum", f"{total:.6f}", "", "", "", "", "", ""]
                yield ["", at, "metric", service, pod, "http_server_duration_seconds_count", str(count), "", "", "", "", "", ""]
        minute = now
        if r[KIND] == "span":
            services[(r[TRACE], r[SPAN])] = r[SERVICE]
            if services.get((r[TRACE], r[PARENT])) != r[SERVICE]:
                counts, total, count = pods.setdefault((r[SERVICE], r[INSTANCE]), ([0] * len(BUCKETS), 0.0, 0))
                seconds = float(r[VALUE]) / 1000
                pods[(r[SERVICE], r[INSTANCE])] = ([c + (seconds <= le) for c, le in zip(counts, BUCKETS)], total + seconds, count + 1)
        yield r


REORDERED = {"span-times", "shift-metrics", "replace-pods", "scrape", "extra-metrics", "skew-clocks", "coarse-times", "histograms", "split-stacks", "duplicate-spans", "duplicate-metrics", "duplicate-logs"}
VARIANTS = {"sample": sample, "tail-sample": tail_sample, "lose-spans": lose_spans, "orphan-roots": orphan_roots, "raw-paths": raw_paths, "counters": counters, "shift-metrics": shift_metrics,
            "replace-pods": replace_pods, "scrape": scrape, "untrace-logs": untrace_logs, "unlevel-logs": unlevel_logs, "min-level": min_level, "metric-services": metric_services, "cut": cut, "kinds": kinds,
            "extra-metrics": extra_metrics, "skew-clocks": skew_clocks, "coarse-times": coarse_times, "unmetered": unmetered, "histograms": histograms, "split-stacks": split_stacks, "json-logs": json_logs, "log-gaps": log_gaps, "duplicate-spans": duplicate_spans, "duplicate-metrics": duplicate_metrics, "duplicate-logs": duplicate_logs, "span-times": span_times, "instance-names": instance_names, "span-status": span_status, "level-letters": level_letters, "id-spelling": id_spelling, "unnamed-services": unnamed_services}


def replace_pods_incidents(incidents, at, stagger="0", overlap="0"):
    for incident in incidents:
        t = parse(incident["start"])
        if incident.get("root_cause_instance") and t.hour * 60 + t.minute >= pod_switch(incident["root_cause_service"], at, stagger):
            incident["root_cause_instance"] += "-r2"
    return incidents


INCIDENTS = {"replace-pods": replace_pods_incidents}


def copy_incidents(src, dst, variant, args):
    """incidents.json beside src, written beside dst with what the variant renamed renamed there too."""
    source = os.path.join(os.path.dirname(os.path.abspath(src)), "incidents.json")
    target = os.path.join(os.path.dirname(os.path.abspath(dst)), "incidents.json")
    if not os.path.exists(source) or os.path.abspath(source) == target:
        return
    with open(source) as f:
        incidents = json.load(f)
    if variant in INCIDENTS:
        incidents = INCIDENTS[variant](incidents, *args)
    with open(target, "w") as f:
        json.dump(incidents, f, indent=2)
    print(f"{target}: {len(incidents)} incidents", file=sys.stderr)


def main(argv):
    if len(argv) < 4 or argv[3] not in VARIANTS:
        sys.exit(__doc__)
    src, dst, variant, args = argv[1], argv[2], VARIANTS[argv[3]], argv[4:]
    opener = gzip.open if open(src, "rb").read(2) == b"\x1f\x8b" else open
    with opener(src, "rt", newline="") as f, gzip.open(dst, "wt", newline="", compresslevel=1) as g:
        reader, writer = csv.reader(f), csv.writer(g, lineterminator="\n")
        writer.writerow(next(reader))
        out = variant(reader, *args)
        if argv[3] in REORDERED:
            # Added or moved records take their place in time (ties keep their order: a stable sort), under new ids.
            out = sorted(out, key=lambda r: parse(r[TIME]))
            for i, r in enumerate(out):
                r[0] = str(i)
        count = 0
        for r in out:
            writer.writerow(r)
            count += 1
    print(f"{dst}: {count:,} records ({argv[3]} {' '.join(args)})", file=sys.stderr)
    copy_incidents(src, dst, argv[3], args)


if __name__ == "__main__":
    main(sys.argv)
