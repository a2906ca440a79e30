"""Tests of tools/telemetry_variants.py, the measuring tool behind docs/root-cause.md's "Other shapes of the same day":
each variant run as users run it (the command line), on a small day of two services, checked for what it claims to
do. Run by .ci/run: python3 -m unittest discover -s tools -p 'test_*.py'. Standard library only."""
import csv
import gzip
import json
import os
import re
import subprocess
import sys
import tempfile
import unittest
from datetime import datetime, timedelta

TOOL = os.path.join(os.path.dirname(os.path.abspath(__file__)), "telemetry_variants.py")
HEADER = ["record_id", "timestamp", "kind", "service", "instance", "name", "value", "level", "status", "trace_id",
          "span_id", "parent_span_id", "message"]
START = datetime(2023, 1, 29, 8, 0, 0)


def stamp(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def day(minutes=10):
    """A request a minute entering at the gateway and calling cart, each span with its log line, and both services'
    CPU read once a minute (cart's rising from 10 by 2 a minute)."""
    rows = []
    for m in range(minutes):
        t = START + timedelta(minutes=m)
        trace = f"{m + 1:032x}"
        rows.append([stamp(t), "metric", "gateway", "gateway-1", "cpu_percent", "20", "", "", "", "", "", ""])
        rows.append([stamp(t), "metric", "cart", "cart-7f9c-abcde", "cpu_percent", str(10 + 2 * m), "", "", "", "", "", ""])
        rows.append([stamp(t + timedelta(seconds=1)), "span", "gateway", "gateway-1", "GET /api/v1/cart/{id}", "30", "", "OK", trace, "a" * 16, "", ""])
        rows.append([stamp(t + timedelta(seconds=2)), "span", "cart", "cart-7f9c-abcde", "GetCart", "10", "", "OK", trace, "b" * 16, "a" * 16, ""])
        rows.append([stamp(t + timedelta(seconds=2)), "log", "cart", "cart-7f9c-abcde", "app", "0", "INFO", "", trace, "b" * 16, "", "cart read"])
    return [[str(i)] + r for i, r in enumerate(rows)]


class TelemetryVariantsTests(unittest.TestCase):
    def setUp(self):
        self.folder = tempfile.mkdtemp(prefix="variants-")
        self.source = os.path.join(self.folder, "in", "telemetry.csv.gz")
        os.makedirs(os.path.dirname(self.source))
        with gzip.open(self.source, "wt", newline="") as f:
            writer = csv.writer(f, lineterminator="\n")
            writer.writerow(HEADER)
            writer.writerows(day())
        with open(os.path.join(self.folder, "in", "incidents.json"), "w") as f:
            json.dump([{"incident_id": "INC-1", "root_cause_service": "cart", "root_cause_instance": "cart-7f9c-abcde",
                        "fault_type": "cpu_contention", "start": "2023-01-29T08:07:00Z", "end": "2023-01-29T08:09:00Z"}], f)

    def tearDown(self):
        for root, folders, files in os.walk(self.folder, topdown=False):
            for name in files:
                os.remove(os.path.join(root, name))
            for name in folders:
                os.rmdir(os.path.join(root, name))
        os.rmdir(self.folder)

    def variant(self, *args):
        target = os.path.join(self.folder, "out", "telemetry.csv.gz")
        os.makedirs(os.path.dirname(target), exist_ok=True)
        subprocess.run([sys.executable, TOOL, self.source, target, *args], check=True, capture_output=True)
        with gzip.open(target, "rt", newline="") as f:
            rows = list(csv.reader(f))
        self.assertEqual(HEADER, rows[0])
        return [dict(zip(HEADER, r)) for r in rows[1:]]

    def incidents(self):
        with open(os.path.join(self.folder, "out", "incidents.json")) as f:
            return json.load(f)

    def test_scrape_30_reads_every_metric_twice_a_minute_on_the_line_between_and_leaves_the_rest(self):
        rows = self.variant("scrape", "30")
        cart = [r for r in rows if r["kind"] == "metric" and r["service"] == "cart"]
        self.assertEqual(19, len(cart))  # ten minutes' readings and one between each two
        between = cart[1]
        self.assertTrue(between["timestamp"].startswith("2023-01-29T08:00:30"))
        self.assertAlmostEqual(11.0, float(between["value"]), delta=0.2)  # on the line from 10 to 12, a little noise
        self.assertEqual(20, sum(1 for r in rows if r["kind"] == "span"))
        self.assertEqual([str(i) for i in range(len(rows))], [r["record_id"] for r in rows])
        self.assertEqual(sorted(r["timestamp"] for r in rows), [r["timestamp"] for r in rows])

    def test_scrape_walk_stays_flat_where_the_series_is_flat(self):
        rows = self.variant("scrape", "30", "walk")
        gateway = [r for r in rows if r["kind"] == "metric" and r["service"] == "gateway"]
        self.assertEqual(19, len(gateway))
        self.assertEqual({20.0}, {float(r["value"]) for r in gateway})

    def test_scrape_hold_walks_from_the_reading_before_and_stays_flat_where_the_series_is_flat(self):
        rows = self.variant("scrape", "30", "hold")
        cart = [r for r in rows if r["kind"] == "metric" and r["service"] == "cart"]
        self.assertEqual(19, len(cart))
        # cart rises by 2 a minute: the first reading between has no change before it to walk by, so it holds 10.
        self.assertEqual(10.0, float(cart[1]["value"]))
        later = [float(r["value"]) for r in cart[3::2]]  # between 12 and 14, 14 and 16, ...: around the reading before
        self.assertTrue(all(abs(v - (12 + 2 * i)) < 10 for i, v in enumerate(later)))
        self.assertNotEqual([12 + 2 * i + 1 for i in range(len(later))], later)  # not on the line towards the next
        gateway = [r for r in rows if r["kind"] == "metric" and r["service"] == "gateway"]
        self.assertEqual({20.0}, {float(r["value"]) for r in gateway})

    def test_orphan_roots_gives_every_root_span_a_parent_the_input_lacks(self):
        rows = self.variant("orphan-roots")
        spans = [r for r in rows if r["kind"] == "span"]
        ids = {r["span_id"] for r in spans}
        roots = [r for r in spans if r["service"] == "gateway"]
        self.assertTrue(all(r["parent_span_id"] and r["parent_span_id"] not in ids for r in roots))
        self.assertTrue(all(r["parent_span_id"] == "a" * 16 for r in spans if r["service"] == "cart"))

    def test_raw_paths_fill_in_a_routes_placeholders(self):
        rows = self.variant("raw-paths")
        names = {r["name"] for r in rows if r["kind"] == "span" and r["service"] == "gateway"}
        self.assertTrue(names and all(n.startswith("GET /api/v1/cart/") and "{" not in n for n in names), names)
        self.assertIn("GetCart", {r["name"] for r in rows if r["kind"] == "span"})

    def test_replace_pods_renames_the_pods_after_the_switch_and_the_faults_instance_with_them(self):
        rows = self.variant("replace-pods", "08:05")
        cart = [r for r in rows if r["service"] == "cart"]
        self.assertEqual({"cart-7f9c-abcde"}, {r["instance"] for r in cart if r["timestamp"] < "2023-01-29T08:05"})
        self.assertEqual({"cart-7f9c-abcde-r2"}, {r["instance"] for r in cart if r["timestamp"] >= "2023-01-29T08:05"})
        self.assertEqual("cart-7f9c-abcde-r2", self.incidents()[0]["root_cause_instance"])

    def test_cut_keeps_the_records_of_its_hours_and_copies_the_incidents(self):
        rows = self.variant("cut", "08:03", "08:05")
        self.assertTrue(rows)
        self.assertTrue(all("2023-01-29T08:03" <= r["timestamp"] < "2023-01-29T08:06" for r in rows))
        self.assertEqual("cart-7f9c-abcde", self.incidents()[0]["root_cause_instance"])

    def test_extra_metrics_adds_series_read_with_each_pods_first_metric_the_same_on_every_run(self):
        rows = self.variant("extra-metrics", "4")
        extra = [r for r in rows if r["name"].startswith("extra_")]
        self.assertEqual(2 * 10 * 4, len(extra))  # two pods, ten minutes, four metrics
        cart = [r for r in extra if r["instance"] == "cart-7f9c-abcde"]
        self.assertEqual({"extra_0", "extra_1", "extra_2", "extra_3"}, {r["name"] for r in cart})
        self.assertTrue(all(100 <= float(r["value"]) <= 103 for r in cart if r["name"] == "extra_0"))
        self.assertTrue(all(float(r["value"]) >= 3 for r in cart if r["name"] == "extra_2"))  # Pareto's floor
        self.assertEqual([str(i) for i in range(len(rows))], [r["record_id"] for r in rows])
        self.assertEqual(extra, [r for r in self.variant("extra-metrics", "4") if r["name"].startswith("extra_")])

    def test_skew_clocks_moves_each_pods_records_by_one_offset_within_the_bound(self):
        rows = self.variant("skew-clocks", "500")
        self.assertEqual(sorted(r["timestamp"] for r in rows), [r["timestamp"] for r in rows])
        parsed = lambda t: datetime.strptime(t, "%Y-%m-%dT%H:%M:%S.%fZ")
        offsets = {}
        # One offset per pod keeps each pod's records in their order: the i-th of a pod before is its i-th after.
        for pod in ("gateway-1", "cart-7f9c-abcde"):
            before = [r[1] for r in day() if r[4] == pod]
            after = [r["timestamp"] for r in rows if r["instance"] == pod]
            self.assertEqual(len(before), len(after))
            offsets[pod] = {round((parsed(a) - parsed(b)).total_seconds(), 3) for a, b in zip(after, before)}
        self.assertTrue(all(len(o) == 1 and abs(next(iter(o))) <= 0.5 for o in offsets.values()), offsets)
        self.assertNotEqual(offsets["gateway-1"], offsets["cart-7f9c-abcde"])

    def test_skew_clocks_with_kinds_moves_only_those_kinds(self):
        rows = self.variant("skew-clocks", "500", "span,log")
        times = lambda kind, records: sorted(r[1] for r in records if r[2] == kind)
        after = [[r[c] for c in HEADER] for r in rows]
        self.assertEqual(times("metric", day()), times("metric", after))
        self.assertNotEqual(times("span", day()), times("span", after))
        self.assertNotEqual(times("log", day()), times("log", after))

    def test_histograms_add_each_pods_request_durations_as_a_cumulative_prometheus_histogram(self):
        rows = self.variant("histograms")
        count = [float(r["value"]) for r in rows if r["instance"] == "cart-7f9c-abcde" and r["name"] == "http_server_duration_seconds_count"]
        infinite = [float(r["value"]) for r in rows if r["instance"] == "cart-7f9c-abcde" and r["name"] == 'http_server_duration_seconds_bucket{le="+Inf"}']
        fast = [float(r["value"]) for r in rows if r["instance"] == "cart-7f9c-abcde" and r["name"] == 'http_server_duration_seconds_bucket{le="0.01"}']
        self.assertEqual(list(range(1, 10)), count)  # a request a minute, scraped at each minute's start after it
        self.assertEqual(count, infinite)
        self.assertEqual(count, fast)  # GetCart takes 10 ms: within the 0.01 s bucket
        self.assertEqual(sorted(r["timestamp"] for r in rows), [r["timestamp"] for r in rows])

    def test_split_stacks_follow_each_error_line_with_its_trace_a_line_each(self):
        source = day()
        source[4][7] = "ERROR"  # the first minute's cart log line
        with gzip.open(self.source, "wt", newline="") as f:
            writer = csv.writer(f, lineterminator="\n")
            writer.writerow(HEADER)
            writer.writerows(source)
        rows = self.variant("split-stacks", "3")
        at = next(i for i, r in enumerate(rows) if r["level"] == "ERROR")
        follow = rows[at + 1:at + 6]
        self.assertEqual(["java.lang.IllegalStateException: cart failed", "\tat com.example.cart.Handler0.step0(Handler0.java:40)"],
                         [r["message"] for r in follow[:2]])
        self.assertEqual("\t... 42 more", follow[4]["message"])
        self.assertTrue(all(r["timestamp"] == rows[at]["timestamp"] and r["level"] == "" and r["trace_id"] == "" for r in follow))
        self.assertEqual(len(day()) + 5, len(rows))

    def test_json_logs_write_each_line_as_a_structured_loggers_object_without_level_or_id_columns(self):
        line = next(r for r in self.variant("json-logs", "numbers") if r["kind"] == "log")
        self.assertEqual(("", "", ""), (line["level"], line["trace_id"], line["span_id"]))
        self.assertEqual({"@timestamp": line["timestamp"], "level": 30, "logger": "cart", "message": "cart read",
                          "trace_id": f"{1:032x}", "span_id": "b" * 16}, json.loads(line["message"]))

    def test_log_gaps_take_some_pods_log_lines_out_for_the_minutes_given_and_leave_the_rest(self):
        source = day(6 * 60 + 60)
        for r in source:
            r[1] = stamp(datetime.strptime(r[1], "%Y-%m-%dT%H:%M:%S.%fZ") + timedelta(hours=1))  # 09:00 to 16:00
            r[4] = "cart-0" if r[4] == "cart-7f9c-abcde" else r[4]  # a pod the hash gives a gap, from 10:30
        with gzip.open(self.source, "wt", newline="") as f:
            writer = csv.writer(f, lineterminator="\n")
            writer.writerow(HEADER)
            writer.writerows(source)
        rows = self.variant("log-gaps", "20")
        logs = [r["timestamp"][11:16] for r in rows if r["kind"] == "log"]
        self.assertEqual(len(source) // 5 - 20, len(logs))  # cart's one log line a minute, 20 minutes out
        self.assertNotIn("10:30", logs)
        self.assertNotIn("10:49", logs)
        self.assertIn("10:50", logs)
        self.assertEqual(len(source) - 20, len(rows))  # its spans and metrics stay

    def test_duplicate_spans_send_some_spans_twice_and_nothing_else(self):
        rows = self.variant("duplicate-spans", "50")
        spans = [(r["trace_id"], r["span_id"], r["timestamp"], r["value"]) for r in rows if r["kind"] == "span"]
        self.assertGreater(len(spans), 20)  # 20 spans, about half sent twice
        self.assertEqual(20, len(set(spans)))
        self.assertEqual(len(day()) - 20, sum(1 for r in rows if r["kind"] != "span"))

    def test_duplicate_metrics_send_some_readings_twice_and_nothing_else(self):
        rows = self.variant("duplicate-metrics", "50")
        readings = [(r["instance"], r["name"], r["timestamp"], r["value"]) for r in rows if r["kind"] == "metric"]
        metrics = sum(1 for r in day() if r[2] == "metric")
        self.assertGreater(len(readings), metrics)  # about half sent twice
        self.assertEqual(metrics, len(set(readings)))
        self.assertEqual(len(day()) - metrics, sum(1 for r in rows if r["kind"] != "metric"))
        self.assertEqual(metrics * 2, sum(1 for r in self.variant("duplicate-metrics", "100") if r["kind"] == "metric"))

    def test_duplicate_logs_send_some_lines_twice_and_nothing_else(self):
        rows = self.variant("duplicate-logs", "50")
        lines = [(r["instance"], r["timestamp"], r["message"]) for r in rows if r["kind"] == "log"]
        self.assertGreater(len(lines), 10)  # ten lines, about half sent twice
        self.assertEqual(10, len(set(lines)))
        self.assertEqual(len(day()) - 10, sum(1 for r in rows if r["kind"] != "log"))

    def test_span_times_stamps_spans_at_their_end_or_writes_their_durations_in_another_unit(self):
        ended = [r for r in self.variant("span-times", "end") if r["kind"] == "span" and r["service"] == "gateway"]
        self.assertTrue(ended[0]["timestamp"].startswith("2023-01-29T08:00:01.030"))  # began at 08:00:01, 30 ms long
        self.assertEqual({"30"}, {r["value"] for r in ended})
        self.assertEqual({"0.03"}, {r["value"] for r in self.variant("span-times", "seconds") if r["kind"] == "span" and r["service"] == "gateway"})
        self.assertEqual({"30000.0"}, {r["value"] for r in self.variant("span-times", "micros") if r["kind"] == "span" and r["service"] == "gateway"})

    def test_instance_names_renames_one_kinds_pods_alike_for_each_pod_and_leaves_the_others(self):
        rows = self.variant("instance-names", "metric", "address")
        metrics = {(r["service"], r["instance"]) for r in rows if r["kind"] == "metric"}
        self.assertEqual(2, len(metrics))
        self.assertTrue(all(re.fullmatch(r"10\.\d+\.\d+\.\d+:80[89]\d", i) for _, i in metrics))
        self.assertEqual({"gateway-1", "cart-7f9c-abcde"}, {r["instance"] for r in rows if r["kind"] != "metric"})
        spans = {(r["service"], r["instance"]) for r in self.variant("instance-names", "span", "uuid") if r["kind"] == "span"}
        self.assertEqual(2, len(spans))
        self.assertTrue(all(len(i) == 36 and i.count("-") == 4 for _, i in spans))

    def test_span_status_writes_each_spans_status_in_the_style_named(self):
        self.assertEqual({"STATUS_CODE_OK"}, {r["status"] for r in self.variant("span-status", "otlp") if r["kind"] == "span"})
        self.assertEqual({"200"}, {r["status"] for r in self.variant("span-status", "http") if r["kind"] == "span"})
        self.assertEqual({""}, {r["status"] for r in self.variant("span-status", "http") if r["kind"] != "span"})

    def test_level_letters_writes_each_lines_level_as_its_first_letter(self):
        self.assertEqual({"I"}, {r["level"] for r in self.variant("level-letters") if r["kind"] == "log"})

    def test_id_spelling_writes_the_named_kinds_ids_in_another_spelling(self):
        logs = [r for r in self.variant("id-spelling", "xray", "log") if r["kind"] == "log"]
        self.assertTrue(all(re.fullmatch(r"1-[0-9a-f]{8}-[0-9a-f]{24}", r["trace_id"]) for r in logs))
        upper = self.variant("id-spelling", "upper", "log")
        self.assertTrue(all(r["span_id"] == "B" * 16 for r in upper if r["kind"] == "log"))
        self.assertTrue(all(r["span_id"] == r["span_id"].lower() for r in upper if r["kind"] == "span"))

    def test_unnamed_services_puts_every_span_and_line_under_one_name_and_keeps_the_metrics(self):
        rows = self.variant("unnamed-services")
        self.assertEqual({"unknown_service:java"}, {r["service"] for r in rows if r["kind"] in ("span", "log")})
        self.assertEqual({"gateway", "cart"}, {r["service"] for r in rows if r["kind"] == "metric"})

    def test_untrace_logs_all_takes_the_ids_out_of_the_columns_and_the_text(self):
        rows = day()
        for r in rows:
            if r[2] == "log":
                r[12] = f"TraceID: {r[9]} SpanID: {r[10]} cart read"
        with gzip.open(self.source, "wt", newline="") as f:
            writer = csv.writer(f, lineterminator="\n")
            writer.writerow(HEADER)
            writer.writerows(rows)
        out = self.variant("untrace-logs", "all")
        logs = [r for r in out if r["kind"] == "log"]
        self.assertEqual(10, len(logs))
        self.assertEqual({("", "", "TraceID:  SpanID:  cart read")}, {(r["trace_id"], r["span_id"], r["message"]) for r in logs})
        self.assertEqual(10, sum(1 for r in out if r["kind"] == "span" and r["service"] == "cart" and r["trace_id"]))

    def test_untrace_logs_zeros_writes_the_invalid_ids_and_keeps_the_text(self):
        rows = self.variant("untrace-logs", "zeros")
        logs = [r for r in rows if r["kind"] == "log"]
        self.assertEqual(10, len(logs))
        self.assertEqual({("0" * 32, "0" * 16, "cart read")}, {(r["trace_id"], r["span_id"], r["message"]) for r in logs})
        self.assertTrue(all(r["trace_id"] != "0" * 32 for r in rows if r["kind"] == "span"))

    def test_coarse_times_stamps_the_kinds_named_to_whole_seconds_and_leaves_the_rest(self):
        rows = self.variant("coarse-times", "log", "1")
        self.assertTrue(all(r["timestamp"].endswith(":02.000Z") for r in rows if r["kind"] == "log"))
        self.assertTrue(all(r["timestamp"].endswith(":01.000Z") for r in rows if r["kind"] == "span" and r["service"] == "gateway"))
        self.assertEqual(sorted(r["timestamp"] for r in rows), [r["timestamp"] for r in rows])

    def test_unmetered_keeps_no_metric_of_the_services_it_picks_and_everything_else(self):
        rows = self.variant("unmetered", "100")
        self.assertEqual([], [r for r in rows if r["kind"] == "metric"])
        self.assertEqual(30, len(rows))  # the spans and log lines of ten minutes
        self.assertEqual(50, len(self.variant("unmetered", "0")))

    def test_tail_sample_keeps_the_traces_with_a_slow_span_and_every_log_line(self):
        slow = self.variant("tail-sample", "0", "20")
        self.assertEqual(20, sum(1 for r in slow if r["kind"] == "span"))  # every trace's gateway span took 30 ms
        none = self.variant("tail-sample", "0", "100")
        self.assertEqual([], [r for r in none if r["kind"] == "span"])
        self.assertEqual(10, sum(1 for r in none if r["kind"] == "log"))
        self.assertEqual(20, sum(1 for r in self.variant("tail-sample", "100", "100") if r["kind"] == "span"))

    def test_an_unknown_variant_prints_the_usage_and_fails(self):
        result = subprocess.run([sys.executable, TOOL, self.source, os.path.join(self.folder, "x.csv.gz"), "shuffle"],
                                capture_output=True, text=True)
        self.assertNotEqual(0, result.returncode)
        self.assertIn("telemetry_variants.py IN OUT.csv.gz", result.stderr)


if __name__ == "__main__":
    unittest.main()
