"""Decoding a batch where the model runs: nvJPEG on a GPU, then one batched resize and normalise.

Pillow on the CPU cannot feed a GPU (the GPU issue measured 774 img/s decode-then-score on 16
cores against ~9,000 for the model). Here a batch of JPEGs is decoded by
``torchvision.io.decode_jpeg`` on the scorer's device (nvJPEG on CUDA, libjpeg-turbo on a CPU,
where the tests run the same code), and the model input is made on that device with the
geometry and numbers of the one preprocessing, :mod:`luna_model.images`:

- the centre square (short side), resized to the input size with an antialiased bilinear
  filter (Pillow's ``BILINEAR`` on a reduction), rounded to 8 bits as Pillow's image is, then
  ``(x / 255 - MEAN) / STD``;
- Pillow decodes a large JPEG at a reduced DCT scale first (``Image.draft``); here the same
  reduction is a box average of the full-size decode (``avg_pool2d`` by the same factor). The
  two differ by a few levels of 255 on full photos; on model-input renditions (version-2
  requests) there is no reduction or resize, only the decode, and they agree to a level or so.
  ``tests/analyzer_perf/test_torch_images.py`` bounds both, in pixels and in probabilities.

A PNG, a JPEG with an EXIF orientation to apply, and anything the device decoder refuses go
to the CPU decoder (Pillow) one image at a time, so one odd image never fails its batch.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import torch
import torch.nn.functional as F  # noqa: N812
from torchvision.io import ImageReadMode, decode_jpeg

from luna_analyzer_worker.image_batch import ImageDecoder
from luna_model.images import MEAN, STD, centre_square, model_input_to_rgb

_JPEG = b"\xff\xd8\xff"


@dataclass
class TorchImageBatch:
    """The model input of the decoded images, on the device, in request order."""

    pixels: torch.Tensor  # (number decoded, 3, S, S) float32, channels-last, on the device
    indices: list[int]
    failures: dict[int, str]
    on_device: list[int] = field(default_factory=list)  # request indices decoded on the device

    @property
    def views(self) -> Mapping[int, np.ndarray]:
        """Request index -> the model's view as uint8 RGB ``(S, S, 3)`` (for the heatmap),
        copied from the device only when asked for."""
        return _Views(self)


class _Views(Mapping[int, np.ndarray]):
    def __init__(self, batch: TorchImageBatch) -> None:
        self._batch = batch

    def __getitem__(self, index: int) -> np.ndarray:
        row = self._batch.indices.index(index)
        return model_input_to_rgb(self._batch.pixels[row].float().cpu().numpy())

    def __iter__(self) -> Iterator[int]:
        return iter(self._batch.indices)

    def __len__(self) -> int:
        return len(self._batch.indices)


def draft_scale(width: int, height: int, size: int) -> int:
    """The reduction Pillow's ``draft`` picks for a JPEG of this size (1, 2, 4 or 8)."""
    scale = min(width // size, height // size)
    return next(s for s in (8, 4, 2, 1) if scale >= s)


def _has_exif_orientation(data: bytes) -> bool:
    """True when an APP1 Exif segment is present: Pillow applies its orientation, nvJPEG not.

    The API keeps at most an orientation tag in a JPEG's EXIF; renditions carry none.
    """
    head = data[:65536]
    return b"\xff\xe1" in head and b"Exif\x00\x00" in head


class TorchImageDecoder:
    """Turns a batch of image bytes into the model input on ``device``.

    ``device="cuda"`` decodes with nvJPEG; ``"cpu"`` runs the same code with libjpeg-turbo,
    which is how it is tested without a GPU.
    """

    def __init__(self, size: int, device: str, *, fallback: ImageDecoder | None = None) -> None:
        self.size = size
        self.device = torch.device(device)
        self._fallback = fallback or ImageDecoder(size)
        self._scale = (1.0 / (255.0 * torch.tensor(STD))).view(1, 3, 1, 1).to(self.device)
        self._shift = (torch.tensor(MEAN) / torch.tensor(STD)).view(1, 3, 1, 1).to(self.device)

    def _device_decode(
        self, images: Sequence[bytes], candidates: list[int]
    ) -> dict[int, torch.Tensor]:
        """uint8 (3, H, W) tensors on the device; an image it refuses is left out."""
        if not candidates:
            return {}
        data = [torch.frombuffer(bytearray(images[i]), dtype=torch.uint8) for i in candidates]
        try:
            decoded = decode_jpeg(data, mode=ImageReadMode.RGB, device=self.device)
            return dict(zip(candidates, decoded, strict=True))
        except RuntimeError:
            pass  # one image spoilt the batch: decode one by one, keep what decodes
        out: dict[int, torch.Tensor] = {}
        for index, one in zip(candidates, data, strict=True):
            try:
                out[index] = decode_jpeg(one, mode=ImageReadMode.RGB, device=self.device)
            except RuntimeError:
                continue
        return out

    def _square(self, image: torch.Tensor) -> torch.Tensor:
        """The draft reduction and the centre square, uint8 or float (3, side, side)."""
        _, height, width = image.shape
        scale = draft_scale(width, height, self.size)
        if scale > 1:
            image = F.avg_pool2d(image[None].float(), scale, ceil_mode=True)[0].round_()
            _, height, width = image.shape
        left, upper, right, lower = centre_square(width, height)
        return image[:, upper:lower, left:right]

    def _model_input(self, squares: list[torch.Tensor]) -> torch.Tensor:
        """One resize per square size (one call for a batch of renditions or of one phone's
        photos), then one normalisation of the whole batch."""
        out = torch.empty((len(squares), 3, self.size, self.size), device=self.device)
        by_side: dict[int, list[int]] = {}
        for row, square in enumerate(squares):
            by_side.setdefault(square.shape[-1], []).append(row)
        for side, rows in by_side.items():
            stack = torch.stack([squares[r] for r in rows]).float()
            if side != self.size:
                stack = F.interpolate(
                    stack, size=(self.size, self.size), mode="bilinear", antialias=True
                )
                stack = stack.round_().clamp_(0, 255)  # Pillow's image is 8-bit
            out[rows] = stack
        return (out * self._scale - self._shift).contiguous(memory_format=torch.channels_last)

    def decode(self, images: Sequence[bytes]) -> TorchImageBatch:
        """Decode on the device where it can, on the CPU where it must; failures by index."""
        candidates = [
            i
            for i, data in enumerate(images)
            if data.startswith(_JPEG) and not _has_exif_orientation(data)
        ]
        decoded = self._device_decode(images, candidates)
        rest = [i for i in range(len(images)) if i not in decoded]
        cpu = self._fallback.decode([images[i] for i in rest]) if rest else None
        rows: dict[int, torch.Tensor] = {i: self._square(image) for i, image in decoded.items()}
        failures: dict[int, str] = {}
        normalised: dict[int, torch.Tensor] = {}
        if cpu is not None:
            for row, local in enumerate(cpu.indices):
                normalised[rest[local]] = torch.from_numpy(cpu.pixels[row])
            failures = {rest[local]: reason for local, reason in cpu.failures.items()}
        indices = [i for i in range(len(images)) if i in rows or i in normalised]
        device_rows = [i for i in indices if i in rows]
        pixels = torch.empty((len(indices), 3, self.size, self.size), device=self.device)
        pixels = pixels.contiguous(memory_format=torch.channels_last)
        if device_rows:
            made = self._model_input([rows[i] for i in device_rows])
            pixels[[indices.index(i) for i in device_rows]] = made
        for i, array in normalised.items():
            pixels[indices.index(i)] = array.to(self.device)
        return TorchImageBatch(
            pixels=pixels, indices=indices, failures=failures, on_device=device_rows
        )

    def close(self) -> None:
        self._fallback.close()
