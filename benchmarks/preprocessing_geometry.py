"""Which geometry should turn a non-square photo into the model's square input?

    python -m benchmarks.preprocessing_geometry [--images 400] [--size 240]

Synthetic non-square "phone photos" (4:3 and 16:9, landscape and portrait) each hold one round
lesion placed as a clinician frames it: near the centre, up to a quarter of the frame off it,
10-35% of the short side across. Each photo goes through three geometries:

- crop: resize the short side, keep the centre square (LUNA's `square_view`);
- pad: resize the long side, pad the rest with black;
- squash: resize both sides to the square (what LUNA did before).

For each it reports how much of the lesion reaches the model, how many input pixels the lesion
covers (its resolution), and how round the round lesion still is (1.0 = not distorted).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence

import numpy as np
from PIL import Image, ImageDraw

from luna_model.images import square_view

Geometry = Callable[[Image.Image, int], Image.Image]
ASPECTS = [(4, 3), (16, 9), (3, 4), (9, 16)]


def pad(image: Image.Image, size: int) -> Image.Image:
    scale = size / max(image.size)
    resized = image.resize(
        (max(1, round(image.width * scale)), max(1, round(image.height * scale))),
        Image.Resampling.BILINEAR,
    )
    canvas = Image.new(image.mode, (size, size))
    canvas.paste(resized, ((size - resized.width) // 2, (size - resized.height) // 2))
    return canvas


def squash(image: Image.Image, size: int) -> Image.Image:
    return image.resize((size, size), Image.Resampling.BILINEAR)


def crop(image: Image.Image, size: int) -> Image.Image:
    return square_view(image.convert("RGB"), size).convert(image.mode)


GEOMETRIES: dict[str, Geometry] = {"crop": crop, "pad": pad, "squash": squash}


def lesion_mask(rng: np.random.Generator, aspect: tuple[int, int]) -> Image.Image:
    """A mask (L, 255 = lesion) of a round lesion in a photo of the given aspect ratio."""
    width = 1200 if aspect[0] >= aspect[1] else round(1200 * aspect[0] / aspect[1])
    height = round(width * aspect[1] / aspect[0])
    short = min(width, height)
    radius = short * rng.uniform(0.05, 0.175)
    cx = width / 2 + rng.uniform(-0.25, 0.25) * width
    cy = height / 2 + rng.uniform(-0.25, 0.25) * height
    mask = Image.new("L", (width, height), 0)
    ImageDraw.Draw(mask).ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=255)
    return mask


def measure(mask: Image.Image, geometry: Geometry, size: int) -> dict[str, float]:
    full_area = np.asarray(mask, dtype=np.float64).sum() / 255
    seen = np.asarray(geometry(mask, size), dtype=np.float64) / 255
    # Lesion area as the model sees it, scaled back to photo pixels, over its true area.
    scale = (
        (min(mask.size) / size) ** 2
        if geometry is crop
        else (
            (max(mask.size) / size) ** 2 if geometry is pad else mask.width * mask.height / size**2
        )
    )
    kept = min(1.0, seen.sum() * scale / full_area)
    rows, cols = np.nonzero(seen > 0.5)
    roundness = (
        (cols.max() - cols.min() + 1) / (rows.max() - rows.min() + 1) if rows.size else float("nan")
    )
    return {"kept": kept, "pixels": float(seen.sum()), "roundness": float(roundness)}


def run(images: int, size: int, seed: int = 0) -> dict[str, dict[str, float]]:
    rng = np.random.default_rng(seed)
    masks = [lesion_mask(rng, ASPECTS[n % len(ASPECTS)]) for n in range(images)]
    table: dict[str, dict[str, float]] = {}
    for name, geometry in GEOMETRIES.items():
        rows = [measure(mask, geometry, size) for mask in masks]
        kept = np.array([r["kept"] for r in rows])
        roundness = np.array([r["roundness"] for r in rows])
        distortion = np.abs(np.log(roundness[np.isfinite(roundness)]))
        table[name] = {
            "lesion_kept_mean": float(kept.mean()),
            "photos_losing_over_10pct": float((kept < 0.9).mean()),
            "lesion_input_pixels_median": float(np.median([r["pixels"] for r in rows])),
            "aspect_error_median": float(np.exp(np.median(distortion)) - 1),
        }
    return table


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.preprocessing_geometry")
    parser.add_argument("--images", type=int, default=400)
    parser.add_argument("--size", type=int, default=240)
    args = parser.parse_args(argv)
    table = run(args.images, args.size)
    print(
        f"{args.images} synthetic photos ({', '.join(f'{a}:{b}' for a, b in ASPECTS)}),"
        f" input {args.size} px"
    )
    print(
        "| geometry | lesion reaching the model (mean) | photos losing > 10% of it |"
        " lesion input pixels (median) | aspect error (median) |"
    )
    print("|---|---|---|---|---|")
    for name, row in table.items():
        print(
            f"| {name} | {row['lesion_kept_mean']:.1%} | {row['photos_losing_over_10pct']:.1%} |"
            f" {row['lesion_input_pixels_median']:.0f} | {row['aspect_error_median']:.1%} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
