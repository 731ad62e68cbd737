"""``python -m benchmarks``: measure the model, the analyzer workers, the platform and the API.

Starts its own PostgreSQL database, RabbitMQ vhosts and SecantusDB daemon (luna_testing.services),
prints a table, and writes JSON to benchmarks/results/<date>.json. On a machine without those
services (a lent GPU machine) only the phases that need none run (``bare``, ``inprocess``); the
others are recorded as not runnable there.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import torch

from benchmarks import bare_model, inprocess_drain, machine
from benchmarks.photos import jpeg_of_about, photo_jpeg
from benchmarks.report import table
from luna_analyzer_worker.settings import AnalyzerSettings
from luna_analyzer_worker.torch_scorer import pick_device

# The phases that need PostgreSQL, RabbitMQ and the MongoDB-protocol server; their modules are
# imported only when they run, so a machine without those clients runs the rest.
SERVICE_PHASES = ("drain", "broker", "e2e", "ingest")

RESULTS_DIR = Path(__file__).resolve().parent / "results"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    run = parser.add_argument_group("run")
    run.add_argument("--quick", action="store_true", help="short phases (about 3 minutes)")
    run.add_argument(
        "--duration", type=float, default=None, help="seconds per timed phase (default 15, quick 6)"
    )
    run.add_argument(
        "--only",
        default="bare,broker,drain,inprocess,e2e,ingest",
        help="comma-separated phases to run (bare always runs)",
    )
    run.add_argument("--out", type=Path, default=None, help="JSON file to write")
    model = parser.add_argument_group("model")
    model.add_argument(
        "--checkpoint",
        type=Path,
        default=None,
        help="checkpoint to serve (default: the unvalidated model)",
    )
    model.add_argument("--device", default="auto", choices=["auto", "cpu", "cuda"])
    workers = parser.add_argument_group("workers")
    workers.add_argument("--workers", default="1,2,4", help="analyzer counts for the scaling runs")
    workers.add_argument(
        "--no-decode-compare",
        action="store_true",
        help="skip the 1-worker run with 2 decode threads",
    )
    workers.add_argument("--photo-size", default="1600x1200", help="drain photos, WxH")
    workers.add_argument(
        "--inprocess-batch", type=int, default=None, help="in-process drain batch (CPU 4, GPU 64)"
    )
    api = parser.add_argument_group("api")
    api.add_argument("--connections", type=int, default=32, help="wrk connections")
    api.add_argument("--image-kb", type=int, default=200, help="ingest and e2e image size")
    api.add_argument("--api-workers", default="1,2", help="API process counts for the ingest runs")
    return parser.parse_args(argv)


def phase(results: dict[str, Any], name: str, work: Callable[[], Any]) -> None:
    """Run one phase; a failing phase is recorded, and the others still run."""
    started = time.monotonic()
    print(f"== {name} ...", flush=True)
    try:
        results[name] = work()
    except Exception as exc:
        traceback.print_exc()
        results[name] = {"error": f"{type(exc).__name__}: {exc}"}
    print(f"== {name} done in {time.monotonic() - started:.0f}s", flush=True)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    duration = args.duration or (6.0 if args.quick else 15.0)
    phases = set(args.only.split(","))
    device = pick_device(args.device)
    cores = os.cpu_count() or 1
    torch.set_num_threads(cores)
    work_dir = Path(tempfile.mkdtemp(prefix="luna-bench-"))
    cache_dir = work_dir / "onnx-cache"
    worker_env = AnalyzerSettings.environment_for(
        onnx_cache_dir=cache_dir,
        device=args.device,
        log_level="WARNING",
        **({"model_checkpoint": args.checkpoint.resolve()} if args.checkpoint else {}),
    )
    missing = missing_services()
    if missing:
        for name in sorted(phases & set(SERVICE_PHASES)):
            print(f"== {name}: not runnable here ({missing})", flush=True)
        phases -= set(SERVICE_PHASES)
    results: dict[str, Any] = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": "python -m benchmarks " + " ".join(argv or sys.argv[1:]),
        "machine": machine.describe(),
        "device": device,
        "duration_s": duration,
    }

    # (1) The bare model: always measured, the other phases are judged against it.
    phase(
        results,
        "bare_model",
        lambda: bare_model.measure(
            checkpoint=args.checkpoint,
            device=device,
            cores=cores,
            seconds=duration / 3,
            cache_dir=cache_dir,
            batches=[1, 2, 4, 8, 16] if device == "cpu" else [1, 8, 32, 64, 128, 256],
        ),
    )

    if missing:
        results["not_runnable_here"] = {"phases": list(SERVICE_PHASES), "why": missing}
    run_phases(args, phases, results, cores=cores, worker_env=worker_env, work_dir=work_dir)
    write_results(args, results)


def run_phases(
    args: argparse.Namespace,
    phases: set[str],
    results: dict[str, Any],
    *,
    cores: int,
    worker_env: dict[str, str],
    work_dir: Path,
) -> None:
    """Every phase after the bare model that ``phases`` names, into ``results``."""
    duration, device = results["duration_s"], results["device"]
    image = jpeg_of_about(args.image_kb * 1000)
    # (6) The broker alone: null analyzers, full photos against renditions.
    if "broker" in phases:
        phase(results, "broker_drain", lambda: broker_phase(args, duration))

    # (7) The analyzer in one process: messages in, results out, no services.
    if "inprocess" in phases:
        phase(results, "inprocess_drain", lambda: inprocess_phase(args, device, duration))

    # (2) and scaling: each worker count drains its own pre-loaded queue.
    if "drain" in phases:
        drain_phases(args, results, cores=cores, worker_env=worker_env, work_dir=work_dir)

    # (3) and (5): the whole platform, one analyzer per core.
    if "e2e" in phases:
        phase(
            results,
            "platform",
            lambda: platform_phases(args, image, duration, cores, worker_env, work_dir),
        )
    # (4): the API alone, in one and in several processes.
    if "ingest" in phases:

        def ingests() -> list[dict[str, Any]]:
            return [
                ingest_phase(args, image, duration, int(count), work_dir)
                for count in args.api_workers.split(",")
            ]

        phase(results, "ingest", ingests)


def write_results(args: argparse.Namespace, results: dict[str, Any]) -> None:
    """The summary, the JSON file and the table on the terminal."""
    summarise(results)
    out = args.out or RESULTS_DIR / f"{datetime.now(UTC):%Y-%m-%dT%H%M%S}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2, default=str))
    print(table(results))
    print(json.dumps(results["summary"], indent=2))
    print(f"written to {out}")


def missing_services() -> str | None:
    """Why the service phases cannot run here, or None when they can."""
    import importlib
    import shutil
    import socket

    for module in ("pika", "psycopg", "pymongo", "fastapi", "httpx"):
        try:
            importlib.import_module(module)
        except ImportError:
            return f"the Python package {module} is not installed"
    if shutil.which("rabbitmqctl") is None:
        return "no RabbitMQ (rabbitmqctl) on this machine"
    for port, name in ((5432, "PostgreSQL"), (5672, "RabbitMQ")):
        with socket.socket() as sock:
            sock.settimeout(1)
            if sock.connect_ex(("127.0.0.1", port)) != 0:
                return f"no {name} on 127.0.0.1:{port}"
    return None


def broker_phase(args: argparse.Namespace, duration: float) -> list[dict[str, Any]]:
    """Null analyzers on the app's photo and on its model-input rendition."""
    from benchmarks import broker_drain
    from luna_model.rendition import model_input_rendition

    width, height = (int(v) for v in args.photo_size.split("x"))
    photo = photo_jpeg(width, height, seed=0)
    images = {
        f"photo {width}x{height}": photo,
        "rendition 240 px": model_input_rendition(photo),
    }
    return broker_drain.measure(images, seconds=max(2.0, duration / 3))


def inprocess_phase(args: argparse.Namespace, device: str, duration: float) -> dict[str, Any]:
    width, height = (int(v) for v in args.photo_size.split("x"))
    photos = [photo_jpeg(width, height, seed=n) for n in range(16 if device == "cuda" else 8)]
    batch = args.inprocess_batch or (64 if device == "cuda" else 4)
    return inprocess_drain.measure(
        device="cuda" if device == "cuda" else "cpu",
        photos=photos,
        seconds=max(2.0, duration / 3),
        batch=batch,
        checkpoint=args.checkpoint,
    )


def drain_phases(
    args: argparse.Namespace,
    results: dict[str, Any],
    *,
    cores: int,
    worker_env: dict[str, str],
    work_dir: Path,
) -> None:
    """The decode rate, the drain ceiling, and a drain of a pre-loaded queue per worker count."""
    from benchmarks import worker_drain

    device = results["device"]
    bare = results["bare_model"]
    bare_rate = bare.get("best_images_per_s", 50.0)
    width, height = (int(v) for v in args.photo_size.split("x"))
    photos = [photo_jpeg(width, height, seed=n) for n in range(8)]
    configs = [
        worker_drain.DrainConfig(n, max(1, cores // n))
        for n in (int(v) for v in args.workers.split(","))
    ]
    if not args.no_decode_compare and device == "cpu":
        configs.append(worker_drain.DrainConfig(1, cores, decode_threads=2))
    messages = int(max(120, bare_rate * results["duration_s"]))
    decode = worker_drain.decode_rate(photos, size=bare.get("input_size", 240))
    # Without the bare model's runs (its phase failed) there is no ceiling to compare with.
    ceiling = (
        worker_drain.ceiling(bare, decode, cores=cores, device=device) if "runs" in bare else None
    )
    results["decode"] = {"images_per_s_per_core": decode, "drain_ceiling_images_per_s": ceiling}

    def drain(config: worker_drain.DrainConfig) -> dict[str, Any]:
        print(f"   {config.label}: {messages} messages", flush=True)
        try:
            run = worker_drain.run(
                config,
                photos=photos,
                messages=messages,
                env=worker_env,
                log_dir=work_dir / "drain-logs",
            )
        except Exception as exc:
            run = {
                "label": config.label,
                "workers": config.workers,
                "error": f"{type(exc).__name__}: {exc}",
            }
        run["ratio_to_bare_best"] = run.get("images_per_s", 0.0) / bare_rate
        if ceiling:
            run["ratio_to_ceiling"] = run.get("images_per_s", 0.0) / ceiling
        return run

    phase(results, "worker_drain", lambda: [drain(config) for config in configs])


def platform_phases(
    args: argparse.Namespace,
    image: bytes,
    duration: float,
    cores: int,
    worker_env: dict[str, str],
    work_dir: Path,
) -> dict[str, Any]:
    from benchmarks import end_to_end
    from benchmarks.process_memory import memory_mib
    from luna_testing.platform import isolated_platform

    analyzers = cores if pick_device(args.device) == "cpu" else 1
    out: dict[str, Any] = {"analyzers": analyzers, "image_bytes": len(image)}
    # MongoDB on disk, as in production: in memory it refuses writes past ~1 GB of images.
    with isolated_platform(
        work_dir / "platform-logs",
        mongo_storage=work_dir / "platform-mongo",
        analyzers=analyzers,
        registrars=1,
        extra_env={**worker_env, **AnalyzerSettings.environment_for(onnx_threads=1)},
    ) as platform:
        token = platform.sign_in(*platform.create_user())
        # The analyzers are ready once one request went all the way through.
        end_to_end.light_load(platform.api_url, token, image, rate_per_s=1, seconds=1, poll_s=0.05)
        out["light_load"] = end_to_end.light_load(
            platform.api_url,
            token,
            image,
            rate_per_s=1.0,
            seconds=max(10, 2 * duration),
            poll_s=0.02,
        )
        out["saturation"] = end_to_end.saturation(
            platform.api_url, token, image, clients=8 * analyzers, seconds=duration, poll_s=0.1
        )
        out["memory"] = {
            name: memory_mib(process.pid) for name, process in platform.processes.processes.items()
        }
    return out


def ingest_phase(
    args: argparse.Namespace, image: bytes, duration: float, api_workers: int, work_dir: Path
) -> dict[str, Any]:
    """The API alone (no analyzers or registrars to share the cores with) in ``api_workers``
    processes; each request is still validated, recorded and published with a confirm."""
    from benchmarks import api_ingest
    from benchmarks.process_memory import process_tree_memory_mib
    from luna_api.core.config import ApiSettings
    from luna_testing.platform import isolated_platform

    with isolated_platform(
        work_dir / f"ingest-{api_workers}-logs",
        mongo_storage=work_dir / f"ingest-{api_workers}-mongo",
        analyzers=0,
        registrars=0,
        extra_env=ApiSettings.environment_for(api_workers=api_workers, log_level="WARNING"),
    ) as platform:
        token = platform.sign_in(*platform.create_user())
        out = api_ingest.run(
            platform.api_url,
            token,
            image,
            connections=args.connections,
            seconds=int(max(5, duration)),
            work_dir=work_dir,
        )
        api = platform.processes.processes["api"]
        out["api_workers"] = api_workers
        out["memory"] = process_tree_memory_mib(api.pid)
    return out


def summarise(results: dict[str, Any]) -> None:
    bare = results.get("bare_model", {})
    drains = results.get("worker_drain", [])
    platform = results.get("platform", {})
    best_drain: dict[str, Any] = max(
        (d for d in drains if "images_per_s" in d), key=lambda d: d["images_per_s"], default={}
    )
    light = platform.get("light_load", {})
    summary = {
        "bare_batch1_images_per_s": bare.get("batch1_images_per_s"),
        "bare_batch1_latency_ms": bare.get("batch1_latency_ms"),
        "bare_best_batch": bare.get("best_batch"),
        "bare_best_processes": bare.get("best_processes"),
        "bare_best_images_per_s": bare.get("best_images_per_s"),
        "worker_best_config": best_drain.get("label"),
        "worker_best_images_per_s": best_drain.get("images_per_s"),
        "worker_to_bare_ratio": best_drain.get("ratio_to_bare_best"),
        "scaling": {d.get("label"): d.get("images_per_s") for d in drains},
        "light_load_p50_ms": light.get("p50_ms"),
        "light_load_p50_to_bare_batch1": (light["p50_ms"] / bare["batch1_latency_ms"])
        if light.get("p50_ms") and bare.get("batch1_latency_ms")
        else None,
        "saturation": {
            k: platform.get("saturation", {}).get(k)
            for k in ("completed_per_s", "p50_ms", "p95_ms", "p99_ms")
        },
        "drain_ceiling_images_per_s": results.get("decode", {}).get("drain_ceiling_images_per_s"),
        "worker_to_ceiling_ratio": best_drain.get("ratio_to_ceiling"),
        "ingest": {
            f"{run.get('api_workers')} API process(es)": {
                "accepted_per_s": run.get("accepted_per_s"),
                "errors": run.get("non_2xx"),
                "p99_ms": run.get("p99_ms"),
            }
            for run in results.get("ingest", [])
            if isinstance(run, dict)
        },
    }
    results["summary"] = summary


if __name__ == "__main__":
    main()
