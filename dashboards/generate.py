#!/usr/bin/env python3
"""Writes the numa-agent Grafana dashboards (dashboards/*.json) from the panel lists below.

    python3 dashboards/generate.py           # rewrite the JSON files
    python3 dashboards/generate.py --check   # exit 1 when a JSON file differs from what this writes

The JSON files are committed (Grafana provisioning reads them); test_dashboards.py checks that they
equal this script's output, so a panel is changed here and the file regenerated.
"""
import json
import sys
from pathlib import Path

from grafana import (bargauge, dashboard, query_variable, row, stat, table, target, timeseries)

HERE = Path(__file__).resolve().parent
INSTANCE = 'instance=~"$instance"'
PLUGIN = 'instance=~"$instance", plugin=~"$plugin"'
RATE = "[$__rate_interval]"


def vmstat_rate(name, legend=None):
    """Per-second rate of one /proc/vmstat counter as the runner exports it."""
    return target(f"rate(numa_agent_vmstat_{name}_total{{{INSTANCE}}}{RATE})",
                  f"{{{{instance}}}} {legend or name}")


def quantiles(histogram, by, legend):
    return [target(f"histogram_quantile({q}, sum by (le, {by}) (rate({histogram}_bucket{{{INSTANCE}}}{RATE})))",
                   f"{legend} p{int(q * 100)}") for q in (0.5, 0.99)]


NUMA_BALANCING_MAPPINGS = [{"type": "value", "options": {
    "-1": {"text": "not supported", "index": 0}, "0": {"text": "off", "index": 1},
    "1": {"text": "AutoNUMA", "index": 2}, "2": {"text": "memory tiering", "index": 3},
    "3": {"text": "AutoNUMA + tiering", "index": 4}}}]


def node_overview():
    node = f'{INSTANCE}, node=~"$node"'
    panels = [
        row("Memory"),
        timeseries("Memory used per NUMA node", "MemTotal - MemFree of each node (sysfs node meminfo).",
                   [target(f"numa_agent_node_memory_total_bytes{{{node}}} - numa_agent_node_memory_free_bytes{{{node}}}",
                           "{{instance}} node {{node}}")], unit="bytes", stacked=True),
        bargauge("Memory free per NUMA node", "MemFree / MemTotal of each node, now.",
                 [target(f"numa_agent_node_memory_free_bytes{{{node}}} / numa_agent_node_memory_total_bytes{{{node}}}",
                         "{{instance}} node {{node}}", instant=True)], unit="percentunit", minimum=0, maximum=1),
        row("Local vs remote allocations"),
        timeseries("NUMA allocations (vmstat)",
                   "Pages allocated per second: numa_hit on the intended node, numa_miss elsewhere because it "
                   "was short, numa_foreign intended here but placed elsewhere, numa_local / numa_other on the "
                   "allocating CPU's node or not.",
                   [vmstat_rate(n) for n in ("numa_hit", "numa_miss", "numa_foreign", "numa_local", "numa_other")],
                   unit="short", axis_label="pages/s", width=16),
        stat("Allocations on the intended node",
             "numa_hit / (numa_hit + numa_miss) over the rate interval: below 1 when nodes run short.",
             [target(f"sum by (instance) (rate(numa_agent_vmstat_numa_hit_total{{{INSTANCE}}}{RATE})) / "
                     f"(sum by (instance) (rate(numa_agent_vmstat_numa_hit_total{{{INSTANCE}}}{RATE})) + "
                     f"sum by (instance) (rate(numa_agent_vmstat_numa_miss_total{{{INSTANCE}}}{RATE})))",
                     "{{instance}}")], unit="percentunit", width=8, height=8, minimum=0, maximum=1),
        row("Migration"),
        timeseries("Kernel page migration (vmstat)",
                   "Pages per second migrated by the kernel: NUMA balancing (numa_pages_migrated), every "
                   "migration (pgmigrate_success / _fail), memory tiering promotions and demotions.",
                   [vmstat_rate(n) for n in ("numa_pages_migrated", "pgmigrate_success", "pgmigrate_fail",
                                             "pgpromote_success", "pgdemote_kswapd", "pgdemote_direct")],
                   axis_label="pages/s"),
        timeseries("Pages moved by the agent",
                   "Pages per second the agent's memory decisions moved, and could not move, by plugin.",
                   [target(f"sum by (instance, plugin) (rate(numa_agent_pages_moved_total{{{INSTANCE}}}{RATE}))",
                           "{{instance}} {{plugin}} moved"),
                    target(f"sum by (instance, plugin) (rate(numa_agent_pages_failed_total{{{INSTANCE}}}{RATE}))",
                           "{{instance}} {{plugin}} failed")], axis_label="pages/s"),
        row("AutoNUMA"),
        stat("kernel.numa_balancing", "The kernel's NUMA balancing mode as the agent last read it.",
             [target(f"numa_agent_numa_balancing{{{INSTANCE}}}", "{{instance}}")],
             mappings=NUMA_BALANCING_MAPPINGS, width=6, height=8),
        timeseries("NUMA hint faults (vmstat)",
                   "Hinting faults per second taken by AutoNUMA, and those on the faulting CPU's node.",
                   [vmstat_rate("numa_hint_faults"), vmstat_rate("numa_hint_faults_local")],
                   axis_label="faults/s", width=12),
        stat("Local hint faults", "numa_hint_faults_local / numa_hint_faults over the rate interval.",
             [target(f"sum by (instance) (rate(numa_agent_vmstat_numa_hint_faults_local_total{{{INSTANCE}}}{RATE})) / "
                     f"sum by (instance) (rate(numa_agent_vmstat_numa_hint_faults_total{{{INSTANCE}}}{RATE}))",
                     "{{instance}}")], unit="percentunit", width=6, height=8, minimum=0, maximum=1),
        row("Decisions"),
        timeseries("Decisions by plugin, action and outcome",
                   "Decisions per second handled by the executor (outcome applied, unchanged, rejected, "
                   "failed or dry-run).",
                   [target(f"sum by (plugin, action, outcome) (rate(numa_agent_decisions_total{{{INSTANCE}}}{RATE}))",
                           "{{plugin}} {{action}} {{outcome}}")], axis_label="decisions/s", width=14),
        table("Decisions since the agent started", "Every decision counted so far, by plugin, action and outcome.",
              [target(f"sum by (instance, plugin, action, outcome) (numa_agent_decisions_total{{{INSTANCE}}})")],
              width=10),
        row("Cycle time"),
        timeseries("decide() time per plugin", "Time each plugin took to decide on a snapshot (median, p99).",
                   quantiles("numa_agent_cycle_duration_seconds", "instance, plugin", "{{instance}} {{plugin}}"),
                   unit="s", width=8),
        timeseries("Whole cycle: wall and CPU time",
                   "A cycle is the snapshot, every due plugin's decide() and executing the decisions; its CPU "
                   "time leaves out waiting for a CPU and for the bandwidth budget.",
                   quantiles("numa_agent_loop_duration_seconds", "instance", "{{instance}} wall")
                   + quantiles("numa_agent_loop_cpu_seconds", "instance", "{{instance}} CPU"), unit="s", width=8),
        timeseries("Tasks, read errors and plugin failures",
                   "Tasks in the latest snapshot; files that could not be read and decide() calls that threw, "
                   "per minute.",
                   [target(f"numa_agent_snapshot_tasks{{{INSTANCE}}}", "{{instance}} tasks"),
                    target(f"sum by (instance) (rate(numa_agent_read_errors_total{{{INSTANCE}}}{RATE})) * 60",
                           "{{instance}} read errors/min"),
                    target(f"sum by (instance, plugin) (rate(numa_agent_plugin_failures_total{{{INSTANCE}}}{RATE})) * 60",
                           "{{instance}} {{plugin}} failures/min")], width=8),
        row("Tasks"),
        timeseries("Task memory per NUMA node", "Memory of all tasks on each node.",
                   [target(f"sum by (instance, node) (numa_agent_task_memory_bytes{{{node}}})",
                           "{{instance}} node {{node}}")], unit="bytes", stacked=True, width=8),
        bargauge("Tasks least on their home node", "The ten tasks with the smallest share of their memory on "
                 "their home node.",
                 [target(f"bottomk(10, numa_agent_task_home_node_ratio{{{INSTANCE}}})", "{{task}}", instant=True)],
                 unit="percentunit", minimum=0, maximum=1, width=8),
        bargauge("Tasks pinned per NUMA node", "Tasks whose CPUs and memory are pinned to one node, by node.",
                 [target(f'count_values by (instance) ("node", numa_agent_task_pinned_node{{{INSTANCE}}} >= 0)',
                         "{{instance}} node {{node}}", instant=True)], width=8),
    ]
    variables = [query_variable("instance", "Instance", "label_values(numa_agent_info, instance)"),
                 query_variable("node", "NUMA node",
                                'label_values(numa_agent_node_memory_total_bytes{instance=~"$instance"}, node)')]
    return dashboard("numa-agent-node-overview", "Node NUMA overview",
                     "Per-node memory, local and remote allocations, migrations, AutoNUMA and the agent's "
                     "decisions and cycle time.", variables, panels)


def plugin_variable(series):
    return query_variable("plugin", "Plugin instance", f'label_values({series}{{instance=~"$instance"}}, plugin)')


def numa_allocator():
    balanced = f"numa_allocator_balanced_memory_bytes{{{PLUGIN}}}"
    panels = [
        row("Placement"),
        timeseries("Tasks pinned per NUMA node", "Tasks pinned to each node at the start of the cycle.",
                   [target(f"numa_allocator_balanced_tasks{{{PLUGIN}}}", "{{plugin}} node {{node}}")],
                   stacked=True, width=9),
        timeseries("Pinned memory per NUMA node", "Memory of the tasks pinned to each node.",
                   [target(balanced, "{{plugin}} node {{node}}")], unit="bytes", stacked=True, width=9),
        stat("Tasks", "Tasks in the snapshot, and those pinned to one node.",
             [target(f"numa_allocator_tasks{{{PLUGIN}}}", "{{plugin}} tasks"),
              target(f"sum by (instance, plugin) (numa_allocator_balanced_tasks{{{PLUGIN}}})", "{{plugin}} pinned")],
             width=6, height=8),
        row("Balance"),
        timeseries("Pinned memory / node memory", "Share of each node's MemTotal held by the tasks pinned to it.",
                   [target(f"{balanced} / on (instance, node) group_left numa_agent_node_memory_total_bytes{{{INSTANCE}}}",
                           "{{plugin}} node {{node}}")], unit="percentunit", minimum=0, width=12),
        stat("Balance", "Pinned memory of the least loaded node over that of the most loaded one (1: even).",
             [target(f"min by (instance, plugin) ({balanced}) / max by (instance, plugin) ({balanced})",
                     "{{plugin}}")], unit="percentunit", minimum=0, maximum=1, width=6, height=8),
        stat("kernel.numa_balancing (as seen)", "kernel.numa_balancing in the plugin's snapshot.",
             [target(f"numa_allocator_numa_balancing{{{PLUGIN}}}", "{{plugin}}")],
             mappings=NUMA_BALANCING_MAPPINGS, width=6, height=8),
        row("Pins and migrations"),
        timeseries("Decisions per cycle by action",
                   "Pins (set-cpus, set-mems) and migrations (migrate-memory) the plugin decided, per decide() "
                   "call.",
                   [target(f"sum by (instance, plugin, action) (increase(numa_allocator_decisions_total{{{PLUGIN}}}{RATE})) "
                           f"/ on (instance, plugin) group_left sum by (instance, plugin) "
                           f"(increase(numa_agent_cycle_duration_seconds_count{{{PLUGIN}}}{RATE}))",
                           "{{plugin}} {{action}}")], axis_label="per cycle", width=12),
        timeseries("Migrations refused", "Memory migrations decided against, per minute, by reason.",
                   [target(f"sum by (instance, plugin, reason) (rate(numa_allocator_migrations_refused_total{{{PLUGIN}}}{RATE})) * 60",
                           "{{plugin}} {{reason}}")], axis_label="per minute", width=12),
        row("Pages"),
        timeseries("Pages moved", "Pages per second the executor moved (or could not) for the plugin's "
                   "memory decisions.",
                   [target(f"sum by (instance, plugin) (rate(numa_agent_pages_moved_total{{{PLUGIN}}}{RATE}))",
                           "{{plugin}} moved"),
                    target(f"sum by (instance, plugin) (rate(numa_agent_pages_failed_total{{{PLUGIN}}}{RATE}))",
                           "{{plugin}} failed")], axis_label="pages/s", width=8),
        timeseries("Pages still to move", "Pages of pinned tasks that are not on their node.",
                   [target(f"numa_allocator_pages_to_move{{{PLUGIN}}}", "{{plugin}}")], width=8),
        bargauge("Tasks with most pages to move", "The ten pinned tasks with the most pages off their node.",
                 [target(f"topk(10, numa_allocator_task_pages_to_move{{{PLUGIN}}})", "{{task}}", instant=True)],
                 width=8),
        table("Task → node", "The node each task is pinned to (-1: not pinned to exactly one node).",
              [target(f"numa_allocator_task_node{{{PLUGIN}}}")], width=24),
    ]
    variables = [query_variable("instance", "Instance", "label_values(numa_agent_info, instance)"),
                 plugin_variable("numa_allocator_tasks")]
    return dashboard("numa-agent-numa-allocator", "numa-allocator",
                     "The numa-allocator plugin: tasks and memory pinned per node, balance, pins and migrations "
                     "per cycle, pages moved.", variables, panels, tags=("numa-agent", "numa-allocator"))


def tier_mover():
    panels = [
        row("Pages by tier"),
        timeseries("Tracked pages per node", "Pages in the tracked ranges of every task, by the node (or swap) "
                   "they are on.",
                   [target(f"sum by (instance, plugin, node) (tier_mover_task_tracked_pages{{{PLUGIN}}})",
                           "{{plugin}} node {{node}}")], stacked=True),
        timeseries("Pages per heat class", "Heat policy: pages in each heat class, all tasks.",
                   [target(f"sum by (instance, plugin, class) (tier_mover_task_heat_class_pages{{{PLUGIN}}})",
                           "{{plugin}} class {{class}}")], stacked=True),
        row("Moves"),
        timeseries("Pages moved and swapped out", "Pages per second moved to each node, and swapped out, by "
                   "this plugin's decisions.",
                   [target(f"sum by (instance, plugin, node) (rate(tier_mover_moved_pages_total{{{PLUGIN}}}{RATE}))",
                           "{{plugin}} to node {{node}}"),
                    target(f"sum by (instance, plugin) (rate(tier_mover_swapped_out_pages_total{{{PLUGIN}}}{RATE}))",
                           "{{plugin}} swapped out")], axis_label="pages/s", width=12),
        bargauge("Pages moved per task and node", "Since each task was first tracked.",
                 [target(f"topk(10, tier_mover_task_moved_pages{{{PLUGIN}}})", "{{task}} → {{node}}", instant=True)],
                 width=6),
        bargauge("Pages swapped out per task", "Since each task was first tracked.",
                 [target(f"topk(10, tier_mover_task_swapped_out_pages{{{PLUGIN}}})", "{{task}}", instant=True)],
                 width=6),
        row("Rounds and tracking"),
        stat("Rounds per minute", "Policy rounds run.",
             [target(f"sum by (instance, plugin) (rate(tier_mover_rounds_total{{{PLUGIN}}}{RATE})) * 60",
                     "{{plugin}}")], width=6, height=8),
        stat("Pending decisions", "Moves of earlier rounds still being carried out (new moves wait).",
             [target(f"tier_mover_pending_decisions{{{PLUGIN}}}", "{{plugin}}")], width=6, height=8),
        timeseries("Accessed pages per task", "Pages of ranges with any access counted in the last round.",
                   [target(f"tier_mover_task_accessed_pages{{{PLUGIN}}}", "{{task}}")], width=6),
        timeseries("Scan time per task", "Time per tracker scan of the task's processes.",
                   [target(f"tier_mover_task_scan_seconds{{{PLUGIN}}}", "{{task}}")], unit="s", width=6),
    ]
    variables = [query_variable("instance", "Instance", "label_values(numa_agent_info, instance)"),
                 plugin_variable("tier_mover_rounds_total")]
    return dashboard("numa-agent-tier-mover", "tier-mover",
                     "The tier-mover plugin: tracked pages per tier and heat class, moves, swap-outs, rounds.",
                     variables, panels, tags=("numa-agent", "tier-mover"))


def topology_aware():
    panels = [
        row("Pools"),
        bargauge("Pool CPUs by class", "CPUs of each pool: isolated, reserved, sharable.",
                 [target(f"topology_aware_pool_cpus{{{PLUGIN}}}", "{{pool}} {{class}}", instant=True)], width=8),
        timeseries("Shared CPUs free per pool", "CPUs of each pool's shared set (sharable less exclusive grants).",
                   [target(f"topology_aware_pool_shared_cpus{{{PLUGIN}}}", "{{pool}}")], width=8),
        timeseries("Containers per pool", "Containers whose CPUs come from each pool.",
                   [target(f"topology_aware_pool_containers{{{PLUGIN}}}", "{{pool}}")], width=8),
        row("Grants"),
        timeseries("Granted CPUs per pool", "CPUs granted at each pool from its shared or reserved "
                   "CPUs, or as exclusive CPUs (fractions are milli-CPU grants).",
                   [target(f"topology_aware_pool_granted_cpus{{{PLUGIN}}}", "{{pool}} {{kind}}")],
                   stacked=True, width=12),
        bargauge("Containers by kind of grant", "shared, exclusive, exclusive+shared, reserved, preserve.",
                 [target(f"topology_aware_grants{{{PLUGIN}}}", "{{kind}}", instant=True)], width=6),
        stat("Allocation failures per minute", "Containers that could not be placed (retried every cycle).",
             [target(f"sum by (instance, plugin) (rate(topology_aware_allocation_failures_total{{{PLUGIN}}}{RATE})) * 60",
                     "{{plugin}}")], width=6, height=8),
    ]
    variables = [query_variable("instance", "Instance", "label_values(numa_agent_info, instance)"),
                 plugin_variable("topology_aware_grants")]
    return dashboard("numa-agent-topology-aware", "topology-aware",
                     "The topology-aware plugin: pools, their CPUs, grants and containers.",
                     variables, panels, tags=("numa-agent", "topology-aware"))


DASHBOARDS = {"node-overview.json": node_overview, "numa-allocator.json": numa_allocator,
              "tier-mover.json": tier_mover, "topology-aware.json": topology_aware}


def render(build):
    return json.dumps(build(), indent=2, ensure_ascii=False) + "\n"


def main(argv):
    check = "--check" in argv
    stale = []
    for name, build in DASHBOARDS.items():
        path = HERE / name
        text = render(build)
        if check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(name)
        else:
            path.write_text(text, encoding="utf-8")
    if stale:
        print("dashboards differ from generate.py (run python3 dashboards/generate.py): " + ", ".join(stale))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
