"""(2) and scaling: analyzer workers draining a queue of pre-loaded real-size JPEG requests."""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pika

from benchmarks.process_memory import memory_mib
from luna_analyzer_worker.image_batch import ImageDecoder
from luna_analyzer_worker.settings import AnalyzerSettings
from luna_common.messages import AnalysisRequest
from luna_local.platform import LocalPlatform
from luna_model.images import INPUT_SIZE
from luna_model.rendition import model_input_rendition
from luna_rabbit import topology
from luna_rabbit.publishing import Publisher
from luna_testing.services import rabbitmq_vhost


@dataclass(frozen=True)
class DrainConfig:
    workers: int
    onnx_threads: int
    decode_threads: int = 1
    heatmap: bool = True

    @property
    def label(self) -> str:
        decode = f", {self.decode_threads} decode threads" if self.decode_threads > 1 else ""
        heatmap = "" if self.heatmap else ", no heatmap"
        return f"{self.workers} worker(s) x {self.onnx_threads} thread(s){decode}{heatmap}"


def decode_rate(photos: list[bytes], *, size: int, seconds: float = 3.0) -> float:
    """Images/s that one core turns from the request's image (the photos' renditions, as they
    travel) into model input (the worker's own path)."""
    photos = [model_input_rendition(photo, size) for photo in photos]
    decoder = ImageDecoder(size)
    decoder.decode(photos[:1])
    images, start = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - start) < seconds:
        decoder.decode([photos[images % len(photos)]])
        images += 1
    return images / elapsed


def ceiling(bare: dict[str, Any], decode_per_core: float, *, cores: int, device: str) -> float:
    """What a drain could reach if the broker cost nothing: on a CPU every image costs the
    cores one single-thread inference (the cheapest per core) plus one decode; on a GPU the
    model and the CPU's decoding run side by side, and the slower of the two decides."""
    if device != "cpu":
        return min(bare["best_images_per_s"], decode_per_core * cores)
    # Single-thread sessions side by side (one per core) where measured: shared caches and
    # memory make that slower per core than one session alone.
    single = [r for r in bare["runs"] if r.get("threads") == 1 and r["batch"] == 1]
    per_core = min(r["images_per_s"] / r.get("processes", 1) for r in single)
    return cores / (1 / per_core + 1 / decode_per_core)


def _queue_state(channel: Any, queue: str) -> tuple[int, int]:
    ok = channel.queue_declare(queue, passive=True).method
    return ok.message_count, ok.consumer_count


def preload(amqp_url: str, photos: list[bytes], messages: int) -> None:
    """Publish ``messages`` requests (the photos in turn, as their model-input renditions,
    as the API publishes them) into the vhost's pending queue."""
    publisher = Publisher(amqp_url, delivery_limit=5)
    renditions = [model_input_rendition(photo, INPUT_SIZE) for photo in photos]
    for n in range(messages):
        request = AnalysisRequest(
            analysis_id=secrets.token_hex(12),
            user_id="bench",
            image=renditions[n % len(renditions)],
            creation_date=datetime.now(UTC),
            input_size=INPUT_SIZE,
        )
        publisher.publish(
            topology.REQUEST_EXCHANGE, request.to_body(), message_id=request.analysis_id
        )
    publisher.close()


def run(
    config: DrainConfig,
    *,
    photos: list[bytes],
    messages: int,
    env: dict[str, str],
    log_dir: Path,
    timeout_s: float = 240,
) -> dict[str, Any]:
    """Pre-load ``messages`` requests, start the workers, time the drain once all consume."""
    with rabbitmq_vhost() as amqp_url:
        preload(amqp_url, photos, messages)
        worker_env = {
            **env,
            **AnalyzerSettings.environment_for(
                rabbitmq_url=amqp_url,
                onnx_threads=config.onnx_threads,
                decode_threads=config.decode_threads,
                heatmap=config.heatmap,
            ),
        }
        processes = LocalPlatform(env=worker_env, log_dir=log_dir)
        names = [f"analyzer-{i + 1}" for i in range(config.workers)]
        for name in names:
            processes.start_service("analyzer", name)
        connection = pika.BlockingConnection(pika.URLParameters(amqp_url))
        try:
            deadline = time.monotonic() + timeout_s
            # The clock starts when every worker consumes: start-up (model load) is not drain.
            for name in names:
                processes.wait_until_consuming(name, "analyzer", timeout_s=timeout_s)
            timed = _time_drain(connection.channel(), messages, deadline)
            memory = {name: memory_mib(processes.processes[name].pid) for name in names}
            _wait_for_the_rest(connection.channel(), messages, deadline)
        finally:
            connection.close()
            processes.stop()
    return {
        "workers": config.workers,
        "onnx_threads": config.onnx_threads,
        "decode_threads": config.decode_threads,
        "heatmap": config.heatmap,
        "label": config.label,
        "messages": messages,
        **timed,
        "images_per_s": timed["measured_messages"] / timed["seconds"] if timed["seconds"] else 0.0,
        "memory": memory,
        "peak_rss_mib_max": max((m.get("peak_rss_mib", 0.0) for m in memory.values()), default=0.0),
    }


def _time_drain(channel: Any, messages: int, deadline: float) -> dict[str, Any]:
    """Results counted from now until 95% of ``messages`` are done (the last prefetched
    batches leave some workers idle, which is not the drain rate)."""
    t0, done0 = time.monotonic(), _queue_state(channel, topology.COMPLETED_QUEUE)[0]
    target = int(messages * 0.95)
    done = done0
    while done < target and time.monotonic() < deadline:
        time.sleep(0.05)
        done = _queue_state(channel, topology.COMPLETED_QUEUE)[0]
    return {
        "completed": done,
        "measured_messages": target - done0,
        "seconds": time.monotonic() - t0,
    }


def _wait_for_the_rest(channel: Any, messages: int, deadline: float) -> None:
    while _queue_state(channel, topology.COMPLETED_QUEUE)[0] < messages:
        if time.monotonic() > deadline:
            return
        time.sleep(0.1)
