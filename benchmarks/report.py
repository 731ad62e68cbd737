"""The benchmark's results as a Markdown table, for the terminal and for BENCHMARKS.md."""

from __future__ import annotations

from typing import Any


def _f(value: Any, digits: int = 1) -> str:
    return (
        "–" if value is None else f"{value:.{digits}f}" if isinstance(value, float) else str(value)
    )


def _latency(row: dict[str, Any]) -> str:
    if "error" in row:
        return f"error: {row['error']}"
    p50, p95, p99 = (_f(row.get(f"{q}_ms"), 0) for q in ("p50", "p95", "p99"))
    return f"p50 {p50} / p95 {p95} / p99 {p99} ms"


Row = tuple[str, str, str]


def table(results: dict[str, Any]) -> str:
    """The whole run: a header naming the machine, then one row per measurement."""
    m = results.get("machine", {})
    rows: list[Row] = [("what", "measured", "notes"), ("---", "---", "---")]
    rows += _bare_model_rows(results.get("bare_model", {}))
    rows += _drain_rows(results)
    rows += _broker_rows(results.get("broker_drain", []))
    rows += _inprocess_rows(results.get("inprocess_drain", {}))
    if skipped := results.get("not_runnable_here"):
        rows.append((", ".join(skipped["phases"]), "not runnable here", skipped["why"]))
    rows += _platform_rows(results)
    rows += _ingest_rows(results.get("ingest", []))
    rows += _memory_rows(results.get("platform", {}))
    header = (
        f"{m.get('cpu_model')} ({m.get('cores')} cores, {m.get('memory_gib')} GiB), "
        f"device {results.get('device')}, {results.get('date')}"
    )
    lines = [" | ".join(row) for row in rows]
    return header + "\n\n" + "\n".join(f"| {line} |" for line in lines)


def _bare_model_rows(bare: dict[str, Any]) -> list[Row]:
    if "error" in bare:
        return [("1. bare model", "error", bare["error"])]
    rows: list[Row] = []
    for run in bare.get("runs", []):
        if "skipped" in run:
            rows.append((f"1. {run['runtime']}", "skipped", run["skipped"]))
            continue
        threads = f", {run['threads']} thread(s)" if "threads" in run else ""
        if "processes" in run:
            threads += f" x {run['processes']} processes side by side"
        rows.append(
            (
                f"1. {run['runtime']}{threads}, batch {run['batch']}",
                f"{_f(run['images_per_s'])} img/s",
                f"{_f(run['ms_per_call'])} ms/call",
            )
        )
    rows.append(
        (
            "1. bare model (served runtime), batch 1",
            f"{_f(bare.get('batch1_images_per_s'))} img/s",
            f"{_f(bare.get('batch1_latency_ms'))} ms",
        )
    )
    rows.append(
        (
            f"1. bare model, best (batch {bare.get('best_batch')}, "
            f"{bare.get('best_processes', 1)} process(es) x "
            f"{bare.get('best_threads')} thread(s))",
            f"{_f(bare.get('best_images_per_s'))} img/s",
            bare.get("runtime", ""),
        )
    )
    return rows


def _broker_rows(runs: Any) -> list[Row]:
    if isinstance(runs, dict):  # the phase failed
        return [("6. broker, null analyzers", "error", str(runs.get("error")))]
    rows: list[Row] = []
    for run in runs:
        if "error" in run:
            rows.append((f"6. {run['label']}", "error", run["error"]))
            continue
        rows.append(
            (
                f"6. {run['label']}",
                f"{_f(run['messages_per_s'])} msg/s",
                f"requests {_f(run['request_mb_per_s'])} MB/s ({run['request_bytes']} B each),"
                f" results {_f(run['result_mb_per_s'])} MB/s ({run['result_bytes']} B each)",
            )
        )
    return rows


def _inprocess_rows(out: dict[str, Any]) -> list[Row]:
    if not out:
        return []
    if "error" in out:
        return [("7. in-process drain", "error", out["error"])]
    rows: list[Row] = []
    for run in out.get("bare_on_device", []):
        rows.append(
            (
                f"7. bare model on device-resident input, batch {run['batch']}",
                f"{_f(run['images_per_s'])} img/s",
                f"{_f(run['ms_per_call'], 2)} ms/call; CUDA graphs {out.get('cuda_graphs')}",
            )
        )
    for run in out.get("runs", []):
        ratio = run.get("ratio_to_bare_best")
        rows.append(
            (
                f"7. in-process {out['decoder']} + {out['scorer']}, {run['messages']},"
                f" {run['mode']}, heatmaps {'on' if run['heatmaps'] else 'off'},"
                f" batch {out['batch']}",
                f"{_f(run['images_per_s'])} img/s",
                f"{_f(run['message_bytes'], 0)} B/message"
                + (f"; ratio to bare best {_f(ratio, 2)}" if ratio else ""),
            )
        )
    return rows


def _drain_rows(results: dict[str, Any]) -> list[Row]:
    rows: list[Row] = []
    if decode := results.get("decode"):
        rows.append(
            (
                "2. decode alone (1 core), drain photos",
                f"{_f(decode['images_per_s_per_core'])} img/s",
                f"drain ceiling (model + decode, no broker) "
                f"{_f(decode['drain_ceiling_images_per_s'])} img/s",
            )
        )
    for run in results.get("worker_drain", []):
        if "error" in run:
            rows.append((f"2. drain, {run.get('label')}", "error", run["error"]))
            continue
        rows.append(
            (
                f"2. drain, {run['label']}",
                f"{_f(run['images_per_s'])} img/s",
                f"ratio to bare best {_f(run['ratio_to_bare_best'], 2)}, "
                f"to ceiling {_f(run.get('ratio_to_ceiling'), 2)}; "
                f"peak RSS/worker {_f(run['peak_rss_mib_max'], 0)} MiB",
            )
        )
    return rows


def _platform_rows(results: dict[str, Any]) -> list[Row]:
    platform = results.get("platform", {})
    rows: list[Row] = []
    if "error" in platform:
        rows.append(("3-5. platform", "error", platform["error"]))
    if "light_load" in platform:
        light = platform["light_load"]
        ratio = results.get("summary", {}).get("light_load_p50_to_bare_batch1")
        rows.append(
            (
                "3. e2e latency, 1 req/s",
                _latency(light),
                f"n={light.get('n')}, poll {light.get('poll_ms'):.0f} ms; "
                f"p50 / bare batch-1 = {_f(ratio, 1)}",
            )
        )
    if "saturation" in platform:
        sat = platform["saturation"]
        rows.append(
            (
                f"3. e2e latency, saturation ({sat.get('clients')} clients)",
                _latency(sat),
                f"{_f(sat.get('completed_per_s'))} completed/s, poll {sat.get('poll_ms'):.0f} ms",
            )
        )
    return rows


def _memory_rows(platform: dict[str, Any]) -> list[Row]:
    return [
        (
            f"5. peak RSS, {name}",
            f"{_f(memory.get('peak_rss_mib'), 0)} MiB",
            f"RSS now {_f(memory.get('rss_mib'), 0)} MiB",
        )
        for name, memory in platform.get("memory", {}).items()
    ]


def _ingest_rows(ingests: list[dict[str, Any]] | dict[str, Any]) -> list[Row]:
    rows: list[Row] = []
    for ingest in ingests if isinstance(ingests, list) else [ingests]:
        if "requests_per_s" not in ingest:
            rows.append(("4. API ingest", "not measured", str(ingest)))
            continue
        peaks = [m.get("peak_rss_mib", 0.0) for m in ingest.get("memory", {}).values()]
        rows.append(
            (
                f"4. API ingest, {ingest['api_workers']} API process(es), "
                f"{ingest['image_bytes'] // 1000} KB, {ingest['connections']} connections",
                f"{_f(ingest.get('accepted_per_s'))} accepted/s, "
                f"p99 {_f(ingest.get('p99_ms'), 0)} ms",
                f"p50 {_f(ingest.get('p50_ms'), 0)} ms; non-2xx {ingest.get('non_2xx')}; "
                f"{ingest.get('socket_errors') or 'no socket errors'}; "
                f"peak RSS per process up to {_f(max(peaks, default=None), 0)} MiB",
            )
        )
    return rows
