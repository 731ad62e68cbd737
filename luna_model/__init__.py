"""LUNA's model module: network, preprocessing, model card, checkpoints, ONNX export.

Imported by both the analyzer worker and ``training/`` so they can never disagree. Import
from the submodules: :mod:`luna_model.images` and :mod:`luna_model.model_card` need no
PyTorch, so an analyzer serving ONNX never loads it.
"""
