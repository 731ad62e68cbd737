"""LUNA's model module: network, preprocessing, model card, checkpoints, ONNX export.

Imported by both the analyzer worker and ``training/`` so they can never disagree.
"""

from luna_model.checkpoint import (
    CheckpointError,
    load_checkpoint,
    save_checkpoint,
    unvalidated_model,
)
from luna_model.model_card import ModelCard
from luna_model.network import ARCHITECTURE, create_model
from luna_model.preprocessing import (
    INPUT_SIZE,
    MEAN,
    STD,
    UnreadableImage,
    load_rgb,
    preprocess,
    to_tensor,
)

__all__ = [
    "ARCHITECTURE",
    "INPUT_SIZE",
    "MEAN",
    "STD",
    "CheckpointError",
    "ModelCard",
    "UnreadableImage",
    "create_model",
    "load_checkpoint",
    "load_rgb",
    "preprocess",
    "save_checkpoint",
    "to_tensor",
    "unvalidated_model",
]
