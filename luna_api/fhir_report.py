"""An analysis as an HL7 FHIR R4B ``DiagnosticReport``, built with ``fhir.resources.R4B``.

The report contains everything it refers to: the model's risk ``Observation`` (with the model as
a ``Device``), the dermatologist's review ``Observation`` once reviewed, the photo as a ``Media``,
and the ``Patient`` known only by the clinic's record number. It never names the GP.

Codes: SNOMED CT for the body sites that have one fitting concept, HL7 terminology for the
interpretation (POS/NEG), yes/no (Y/N), observation category and media type, UCUM for the
probability; everything else uses LUNA's own code system ``LUNA_CODES`` (no SNOMED CT or LOINC
code fits an AI risk score or these review answers).
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

from fhir.resources.R4B.annotation import Annotation
from fhir.resources.R4B.attachment import Attachment
from fhir.resources.R4B.bundle import Bundle, BundleEntry, BundleEntrySearch, BundleLink
from fhir.resources.R4B.codeableconcept import CodeableConcept
from fhir.resources.R4B.coding import Coding
from fhir.resources.R4B.device import Device, DeviceDeviceName, DeviceProperty, DeviceVersion
from fhir.resources.R4B.diagnosticreport import DiagnosticReport, DiagnosticReportMedia
from fhir.resources.R4B.identifier import Identifier
from fhir.resources.R4B.media import Media
from fhir.resources.R4B.observation import (
    Observation,
    ObservationComponent,
    ObservationReferenceRange,
)
from fhir.resources.R4B.patient import Patient
from fhir.resources.R4B.quantity import Quantity
from fhir.resources.R4B.reference import Reference

from luna_common.messages import ModelInfo

FHIR_MEDIA_TYPE = "application/fhir+json"
LUNA_CODES = "urn:luna:fhir:codes"
ANALYSIS_ID_SYSTEM = "urn:luna:analysis-id"
SNOMED = "http://snomed.info/sct"
UCUM = "http://unitsofmeasure.org"
INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"
YES_NO = "http://terminology.hl7.org/CodeSystem/v2-0136"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
MEDIA_TYPE = "http://terminology.hl7.org/CodeSystem/media-type"

# (system, code, display); palms/soles and oral/genital have no single SNOMED CT concept.
BODY_SITE_CODES: dict[str, tuple[str, str, str]] = {
    "head_neck": (SNOMED, "774007", "Structure of head and/or neck"),
    "upper_extremity": (SNOMED, "53120007", "Upper limb structure"),
    "lower_extremity": (SNOMED, "61685007", "Lower limb structure"),
    "torso": (SNOMED, "22943007", "Trunk structure"),
    "palms_soles": (LUNA_CODES, "palms-soles", "Palms or soles"),
    "oral_genital": (LUNA_CODES, "oral-genital", "Oral or genital region"),
}
IMPRESSION_DISPLAY = {
    "melanoma_suspected": "Melanoma suspected",
    "other_malignant_suspected": "Other malignant lesion suspected",
    "benign": "Benign",
    "inconclusive": "Inconclusive",
}
RECOMMENDATION_DISPLAY = {
    "urgent_referral": "Urgent referral to dermatology",
    "routine_referral": "Routine referral to dermatology",
    "follow_up": "Follow-up in primary care",
    "discharge": "Discharge",
}
DECISION_SUPPORT_NOTE = (
    "Decision-support result of an automated model, not a diagnosis: a clinician decides."
)


def _concept(system: str, code: str, display: str, text: str | None = None) -> CodeableConcept:
    return CodeableConcept(
        coding=[Coding(system=system, code=code, display=display)], text=text or display
    )


def _luna(code: str, display: str) -> CodeableConcept:
    return _concept(LUNA_CODES, code, display)


def _decimal(value: float) -> Decimal:
    return Decimal(str(value))  # FHIR decimals keep the value as written


def _local(resource_id: str) -> Reference:
    return Reference(reference=f"#{resource_id}")


def _body_site(site: str | None) -> CodeableConcept | None:
    if site is None:
        return None
    return _concept(*BODY_SITE_CODES[site])


def _model_device(model: ModelInfo) -> Device:
    validated = "Y" if model.validated else "N"
    return Device(
        id="model",
        status="active",
        deviceName=[DeviceDeviceName(name=model.name, type="model-name")],
        version=[DeviceVersion(value=model.version)],
        type=_luna("melanoma-risk-model", "Melanoma risk model (decision-support software)"),
        property=[
            DeviceProperty(
                type=_luna("model-validated", "Model validated on held-out data"),
                valueCode=[_concept(YES_NO, validated, "Yes" if model.validated else "No")],
            ),
            DeviceProperty(
                type=_luna("decision-threshold", "Decision threshold"),
                valueQuantity=[
                    Quantity(value=_decimal(model.threshold), system=UCUM, code="1", unit="1")
                ],
            ),
        ],
    )


def _risk_observation(
    doc: dict[str, Any], model: ModelInfo, subject: Reference | None
) -> Observation:
    above = bool(doc.get("isMelanoma"))
    notes = [Annotation(text=DECISION_SUPPORT_NOTE)]
    if not model.validated:
        notes.append(Annotation(text="The model that produced this result was not validated."))
    return Observation(
        id="risk",
        status="final",
        category=[_concept(OBSERVATION_CATEGORY, "imaging", "Imaging")],
        code=_luna("melanoma-risk", "Probability of melanoma estimated by a model"),
        subject=subject,
        effectiveDateTime=doc["creationDate"],
        issued=doc["analysisDate"],
        valueQuantity=Quantity(
            value=_decimal(doc["result"]), unit="probability", system=UCUM, code="1"
        ),
        interpretation=[
            _concept(INTERPRETATION, "POS", "Positive", "At or above the model's threshold")
            if above
            else _concept(INTERPRETATION, "NEG", "Negative", "Below the model's threshold")
        ],
        referenceRange=[
            ObservationReferenceRange(
                high=Quantity(value=_decimal(model.threshold), system=UCUM, code="1", unit="1"),
                text="below the model's decision threshold",
            )
        ],
        bodySite=_body_site(doc.get("bodySite")),
        device=_local("model"),
        note=notes,
    )


def _review_observation(
    review: dict[str, Any], *, amended: bool, reviewer_name: str | None, subject: Reference | None
) -> Observation:
    impression = review["impression"]
    recommendation = review["recommendation"]
    agrees = review["agreesWithModel"]
    return Observation(
        id="review",
        status="amended" if amended else "final",
        category=[_concept(OBSERVATION_CATEGORY, "exam", "Exam")],
        code=_luna("dermatologist-review", "Dermatologist's review of the photo and the result"),
        subject=subject,
        issued=review["reviewedAt"],
        effectiveDateTime=review["reviewedAt"],
        performer=[Reference(display=reviewer_name)] if reviewer_name else None,
        valueCodeableConcept=_luna(impression.replace("_", "-"), IMPRESSION_DISPLAY[impression]),
        component=[
            ObservationComponent(
                code=_luna("recommendation", "Recommendation"),
                valueCodeableConcept=_luna(
                    recommendation.replace("_", "-"), RECOMMENDATION_DISPLAY[recommendation]
                ),
            ),
            ObservationComponent(
                code=_luna("agrees-with-model", "Reviewer agrees with the model's result"),
                valueBoolean=agrees,
            ),
        ],
        derivedFrom=[_local("risk")],
        note=[Annotation(text=review["comment"])] if review.get("comment") else None,
    )


def _photo(doc: dict[str, Any], subject: Reference | None, *, with_data: bool) -> Media:
    image = bytes(doc["image"]) if with_data and doc.get("image") is not None else None
    return Media(
        id="photo",
        status="completed",
        type=_concept(MEDIA_TYPE, "image", "Image"),
        subject=subject,
        createdDateTime=doc["creationDate"],
        bodySite=_body_site(doc.get("bodySite")),
        content=Attachment(
            contentType=doc.get("imageType") or "image/jpeg",
            data=base64.b64encode(image) if image else None,
            size=len(image) if image else None,
            # FHIR's Attachment.hash is SHA-1 by definition.
            hash=base64.b64encode(hashlib.sha1(image).digest()) if image else None,
            title="Skin lesion photo" + ("" if image else " (in the report read by its id)"),
            creation=doc["creationDate"],
        ),
    )


def _status(doc: dict[str, Any]) -> str:
    if doc["status"] == "pending":
        return "registered"
    if doc["status"] == "failed":
        return "cancelled"
    return "final" if doc.get("review") else "preliminary"


def _conclusion(doc: dict[str, Any], model: ModelInfo | None) -> str:
    if doc["status"] == "pending":
        return "Waiting for analysis."
    if doc["status"] == "failed":
        return f"The analysis failed: {doc.get('failureReason') or 'no reason given'}"
    review = doc.get("review")
    if review:
        return (
            f"Dermatologist: {IMPRESSION_DISPLAY[review['impression']]}; "
            f"{RECOMMENDATION_DISPLAY[review['recommendation']]}."
        )
    side = "at or above" if doc.get("isMelanoma") else "below"
    validated = "" if model and model.validated else " The model was not validated."
    return (
        f"Melanoma risk {doc['result']:.3f}, {side} the model's threshold; waiting for a "
        f"dermatologist.{validated} {DECISION_SUPPORT_NOTE}"
    )


def diagnostic_report(
    doc: dict[str, Any],
    *,
    patient_system: str,
    reviewer_names: Mapping[str, str],
    with_photo_data: bool = True,
) -> DiagnosticReport:
    """The FHIR R4B report of one stored analysis document.

    ``status``: ``registered`` (pending), ``cancelled`` (failed), ``preliminary`` (completed,
    not reviewed), ``final`` (reviewed). ``with_photo_data=False`` leaves the photo's bytes
    out, for search results (the report read by its id carries them).
    """
    model = ModelInfo.model_validate(doc["model"]) if doc.get("model") else None
    contained: list[Any] = []
    results: list[Reference] = []
    subject = None
    if doc.get("patientReference"):
        contained.append(
            Patient(
                id="patient",
                identifier=[Identifier(system=patient_system, value=doc["patientReference"])],
            )
        )
        subject = _local("patient")
    if doc["status"] == "completed" and model is not None:
        contained += [_model_device(model), _risk_observation(doc, model, subject)]
        results.append(_local("risk"))
    review = doc.get("review")
    reviewer_name = reviewer_names.get(review["reviewer"]) if review else None
    if review:
        amended = bool(doc.get("reviewHistory"))
        contained.append(
            _review_observation(
                review, amended=amended, reviewer_name=reviewer_name, subject=subject
            )
        )
        results.append(_local("review"))
    contained.append(_photo(doc, subject, with_data=with_photo_data))
    review_impression = review["impression"] if review else None
    issued: datetime | None = review["reviewedAt"] if review else doc.get("analysisDate")
    return DiagnosticReport(
        id=doc["_id"],
        contained=contained,
        identifier=[Identifier(system=ANALYSIS_ID_SYSTEM, value=doc["_id"])],
        status=_status(doc),
        code=_luna("melanoma-risk-assessment", "Melanoma risk assessment of a skin lesion photo"),
        subject=subject,
        effectiveDateTime=doc["creationDate"],
        issued=issued,
        resultsInterpreter=[Reference(display=reviewer_name)] if reviewer_name else None,
        result=results or None,
        media=[DiagnosticReportMedia(comment="Skin lesion photo", link=_local("photo"))],
        conclusion=_conclusion(doc, model),
        conclusionCode=(
            [_luna(review_impression.replace("_", "-"), IMPRESSION_DISPLAY[review_impression])]
            if review_impression
            else None
        ),
    )


def searchset(
    reports: list[DiagnosticReport], *, total: int, self_url: str, base_url: str
) -> Bundle:
    """A ``searchset`` Bundle of reports; ``base_url`` makes each entry's ``fullUrl``."""
    return Bundle(
        type="searchset",
        total=total,
        link=[BundleLink(relation="self", url=self_url)],
        entry=[
            BundleEntry(
                fullUrl=f"{base_url}/api/fhir/DiagnosticReport/{report.id}",
                resource=report,
                search=BundleEntrySearch(mode="match"),
            )
            for report in reports
        ]
        or None,
    )


def to_json(resource: DiagnosticReport | Bundle) -> str:
    """The resource as FHIR JSON (no empty elements)."""
    return resource.model_dump_json(exclude_none=True)
