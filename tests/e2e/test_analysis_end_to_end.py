"""One analysis end to end: API, analyzer and registrar as separate processes, real services."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta

import pytest

from luna_testing.photos import lesion_jpeg
from luna_testing.platform import RunningPlatform, wait_for_status

pytestmark = pytest.mark.e2e


def test_a_submitted_photo_is_analysed_and_only_its_owner_sees_it(
    platform: RunningPlatform,
) -> None:
    # The admin signs up a general practitioner, who signs in.
    username, password = platform.create_user()
    token = platform.sign_in(username, password)
    jpeg = lesion_jpeg()
    submitted_at = datetime.now(UTC)

    with platform.client(token) as gp:
        response = gp.post(
            "/api/imageProcess",
            json={
                "image": "data:image/jpeg;base64," + base64.b64encode(jpeg).decode(),
                "description": "lesion on left shoulder",
            },
        )
        assert response.status_code == 202, response.text
        accepted = response.json()
        analysis_id = accepted["id"]
        assert accepted["status"] == "pending"

        # Visible at once in the list, before the analysis is done.
        listing = gp.get("/api/me/getAnalysisList").json()
        assert analysis_id in [item["id"] for item in listing["items"]]

        done = wait_for_status(gp, analysis_id, {"completed", "failed"})
        assert done["status"] == "completed", done
        assert done["id"] == analysis_id
        assert done["description"] == "lesion on left shoulder"
        assert 0.0 <= done["result"] <= 1.0
        model = done["model"]
        assert model["name"] == "luna-efficientnet-b1"
        assert model["validated"] is False  # no checkpoint configured: random weights
        assert done["isMelanoma"] == (done["result"] >= model["threshold"])
        assert model["version"]
        created = datetime.fromisoformat(done["creationDate"])
        analysed = datetime.fromisoformat(done["analysisDate"])
        assert submitted_at - timedelta(seconds=5) <= created <= analysed <= datetime.now(UTC)
        assert done["failureReason"] is None
        assert done["image"].startswith("data:image/jpeg;base64,")
        assert base64.b64decode(done["image"].split(",", 1)[1])[:2] == b"\xff\xd8"
        listed = gp.get("/api/me/getAnalysisList").json()["items"][0]
        assert listed["id"] == analysis_id and listed["status"] == "completed"
        assert "image" not in listed or listed["image"] is None

    # Another user gets 404 for it, not 403, and does not see it in their list.
    other_name, other_password = platform.create_user()
    with platform.client(platform.sign_in(other_name, other_password)) as other:
        assert other.get(f"/api/getAnalysis/{analysis_id}").status_code == 404
        assert other.get("/api/me/getAnalysisList").json()["total"] == 0

        # A non-admin cannot sign users up.
        refused = other.post(
            "/api/auth/signup",
            json={"username": "intruder", "email": "intruder@clinic.test", "password": "x" * 16},
        )
        assert refused.status_code == 403

    # After logout the token is refused.
    with platform.client(token) as gp:
        assert gp.post("/logout").status_code in (200, 204)
        assert gp.get("/api/me").status_code == 401
        assert gp.get(f"/api/getAnalysis/{analysis_id}").status_code == 401
