"""The clinical loop in headless Chromium against the real platform: the dermatologist's
worklist and review form, and the GP's review badge, opinion and request, at 360 px and on a
desktop."""

from __future__ import annotations

import base64
import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from luna_testing.photos import lesion_jpeg
from luna_testing.platform import RunningPlatform, wait_for_status
from tests.app.browser import DESKTOP, PHONE, sign_in, snap

pytestmark = pytest.mark.e2e


def submit(platform: RunningPlatform, token: str, **fields: str) -> str:
    """A GP's submission through the API, analysed by the platform's analyzer."""
    with platform.client(token) as gp:
        answer = gp.post(
            "/api/imageProcess",
            json={"image": base64.b64encode(lesion_jpeg(seed=3)).decode(), **fields},
        )
        assert answer.status_code == 202, answer.text
        analysis_id = answer.json()["id"]
        assert wait_for_status(gp, analysis_id, {"completed"})["status"] == "completed"
    return analysis_id


def review_in_the_app(page: Page, analysis_id: str, screenshots: Path, name: str) -> None:
    """Open the analysis from the worklist, check what the dermatologist sees, and review it."""
    page.get_by_test_id("tab-worklist").click()
    expect(page).to_have_url(re.compile(r"/app/worklist$"))
    row = page.locator(f'[data-testid="worklist-row"][data-analysis-id="{analysis_id}"]')
    expect(row).to_be_visible()
    expect(row).to_contain_text("Extremidad inferior")
    expect(row).to_contain_text("Modelo no validado")
    snap(page, screenshots / f"worklist{name}.png")

    row.get_by_test_id("worklist-open").click()
    expect(page).to_have_url(re.compile(rf"/app/worklist/{analysis_id}$"))
    # The photo is shown at once, with the context and the model's result.
    image = page.get_by_test_id("review-image")
    expect(image).to_be_visible()
    assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    expect(page.get_by_test_id("review-body-site")).to_have_text("Extremidad inferior")
    expect(page.get_by_test_id("review-description")).to_have_text("Lesión nueva, 7 mm")
    expect(page.get_by_test_id("review-model-validated")).to_have_text("No validado")
    # The dermatologist sees the unvalidated model's score as the GP does: a neutral card that
    # says it carries no information, with no threshold colour.
    expect(page.get_by_test_id("result")).to_have_attribute("data-kind", "unvalidated")
    expect(page.get_by_test_id("unvalidated-notice")).to_be_visible()
    expect(page.get_by_test_id("review-model")).to_contain_text("luna-efficientnet-b1")
    expect(page.get_by_test_id("review-gp-question")).to_have_text("¿Derivar?")
    # The analyzer gives a heatmap with each result, and the API serves the model's card.
    heatmap = page.get_by_test_id("review-heatmap")
    expect(heatmap).to_be_visible()
    assert heatmap.evaluate("img => img.complete && img.naturalWidth > 0")
    expect(page.get_by_test_id("review-model-card")).to_be_visible()
    # Without every choice the form says what is missing and sends nothing.
    page.get_by_test_id("review-submit").click()
    expect(page.get_by_test_id("review-incomplete")).to_be_visible()

    page.get_by_test_id("impression-melanoma_suspected").click()
    page.get_by_test_id("recommendation-urgent_referral").click()
    page.get_by_test_id("agrees-yes").click()
    page.get_by_test_id("review-comment-input").locator("textarea").fill(
        "Asimetría y borde irregular: derivar esta semana."
    )
    snap(page, screenshots / f"review-form{name}.png", tall=True)
    page.get_by_test_id("review-submit").click()
    expect(page.get_by_test_id("review-saved")).to_be_visible()
    expect(page.get_by_test_id("review-impression")).to_have_text("Sospecha de melanoma")
    expect(page.get_by_test_id("review-submit")).to_have_text(re.compile("Corregir revisión"))


@pytest.mark.parametrize(("viewport", "name"), [(PHONE, ""), (DESKTOP, "-desktop")])
def test_dermatologist_reviews_from_the_worklist_and_the_gp_reads_the_opinion(
    browser: Browser,
    app_url: str,
    platform: RunningPlatform,
    screenshots_dir: Path,
    viewport: dict[str, int],
    name: str,
) -> None:
    gp_name, gp_password = platform.create_user()
    gp_token = platform.sign_in(gp_name, gp_password)
    derm_name, derm_password = platform.create_user(roles=["dermatologist"])
    analysis_id = submit(
        platform,
        gp_token,
        description="Lesión nueva, 7 mm",
        patientReference="CESFAM-000123",
        bodySite="lower_extremity",
    )
    with platform.client(gp_token) as gp:
        asked = gp.post(
            f"/api/getAnalysis/{analysis_id}/review-request", json={"question": "¿Derivar?"}
        )
        assert asked.status_code == 201, asked.text

    context = browser.new_context(viewport=viewport, locale="es-CL")
    page = context.new_page()
    page.goto(app_url)
    sign_in(page, derm_name, derm_password)
    expect(page.get_by_test_id("tab-worklist")).to_be_visible()
    review_in_the_app(page, analysis_id, screenshots_dir, name)
    # Reviewed, it leaves the waiting list and appears among the dermatologist's own.
    page.get_by_test_id("back").click()
    expect(page.locator(f'[data-analysis-id="{analysis_id}"]')).to_have_count(0)
    page.get_by_test_id("worklist-tab-done").click()
    expect(page.locator(f'[data-analysis-id="{analysis_id}"]')).to_be_visible()
    context.close()

    # The GP: a badge in the list, the opinion by name in the detail.
    context = browser.new_context(viewport=viewport, locale="es-CL")
    page = context.new_page()
    page.goto(app_url)
    sign_in(page, gp_name, gp_password)
    expect(page.get_by_test_id("tab-worklist")).to_have_count(0)  # GPs have no worklist
    page.get_by_test_id("tab-requests").click()
    row = page.locator(f'[data-testid="request-row"][data-request-id="{analysis_id}"]')
    expect(row.get_by_test_id("review-badge")).to_have_text("Revisado")
    expect(row.get_by_test_id("request-patient")).to_contain_text("CESFAM-000123")
    # The list filters by patient reference.
    patient_filter = page.get_by_test_id("filter-patient").locator("input")
    patient_filter.fill("OTRO-1")
    expect(page.get_by_test_id("requests-empty")).to_be_visible()
    patient_filter.fill("CESFAM-000123")
    expect(row).to_be_visible()
    expect(page.get_by_test_id("request-row")).to_have_count(1)
    snap(page, screenshots_dir / f"requests-reviewed{name}.png")
    row.get_by_test_id("request-open").click()
    expect(page.get_by_test_id("review-impression")).to_have_text("Sospecha de melanoma")
    expect(page.get_by_test_id("review-recommendation")).to_have_text("Derivación urgente")
    expect(page.get_by_test_id("review-by")).to_contain_text(derm_name)
    expect(page.get_by_test_id("detail-patient-reference")).to_have_text("CESFAM-000123")
    snap(page, screenshots_dir / f"detail-review{name}.png", tall=True)
    context.close()


def test_gp_form_says_no_names_and_the_gp_can_ask_for_a_review(
    browser: Browser, app_url: str, platform: RunningPlatform, screenshots_dir: Path
) -> None:
    gp_name, gp_password = platform.create_user()
    analysis_id = submit(platform, platform.sign_in(gp_name, gp_password))
    context = browser.new_context(viewport=PHONE, locale="es-CL")
    page = context.new_page()
    page.goto(app_url)
    sign_in(page, gp_name, gp_password)
    reference = page.get_by_test_id("analyse-patient-reference")
    expect(reference).to_contain_text("nunca el nombre del paciente")
    reference.locator("input").fill("Ana Pérez")
    expect(reference).to_contain_text("Nunca un nombre.")
    reference.locator("input").fill("HC-2024/0815")
    expect(reference).not_to_contain_text("Nunca un nombre.")

    # The platform's model is unvalidated, so each result waits for a dermatologist by itself;
    # make this one what a validated model's benign result looks like: out of the worklist.
    db = platform.results_db()
    db["analyses"].update_one(
        {"_id": analysis_id},
        {
            "$set": {"model.validated": True, "isMelanoma": False, "result": 0.07},
            "$unset": {"reviewStatus": "", "reviewReasons": ""},
        },
    )
    db.client.close()
    page.goto(f"{app_url}/app/requests/{analysis_id}")
    expect(page.get_by_test_id("review-ask")).to_be_visible()
    page.get_by_test_id("review-question").locator("textarea").fill("¿Cambió de color?")
    snap(page, screenshots_dir / "detail-ask-review.png", tall=True)
    page.get_by_test_id("review-ask").click()
    expect(page.get_by_test_id("review-waiting")).to_be_visible()
    expect(page.get_by_test_id("review-ask")).to_have_count(0)
    with platform.client(platform.sign_in(gp_name, gp_password)) as gp:
        review = gp.get(f"/api/getAnalysis/{analysis_id}").json()["review"]
    assert review["status"] == "pending" and review["reasons"] == ["requested"]
    assert review["question"] == "¿Cambió de color?"
    context.close()
