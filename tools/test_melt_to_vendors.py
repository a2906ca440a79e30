"""Tests of tools/melt_to_vendors.py, the tool behind the README's figures for Jaeger, X-Ray and CloudWatch inputs: a
small day of two services written as each system's export, run as users run it, and checked for the shape analyze
reads. Run by .ci/run: python3 -m unittest discover -s tools -p 'test_*.py'. Standard library only."""
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

TOOL = os.path.join(os.path.dirname(os.path.abspath(__file__)), "melt_to_vendors.py")
HEADER = ["record_id", "timestamp", "kind", "service", "instance", "name", "value", "level", "status", "trace_id",
          "span_id", "parent_span_id", "message"]
TRACE = "6f3cbf058c2765548a39ad724905d6a1"
ROWS = [
    ["0", "2023-01-29T08:00:00.000Z", "metric", "cart", "cart-7f9c-abcde", "cpu_percent", "12.5", "", "", "", "", "", ""],
    ["1", "2023-01-29T08:00:00.000Z", "metric", "cart", "cart-7f9c-abcde", "latency_p90_ms", "NaN", "", "", "", "", "", ""],
    ["2", "2023-01-29T08:00:01.000Z", "span", "gateway", "gateway-1", "GET /cart", "30.0004", "", "OK", TRACE, "a" * 16, "", ""],
    ["3", "2023-01-29T08:00:01.002Z", "span", "cart", "cart-7f9c-abcde", "GetCart", "20", "", "ERROR", TRACE, "b" * 16, "a" * 16, ""],
    ["4", "2023-01-29T08:00:01.004Z", "span", "cart", "cart-7f9c-abcde", "SELECT carts", "5", "", "OK", TRACE, "c" * 16, "b" * 16, ""],
    ["5", "2023-01-29T08:00:01.005Z", "log", "cart", "cart-7f9c-abcde", "log", "0", "ERROR", "", TRACE, "b" * 16, "", "ERROR cart read failed"],
    ["6", "2023-01-29T08:00:02.000Z", "event", "cart", "cart-7f9c-abcde", "deploy", "1", "", "", "", "", "", "v2"],
]


class MeltToVendorsTests(unittest.TestCase):
    def setUp(self):
        self.folder = tempfile.mkdtemp(prefix="vendors-")
        self.source = os.path.join(self.folder, "telemetry.csv")
        with open(self.source, "w", newline="") as f:
            writer = csv.writer(f, lineterminator="\n")
            writer.writerow(HEADER)
            writer.writerows(ROWS)

    def tearDown(self):
        shutil.rmtree(self.folder)

    def convert(self, system):
        out = os.path.join(self.folder, system)
        subprocess.run([sys.executable, TOOL, system, self.source, out], check=True, capture_output=True)
        return out

    def rest(self, out):
        with open(os.path.join(out, "rest.csv"), newline="") as f:
            rows = list(csv.reader(f))
        self.assertEqual(HEADER, rows[0])
        return [r[2] for r in rows[1:]]

    def test_jaeger_exceptions_writes_error_lines_on_their_spans_as_exception_events_and_no_log_line(self):
        out = self.convert("jaeger-exceptions")
        with open(os.path.join(out, "traces.jsonl")) as f:
            gateway, cart, query = json.loads(f.readline())["spans"]
        self.assertEqual([], gateway["logs"])
        self.assertEqual([], query["logs"])
        self.assertEqual(
            [{"timestamp": 1674979201005000,
              "fields": [{"key": "event", "type": "string", "value": "exception"},
                         {"key": "exception.message", "type": "string", "value": "ERROR cart read failed"}]}],
            cart["logs"])
        self.assertEqual(["metric", "metric", "event"], self.rest(out))

    def test_jaeger_writes_a_trace_a_line_with_processes_references_and_microseconds_and_the_rest_as_csv(self):
        out = self.convert("jaeger")
        with open(os.path.join(out, "traces.jsonl")) as f:
            traces = [json.loads(line) for line in f]
        trace = traces[0]
        self.assertEqual(1, len(traces))
        self.assertEqual(["GET /cart", "GetCart", "SELECT carts"], [s["operationName"] for s in trace["spans"]])
        gateway, cart, query = trace["spans"]
        self.assertEqual("gateway", trace["processes"][gateway["processID"]]["serviceName"])
        self.assertEqual([{"key": "hostname", "type": "string", "value": "cart-7f9c-abcde"}], trace["processes"][cart["processID"]]["tags"])
        self.assertEqual(30000, gateway["duration"])  # microseconds, rounded
        self.assertEqual(gateway["startTime"] + 2000, cart["startTime"])
        self.assertEqual([{"refType": "CHILD_OF", "traceID": TRACE, "spanID": "a" * 16}], cart["references"])
        self.assertEqual([{"key": "error", "type": "bool", "value": True}], cart["tags"])
        self.assertEqual(["metric", "metric", "log", "event"], self.rest(out))

    def test_zipkin_writes_a_trace_a_line_of_spans_with_endpoints_parents_and_error_tags(self):
        out = self.convert("zipkin")
        with open(os.path.join(out, "traces.jsonl")) as f:
            traces = [json.loads(line) for line in f]
        gateway, cart, query = traces[0]
        self.assertEqual({"serviceName": "cart", "ipv4": "cart-7f9c-abcde"}, cart["localEndpoint"])
        self.assertEqual(("a" * 16, {"error": "true"}, 20000), (cart["parentId"], cart["tags"], cart["duration"]))
        self.assertNotIn("parentId", gateway)
        self.assertEqual(["metric", "metric", "log", "event"], self.rest(out))

    def test_aws_writes_xray_answers_cloudwatch_log_events_and_emf_metrics(self):
        out = self.convert("aws")
        with open(os.path.join(out, "xray.jsonl")) as f:
            answers = [json.loads(line) for line in f]
        documents = [json.loads(s["Document"]) for s in answers[0]["Traces"][0]["Segments"]]
        self.assertEqual("1-6f3cbf05-8c2765548a39ad724905d6a1", answers[0]["Traces"][0]["Id"])
        gateway, cart = documents
        self.assertEqual(("gateway", None, {"eks": {"pod": "gateway-1"}}), (gateway["name"], gateway.get("parent_id"), gateway["aws"]))
        self.assertEqual(("cart", "a" * 16, True), (cart["name"], cart["parent_id"], cart["fault"]))
        self.assertEqual([("SELECT carts", "c" * 16)], [(s["name"], s["id"]) for s in cart["subsegments"]])
        self.assertAlmostEqual(0.005, cart["subsegments"][0]["end_time"] - cart["subsegments"][0]["start_time"], places=6)

        with open(os.path.join(out, "logs.json")) as f:
            event = json.load(f)["events"][0]
        self.assertTrue(event["logStreamName"].startswith("kubernetes.var.log.containers.cart-7f9c-abcde_default_cart-"))
        self.assertEqual(("ERROR cart read failed", 1674979201005), (event["message"], event["timestamp"]))

        with open(os.path.join(out, "metrics.jsonl")) as f:
            metrics = [json.loads(json.loads(line)["message"]) for line in f]
        self.assertEqual(1, len(metrics))
        self.assertEqual(("cart", "cart-7f9c-abcde", 12.5), (metrics[0]["ServiceName"], metrics[0]["PodName"], metrics[0]["cpu_percent"]))
        self.assertNotIn("latency_p90_ms", metrics[0])  # a reading without a value is a gap: EMF has no NaN
        self.assertEqual(["event"], self.rest(out))

    def test_prometheus_writes_a_query_range_answer_a_metric_with_container_and_pod_labels(self):
        out = self.convert("prometheus")
        with open(os.path.join(out, "metrics.jsonl")) as f:
            answers = [json.loads(line) for line in f]
        self.assertEqual(["cpu_percent", "latency_p90_ms"], [a["data"]["result"][0]["metric"]["__name__"] for a in answers])
        cpu = answers[0]["data"]["result"][0]
        self.assertEqual({"__name__": "cpu_percent", "container": "cart", "pod": "cart-7f9c-abcde", "namespace": "default"}, cpu["metric"])
        self.assertEqual([[1674979200.0, "12.5"]], cpu["values"])
        self.assertEqual("NaN", answers[1]["data"]["result"][0]["values"][0][1])  # a reading without a value
        self.assertEqual(["span", "span", "span", "log", "event"], self.rest(out))

    def test_grafana_writes_loki_streams_per_pod_and_level_beside_the_prometheus_metrics(self):
        out = self.convert("grafana")
        with open(os.path.join(out, "logs.jsonl")) as f:
            answers = [json.loads(line) for line in f]
        stream = answers[0]["data"]["result"][0]
        self.assertEqual("streams", answers[0]["data"]["resultType"])
        self.assertEqual({"service_name": "cart", "pod": "cart-7f9c-abcde", "namespace": "default", "level": "error"}, stream["stream"])
        self.assertEqual([["1674979201005000000", "ERROR cart read failed"]], stream["values"])
        self.assertTrue(os.path.exists(os.path.join(out, "metrics.jsonl")))
        with open(os.path.join(out, "traces.jsonl")) as f:
            batches = json.loads(f.readline())["batches"]
        self.assertEqual(["gateway", "cart"], [b["resource"]["attributes"][0]["value"]["stringValue"] for b in batches])
        cart = batches[1]["scopeSpans"][0]["spans"]
        self.assertEqual(("u7u7u7u7u7s=", "qqqqqqqqqqo=", {"code": "STATUS_CODE_ERROR"}), (cart[0]["spanId"], cart[0]["parentSpanId"], cart[0]["status"]))
        self.assertEqual(["event"], self.rest(out))


if __name__ == "__main__":
    unittest.main()
