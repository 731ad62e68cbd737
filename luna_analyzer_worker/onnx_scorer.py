"""The model served by ONNX Runtime: about twice PyTorch eager's speed on these CPUs.

At start the PyTorch model is exported to ONNX (or a ``model.onnx`` found beside the checkpoint
is reused), and the file is checked against PyTorch before it serves anything: a file that
disagrees is never used.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import onnxruntime as ort
import torch

from luna_common.messages import ModelInfo
from luna_model.model_card import ModelCard
from luna_model.onnx_export import OnnxMismatchError, check_onnx_matches, export_onnx

log = logging.getLogger(__name__)

# Max abs difference of logits allowed between the ONNX file and PyTorch (float32 both).
# Measured differences are ~1e-6; probabilities (sigmoid) differ by at most a quarter of this.
ONNX_TOLERANCE = 1e-4


def default_cache_dir() -> Path:
    return Path(tempfile.gettempdir()) / "luna-onnx"


def _cache_key(checkpoint: Path | None, card: ModelCard) -> str:
    digest = hashlib.sha256()
    if checkpoint is not None:
        with checkpoint.open("rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                digest.update(chunk)
    else:
        digest.update(card.model_dump_json(exclude={"created_at"}).encode())
    digest.update(f"torch {torch.__version__}".encode())
    return digest.hexdigest()[:20]


def _checked(model: torch.nn.Module, path: Path, input_size: int) -> bool:
    try:
        diff = check_onnx_matches(model, path, tolerance=ONNX_TOLERANCE, input_size=input_size)
    except OnnxMismatchError as exc:
        log.warning("ONNX file %s does not match the PyTorch model: %s", path, exc)
        return False
    except Exception as exc:  # an unreadable or foreign file: export a fresh one
        log.warning("ONNX file %s could not be checked: %s", path, exc)
        return False
    log.info("ONNX file %s matches PyTorch (max logit diff %.2g)", path, diff)
    return True


def onnx_file_for(
    model: torch.nn.Module, card: ModelCard, checkpoint: Path | None, cache_dir: Path | None
) -> Path:
    """A checked ONNX file of ``model``: ``model.onnx`` beside the checkpoint, or a new export."""
    if checkpoint is not None:
        beside = checkpoint.parent / "model.onnx"
        if beside.is_file() and _checked(model, beside, card.input_size):
            return beside
    cache_dir = cache_dir or default_cache_dir()
    cache_dir.mkdir(parents=True, exist_ok=True)
    path = cache_dir / f"{card.name}-{_cache_key(checkpoint, card)}.onnx"
    if path.is_file() and _checked(model, path, card.input_size):
        return path
    # Written under a private name then renamed: workers starting together never read half a file.
    fd, tmp = tempfile.mkstemp(dir=cache_dir, suffix=".onnx.tmp")
    os.close(fd)
    try:
        export_onnx(model, tmp, card.input_size)
        check_onnx_matches(model, tmp, tolerance=ONNX_TOLERANCE, input_size=card.input_size)
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)
    log.info("exported the model to %s", path)
    return path


def session_options(threads: int) -> ort.SessionOptions:
    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    # Spinning threads steal the core from JPEG decoding and from other workers between calls.
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return options


@dataclass
class OnnxScorer:
    """EfficientNet-B1 in ONNX Runtime; same inputs, outputs and ModelInfo as TorchScorer."""

    path: Path
    card: ModelCard
    info: ModelInfo
    threads: int = 1
    device: torch.device = field(default_factory=lambda: torch.device("cpu"))

    def __post_init__(self) -> None:
        self.input_size = self.card.input_size
        providers = ["CPUExecutionProvider"]
        if self.device.type == "cuda":
            if "CUDAExecutionProvider" not in ort.get_available_providers():
                raise RuntimeError("LUNA_RUNTIME=onnx on CUDA needs the onnxruntime-gpu package")
            providers.insert(0, "CUDAExecutionProvider")
        self.session = ort.InferenceSession(
            str(self.path), session_options(self.threads), providers=providers
        )
        self._input = self.session.get_inputs()[0].name

    def score(self, batch: torch.Tensor | np.ndarray) -> list[float]:
        array = batch.numpy() if isinstance(batch, torch.Tensor) else batch
        (logits,) = self.session.run(None, {self._input: np.ascontiguousarray(array, np.float32)})
        # The same float32 sigmoid as TorchScorer, so both runtimes round alike.
        return torch.sigmoid(torch.from_numpy(logits).float().reshape(-1)).tolist()
