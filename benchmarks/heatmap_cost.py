"""What the explanation heatmap costs the analyzer: drains with and without it, interleaved.

    python -m benchmarks.heatmap_cost [--rounds 3] [--messages 240] [--workers 1]

Each round drains one pre-loaded queue of real-size JPEG requests (benchmarks.photos, 1600x1200,
phone-photo noise) with ``LUNA_HEATMAP=true`` and one with ``false`` (order alternating), with
the same analyzers and settings otherwise (one ONNX Runtime thread each, as in production).
It also measures the CPU time of ``analyse()`` alone, in this process, on the same photos.
Medians are printed and
written to benchmarks/results/heatmap-<date>.json. On a busy machine trust the CPU time per
photo (and the drain rate it implies) more than the wall-clock drains.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks import machine, worker_drain
from benchmarks.photos import photo_jpeg
from luna_analyzer_worker.analysis import analyse
from luna_analyzer_worker.image_batch import ImageDecoder
from luna_analyzer_worker.serving import scorer_for
from luna_analyzer_worker.settings import AnalyzerSettings
from luna_common.messages import AnalysisRequest

RESULTS_DIR = Path(__file__).resolve().parent / "results"


def in_process_ms(photos: list[bytes], cache_dir: Path, seconds: float) -> dict[str, float]:
    """CPU milliseconds per photo of ``analyse()`` (decode, model, heatmap, result message) with
    and without the heatmap. Process CPU time, not wall time: other work on the machine (shared
    cores) barely changes it, so it shows the heatmap's own cost."""
    scorer, _ = scorer_for(AnalyzerSettings(device="cpu", onnx_cache_dir=cache_dir))
    decoder = ImageDecoder(scorer.input_size)
    requests = [
        AnalysisRequest(
            analysis_id=f"a{n}", user_id="u", image=photo, creation_date=datetime.now(UTC)
        )
        for n, photo in enumerate(photos)
    ]
    timings: dict[str, list[float]] = {"with": [], "without": []}
    for round_ in range(5):
        order = (("with", True), ("without", False))
        for label, heatmaps in order if round_ % 2 == 0 else order[::-1]:
            done, start = 0, time.process_time()
            while time.process_time() - start < seconds:
                analyse([requests[done % len(requests)]], scorer, decoder, heatmaps=heatmaps)
                done += 1
            timings[label].append((time.process_time() - start) / done * 1000)
    return {label: statistics.median(values) for label, values in timings.items()}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.heatmap_cost")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--messages", type=int, default=240)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--seconds", type=float, default=8.0, help="per in-process timing")
    args = parser.parse_args(argv)
    photos = [photo_jpeg(1600, 1200, seed=n) for n in range(8)]
    work = Path(tempfile.mkdtemp(prefix="luna-heatmap-bench-"))
    env = AnalyzerSettings.environment_for(
        onnx_cache_dir=work / "onnx", device="cpu", log_level="WARNING"
    )
    drains: dict[str, list[float]] = {"with": [], "without": []}
    for round_ in range(args.rounds):
        order = [True, False] if round_ % 2 == 0 else [False, True]
        for heatmap in order:
            config = worker_drain.DrainConfig(args.workers, 1, heatmap=heatmap)
            result = worker_drain.run(
                config, photos=photos, messages=args.messages, env=env, log_dir=work / "logs"
            )
            drains["with" if heatmap else "without"].append(result["images_per_s"])
            print(f"   round {round_ + 1}: {config.label}: {result['images_per_s']:.1f} img/s")
    single = in_process_ms(photos, work / "onnx", args.seconds)
    with_rate = statistics.median(drains["with"])
    without_rate = statistics.median(drains["without"])
    summary: dict[str, Any] = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": "python -m benchmarks.heatmap_cost " + " ".join(argv or []),
        "machine": machine.describe(),
        "drain_images_per_s": drains,
        "drain_median_with": with_rate,
        "drain_median_without": without_rate,
        "drain_drop": 1 - with_rate / without_rate,
        "analyse_cpu_ms_per_photo": single,
        "analyse_cpu_increase": single["with"] / single["without"] - 1,
    }
    print(json.dumps(summary, indent=2))
    RESULTS_DIR.mkdir(exist_ok=True)
    out = RESULTS_DIR / f"heatmap-{datetime.now(UTC):%Y-%m-%dT%H%M%S}.json"
    out.write_text(json.dumps(summary, indent=2))
    print(f"written to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
