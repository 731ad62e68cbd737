"""Synthetic skin-lesion data in the SIIM-ISIC layout, for tests and smoke runs.

Writes ``OUT/train.csv`` and ``OUT/jpeg/train/<image_name>.jpg`` plus a ``SYNTHETIC.json``
marker that the trainer reads so a model trained on it says so plainly in its card.

Benign lesions are smooth, near-symmetric ellipses of one brown tone. Malignant lesions
have an irregular border, several colours (dark brown, black, blue-grey, red) and an
asymmetric extra lobe: the A, B and C of the dermatologist's ABCD rule, made learnable.

    python -m training.synthetic --out DIR --patients 40 --images-per-patient 2 \
        --malignant-fraction 0.3 --size 96 --seed 0
"""

from __future__ import annotations

import argparse
import json
import math
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from PIL import Image

MARKER_FILE = "SYNTHETIC.json"
CSV_NAME = "train.csv"
IMAGES_SUBDIR = Path("jpeg") / "train"

_SKIN_TONES = np.array(
    [(236, 200, 170), (224, 180, 150), (205, 160, 125), (180, 135, 100), (241, 210, 185)],
    dtype=np.float32,
)
_BENIGN_TONES = np.array([(150, 100, 65), (130, 85, 55), (165, 115, 80)], dtype=np.float32)
_MALIGNANT_TONES = np.array(
    [(70, 40, 25), (25, 20, 20), (85, 95, 125), (175, 70, 70), (120, 75, 45)], dtype=np.float32
)
_SITES = ["torso", "lower extremity", "upper extremity", "head/neck", "palms/soles", "oral/genital"]


def _lesion_image(rng: np.random.Generator, size: int, malignant: bool) -> Image.Image:
    yy, xx = np.mgrid[0:size, 0:size].astype(np.float32)
    skin = _SKIN_TONES[rng.integers(len(_SKIN_TONES))] + rng.normal(0, 6, 3)
    gradient = (xx / size - 0.5) * rng.normal(0, 12) + (yy / size - 0.5) * rng.normal(0, 12)
    image = skin[None, None, :] + gradient[..., None] + rng.normal(0, 4, (size, size, 1))

    cx = size * (0.5 + rng.uniform(-0.08, 0.08))
    cy = size * (0.5 + rng.uniform(-0.08, 0.08))
    radius = size * rng.uniform(0.18, 0.28)
    dx, dy = xx - cx, yy - cy
    theta = np.arctan2(dy, dx)
    dist = np.hypot(dx, dy)

    if malignant:
        border = np.ones_like(theta)
        for k in range(3, 10):
            border += rng.uniform(0.03, 0.09) * np.sin(k * theta + rng.uniform(0, 2 * math.pi))
        # An eccentric lobe on one side makes the lesion asymmetric.
        lobe_angle = rng.uniform(0, 2 * math.pi)
        border += 0.45 * np.exp(-(np.angle(np.exp(1j * (theta - lobe_angle))) ** 2) / 0.35)
        inside = dist < radius * border
        n_colours = rng.integers(3, 5)
        tones = _MALIGNANT_TONES[rng.choice(len(_MALIGNANT_TONES), n_colours, replace=False)]
        # Colour regions: nearest of a few random seeds inside the lesion.
        seeds = rng.uniform(-radius, radius, (n_colours, 2)) + (cx, cy)
        nearest = np.argmin([(xx - sx) ** 2 + (yy - sy) ** 2 for sx, sy in seeds], axis=0)
        lesion = tones[nearest] + rng.normal(0, 8, (size, size, 3))
    else:
        aspect = rng.uniform(0.85, 1.0)
        angle = rng.uniform(0, math.pi)
        u = dx * math.cos(angle) + dy * math.sin(angle)
        v = (-dx * math.sin(angle) + dy * math.cos(angle)) / aspect
        border = 1 + 0.02 * np.sin(2 * theta + rng.uniform(0, 2 * math.pi))
        inside = np.hypot(u, v) < radius * border
        tone = _BENIGN_TONES[rng.integers(len(_BENIGN_TONES))] + rng.normal(0, 5, 3)
        shade = 1 + 0.12 * np.clip(1 - dist / radius, 0, 1)
        lesion = tone[None, None, :] * (2 - shade)[..., None] + rng.normal(0, 3, (size, size, 3))

    image = np.where(inside[..., None], lesion, image)
    return Image.fromarray(np.clip(image, 0, 255).astype(np.uint8), "RGB")


def generate(
    out: Path,
    *,
    patients: int,
    images_per_patient: int,
    malignant_fraction: float,
    size: int,
    seed: int = 0,
) -> pd.DataFrame:
    """Write a synthetic data set to ``out`` and return its table (as in ``train.csv``)."""
    if patients < 1 or images_per_patient < 1:
        raise ValueError("patients and images-per-patient must be at least 1")
    if not 0.0 <= malignant_fraction <= 1.0:
        raise ValueError("malignant-fraction must be in [0, 1]")
    if size < 16:
        raise ValueError("size must be at least 16 pixels")
    rng = np.random.default_rng(seed)
    total = patients * images_per_patient
    n_malignant = round(malignant_fraction * total)
    targets = np.zeros(total, dtype=int)
    targets[rng.choice(total, n_malignant, replace=False)] = 1

    images_dir = out / IMAGES_SUBDIR
    images_dir.mkdir(parents=True, exist_ok=True)
    rows = []
    for p in range(patients):
        patient_id = f"IP_{seed:03d}{p:05d}"
        sex = rng.choice(["male", "female"])
        age = float(rng.integers(4, 18) * 5)
        for i in range(images_per_patient):
            index = p * images_per_patient + i
            target = int(targets[index])
            image_name = f"ISIC_{seed:03d}{index:05d}"
            _lesion_image(rng, size, bool(target)).save(
                images_dir / f"{image_name}.jpg", quality=92
            )
            rows.append(
                {
                    "image_name": image_name,
                    "patient_id": patient_id,
                    "sex": sex,
                    "age_approx": age,
                    "anatom_site_general_challenge": rng.choice(_SITES),
                    "diagnosis": "melanoma" if target else "nevus",
                    "benign_malignant": "malignant" if target else "benign",
                    "target": target,
                }
            )
    frame = pd.DataFrame(rows)
    frame.to_csv(out / CSV_NAME, index=False)
    marker = {
        "synthetic": True,
        "generator": "training.synthetic",
        "patients": patients,
        "images_per_patient": images_per_patient,
        "malignant_fraction": malignant_fraction,
        "size": size,
        "seed": seed,
    }
    (out / MARKER_FILE).write_text(json.dumps(marker, indent=2) + "\n")
    return frame


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m training.synthetic", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--out", type=Path, required=True, help="output folder")
    parser.add_argument("--patients", type=int, default=40)
    parser.add_argument("--images-per-patient", type=int, default=2)
    parser.add_argument("--malignant-fraction", type=float, default=0.3)
    parser.add_argument("--size", type=int, default=96, help="image side in pixels")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    try:
        frame = generate(
            args.out,
            patients=args.patients,
            images_per_patient=args.images_per_patient,
            malignant_fraction=args.malignant_fraction,
            size=args.size,
            seed=args.seed,
        )
    except ValueError as exc:
        parser.error(str(exc))
    print(
        f"wrote {len(frame)} images ({int(frame['target'].sum())} malignant) "
        f"of {args.patients} patients to {args.out}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
