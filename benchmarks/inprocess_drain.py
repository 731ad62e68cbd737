"""(7) The analyzer in one process, no services: request bodies in, result bodies out.

Real photos (1600x1200 JPEGs like the app's), made into request messages as the API makes
them (version 2: the model-input rendition; or version 1: the photo itself), then parsed,
decoded (on the GPU with nvJPEG where PyTorch serves there, else Pillow), scored, heatmaps
drawn and result messages serialised, by the analyzer's own ``analyse()``. Needs no
PostgreSQL, RabbitMQ or MongoDB, so it runs on a lent GPU machine; the broker's share is
measured apart (``broker_drain``).

Two ways: **sequential** (decode, then score, as the worker does per batch) and **overlapped**
(batch n+1 decoded in a second thread, on a CUDA stream of its own on a GPU, while batch n is
scored). Compared with the bare model on input already on the device, best batch.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any

import numpy as np
import torch

from luna_analyzer_worker.analysis import BatchDecoder, analyse
from luna_analyzer_worker.scorer import Device, Scorer
from luna_analyzer_worker.serving import decoder_for, scorer_for
from luna_analyzer_worker.settings import AnalyzerSettings
from luna_common.messages import AnalysisRequest
from luna_model.rendition import model_input_rendition


def request_bodies(photos: Sequence[bytes], *, rendition: bool, size: int) -> list[bytes]:
    """One request body per photo, as the API publishes it (or as version 1 did)."""
    now = datetime.now(UTC)
    return [
        AnalysisRequest(
            analysis_id=secrets.token_hex(12),
            user_id="bench",
            image=model_input_rendition(photo, size) if rendition else photo,
            creation_date=now,
            input_size=size if rendition else None,
        ).to_body()
        for photo in photos
    ]


def _sync(device: Device) -> None:
    if device == "cuda":
        torch.cuda.synchronize()


def bare_on_device(
    scorer: Any,  # a TorchScorer: it takes tensors already on the device
    device: Device,
    batches: Sequence[int],
    seconds: float,
) -> list[dict[str, float]]:
    """The model alone on input already on the device (CUDA graphs where captured)."""
    size = scorer.input_size
    runs = []
    for batch in batches:
        x = torch.randn(batch, 3, size, size, device=device)
        for _ in range(3):
            scorer.score(x)
        _sync(device)
        calls, start = 0, time.perf_counter()
        while (elapsed := time.perf_counter() - start) < seconds or calls < 3:
            scorer.score(x)
            calls += 1
        _sync(device)
        elapsed = time.perf_counter() - start
        runs.append(
            {
                "batch": batch,
                "images_per_s": calls * batch / elapsed,
                "ms_per_call": elapsed / calls * 1000,
            }
        )
    return runs


def _drain(
    bodies: Sequence[bytes],
    batch: int,
    seconds: float,
    step: Callable[[list[bytes]], list[bytes]],
) -> dict[str, Any]:
    """Runs ``step`` over successive batches of ``bodies`` for ``seconds``; images/s."""
    step(list(bodies[:batch]))  # warm-up
    images, start, n = 0, time.perf_counter(), 0
    while (elapsed := time.perf_counter() - start) < seconds or images < 2 * batch:
        chunk = [bodies[(n + k) % len(bodies)] for k in range(batch)]
        n += batch
        images += len(step(chunk))
    return {"images": images, "seconds": elapsed, "images_per_s": images / elapsed}


def sequential(
    scorer: Scorer,
    decoder: BatchDecoder,
    bodies: Sequence[bytes],
    *,
    batch: int,
    seconds: float,
    heatmaps: bool,
) -> dict[str, Any]:
    """Parse, decode, score, draw, serialise: one batch after the other, as the worker does."""

    def step(chunk: list[bytes]) -> list[bytes]:
        requests = [AnalysisRequest.from_body(body) for body in chunk]
        return [r.to_body() for r in analyse(requests, scorer, decoder, heatmaps=heatmaps)]

    return _drain(bodies, batch, seconds, step)


class _Prefetched:
    """A decoder whose next batch was already decoded in another thread."""

    def __init__(self, batch: Any) -> None:
        self._batch = batch

    def decode(self, images: Sequence[bytes]) -> Any:
        return self._batch

    def close(self) -> None:
        """Nothing to release: the decoder that made the batch is closed by its owner."""


def overlapped(
    scorer: Scorer,
    decoder: BatchDecoder,
    bodies: Sequence[bytes],
    *,
    batch: int,
    seconds: float,
    heatmaps: bool,
    device: Device,
) -> dict[str, Any]:
    """Batch n+1 parsed and decoded in a second thread (its own CUDA stream on a GPU) while
    batch n is scored, its heatmaps drawn and its results serialised."""
    pool = ThreadPoolExecutor(1, "luna-prefetch")
    stream = torch.cuda.Stream() if device == "cuda" else None

    def prepare(chunk: list[bytes]) -> tuple[list[AnalysisRequest], Any]:
        requests = [AnalysisRequest.from_body(body) for body in chunk]
        if stream is None:
            return requests, decoder.decode([r.image for r in requests])
        with torch.cuda.stream(stream):
            decoded = decoder.decode([r.image for r in requests])
        stream.synchronize()
        return requests, decoded

    pending: list[Any] = []

    def step(chunk: list[bytes]) -> list[bytes]:
        pending.append(pool.submit(prepare, chunk))
        if len(pending) < 2:  # fill the pipeline: nothing to score yet
            pending.append(pool.submit(prepare, chunk))
        requests, decoded = pending.pop(0).result()
        results = analyse(requests, scorer, _Prefetched(decoded), heatmaps=heatmaps)
        return [r.to_body() for r in results]

    try:
        return _drain(bodies, batch, seconds, step)
    finally:
        pool.shutdown(wait=True)


def measure(
    *,
    device: Device,
    photos: Sequence[bytes],
    seconds: float,
    batch: int,
    checkpoint: Any = None,
    bare_batches: Sequence[int] = (1, 8, 64, 256),
) -> dict[str, Any]:
    """The in-process drain of renditions and of photos, sequential and overlapped, with and
    without heatmaps, and the bare model on device-resident input in the same process.
    (Long: the runs share one warmed-up scorer and decoder, so their figures compare.)"""
    settings = AnalyzerSettings(
        device=device,
        runtime="torch" if device == "cuda" else "auto",
        onnx_threads=max(1, (torch.get_num_threads())),
        **({"model_checkpoint": checkpoint} if checkpoint else {}),
    )
    scorer, device = scorer_for(settings)
    decoder = decoder_for(settings, scorer.input_size, device)
    size = scorer.input_size
    out: dict[str, Any] = {
        "device": device,
        "scorer": type(scorer).__name__,
        "decoder": type(getattr(decoder, "_decoder", decoder)).__name__,
        "batch": batch,
        "photo_bytes_mean": float(np.mean([len(p) for p in photos])),
    }
    if device == "cuda":
        out["cuda_graphs"] = sorted(getattr(scorer, "graphs", {}))
        out["bare_on_device"] = bare_on_device(scorer, device, bare_batches, seconds / 3)
        out["bare_best_images_per_s"] = max(r["images_per_s"] for r in out["bare_on_device"])
        out["bare_batch1_ms"] = next(
            (r["ms_per_call"] for r in out["bare_on_device"] if r["batch"] == 1), None
        )
    runs = []
    for rendition in (True, False):
        bodies = request_bodies(photos, rendition=rendition, size=size)
        for heatmaps in (False, True):
            for mode in ("sequential", "overlapped"):
                if mode == "sequential":
                    run = sequential(
                        scorer, decoder, bodies, batch=batch, seconds=seconds, heatmaps=heatmaps
                    )
                else:
                    run = overlapped(
                        scorer,
                        decoder,
                        bodies,
                        batch=batch,
                        seconds=seconds,
                        heatmaps=heatmaps,
                        device=device,
                    )
                run.update(
                    {
                        "messages": "rendition (v2)" if rendition else "photo (v1)",
                        "message_bytes": float(np.mean([len(b) for b in bodies])),
                        "heatmaps": heatmaps,
                        "mode": mode,
                    }
                )
                if out.get("bare_best_images_per_s"):
                    run["ratio_to_bare_best"] = run["images_per_s"] / out["bare_best_images_per_s"]
                print(
                    f"   in-process {run['messages']}, {mode}, heatmaps {heatmaps}:"
                    f" {run['images_per_s']:.1f} img/s",
                    flush=True,
                )
                runs.append(run)
    out["runs"] = runs
    return out
