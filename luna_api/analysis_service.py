"""Submitting an image for analysis and reading the caller's analyses back.

The record is written as *pending* before the image is queued, so the app sees it at once;
if the broker refuses the message, the record is removed again and the caller gets 503.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from pymongo.database import Database

from luna_api import review_store
from luna_api.analysis_views import AnalysisRecord, EarlierAnalysis
from luna_api.core.config import ApiSettings
from luna_api.errors import AnalysisNotFound, InvalidDescription, InvalidImage
from luna_api.image_intake import check_image, decode_base64
from luna_common import analysis_record
from luna_common.messages import AnalysisRequest
from luna_model.images import UnreadableImage
from luna_model.rendition import model_input_rendition
from luna_rabbit.connection import BrokerUnavailable
from luna_rabbit.publishing import Publisher, PublisherPool
from luna_rabbit.topology import REQUEST_EXCHANGE

# Resolves the reviewer pseudonyms of these documents to names (PostgreSQL, at read time).
ReviewerNames = Callable[[Sequence[dict[str, Any]]], Mapping[str, str]]


def clean_description(description: str | None, *, max_chars: int) -> str | None:
    """The trimmed description, None when blank; InvalidDescription when too long."""
    if description is None or not (trimmed := description.strip()):
        return None
    if len(trimmed) > max_chars:
        raise InvalidDescription(f"The description is longer than {max_chars} characters")
    try:
        trimmed.encode("utf-8")  # lone surrogates cannot be stored
    except UnicodeEncodeError as exc:
        raise InvalidDescription("The description is not valid Unicode text") from exc
    return trimmed


def submit_analysis(
    *,
    mongo: Database,
    publisher: PublisherPool,
    settings: ApiSettings,
    pseudonym: str,
    image_text: str,
    description: str | None,
    patient_reference: str | None = None,
    body_site: str | None = None,
) -> tuple[str, datetime]:
    """Validate, record as pending and queue one image; the analysis id and creation date."""
    text = clean_description(description, max_chars=settings.max_description_chars)
    data = decode_base64(image_text, max_bytes=settings.max_image_bytes)
    image = check_image(data, max_pixels=settings.max_image_pixels)
    # Mongo keeps milliseconds: truncate now so the answer equals what is stored.
    now = datetime.now(UTC)
    created = now.replace(microsecond=now.microsecond // 1000 * 1000)
    request = rendition_request(
        analysis_id=uuid.uuid4().hex,
        user_id=pseudonym,
        image=image.data,
        creation_date=created,
        size=settings.rendition_size,
    )
    queue_analysis(
        mongo=mongo,
        publisher=publisher,
        request=request,
        image_type=image.media_type,
        description=text,
        patient_reference=patient_reference,
        body_site=body_site,
        photo=image.data,
    )
    return request.analysis_id, created


def rendition_request(
    *, analysis_id: str, user_id: str, image: bytes, creation_date: datetime, size: int
) -> AnalysisRequest:
    """The request that travels: the photo's model-input rendition (luna_model.rendition).

    Decoding here refuses, with 400, an image whose pixels cannot be decoded, before anything
    is stored or queued.
    """
    try:
        rendition = model_input_rendition(image, size)
    except UnreadableImage as exc:
        raise InvalidImage(f"The image could not be decoded: {exc}") from exc
    return AnalysisRequest(
        analysis_id=analysis_id,
        user_id=user_id,
        image=rendition,
        creation_date=creation_date,
        input_size=size,
    )


def queue_analysis(
    *,
    mongo: Database,
    publisher: Publisher | PublisherPool,
    request: AnalysisRequest,
    image_type: str,
    description: str | None,
    patient_reference: str | None = None,
    body_site: str | None = None,
    photo: bytes | None = None,
) -> None:
    """Record the request as pending, then publish it with a confirm.

    The record keeps ``photo`` (what people see); a version-1 request, which carries the
    photo itself, may leave it out. If the broker refuses the request, the record is removed
    again (BrokerUnavailable propagates), so nothing is kept that no worker will ever see.
    """
    if photo is None:
        if request.is_rendition:
            raise ValueError("a rendition request needs the photo for the record")
        photo = request.image
    analysis_record.insert_pending(
        mongo,
        analysis_id=request.analysis_id,
        user_id=request.user_id,
        description=description,
        image=photo,
        image_type=image_type,
        creation_date=request.creation_date,
        patient_reference=patient_reference,
        body_site=body_site,
    )
    try:
        publisher.publish(REQUEST_EXCHANGE, request.to_body(), message_id=request.analysis_id)
    except BrokerUnavailable:
        analysis_record.delete_pending(mongo, analysis_id=request.analysis_id)
        raise


def list_analyses(
    *,
    mongo: Database,
    pseudonym: str,
    date_from: datetime | None,
    date_to: datetime | None,
    page: int,
    page_size: int,
    patient_reference: str | None = None,
    reviewer_names: ReviewerNames | None = None,
) -> tuple[list[AnalysisRecord], int]:
    """One page of the user's analyses, newest first, and how many match in all."""
    docs, total = analysis_record.list_for_user(
        mongo,
        user_id=pseudonym,
        date_from=date_from,
        date_to=date_to,
        patient_reference=patient_reference,
        skip=(page - 1) * page_size,
        limit=page_size,
    )
    names = reviewer_names(docs) if reviewer_names else {}
    return [AnalysisRecord.from_document(doc, reviewer_names=names) for doc in docs], total


def get_analysis(
    *,
    mongo: Database,
    pseudonym: str,
    analysis_id: str,
    reviewer_names: ReviewerNames | None = None,
) -> AnalysisRecord:
    """One of the user's analyses with its image and the same patient's earlier analyses of
    the same body site; AnalysisNotFound when not theirs."""
    doc = analysis_record.get_for_user(mongo, analysis_id=analysis_id, user_id=pseudonym)
    if doc is None:
        raise AnalysisNotFound()
    names = reviewer_names([doc]) if reviewer_names else {}
    record = AnalysisRecord.from_document(doc, with_image=True, reviewer_names=names)
    if record.patient_reference is not None:
        earlier = review_store.earlier_analyses(
            mongo,
            user_id=pseudonym,
            patient_reference=record.patient_reference,
            body_site=record.body_site,
            before=record.creation_date,
        )
        record.earlier_analyses = [
            EarlierAnalysis(
                id=old["_id"],
                status=old["status"],
                creation_date=old["creationDate"],
                result=old.get("result"),
                is_melanoma=old.get("isMelanoma"),
                review_impression=(old.get("review") or {}).get("impression"),
            )
            for old in earlier
        ]
    return record
