"""The analyzer's settings, read from ``LUNA_`` environment variables."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field

from luna_common.settings import BrokerSettings


class AnalyzerSettings(BrokerSettings):
    # A checkpoint produced by `python -m training`; without one the model is unvalidated.
    model_checkpoint: Path | None = None
    device: Literal["auto", "cpu", "cuda"] = "auto"
    # Dynamic batching: take up to batch_size messages, waiting at most batch_wait_ms for them.
    # "auto": 4 and 2 ms on a CPU (batching gains nothing there: take what has arrived),
    # 64 and 5 ms on a GPU.
    batch_size: Annotated[int, Field(ge=1)] | Literal["auto"] = "auto"
    batch_wait_ms: Annotated[int, Field(ge=0)] | Literal["auto"] = "auto"
    torch_threads: int = Field(default=0, ge=0)  # 0: leave PyTorch's default
    # Which runtime serves the model. "auto": ONNX Runtime on a CPU (about 2x PyTorch eager
    # there, see BENCHMARKS.md), PyTorch in half precision on a GPU.
    runtime: Literal["auto", "onnx", "torch"] = "auto"
    # ONNX Runtime intra-op threads per worker. One is best when workers share the cores
    # (run one worker per core); a lone worker on an otherwise idle machine may use them all.
    onnx_threads: int = Field(default=1, ge=1)
    # Where the ONNX export of a checkpoint is cached (default: <tmp>/luna-onnx).
    onnx_cache_dir: Path | None = None
    # Threads decoding a batch's JPEGs; 1 decodes in the worker's own thread.
    decode_threads: int = Field(default=1, ge=1)
    # On a GPU with PyTorch serving: decode JPEGs there (nvJPEG, batched) and make the model
    # input there; PNGs and refused images fall back to the CPU one by one.
    gpu_decode: bool = True
    # On a GPU with PyTorch serving: batch sizes captured as CUDA graphs at start ([]: none).
    cuda_graph_batches: list[Annotated[int, Field(ge=1, le=1024)]] = [1, 4, 16, 64]
    # Prometheus /metrics on this port (none: not served).
    analyzer_metrics_port: int | None = Field(default=None, ge=1, le=65535)
    # A heartbeat file per consumer in this folder, for a liveness probe (none: not written).
    heartbeat_dir: Path | None = None
    # Draw the explanation heatmap (class-activation map over the photo) for every result.
    heatmap: bool = True
    # In production an analyzer refuses to serve a model whose card is not validated, unless
    # this is true (then it warns at every start).
    allow_unvalidated_model: bool = False
