"""Export a LUNA model to ONNX and check the export against PyTorch.

The graph has one input, ``image`` (N, 3, S, S), and two outputs: ``logit`` (N, 1) and ``cam``
(N, 1, h, w), the class-activation map whose mean is the logit (:class:`LogitAndCam`). A
CPU analyzer gets its heatmaps from the second output without PyTorch.
"""

from __future__ import annotations

import copy
import os

import numpy as np
import torch

from luna_model.network import LogitAndCam
from luna_model.preprocessing import INPUT_SIZE, MEAN, STD

OUTPUTS = ("logit", "cam")


class OnnxMismatchError(AssertionError):
    """The ONNX model's outputs differ from PyTorch's by more than the tolerance."""


def _exportable_copy(model: torch.nn.Module) -> LogitAndCam:
    exportable = copy.deepcopy(model).cpu().eval()
    # The memory-efficient swish is a custom autograd function that ONNX cannot trace.
    set_swish = getattr(exportable, "set_swish", None)
    if callable(set_swish):
        set_swish(memory_efficient=False)
    return LogitAndCam(exportable).eval()


def export_onnx(
    model: torch.nn.Module, path: str | os.PathLike[str], input_size: int = INPUT_SIZE
) -> None:
    """Write ``model`` to ``path`` as ONNX: input ``image``, outputs ``logit`` and ``cam``.

    The batch axis is dynamic; the model passed in is left untouched.
    """
    exportable = _exportable_copy(model)
    dummy = torch.zeros(1, 3, input_size, input_size, dtype=torch.float32)
    with torch.no_grad():
        torch.onnx.export(
            exportable,
            (dummy,),
            str(path),
            input_names=["image"],
            output_names=list(OUTPUTS),
            dynamic_axes={"image": {0: "batch"}, "logit": {0: "batch"}, "cam": {0: "batch"}},
            opset_version=17,
            dynamo=False,
        )


def check_onnx_matches(
    model: torch.nn.Module,
    path: str | os.PathLike[str],
    tolerance: float = 1e-4,
    input_size: int | None = None,
    batch_size: int = 2,
    seed: int = 0,
) -> float:
    """Run PyTorch and ONNX Runtime on the same random inputs; return the max abs difference
    of the logits and the maps.

    Raises :class:`OnnxMismatchError` when the file lacks an output of :data:`OUTPUTS`, or the
    difference exceeds ``tolerance`` times ``max(1, largest |value|)``: float32 rounding grows
    with the magnitude, and a trained model's logits on random inputs reach tens (seen: 1.6e-4
    at |logit| 24, all ops correct). ``input_size`` defaults to the size fixed in the ONNX
    file, else :data:`INPUT_SIZE`.
    """
    import onnxruntime as ort

    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    names = [output.name for output in session.get_outputs()]
    if names != list(OUTPUTS):
        raise OnnxMismatchError(f"ONNX outputs are {names}, expected {list(OUTPUTS)}")
    onnx_input = session.get_inputs()[0]
    if input_size is None:
        height = onnx_input.shape[2]
        input_size = height if isinstance(height, int) else INPUT_SIZE
    generator = torch.Generator().manual_seed(seed)
    # Random pixel images, normalised like real ones: standard-normal noise is far outside
    # what the batch-norm statistics saw and inflates a barely trained model's logits.
    pixels = torch.rand(batch_size, 3, input_size, input_size, generator=generator)
    mean = torch.tensor(MEAN).view(1, 3, 1, 1)
    std = torch.tensor(STD).view(1, 3, 1, 1)
    inputs = (pixels - mean) / std
    reference = _exportable_copy(model)
    with torch.no_grad():
        expected_logit = reference.model(inputs).numpy()
        _, expected_cam = reference(inputs)
    actual_logit, actual_cam = session.run(list(OUTPUTS), {onnx_input.name: inputs.numpy()})
    worst = 0.0
    for actual, expected in ((actual_logit, expected_logit), (actual_cam, expected_cam.numpy())):
        if actual.shape != expected.shape:
            raise OnnxMismatchError(f"ONNX output shape {actual.shape}, PyTorch {expected.shape}")
        diff = float(np.max(np.abs(actual - expected)))
        scale = max(1.0, float(np.max(np.abs(expected))))
        if not diff <= tolerance * scale:
            raise OnnxMismatchError(
                f"ONNX output differs from PyTorch by {diff:.3g}"
                f" (tolerance {tolerance:.1g} x scale {scale:.3g})"
            )
        worst = max(worst, diff)
    return worst
