#!/usr/bin/env python3
"""Evaluates every query of the numa-agent dashboards through a running Prometheus's HTTP API.

    promcheck.py --prometheus http://127.0.0.1:PORT [--job numa-agent] [--timeout 180]

First waits (bounded, polling /api/v1/query) until Prometheus has scraped every target of the job at
least twice. Then resolves the dashboards' query variables as Grafana does (label_values through
/api/v1/label/<name>/values, multi-valued as a regex alternation), substitutes them and
$__rate_interval into each panel target, and runs it with /api/v1/query. A target:

  ok              returned data;
  zero            returned data, but every value is 0 or NaN (0/0): a counter that did not move in this
                  run (in a dry-run over a fixture tree nothing is moved and nothing fails), listed so
                  that a reader knows the panel shows a flat line here;
  not exported    no data, and a series it reads is not exported by this build yet but is listed in
                  pending-series.txt (being added on another branch);
  no samples      no data, and a series it reads is in the code (a string literal in some
                  src/main/java, or built from a literal prefix) but has no sample in this run (a series
                  that appears only once something happens; the bundled code has none now: such
                  counters are exported at 0 from the start);
  FAIL            the PromQL does not parse, reads a series that exists nowhere in the code and is not
                  pending, or returns nothing although every series it reads was scraped (a wrong
                  label, join or filter).

Prints one line per target and a summary; exits 1 on any FAIL.
"""
import argparse
import json
import math
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
PREFIXES = ("numa_agent_", "numa_allocator_", "tier_mover_", "topology_aware_")
METRIC_RE = re.compile(r"\b(?:%s)[a-zA-Z0-9_]*" % "|".join(PREFIXES))
HISTOGRAM_SUFFIXES = ("_bucket", "_count", "_sum")
VARIABLE_RE = re.compile(r"\$\{(\w+)\}|\$(\w+)")
LABEL_VALUES_RE = re.compile(r"^label_values\((.*),\s*(\w+)\)$")


def dashboards():
    """(file name, dashboard JSON) of every dashboard, in name order."""
    return [(p.name, json.loads(p.read_text(encoding="utf-8"))) for p in sorted(HERE.glob("*.json"))]


def query_panels(dashboard):
    """Every panel that runs queries (rows excluded, nested row panels included)."""
    for panel in dashboard.get("panels", []):
        if panel.get("type") == "row":
            yield from panel.get("panels", [])
        else:
            yield panel


def metric_names(expr):
    """Series names a PromQL expression reads, histogram suffixes removed."""
    names = set()
    for name in METRIC_RE.findall(expr):
        for suffix in HISTOGRAM_SUFFIXES:
            if name.endswith(suffix):
                name = name[: -len(suffix)]
                break
        names.add(name)
    return names


class CodeMetricNames:
    """Metric names in the main sources of every module: string literals, and names built from a
    literal prefix (``"numa_agent_vmstat_" + field + "_total"``: any name with that prefix)."""

    def __init__(self, repo=REPO):
        literal = re.compile(r'"((?:%s)[a-z0-9_]*)"' % "|".join(PREFIXES))
        found = set()
        for source in repo.glob("**/src/main/java/**/*.java"):
            found.update(literal.findall(source.read_text(encoding="utf-8", errors="replace")))
        self.names = {n for n in found if not n.endswith("_")}
        self.prefixes = {n for n in found if n.endswith("_") and n not in PREFIXES}

    def __contains__(self, name):
        return name in self.names or any(name.startswith(p) for p in self.prefixes)


def pending_metric_names(path=HERE / "pending-series.txt"):
    """Series another branch is adding: one name a line, # comments."""
    names = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            names.add(line)
    return names


def substitute(text, values):
    """Replaces $name and ${name} by values[name] (a name not in values is left as it is)."""
    return VARIABLE_RE.sub(lambda m: values.get(m.group(1) or m.group(2), m.group(0)), text)


def regex_alternation(values):
    """How Grafana writes a multi-valued variable into a Prometheus query: (a|b), each value
    regex-escaped with the backslash doubled, as it stands inside a PromQL string."""
    escaped = [re.sub(r"([\\^$.|?*+()\[\]{}])", r"\\\\\1", v) for v in values]
    return escaped[0] if len(escaped) == 1 else "(" + "|".join(escaped) + ")"


class Prometheus:
    def __init__(self, url):
        self.url = url.rstrip("/")

    def get(self, path, params):
        """(HTTP status, decoded JSON body) of a GET on the API."""
        url = self.url + path + "?" + urllib.parse.urlencode(params, doseq=True)
        try:
            with urllib.request.urlopen(url, timeout=30) as response:
                return response.status, json.load(response)
        except urllib.error.HTTPError as e:
            return e.code, json.load(e)

    def query(self, expr):
        return self.get("/api/v1/query", {"query": expr})

    def label_values(self, label, match):
        status, body = self.get(f"/api/v1/label/{label}/values", {"match[]": match})
        if status != 200:
            raise ValueError(f"label_values({match}, {label}): {body.get('error')}")
        return body["data"]

    def metric_names(self):
        return set(self.label_values("__name__", '{__name__=~".+"}'))

    def wait_for_scrapes(self, job, scrapes, timeout):
        """Polls until every target of the job is up and was scraped at least `scrapes` times."""
        deadline = time.monotonic() + timeout
        expr = f'min(count_over_time(up{{job="{job}"}}[10m])) >= {scrapes} and min(up{{job="{job}"}}) == 1'
        while True:
            status, body = self.query(expr)
            if status == 200 and body["data"]["result"]:
                return
            if time.monotonic() > deadline:
                _, targets = self.get("/api/v1/targets", {})
                raise TimeoutError(f"no {scrapes} good scrapes of job {job} in {timeout} s; targets: "
                                   + json.dumps(targets.get("data", {}).get("activeTargets", [])))
            time.sleep(0.5)


def resolve_variables(prometheus, dashboard, rate_interval):
    """Values of the dashboard's variables as Grafana would fill them in, and problems found."""
    values = {"__rate_interval": rate_interval, "datasource": "prometheus"}
    empty = {}
    for variable in dashboard["templating"]["list"]:
        if variable["type"] != "query":
            continue
        query = variable["query"]["query"] if isinstance(variable["query"], dict) else variable["query"]
        match = LABEL_VALUES_RE.match(substitute(query, values).strip())
        if not match:
            raise ValueError(f"variable {variable['name']}: not a label_values(series, label) query: {query}")
        found = prometheus.label_values(match.group(2), match.group(1))
        if found:
            values[variable["name"]] = regex_alternation(found)
        else:
            empty[variable["name"]] = metric_names(match.group(1))
            values[variable["name"]] = ".*"
    return values, empty


def classify(status, body, names, scraped, in_code, pending):
    """(verdict, detail) of one evaluated target; verdict is ok, zero, not exported, no samples or FAIL."""
    if status != 200 or body.get("status") != "success":
        return "FAIL", f"{body.get('errorType', status)}: {body.get('error')}"
    result = body["data"]["result"]
    if result:
        # an instant query's vector has one value per series, a range query's matrix several
        values = [float(v) for r in result for _, v in ([r["value"]] if "value" in r else r["values"])]
        if all(v == 0 or math.isnan(v) for v in values):
            return "zero", f"{len(result)} series, every value 0 or NaN in this run"
        return "ok", f"{len(result)} series"
    unknown = sorted(n for n in names if n not in scraped and n not in in_code and n not in pending)
    if unknown:
        return "FAIL", "series exist nowhere in the code: " + ", ".join(unknown)
    not_exported = sorted(n for n in names if n not in scraped and n not in in_code)
    if not_exported:
        return "not exported", "not exported yet (pending-series.txt): " + ", ".join(not_exported)
    no_samples = sorted(n for n in names if n not in scraped)
    if no_samples:
        return "no samples", "in the code, no sample in this run: " + ", ".join(no_samples)
    return "FAIL", "no data although every series it reads was scraped: " + ", ".join(sorted(names))


def check(prometheus, rate_interval):
    """Evaluates every target of every dashboard; returns the result lines and the failure count."""
    scraped = prometheus.metric_names()
    in_code = CodeMetricNames()
    pending = pending_metric_names()
    lines, failures, counts = [], 0, {}
    for name in sorted(n for n in pending if n in in_code or n in scraped):
        lines.append(f"note: {name} is exported now; remove it from dashboards/pending-series.txt")
    for file_name, dashboard in dashboards():
        values, empty = resolve_variables(prometheus, dashboard, rate_interval)
        for variable, names in empty.items():
            if names <= scraped:
                failures += 1
                lines.append(f"FAIL {file_name}: variable ${variable} has no values although its series is scraped")
        for panel in query_panels(dashboard):
            for t in panel.get("targets", []):
                expr = substitute(t["expr"], values)
                status, body = prometheus.query(expr)
                verdict, detail = classify(status, body, metric_names(t["expr"]), scraped, in_code, pending)
                counts[verdict] = counts.get(verdict, 0) + 1
                failures += verdict == "FAIL"
                lines.append(f"{verdict:12} {file_name} / {panel['title']} / {t['refId']}: {detail}"
                             + (f"\n             {expr}" if verdict == "FAIL" else ""))
    summary = ", ".join(f"{n} {v}" for v, n in sorted(counts.items()))
    lines.append(f"dashboards: {sum(counts.values())} queries: {summary}; {failures} failed")
    return lines, failures


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--prometheus", required=True, help="base URL, e.g. http://127.0.0.1:9090")
    parser.add_argument("--job", default="numa-agent")
    parser.add_argument("--scrapes", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=180)
    parser.add_argument("--rate-interval", default="30s", help="what $__rate_interval stands for")
    args = parser.parse_args(argv)
    prometheus = Prometheus(args.prometheus)
    prometheus.wait_for_scrapes(args.job, args.scrapes, args.timeout)
    lines, failures = check(prometheus, args.rate_interval)
    print("\n".join(lines))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
