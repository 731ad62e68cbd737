"""The model served by ONNX Runtime: about twice PyTorch eager's speed on these CPUs.

This module does not import PyTorch, so a worker serving ONNX stays small (about 0.3 GiB
instead of 1 GiB); the file it serves was exported and checked by ``onnx_prepare``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import onnxruntime as ort

from luna_analyzer_worker.scorer import Device
from luna_common.messages import ModelInfo
from luna_model.model_card import ModelCard


def session_options(threads: int) -> ort.SessionOptions:
    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    # Spinning threads steal the core from JPEG decoding and from other workers between calls.
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return options


def sigmoid(logits: np.ndarray) -> np.ndarray:
    """float32 sigmoid; a very negative logit overflows exp to inf, which gives exactly 0."""
    with np.errstate(over="ignore"):
        return np.float32(1) / (np.float32(1) + np.exp(-logits.astype(np.float32)))


@dataclass
class OnnxScorer:
    """EfficientNet-B1 in ONNX Runtime; same inputs, outputs and ModelInfo as TorchScorer."""

    path: Path
    card: ModelCard
    info: ModelInfo
    threads: int = 1
    device: Device = "cpu"

    def __post_init__(self) -> None:
        self.input_size = self.card.input_size
        providers = ["CPUExecutionProvider"]
        if self.device == "cuda":
            if "CUDAExecutionProvider" not in ort.get_available_providers():
                raise RuntimeError("LUNA_RUNTIME=onnx on CUDA needs the onnxruntime-gpu package")
            providers.insert(0, "CUDAExecutionProvider")
        self.session = ort.InferenceSession(
            str(self.path), session_options(self.threads), providers=providers
        )
        self._input = self.session.get_inputs()[0].name

    def score(self, batch: np.ndarray) -> list[float]:
        # np.asarray also takes a CPU torch tensor (tests and benchmarks pass those).
        array = np.ascontiguousarray(np.asarray(batch), dtype=np.float32)
        (logits,) = self.session.run(["logit"], {self._input: array})
        return [float(p) for p in sigmoid(np.asarray(logits).reshape(-1))]

    def score_with_maps(self, batch: np.ndarray) -> tuple[list[float], np.ndarray]:
        array = np.ascontiguousarray(np.asarray(batch), dtype=np.float32)
        logits, cams = self.session.run(["logit", "cam"], {self._input: array})
        probabilities = [float(p) for p in sigmoid(np.asarray(logits).reshape(-1))]
        return probabilities, np.asarray(cams, dtype=np.float32)[:, 0]
