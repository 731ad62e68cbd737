"""(1) The bare model: images/s of the scorer alone on random input, per runtime and batch size."""

from __future__ import annotations

import multiprocessing
import time
from pathlib import Path
from typing import Any

import numpy as np
import torch

from luna_analyzer_worker.scorer import Device, Scorer
from luna_analyzer_worker.serving import ModelUnavailable, scorer_for
from luna_analyzer_worker.settings import AnalyzerSettings


def time_scorer(scorer: Scorer, batch_size: int, seconds: float) -> dict[str, float]:
    """Calls ``score`` on one fixed batch for ``seconds`` after a warm-up; images/s and ms/call."""
    size = scorer.input_size
    batch = np.random.default_rng(0).standard_normal((batch_size, 3, size, size), np.float32)
    for _ in range(2):
        scorer.score(batch)
    calls, start = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - start) < seconds or calls < 3:
        scorer.score(batch)
        calls += 1
    return {
        "batch": batch_size,
        "images_per_s": calls * batch_size / elapsed,
        "ms_per_call": elapsed / calls * 1000,
    }


def _one_session(
    settings: AnalyzerSettings, batch_size: int, seconds: float, start: Any, out: Any
) -> None:
    """A process of :func:`time_parallel`: one single-thread session, timed once all are ready."""
    scorer, _ = scorer_for(settings)
    size = scorer.input_size
    scorer.score(np.zeros((batch_size, 3, size, size), np.float32))
    start.wait()
    out.put(time_scorer(scorer, batch_size, seconds))


def time_parallel(
    settings: AnalyzerSettings, *, processes: int, batch_size: int, seconds: float
) -> dict[str, float]:
    """``processes`` single-thread ONNX Runtime sessions scoring side by side, one per core:
    how the analyzers run by default, and on these CPUs more images/s than one session
    spreading its threads over the same cores."""
    context = multiprocessing.get_context("spawn")
    start, out = context.Barrier(processes), context.Queue()
    single = settings.model_copy(update={"onnx_threads": 1})
    children = [
        context.Process(target=_one_session, args=(single, batch_size, seconds, start, out))
        for _ in range(processes)
    ]
    for child in children:
        child.start()
    timings = [out.get(timeout=seconds + 300) for _ in children]
    for child in children:
        child.join()
    return {
        "batch": batch_size,
        "images_per_s": sum(t["images_per_s"] for t in timings),
        "ms_per_call": sum(t["ms_per_call"] for t in timings) / processes,
    }


def measure(
    *,
    checkpoint: Path | None,
    device: Device,
    cores: int,
    seconds: float,
    cache_dir: Path,
    batches: list[int],
) -> dict[str, Any]:
    """Every runtime worth serving on ``device``; the fastest is "the bare model".

    (Long: every runtime of both devices in one place, so which run counts as "bare best" reads
    on one screen.)

    Every scorer comes from the analyzer's own factory (:func:`scorer_for`), as in production.
    """
    settings = AnalyzerSettings(
        model_checkpoint=checkpoint,
        device=device,
        onnx_cache_dir=cache_dir,
        allow_unvalidated_model=True,
    )
    runs: list[dict[str, Any]] = []
    input_size = 0

    def run(name: str, values: dict[str, Any], sizes: list[int], **extra: Any) -> None:
        nonlocal input_size
        scorer, _ = scorer_for(settings.model_copy(update=values))
        input_size = scorer.input_size
        for batch in sizes:
            runs.append({"runtime": name, **extra, **time_scorer(scorer, batch, seconds)})

    if device == "cpu":
        for threads in sorted({cores, 1}, reverse=True):
            onnx = {"runtime": "onnx", "onnx_threads": threads}
            run("onnxruntime-cpu", onnx, batches if threads == cores else [1, 4], threads=threads)
        if cores > 1:
            for batch in (1, 4):
                timing = time_parallel(
                    settings.model_copy(update={"runtime": "onnx"}),
                    processes=cores,
                    batch_size=batch,
                    seconds=seconds,
                )
                runs.append(
                    {"runtime": "onnxruntime-cpu", "threads": 1, "processes": cores, **timing}
                )
        run(
            "pytorch-eager-fp32",
            {"runtime": "torch", "torch_threads": cores},
            [1, 4],
            threads=cores,
        )
        torch.set_num_threads(1)
    else:
        run("pytorch-fp16", {"runtime": "torch"}, batches)
        try:
            run("onnxruntime-cuda-fp32", {"runtime": "onnx"}, batches)
        except (RuntimeError, ModelUnavailable) as exc:
            runs.append({"runtime": "onnxruntime-cuda-fp32", "skipped": str(exc)})
    served = "onnxruntime-cpu" if device == "cpu" else "pytorch-fp16"
    # Only runs that use every core compete: one session with all threads, or one
    # single-thread session per core. Batch-1 latency is the one call using every core.
    served_runs = [
        r
        for r in runs
        if r["runtime"] == served and r.get("threads", cores) * r.get("processes", 1) == cores
    ]
    batch1 = next(r for r in served_runs if r["batch"] == 1 and "processes" not in r)
    best = max(served_runs, key=lambda r: r["images_per_s"])
    return {
        "runtime": served,
        "input_size": input_size,
        "batch1_images_per_s": batch1["images_per_s"],
        "batch1_latency_ms": batch1["ms_per_call"],
        "best_batch": best["batch"],
        "best_processes": best.get("processes", 1),
        "best_threads": best.get("threads", cores),
        "best_images_per_s": best["images_per_s"],
        "runs": runs,
    }
