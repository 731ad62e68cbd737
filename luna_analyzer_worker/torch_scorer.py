"""PyTorch in the worker: the GPU runtime (half precision), and loading the configured model.

Build scorers through :func:`luna_analyzer_worker.serving.scorer_for`, the one factory; this
module holds the PyTorch pieces it (and the ONNX preparation child) use.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from luna_analyzer_worker.scorer import Device, model_info
from luna_model.checkpoint import load_checkpoint, unvalidated_model
from luna_model.model_card import ModelCard
from luna_model.network import LogitAndCam

log = logging.getLogger(__name__)


def pick_device(requested: str) -> Device:
    if requested == "cuda" or (requested == "auto" and torch.cuda.is_available()):
        return "cuda"
    return "cpu"


class _CudaGraph:
    """One captured forward pass for a fixed batch size: a lone photo then costs the graph's
    replay (~1.6 ms on an H200) instead of the eager model's Python and launch overhead
    (~8.7 ms): the GPU issue's measurement."""

    def __init__(self, network: torch.nn.Module, example: torch.Tensor) -> None:
        self.batch = example.shape[0]
        self.input = example.clone()
        side = torch.cuda.Stream()
        side.wait_stream(torch.cuda.current_stream())
        with torch.cuda.stream(side):  # warm-up outside the graph, as capture requires
            for _ in range(3):
                network(self.input)
        torch.cuda.current_stream().wait_stream(side)
        self.graph = torch.cuda.CUDAGraph()
        with torch.cuda.graph(self.graph):
            self.logits, self.cams = network(self.input)

    def run(self, batch: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        rows = batch.shape[0]
        self.input[:rows].copy_(batch)
        self.graph.replay()
        # The next replay overwrites the outputs: hand out copies.
        return self.logits[:rows].clone(), self.cams[:rows].clone()


@dataclass
class TorchScorer:
    """EfficientNet-B1 in PyTorch: channels-last, inference mode, half precision on a GPU.

    The class-activation maps come from the same forward pass (:class:`LogitAndCam`). On a
    GPU, ``graph_batches`` are the batch sizes captured as CUDA graphs at start (a batch runs
    in the smallest graph that holds it, padded; larger batches run eagerly). Each graph is
    checked against the eager model when captured and dropped, with a warning, if it differs.
    A batch may be a numpy array or a tensor already on the device (``TorchImageDecoder``).
    """

    model: torch.nn.Module
    card: ModelCard
    device: Device
    graph_batches: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        self.input_size = self.card.input_size
        self.info = model_info(self.card)
        self.half = self.device == "cuda"
        network = LogitAndCam(self.model).to(self.device).eval()
        network = network.to(memory_format=torch.channels_last)
        self.network = network.half() if self.half else network
        self.graphs: dict[int, _CudaGraph] = {}
        if self.device == "cuda" and self.graph_batches:
            self._capture(sorted(set(self.graph_batches)))

    @torch.inference_mode()
    def _capture(self, batches: list[int]) -> None:
        size = self.input_size
        for batch in batches:
            example = torch.randn(batch, 3, size, size, device=self.device)
            example = self._to_input(example)
            try:
                graph = _CudaGraph(self.network, example)
                eager_logits, _ = self.network(example)
                graph_logits, _ = graph.run(example)
                difference = float((eager_logits.float() - graph_logits.float()).abs().max())
            except RuntimeError as exc:
                log.warning("CUDA graph for batch %d not captured (%s); eager instead", batch, exc)
                continue
            if difference > 1e-2:
                log.warning(
                    "CUDA graph for batch %d differs by %.3g; eager instead", batch, difference
                )
                continue
            self.graphs[batch] = graph
        log.info("CUDA graphs captured for batch sizes %s", sorted(self.graphs))

    def _to_input(self, batch: torch.Tensor | np.ndarray) -> torch.Tensor:
        batch = torch.from_numpy(batch) if isinstance(batch, np.ndarray) else batch
        if self.device == "cuda" and batch.device.type != "cuda":
            batch = batch.pin_memory().to(self.device, non_blocking=True)
        batch = batch.to(memory_format=torch.channels_last)
        return batch.half() if self.half else batch

    def _run(self, batch: torch.Tensor | np.ndarray) -> tuple[torch.Tensor, torch.Tensor]:
        batch = self._to_input(batch)
        fits = [size for size in self.graphs if size >= batch.shape[0]]
        if fits:
            logits, cams = self.graphs[min(fits)].run(batch)
        else:
            logits, cams = self.network(batch)
        return logits.float().reshape(-1), cams.float()[:, 0]

    @torch.inference_mode()
    def score(self, batch: torch.Tensor | np.ndarray) -> list[float]:
        logits, _ = self._run(batch)
        return torch.sigmoid(logits).cpu().tolist()

    @torch.inference_mode()
    def score_with_maps(self, batch: torch.Tensor | np.ndarray) -> tuple[list[float], np.ndarray]:
        logits, cams = self._run(batch)
        return torch.sigmoid(logits).cpu().tolist(), cams.cpu().numpy()


def load_model(checkpoint: Path | None) -> tuple[torch.nn.Module, ModelCard]:
    """The configured checkpoint, or an unvalidated random-init model when none is configured."""
    if checkpoint is None:
        log.warning("no LUNA_MODEL_CHECKPOINT: running an UNVALIDATED model; every result says so")
        return unvalidated_model()
    model, card = load_checkpoint(checkpoint, map_location="cpu")
    log.info("loaded model %s %s (validated=%s)", card.name, card.version, card.validated)
    return model, card
