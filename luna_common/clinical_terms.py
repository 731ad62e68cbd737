"""The fixed vocabularies of the clinical loop: body sites, review impressions and recommendations.

Body sites follow SIIM-ISIC's ``anatom_site_general_challenge`` values, written as API-safe
identifiers: ``head/neck`` → ``head_neck``, ``upper extremity`` → ``upper_extremity``,
``lower extremity`` → ``lower_extremity``, ``torso``, ``palms/soles`` → ``palms_soles``,
``oral/genital`` → ``oral_genital``.
"""

from __future__ import annotations

import re
from typing import Literal, get_args

BodySite = Literal[
    "head_neck", "upper_extremity", "lower_extremity", "torso", "palms_soles", "oral_genital"
]
BODY_SITES: tuple[str, ...] = get_args(BodySite)

Impression = Literal["melanoma_suspected", "other_malignant_suspected", "benign", "inconclusive"]
Recommendation = Literal["urgent_referral", "routine_referral", "follow_up", "discharge"]

# Why an analysis is in the dermatologists' worklist.
ReviewReason = Literal["melanoma_risk", "unvalidated_model", "requested"]
ReviewStatus = Literal["pending", "done"]

PATIENT_REFERENCE_MAX = 64
# A clinic's record number: letters, digits and a few separators, with at least one digit.
# No spaces and no accents: that keeps names ("Ana Pérez", "PerezAna") out.
_PATIENT_REFERENCE = re.compile(r"^(?=.*[0-9])[A-Za-z0-9][A-Za-z0-9._/:#-]*$")
PATIENT_REFERENCE_RULE = (
    f"the patient reference is the clinic's record number, never a name: up to "
    f"{PATIENT_REFERENCE_MAX} characters, letters A-Z, digits and . _ / : # -, "
    "with at least one digit and no spaces"
)


def clean_patient_reference(value: str | None) -> str | None:
    """The trimmed reference, None when blank; ValueError (with the rule) when not acceptable."""
    if value is None or not (trimmed := value.strip()):
        return None
    if len(trimmed) > PATIENT_REFERENCE_MAX or not _PATIENT_REFERENCE.match(trimmed):
        raise ValueError(PATIENT_REFERENCE_RULE)
    return trimmed
