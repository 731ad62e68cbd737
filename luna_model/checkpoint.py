"""Saving and loading LUNA checkpoints: the weights plus the model card, in one file."""

from __future__ import annotations

import os
from pathlib import Path

import torch
from pydantic import ValidationError

from luna_model.model_card import ModelCard
from luna_model.network import ARCHITECTURE, create_model
from luna_model.preprocessing import INPUT_SIZE

UNVALIDATED_VERSION = "unvalidated-random-init"
UNVALIDATED_TRAINING_DATA = "none: random weights, not trained, not validated"
UNVALIDATED_REASON = (
    "Not validated: this model is untrained (random weights), so its scores carry no"
    " information about any lesion."
)


class CheckpointError(Exception):
    """A checkpoint file is missing, corrupt, or does not hold a LUNA model."""


def save_checkpoint(path: str | os.PathLike[str], model: torch.nn.Module, card: ModelCard) -> None:
    """Write ``{"state_dict", "model_card"}`` to ``path`` (written atomically via a temp file)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    state = {k: v.detach().cpu() for k, v in model.state_dict().items()}
    tmp = path.with_name(path.name + ".tmp")
    torch.save({"state_dict": state, "model_card": card.model_dump(mode="json")}, tmp)
    os.replace(tmp, path)


def load_checkpoint(
    path: str | os.PathLike[str], map_location: str | torch.device = "cpu"
) -> tuple[torch.nn.Module, ModelCard]:
    """Load a checkpoint into a fresh EfficientNet-B1 in eval mode, with its model card.

    Raises :class:`CheckpointError` with a clear reason when the file is missing or
    unreadable, its card is invalid, or it is for another architecture.
    """
    path = Path(path)
    if not path.is_file():
        raise CheckpointError(f"checkpoint not found: {path}")
    try:
        payload = torch.load(path, map_location=map_location, weights_only=True)
    except Exception as exc:  # torch raises many types for a corrupt file
        # Only torch's first sentence: its advice to retry with weights_only=False (which runs
        # any code in the file) must not reach the people running LUNA as a suggestion.
        detail = (str(exc).strip().splitlines() or [""])[0].split(". ")[0][:160]
        raise CheckpointError(
            f"checkpoint {path} could not be read: not a LUNA checkpoint, or damaged "
            f"({type(exc).__name__}: {detail})"
        ) from exc
    if not isinstance(payload, dict) or "state_dict" not in payload or "model_card" not in payload:
        raise CheckpointError(f"checkpoint {path} has no state_dict and model_card")
    try:
        card = ModelCard.model_validate(payload["model_card"])
    except ValidationError as exc:
        raise CheckpointError(f"checkpoint {path} has an invalid model card: {exc}") from exc
    if card.architecture != ARCHITECTURE:
        raise CheckpointError(
            f"checkpoint {path} is for architecture {card.architecture!r},"
            f" expected {ARCHITECTURE!r}"
        )
    model = create_model()
    try:
        model.load_state_dict(payload["state_dict"])
    except (RuntimeError, KeyError, TypeError) as exc:
        raise CheckpointError(
            f"checkpoint {path} weights do not fit {ARCHITECTURE}: {exc}"
        ) from exc
    model.to(map_location)
    model.eval()
    return model, card


def unvalidated_model(seed: int = 0) -> tuple[torch.nn.Module, ModelCard]:
    """A seeded, randomly initialised model with a card saying plainly it is not validated."""
    devices = [torch.cuda.current_device()] if torch.cuda.is_available() else []
    with torch.random.fork_rng(devices=devices):
        torch.manual_seed(seed)
        model = create_model()
    model.eval()
    card = ModelCard(
        version=UNVALIDATED_VERSION,
        architecture=ARCHITECTURE,
        input_size=INPUT_SIZE,
        threshold=0.5,
        validated=False,
        training_data=UNVALIDATED_TRAINING_DATA,
        pretrained="none",
        validation_reason=UNVALIDATED_REASON,
        shipped_model="random initialisation, never trained",
        known_limits=[
            "Untrained: every score is meaningless, whatever the photo.",
            "For trying the platform only; never for patients.",
        ],
        notes="Random initialisation; its scores carry no diagnostic meaning.",
    )
    return model, card
