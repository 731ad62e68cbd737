"""Score a LUNA checkpoint on a labelled SIIM-ISIC style CSV and image folder.

python -m training.evaluate --checkpoint runs/X/model.pt --csv test.csv --images DIR
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import torch
from torch.utils.data import DataLoader

from luna_model.checkpoint import CheckpointError, load_checkpoint
from training import metrics, report
from training.augmentations import create_eval_transform
from training.dataset import DataError, LesionDataset, load_and_validate
from training.engine import validate

log = logging.getLogger("training.evaluate")


def evaluate(
    checkpoint: Path,
    csv_path: Path,
    images_dir: Path,
    *,
    threshold: float | None = None,
    batch_size: int = 32,
    workers: int = 0,
    device: str = "auto",
    progress: bool = True,
) -> dict[str, Any]:
    """Metrics of ``checkpoint`` on the labelled images, at the card's threshold unless given."""
    torch_device = torch.device(
        "cuda"
        if device == "auto" and torch.cuda.is_available()
        else ("cpu" if device == "auto" else device)
    )
    model, card = load_checkpoint(checkpoint, map_location=torch_device)
    summary = load_and_validate(
        csv_path,
        images_dir,
        require_both_classes=False,
        decode_size=card.input_size,
        progress=progress,
    )
    dataset = LesionDataset(summary.frame, create_eval_transform(card.input_size), card.input_size)
    loader = DataLoader(dataset, batch_size=batch_size, num_workers=workers)
    targets, probs, loss = validate(
        model,
        loader,
        torch.nn.BCEWithLogitsLoss(),
        torch_device,
        amp=torch_device.type == "cuda",
        progress=progress,
    )
    chosen = card.threshold if threshold is None else threshold
    result = metrics.compute_metrics(targets, probs, chosen)
    result.update(
        loss=loss,
        unreadable_images_skipped=len(summary.unreadable),
        model={
            "name": card.name,
            "version": card.version,
            "validated": card.validated,
            "training_data": card.training_data,
            "input_size": card.input_size,
            "card_threshold": card.threshold,
        },
    )
    return result


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    parser = argparse.ArgumentParser(prog="python -m training.evaluate", description=__doc__)
    parser.add_argument("--checkpoint", type=Path, required=True)
    parser.add_argument("--csv", type=Path, required=True)
    parser.add_argument("--images", type=Path, required=True)
    parser.add_argument("--threshold", type=float, default=None, help="default: the card's")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--workers", type=int, default=0)
    parser.add_argument("--device", default="auto")
    parser.add_argument("--output", type=Path, help="also write the metrics as JSON here")
    parser.add_argument("--no-progress", dest="progress", action="store_false")
    args = parser.parse_args(argv)
    try:
        result = evaluate(
            args.checkpoint,
            args.csv,
            args.images,
            threshold=args.threshold,
            batch_size=args.batch_size,
            workers=args.workers,
            device=args.device,
            progress=args.progress,
        )
    except (CheckpointError, DataError) as exc:
        log.error("%s", exc)
        return 2
    m = result["model"]
    print(f"model {m['name']} {m['version']} (validated: {m['validated']}; {m['training_data']})")
    print(metrics.format_metrics(result))
    if result["unreadable_images_skipped"]:
        print(f"unreadable images skipped: {result['unreadable_images_skipped']}")
    if args.output:
        report.write_json(args.output, result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
