"""The clinical loop end to end: API, analyzer and registrar as processes on the real services.

A GP submits a photo with a patient reference; the analyzer (no validated checkpoint here, so
its card says ``validated: false``) scores it; the registrar records it and puts it in the
worklist; a dermatologist reviews it; the GP reads the opinion; the FHIR report turns final.
"""

from __future__ import annotations

import base64

import pytest
from fhir.resources.R4B.diagnosticreport import DiagnosticReport

from luna_testing.photos import lesion_jpeg
from luna_testing.platform import RunningPlatform, wait_for_status

pytestmark = pytest.mark.e2e


def test_gp_submits_dermatologist_reviews_gp_reads_and_fhir_report_is_final(
    platform: RunningPlatform,
) -> None:
    gp_name, gp_password = platform.create_user()
    derm_name, derm_password = platform.create_user(roles=["dermatologist"])
    gp_token = platform.sign_in(gp_name, gp_password)
    derm_token = platform.sign_in(derm_name, derm_password)

    with platform.client(gp_token) as gp, platform.client(derm_token) as derm:
        submitted = gp.post(
            "/api/imageProcess",
            json={
                "image": base64.b64encode(lesion_jpeg()).decode(),
                "description": "new dark lesion, 7 mm",
                "patientReference": "CESFAM-000123",
                "bodySite": "lower_extremity",
            },
        )
        assert submitted.status_code == 202, submitted.text
        analysis_id = submitted.json()["id"]
        done = wait_for_status(gp, analysis_id, {"completed", "failed"})
        assert done["status"] == "completed" and done["model"]["validated"] is False
        assert done["patientReference"] == "CESFAM-000123"

        # The registrar put it in the worklist (unvalidated model); the GP also asks.
        asked = gp.post(
            f"/api/getAnalysis/{analysis_id}/review-request", json={"question": "Refer?"}
        )
        assert asked.status_code == 201, asked.text
        assert set(asked.json()["reasons"]) >= {"unvalidated_model", "requested"}
        preliminary = gp.get(f"/api/fhir/DiagnosticReport/{analysis_id}")
        assert DiagnosticReport.model_validate_json(preliminary.content).status == "preliminary"

        assert gp.get("/api/reviews").status_code == 403
        worklist = derm.get("/api/reviews", params={"status": "pending"}).json()
        entry = next(item for item in worklist["items"] if item["id"] == analysis_id)
        assert entry["bodySite"] == "lower_extremity"
        assert entry["description"] == "new dark lesion, 7 mm"
        opened = derm.get(f"/api/getAnalysis/{analysis_id}")
        assert opened.status_code == 200 and opened.json()["image"].startswith("data:image/")
        assert gp_name not in opened.text

        reviewed = derm.post(
            f"/api/getAnalysis/{analysis_id}/review",
            json={
                "impression": "melanoma_suspected",
                "recommendation": "urgent_referral",
                "agreesWithModel": True,
                "comment": "Refer to dermatology this week.",
            },
        )
        assert reviewed.status_code == 201, reviewed.text
        assert gp.post(f"/api/getAnalysis/{analysis_id}/review").status_code == 403

        seen = gp.get(f"/api/getAnalysis/{analysis_id}").json()["review"]
        assert seen["status"] == "done" and seen["impression"] == "melanoma_suspected"
        assert seen["recommendation"] == "urgent_referral"
        assert seen["reviewerName"] == derm_name
        listed = gp.get("/api/me/getAnalysisList", params={"patientReference": "CESFAM-000123"})
        assert listed.json()["items"][0]["review"]["status"] == "done"

        final = gp.get(f"/api/fhir/DiagnosticReport/{analysis_id}")
        assert final.headers["content-type"].startswith("application/fhir+json")
        report = DiagnosticReport.model_validate_json(final.content)
        assert report.status == "final"
        assert {resource.id for resource in report.contained} == {
            "patient",
            "model",
            "risk",
            "review",
            "photo",
        }

    other_name, other_password = platform.create_user()
    with platform.client(platform.sign_in(other_name, other_password)) as other:
        assert other.get(f"/api/fhir/DiagnosticReport/{analysis_id}").status_code == 404
        assert other.get(f"/api/getAnalysis/{analysis_id}").status_code == 404
