"""Builders for Grafana dashboard JSON (schemaVersion 39): panels, variables and the grid layout.

Only what the numa-agent dashboards use. Every query panel reads the ``${datasource}`` variable, so
one dashboard works against any Prometheus data source the operator picks.
"""

SCHEMA_VERSION = 39
DATASOURCE = {"type": "prometheus", "uid": "${datasource}"}
GRID_WIDTH = 24


def target(expr, legend="", instant=False, ref_id=None):
    """One PromQL query of a panel (refId filled in by the panel when not given)."""
    t = {"datasource": DATASOURCE, "editorMode": "code", "expr": expr, "legendFormat": legend,
         "range": not instant, "instant": instant}
    if ref_id:
        t["refId"] = ref_id
    return t


def _with_ref_ids(targets):
    for i, t in enumerate(targets):
        t.setdefault("refId", chr(ord("A") + i))
    return targets


def _field_config(unit, minimum=None, maximum=None, mappings=None, custom=None, decimals=None):
    defaults = {"unit": unit, "color": {"mode": "palette-classic"}, "mappings": mappings or [],
                "thresholds": {"mode": "absolute", "steps": [{"color": "green", "value": None}]}}
    if minimum is not None:
        defaults["min"] = minimum
    if maximum is not None:
        defaults["max"] = maximum
    if decimals is not None:
        defaults["decimals"] = decimals
    if custom:
        defaults["custom"] = custom
    return {"defaults": defaults, "overrides": []}


def timeseries(title, description, targets, unit="short", width=12, height=8, stacked=False, axis_label="",
               minimum=None, maximum=None):
    custom = {"drawStyle": "line", "lineWidth": 1, "fillOpacity": 20 if stacked else 0, "showPoints": "never",
              "spanNulls": False, "axisLabel": axis_label, "axisPlacement": "auto",
              "stacking": {"mode": "normal" if stacked else "none", "group": "A"}}
    return {"type": "timeseries", "title": title, "description": description, "datasource": DATASOURCE,
            "targets": _with_ref_ids(targets), "_size": (width, height),
            "fieldConfig": _field_config(unit, minimum, maximum, custom=custom),
            "options": {"legend": {"displayMode": "list", "placement": "bottom", "showLegend": True,
                                   "calcs": []},
                        "tooltip": {"mode": "multi", "sort": "desc"}}}


def stat(title, description, targets, unit="short", width=6, height=4, mappings=None, decimals=None,
         minimum=None, maximum=None):
    return {"type": "stat", "title": title, "description": description, "datasource": DATASOURCE,
            "targets": _with_ref_ids(targets), "_size": (width, height),
            "fieldConfig": _field_config(unit, minimum, maximum, mappings=mappings, decimals=decimals),
            "options": {"reduceOptions": {"calcs": ["lastNotNull"], "fields": "", "values": False},
                        "colorMode": "value", "graphMode": "area", "justifyMode": "auto",
                        "orientation": "auto", "textMode": "auto"}}


def bargauge(title, description, targets, unit="short", width=12, height=8, minimum=None, maximum=None):
    return {"type": "bargauge", "title": title, "description": description, "datasource": DATASOURCE,
            "targets": _with_ref_ids(targets), "_size": (width, height),
            "fieldConfig": _field_config(unit, minimum, maximum),
            "options": {"reduceOptions": {"calcs": ["lastNotNull"], "fields": "", "values": False},
                        "orientation": "horizontal", "displayMode": "gradient", "showUnfilled": True}}


def table(title, description, targets, width=12, height=8, unit="short"):
    for t in targets:
        t.update({"instant": True, "range": False, "format": "table"})
    return {"type": "table", "title": title, "description": description, "datasource": DATASOURCE,
            "targets": _with_ref_ids(targets), "_size": (width, height),
            "fieldConfig": _field_config(unit),
            "options": {"showHeader": True, "cellHeight": "sm"},
            "transformations": [{"id": "organize", "options": {
                "excludeByName": {"Time": True, "__name__": True, "job": True}}}]}


def row(title):
    return {"type": "row", "title": title, "collapsed": False, "panels": [], "_size": (GRID_WIDTH, 1)}


def datasource_variable():
    return {"name": "datasource", "label": "Data source", "type": "datasource", "query": "prometheus",
            "current": {}, "hide": 0, "includeAll": False, "multi": False, "options": [], "refresh": 1,
            "regex": "", "skipUrlSync": False}


def query_variable(name, label, query, multi=True):
    """A variable from ``label_values(...)``; multi-valued with "All", used as ``=~"$name"``."""
    return {"name": name, "label": label, "type": "query", "datasource": DATASOURCE, "definition": query,
            "query": {"query": query, "refId": "PrometheusVariableQueryEditor-VariableQuery", "qryType": 1},
            "current": {}, "hide": 0, "includeAll": multi, "multi": multi, "options": [], "refresh": 2,
            "regex": "", "skipUrlSync": False, "sort": 3}


def _layout(panels):
    """Places panels left to right in rows of 24 columns, a new line when one does not fit."""
    x = y = line_height = 0
    for panel_id, panel in enumerate(panels, start=1):
        width, height = panel.pop("_size")
        if x + width > GRID_WIDTH or panel["type"] == "row":
            x, y, line_height = 0, y + line_height, 0
        panel["id"] = panel_id
        panel["gridPos"] = {"h": height, "w": width, "x": x, "y": y}
        x += width
        line_height = max(line_height, height)
        if panel["type"] == "row":
            x, y, line_height = 0, y + height, 0
    return panels


def dashboard(uid, title, description, variables, panels, tags=("numa-agent",)):
    return {
        "uid": uid, "title": title, "description": description, "tags": list(tags),
        "schemaVersion": SCHEMA_VERSION, "version": 1, "editable": True, "graphTooltip": 1,
        "timezone": "browser", "refresh": "30s", "time": {"from": "now-1h", "to": "now"},
        "fiscalYearStartMonth": 0, "liveNow": False, "links": [],
        "annotations": {"list": [{
            "builtIn": 1, "datasource": {"type": "grafana", "uid": "-- Grafana --"}, "enable": True,
            "hide": True, "iconColor": "rgba(0, 211, 255, 1)", "name": "Annotations & Alerts",
            "type": "dashboard"}]},
        "templating": {"list": [datasource_variable()] + variables},
        "panels": _layout(panels),
    }
