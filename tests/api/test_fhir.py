"""FHIR R4B export on the real services, each answer validated with fhir.resources' R4B models."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.device import Device
from fhir.resources.R4B.diagnosticreport import DiagnosticReport
from fhir.resources.R4B.media import Media
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.patient import Patient
from pymongo.database import Database

from luna_common import analysis_record
from tests.api.clinical import REVIEW, complete, submit
from tests.api.conftest import Account


def read_report(client: TestClient, account: Account, analysis_id: str) -> DiagnosticReport:
    answer = client.get(f"/api/fhir/DiagnosticReport/{analysis_id}", headers=account.headers)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("application/fhir+json")
    return DiagnosticReport.model_validate_json(answer.content)


def contained(report: DiagnosticReport, resource_id: str) -> Any:
    return next(r for r in report.contained if r.id == resource_id)


def test_report_is_preliminary_then_final_with_every_contained_resource(
    client: TestClient, new_account: Callable[..., Account], mongo: Database
) -> None:
    gp, derm = new_account(), new_account(["dermatologist"])
    analysis_id = submit(client, gp, patientReference="HC-2024/0815", bodySite="upper_extremity")
    complete(mongo, analysis_id, gp, probability=0.83, validated=False, threshold=0.4)

    report = read_report(client, gp, analysis_id)
    assert report.status == "preliminary" and report.id == analysis_id
    assert report.subject.reference == "#patient"
    patient = contained(report, "patient")
    assert isinstance(patient, Patient)
    assert patient.identifier[0].value == "HC-2024/0815"
    assert patient.identifier[0].system == "urn:luna:patient-reference"  # the default setting
    assert patient.name is None

    risk = contained(report, "risk")
    assert isinstance(risk, Observation)
    assert float(risk.valueQuantity.value) == 0.83 and risk.valueQuantity.code == "1"
    assert risk.interpretation[0].coding[0].code == "POS"
    assert risk.device.reference == "#model"
    assert any("decision-support" in note.text.lower() for note in risk.note)
    assert risk.bodySite.coding[0].code == "53120007"  # SNOMED CT upper limb structure
    device = contained(report, "model")
    assert isinstance(device, Device)
    assert device.deviceName[0].name == "luna-efficientnet-b1"
    assert device.version[0].value == "unvalidated-random-init"
    validated = next(p for p in device.property if p.type.coding[0].code == "model-validated")
    assert validated.valueCode[0].coding[0].code == "N"

    photo = contained(report, "photo")
    assert isinstance(photo, Media)
    stored = mongo[analysis_record.COLLECTION].find_one({"_id": analysis_id})
    assert photo.content.data == bytes(stored["image"])
    assert photo.content.contentType == "image/jpeg"
    assert [r.reference for r in report.result] == ["#risk"]

    client.post(f"/api/getAnalysis/{analysis_id}/review", json=REVIEW, headers=derm.headers)
    final = read_report(client, gp, analysis_id)
    assert final.status == "final"
    review = contained(final, "review")
    assert isinstance(review, Observation)
    assert review.valueCodeableConcept.coding[0].code == "melanoma-suspected"
    assert review.component[0].valueCodeableConcept.coding[0].code == "urgent-referral"
    assert review.component[1].valueBoolean is True
    assert review.performer[0].display == derm.username
    assert [r.reference for r in final.result] == ["#risk", "#review"]
    # The reviewer may read it too, and it never names the GP.
    for_reviewer = client.get(f"/api/fhir/DiagnosticReport/{analysis_id}", headers=derm.headers)
    assert for_reviewer.status_code == 200
    assert gp.username not in for_reviewer.text and gp.pseudonym not in for_reviewer.text


def test_another_gp_and_an_unknown_id_get_404(
    client: TestClient, new_account: Callable[..., Account], mongo: Database
) -> None:
    gp, other = new_account(), new_account()
    analysis_id = submit(client, gp)
    complete(mongo, analysis_id, gp, probability=0.2)
    assert (
        client.get(f"/api/fhir/DiagnosticReport/{analysis_id}", headers=other.headers).status_code
        == 404
    )
    assert client.get("/api/fhir/DiagnosticReport/nope", headers=gp.headers).status_code == 404
    assert client.get(f"/api/fhir/DiagnosticReport/{analysis_id}").status_code == 401


def test_search_by_patient_is_a_searchset_of_the_callers_reports(
    client: TestClient, new_account: Callable[..., Account], mongo: Database
) -> None:
    gp, other = new_account(), new_account()
    first = submit(client, gp, patientReference="MRN-100", bodySite="torso")
    complete(mongo, first, gp, probability=0.3)
    second = submit(client, gp, patientReference="MRN-100", bodySite="torso")
    submit(client, gp, patientReference="MRN-200")
    submit(client, other, patientReference="MRN-100")

    answer = client.get(
        "/api/fhir/DiagnosticReport", params={"patient": "MRN-100"}, headers=gp.headers
    )
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/fhir+json")
    bundle = Bundle.model_validate_json(answer.content)
    assert bundle.type == "searchset" and bundle.total == 2
    reports = [entry.resource for entry in bundle.entry]
    assert [r.id for r in reports] == [second, first]  # newest first
    assert [r.status for r in reports] == ["registered", "preliminary"]
    assert all(
        entry.fullUrl.endswith(f"/api/fhir/DiagnosticReport/{entry.resource.id}")
        for entry in bundle.entry
    )
    assert all(entry.search.mode == "match" for entry in bundle.entry)

    with_system = client.get(
        "/api/fhir/DiagnosticReport",
        params={"patient": "urn:luna:patient-reference|MRN-100"},
        headers=gp.headers,
    )
    assert Bundle.model_validate_json(with_system.content).total == 2
    foreign = client.get(
        "/api/fhir/DiagnosticReport",
        params={"patient": "urn:other-hospital|MRN-100"},
        headers=gp.headers,
    )
    assert Bundle.model_validate_json(foreign.content).total == 0
    bad = client.get(
        "/api/fhir/DiagnosticReport", params={"patient": "Ana Pérez"}, headers=gp.headers
    )
    assert bad.status_code == 422
