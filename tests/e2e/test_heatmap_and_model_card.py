"""The heatmap and the model card, from the analyzer through the broker and registrar to the API."""

from __future__ import annotations

import base64
import io

import pytest
from PIL import Image

from luna_testing.photos import lesion_jpeg
from luna_testing.platform import RunningPlatform, wait_for_status

pytestmark = pytest.mark.e2e

CARD_FIELDS = {
    "name",
    "version",
    "architecture",
    "inputSize",
    "threshold",
    "targetSensitivity",
    "validated",
    "validationReason",
    "pretrained",
    "trainingData",
    "testMetrics",
    "intendedUse",
    "knownLimits",
    "createdAt",
}


def test_a_completed_analysis_shows_its_heatmap_and_its_model_card(
    platform: RunningPlatform,
) -> None:
    token = platform.sign_in(*platform.create_user())
    with platform.client(token) as gp:
        photo = "data:image/jpeg;base64," + base64.b64encode(lesion_jpeg(1600, 900)).decode()
        analysis_id = gp.post("/api/imageProcess", json={"image": photo}).json()["id"]
        done = wait_for_status(gp, analysis_id, {"completed", "failed"})
        assert done["status"] == "completed", done

        heatmap = done["heatmap"]
        assert heatmap.startswith("data:image/png;base64,") and len(heatmap) <= 30 * 1024
        picture = Image.open(io.BytesIO(base64.b64decode(heatmap.split(",", 1)[1])))
        assert picture.format == "PNG" and picture.width == picture.height >= 64
        listed = gp.get("/api/me/getAnalysisList").json()["items"]
        assert [item.get("heatmap") for item in listed] == [None]  # detail view only

        model = done["model"]
        response = gp.get(f"/api/models/{model['name']}/{model['version']}")
        assert response.status_code == 200, response.text
        card = response.json()
        assert set(card) >= CARD_FIELDS
        assert (card["name"], card["version"]) == (model["name"], model["version"])
        assert card["validated"] is False and card["testMetrics"] is None
        assert "untrained" in card["validationReason"]
        assert card["pretrained"] == "none" and card["threshold"] == model["threshold"]
        assert "never replaces" in card["intendedUse"] and card["knownLimits"]

        missing = gp.get(f"/api/models/{model['name']}/no-such-version")
        assert missing.status_code == 404 and missing.json()["detail"]
    with platform.client(None) as anonymous:
        assert anonymous.get(f"/api/models/{model['name']}/{model['version']}").status_code == 401
