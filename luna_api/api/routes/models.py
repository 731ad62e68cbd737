"""Model cards: what a clinician may read about the model behind a result."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from luna_api.api.deps import CurrentUser, RuntimeDep
from luna_api.errors import ModelNotFound
from luna_api.json_body import JsonRoute
from luna_api.schemas import Message
from luna_common import model_cards
from luna_common.model_cards import PublishedModelCard

router = APIRouter(prefix="/api", tags=["models"], route_class=JsonRoute)


@router.get(
    "/models/{name}/{version}",
    response_model=PublishedModelCard,
    responses={404: {"model": Message}, 401: {"model": Message}},
)
def read_model_card(
    runtime: RuntimeDep,
    _: CurrentUser,
    name: Annotated[str, Path(max_length=100)],
    version: Annotated[str, Path(max_length=100)],
) -> PublishedModelCard:
    """The card of a model that produced results: its training data, test metrics with 95%
    intervals, threshold, whether it is validated and why; 404 for any other model."""
    card = model_cards.find_card(runtime.mongo, name=name, version=version)
    if card is None:
        raise ModelNotFound()
    return card
