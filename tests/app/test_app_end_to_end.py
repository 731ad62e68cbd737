"""The clinician's journey through the app in headless Chromium, against the real platform."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, expect

from luna_testing.platform import RunningPlatform
from tests.app.browser import (
    ANALYZER,
    DESKTOP,
    PHONE,
    photo_like_jpeg,
    set_date,
    sign_in,
    snap,
)

pytestmark = pytest.mark.e2e


def test_wrong_credentials_show_a_clear_message(
    browser: Browser, app_url: str, platform: RunningPlatform, screenshots_dir: Path
) -> None:
    username, _ = platform.create_user()
    context = browser.new_context(viewport=PHONE, locale="es-CL")
    page = context.new_page()
    page.goto(app_url)
    expect(page).to_have_url(re.compile(r"/login$"))
    expect(page.get_by_test_id("login-submit")).to_be_visible()
    snap(page, screenshots_dir / "login.png")

    sign_in(page, username, "not-the-password")
    expect(page.get_by_test_id("login-error")).to_have_text("Usuario o contraseña incorrectos.")
    expect(page).to_have_url(re.compile(r"/login$"))
    assert page.evaluate("localStorage.getItem('luna.session')") is None
    snap(page, screenshots_dir / "login-error.png")
    context.close()


def test_clinician_analyses_a_photo_and_reads_the_result(
    browser: Browser, app_url: str, platform: RunningPlatform, screenshots_dir: Path, tmp_path: Path
) -> None:
    username, password = platform.create_user()
    context = browser.new_context(viewport=PHONE, locale="es-CL")
    page = context.new_page()

    # Log in: the app opens on the Analyse view, and stays signed in across a reload.
    page.goto(app_url)
    sign_in(page, username, password)
    expect(page).to_have_url(re.compile(r"/app/analyse$"))
    expect(page.get_by_test_id("analyse-submit")).to_be_visible()
    page.reload()
    expect(page.get_by_test_id("analyse-submit")).to_be_visible()
    expect(page.get_by_test_id("analyse-submit")).to_have_attribute("aria-disabled", "true")

    # Pick a 2400x1800 photo from the "gallery" (Capacitor's web fallback is a file input);
    # the preview is the downscaled JPEG that will be uploaded (longest side 1600 px).
    photo = photo_like_jpeg(tmp_path / "lesion.jpg")
    # "Take photo" opens @ionic/pwa-elements' camera modal; headless Chromium has no camera, so
    # the modal offers a file instead. Cancel discards the photo.
    page.get_by_test_id("take-photo").click()
    camera = page.locator("pwa-camera-modal-instance")
    expect(camera.locator(".no-device label")).to_be_visible()
    with page.expect_file_chooser() as chooser:
        camera.locator(".no-device label").click()
    chooser.value.set_files(photo)
    expect(camera).to_have_count(0)
    expect(page.get_by_test_id("preview")).to_be_visible()
    page.get_by_test_id("analyse-cancel").click()
    expect(page.get_by_test_id("preview")).to_have_count(0)
    expect(page.get_by_test_id("analyse-submit")).to_have_attribute("aria-disabled", "true")
    with page.expect_file_chooser() as chooser:
        page.get_by_test_id("choose-gallery").click()
    chooser.value.set_files(photo)
    preview = page.get_by_test_id("preview")
    expect(preview).to_be_visible()
    size = preview.evaluate("img => [img.naturalWidth, img.naturalHeight]")
    assert size == [1600, 1200]
    page.get_by_test_id("analyse-description").locator("textarea").fill(
        "Lesión en hombro izquierdo, 7 mm"
    )
    snap(page, screenshots_dir / "analyse.png", tall=True)

    # With the analyzer stopped the request must wait; the requests view shows it at once.
    platform.processes.stop_process(ANALYZER)
    try:
        # A slow uplink (as on a clinic's mobile network) makes the upload progress visible.
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send(
            "Network.emulateNetworkConditions",
            {
                "offline": False,
                "latency": 50,
                "downloadThroughput": -1,
                "uploadThroughput": 150 * 1024,
            },
        )
        page.get_by_test_id("analyse-submit").click()
        expect(page.get_by_test_id("upload-progress")).to_be_visible()
        expect(page.get_by_test_id("analyse-submit")).to_have_attribute("aria-disabled", "true")
        snap(page, screenshots_dir / "analyse-sending.png")
        cdp.send(
            "Network.emulateNetworkConditions",
            {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
        )
        expect(page).to_have_url(re.compile(r"/app/requests$"), timeout=30_000)
        row = page.get_by_test_id("request-row").first
        expect(row).to_contain_text("Lesión en hombro izquierdo, 7 mm")
        expect(row).to_have_attribute("data-status", "pending")
        expect(row.get_by_test_id("status-badge")).to_have_text("En espera")
        expect(page.get_by_test_id("requests-polling")).to_be_visible()
        snap(page, screenshots_dir / "requests-waiting.png")
    finally:
        platform.processes.start_service("analyzer", ANALYZER)

    # The view refreshes itself until the result arrives.
    expect(row).to_have_attribute("data-status", "completed", timeout=120_000)
    expect(row.get_by_test_id("status-badge")).to_have_text("Completado")
    expect(page.get_by_test_id("requests-polling")).to_have_count(0)
    snap(page, screenshots_dir / "requests.png")

    # Filter by date on a desktop screen: today shows the request, a past range hides it.
    page.set_viewport_size(DESKTOP)
    today = date.today().isoformat()
    set_date(page, "filter-from", today)
    set_date(page, "filter-to", today)
    expect(page.get_by_test_id("request-row")).to_have_count(1)
    snap(page, screenshots_dir / "requests-desktop.png")
    set_date(page, "filter-from", "2001-01-01")
    set_date(page, "filter-to", "2001-12-31")
    expect(page.get_by_test_id("requests-empty")).to_be_visible()
    expect(page.get_by_test_id("request-row")).to_have_count(0)
    page.get_by_test_id("filter-clear").click()
    expect(page.get_by_test_id("request-row")).to_have_count(1)

    # The detail: no validated checkpoint in the test platform, so a neutral card that says the
    # number carries no information, no threshold side; the model, the disclaimer; the image
    # hidden until asked.
    page.set_viewport_size(PHONE)
    expect(row.get_by_test_id("request-band")).to_have_text("Sin validación clínica")
    page.get_by_test_id("request-open").first.click()
    expect(page).to_have_url(re.compile(r"/app/requests/[^/]+$"))
    result = page.get_by_test_id("result")
    expect(result).to_have_attribute("data-kind", "unvalidated")
    expect(page.get_by_test_id("unvalidated-notice")).to_contain_text(
        "no aporta información sobre esta lesión"
    )
    expect(page.get_by_test_id("result-score")).to_have_text(
        re.compile(r"^Puntaje del modelo: \d{1,3},\d\s?%$")
    )
    expect(result).not_to_contain_text("umbral")
    expect(page.get_by_test_id("result-model")).to_contain_text("luna-efficientnet-b1")
    expect(page.get_by_test_id("disclaimer")).to_contain_text(
        "apoya y no reemplaza el juicio clínico"
    )
    expect(page.get_by_test_id("detail-analysis-date")).not_to_be_empty()
    expect(page.get_by_test_id("detail-image")).to_have_count(0)
    page.get_by_test_id("toggle-image").click()
    image = page.get_by_test_id("detail-image")
    expect(image).to_be_visible()
    page.wait_for_function(
        "() => document.querySelector('[data-testid=detail-image]')?.naturalWidth === 1600"
    )
    snap(page, screenshots_dir / "detail.png", tall=True)
    page.get_by_test_id("toggle-image").click()
    expect(page.get_by_test_id("detail-image")).to_have_count(0)

    # Account: username, e-mail and roles; English is available and remembered.
    page.get_by_test_id("tab-account").click()
    expect(page.get_by_test_id("account-username")).to_have_text(username)
    expect(page.get_by_test_id("account-email")).to_have_text(f"{username}@clinic.test")
    expect(page.get_by_test_id("account-role")).to_have_text(["Médico/a de APS"])
    snap(page, screenshots_dir / "account.png")
    page.get_by_test_id("language-en").click()
    expect(page.get_by_test_id("logout")).to_have_text("Log out")
    page.reload()
    expect(page.get_by_test_id("logout")).to_have_text("Log out")
    page.get_by_test_id("language-es").click()
    expect(page.get_by_test_id("logout")).to_have_text("Cerrar sesión")

    # Log out: back to the login view, the token stops working, a reload stays logged out.
    token = json.loads(page.evaluate("localStorage.getItem('luna.session')"))["accessToken"]
    page.get_by_test_id("logout").click()
    expect(page).to_have_url(re.compile(r"/login$"))
    expect(page.get_by_test_id("login-submit")).to_be_visible()
    assert page.evaluate("localStorage.getItem('luna.session')") is None
    response = httpx.get(f"{platform.api_url}/api/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401
    page.reload()
    expect(page).to_have_url(re.compile(r"/login$"))
    page.goto(f"{app_url}/app/requests")
    expect(page).to_have_url(re.compile(r"/login\?next=%2Fapp%2Frequests$"))
    context.close()
