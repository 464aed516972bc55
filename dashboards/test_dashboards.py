"""Unit tests of the dashboards (structure, generator in step) and of promcheck.py's parts that need
no Prometheus. Run: python3 -m unittest discover -s dashboards
"""
import tempfile
import unittest
from pathlib import Path

import generate
import promcheck
from grafana import DATASOURCE, GRID_WIDTH

BUILTIN_VARIABLES = {"__rate_interval", "__interval", "__range"}


class DashboardStructureTest(unittest.TestCase):

    def setUp(self):
        self.dashboards = promcheck.dashboards()

    def test_every_generated_dashboard_is_committed_and_equal(self):
        names = [name for name, _ in self.dashboards]
        self.assertEqual(sorted(generate.DASHBOARDS), names)
        for name, build in generate.DASHBOARDS.items():
            with self.subTest(name):
                self.assertEqual(generate.render(build), (promcheck.HERE / name).read_text(encoding="utf-8"),
                                 "run python3 dashboards/generate.py")

    def test_uids_and_titles_are_unique_and_schema_is_current(self):
        uids = [d["uid"] for _, d in self.dashboards]
        titles = [d["title"] for _, d in self.dashboards]
        self.assertEqual(len(set(uids)), len(uids), uids)
        self.assertEqual(len(set(titles)), len(titles), titles)
        for name, d in self.dashboards:
            with self.subTest(name):
                self.assertRegex(d["uid"], r"^[a-zA-Z0-9-]{1,40}$")
                self.assertGreaterEqual(d["schemaVersion"], 39)

    def test_datasource_and_instance_variables_are_present(self):
        for name, d in self.dashboards:
            variables = {v["name"]: v for v in d["templating"]["list"]}
            with self.subTest(name):
                self.assertEqual(("datasource", "prometheus"),
                                 (variables["datasource"]["type"], variables["datasource"]["query"]))
                instance = variables["instance"]
                self.assertEqual("query", instance["type"])
                self.assertEqual(DATASOURCE, instance["datasource"])
                self.assertRegex(instance["query"]["query"], r"^label_values\(.+, instance\)$")
                for v in variables.values():
                    if v["type"] == "query":
                        self.assertRegex(v["query"]["query"], promcheck.LABEL_VALUES_RE)

    def test_every_panel_reads_the_datasource_variable_and_has_targets_with_expressions(self):
        for name, d in self.dashboards:
            panels = list(promcheck.query_panels(d))
            self.assertTrue(panels, name)
            for panel in panels:
                with self.subTest(f"{name} / {panel['title']}"):
                    self.assertEqual(DATASOURCE, panel["datasource"])
                    self.assertTrue(panel["targets"])
                    ref_ids = [t["refId"] for t in panel["targets"]]
                    self.assertEqual(len(set(ref_ids)), len(ref_ids))
                    for t in panel["targets"]:
                        self.assertEqual(DATASOURCE, t["datasource"])
                        self.assertTrue(t["expr"].strip())
                        self.assertTrue(promcheck.metric_names(t["expr"]), t["expr"])

    def test_every_variable_a_query_uses_is_defined(self):
        for name, d in self.dashboards:
            defined = {v["name"] for v in d["templating"]["list"]} | BUILTIN_VARIABLES
            exprs = [t["expr"] for p in promcheck.query_panels(d) for t in p["targets"]]
            exprs += [v["query"]["query"] for v in d["templating"]["list"] if v["type"] == "query"]
            for expr in exprs:
                used = {a or b for a, b in promcheck.VARIABLE_RE.findall(expr)}
                self.assertLessEqual(used, defined, f"{name}: {expr}")

    def test_panel_ids_are_unique_and_panels_do_not_overlap(self):
        for name, d in self.dashboards:
            ids = [p["id"] for p in d["panels"]]
            self.assertEqual(len(set(ids)), len(ids), name)
            cells = {}
            for p in d["panels"]:
                g = p["gridPos"]
                self.assertLessEqual(g["x"] + g["w"], GRID_WIDTH, f"{name} / {p['title']}")
                for x in range(g["x"], g["x"] + g["w"]):
                    for y in range(g["y"], g["y"] + g["h"]):
                        self.assertNotIn((x, y), cells, f"{name}: {p['title']} overlaps {cells.get((x, y))}")
                        cells[(x, y)] = p["title"]

    def test_the_provisioning_file_points_grafana_at_a_file_provider(self):
        text = (promcheck.HERE / "provisioning" / "dashboards.yaml").read_text(encoding="utf-8")
        self.assertRegex(text, r"(?m)^apiVersion: 1$")
        self.assertRegex(text, r"(?m)^\s+type: file$")
        self.assertRegex(text, r"(?m)^\s+path: /\S+$")


class PromcheckTest(unittest.TestCase):

    def test_metric_names_drop_histogram_suffixes_and_keep_only_agent_series(self):
        cases = [
            ('histogram_quantile(0.99, sum by (le) (rate(numa_agent_loop_duration_seconds_bucket{a="b"}[1m])))',
             {"numa_agent_loop_duration_seconds"}),
            ("numa_allocator_balanced_memory_bytes / on (instance, node) group_left numa_agent_node_memory_total_bytes",
             {"numa_allocator_balanced_memory_bytes", "numa_agent_node_memory_total_bytes"}),
            ('count_values by (instance) ("node", numa_agent_task_pinned_node >= 0)', {"numa_agent_task_pinned_node"}),
            ("rate(tier_mover_rounds_total[30s]) * 60", {"tier_mover_rounds_total"}),
        ]
        for expr, names in cases:
            with self.subTest(expr):
                self.assertEqual(names, promcheck.metric_names(expr))

    def test_multi_valued_variables_become_an_escaped_alternation(self):
        self.assertEqual(r"127\\.0\\.0\\.1:9464", promcheck.regex_alternation(["127.0.0.1:9464"]))
        self.assertEqual(r"(NUMA node #0|socket \\(1\\))", promcheck.regex_alternation(["NUMA node #0", "socket (1)"]))
        self.assertEqual('x{instance=~"a|b", node=~".*"} [30s]',
                         promcheck.substitute('x{instance=~"$instance", node=~"${node}"} [$__rate_interval]',
                                              {"instance": "a|b", "node": ".*", "__rate_interval": "30s"}))

    def test_classify_tells_data_zeros_pending_series_unsampled_series_and_failures_apart(self):
        ok = {"status": "success", "data": {"resultType": "vector", "result": [{"metric": {}, "value": [0, "1"]}]}}
        zero = {"status": "success", "data": {"resultType": "vector", "result": [
            {"metric": {"plugin": "a"}, "value": [0, "0"]}, {"metric": {"plugin": "b"}, "value": [0, "NaN"]}]}}
        some = {"status": "success", "data": {"resultType": "vector", "result": [
            {"metric": {"plugin": "a"}, "value": [0, "0"]}, {"metric": {"plugin": "b"}, "value": [0, "0.5"]}]}}
        zero_range = {"status": "success", "data": {"resultType": "matrix", "result": [
            {"metric": {}, "values": [[0, "0"], [1, "NaN"]]}]}}
        some_range = {"status": "success", "data": {"resultType": "matrix", "result": [
            {"metric": {}, "values": [[0, "0"], [1, "3"]]}]}}
        empty = {"status": "success", "data": {"resultType": "vector", "result": []}}
        parse_error = {"status": "error", "errorType": "bad_data", "error": "1:5: parse error: unexpected \")\""}
        scraped, in_code, pending = {"a_scraped"}, {"a_scraped", "b_in_code"}, {"c_pending"}
        cases = [
            (200, ok, {"a_scraped"}, "ok"),
            (200, zero, {"a_scraped"}, "zero"),               # data, a flat line: nothing counted in this run
            (200, some, {"a_scraped"}, "ok"),
            (200, zero_range, {"a_scraped"}, "zero"),         # query_range (plot_overview.py)
            (200, some_range, {"a_scraped"}, "ok"),
            (400, parse_error, {"a_scraped"}, "FAIL"),
            (200, empty, {"a_scraped"}, "FAIL"),              # scraped, yet no data: a wrong query
            (200, empty, {"b_in_code"}, "no samples"),
            (200, empty, {"a_scraped", "c_pending"}, "not exported"),
            (200, empty, {"c_pending", "b_in_code"}, "not exported"),
            (200, empty, {"d_nowhere", "c_pending"}, "FAIL"),  # exists nowhere in the code
        ]
        for status, body, names, verdict in cases:
            with self.subTest(names=sorted(names), verdict=verdict):
                self.assertEqual(verdict, promcheck.classify(status, body, names, scraped, in_code, pending)[0])

    def test_code_metric_names_find_the_runner_and_plugin_series(self):
        names = promcheck.CodeMetricNames()
        for name in ("numa_agent_decisions_total", "numa_allocator_balanced_tasks", "tier_mover_rounds_total",
                     "topology_aware_grants"):
            self.assertIn(name, names)
        self.assertNotIn("numa_agent_no_such_series", names)  # "numa_agent_" alone is not a built-name prefix

    def test_code_metric_names_take_names_built_from_a_literal_prefix(self):
        with tempfile.TemporaryDirectory() as repo:
            source = Path(repo, "m", "src", "main", "java", "p", "Counters.java")
            source.parent.mkdir(parents=True)
            source.write_text('class Counters { String name(String f) { return "numa_agent_vmstat_" + f + "_total"; }\n'
                              '  String runner = "numa_agent_"; String info = "numa_agent_info"; }')
            names = promcheck.CodeMetricNames(Path(repo))
        self.assertIn("numa_agent_vmstat_numa_hit_total", names)
        self.assertIn("numa_agent_info", names)
        self.assertNotIn("numa_agent_cycle_duration_seconds", names)

    def test_every_series_the_dashboards_read_is_in_the_code_or_pending(self):
        in_code, pending = promcheck.CodeMetricNames(), promcheck.pending_metric_names()
        for name, d in promcheck.dashboards():
            for panel in promcheck.query_panels(d):
                for t in panel["targets"]:
                    for series in promcheck.metric_names(t["expr"]):
                        with self.subTest(f"{name} / {panel['title']} / {t['refId']}: {series}"):
                            self.assertTrue(series in in_code or series in pending)


if __name__ == "__main__":
    unittest.main()
