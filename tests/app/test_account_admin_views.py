"""Account security in the app, in headless Chromium against the real platform (issue 11): an
admin disables a user and gives a temporary password, reads the audit trail, and the user is
made to change the temporary password before anything else."""

from __future__ import annotations

import re
import secrets
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from luna_testing.platform import RunningPlatform
from tests.app.browser import PHONE, sign_in, snap

pytestmark = pytest.mark.e2e


def _fill(page: Page, test_id: str, value: str) -> None:
    page.get_by_test_id(test_id).locator("input").fill(value)


def _change_password(page: Page, current: str, new: str) -> None:
    _fill(page, "password-current", current)
    _fill(page, "password-new", new)
    _fill(page, "password-repeat", new)
    page.get_by_test_id("password-submit").click()


def test_admin_manages_a_user_who_must_then_change_the_temporary_password(
    browser: Browser, app_url: str, platform: RunningPlatform, screenshots_dir: Path
) -> None:
    username, password = platform.create_user()
    with platform.client(platform.admin_token()) as client:
        user_id = next(
            u["id"] for u in client.get("/api/users").json() if u["username"] == username
        )

    admin = browser.new_context(viewport=PHONE, locale="es-CL").new_page()
    admin.goto(app_url)
    sign_in(admin, platform.admin_username, platform.admin_password)
    admin.get_by_test_id("tab-account").click()
    admin.get_by_test_id("admin-users-link").click()
    row = admin.get_by_test_id(f"user-{user_id}")
    expect(row).to_contain_text(username)
    admin.get_by_test_id(f"user-{user_id}-toggle").click()
    expect(admin.get_by_test_id(f"user-state-{user_id}")).to_have_text("Deshabilitado")
    with platform.client() as client:
        refused = client.post("/signin", json={"username": username, "password": password})
        assert refused.status_code == 401
    admin.get_by_test_id(f"user-{user_id}-toggle").click()
    expect(admin.get_by_test_id(f"user-state-{user_id}")).to_have_text("Activo")
    admin.get_by_test_id(f"user-{user_id}-temp-password").click()
    message = admin.get_by_test_id("admin-message")
    expect(message).to_contain_text("Contraseña temporal de " + username)
    temporary = re.search(r": (\S+)\. ", message.inner_text()).group(1)
    snap(admin, screenshots_dir / "admin-users.png", tall=True)

    # The user signs in with it: only the password change is offered.
    user = browser.new_context(viewport=PHONE, locale="es-CL").new_page()
    user.goto(app_url)
    sign_in(user, username, temporary)
    expect(user.get_by_test_id("must-change-password-page")).to_be_visible()
    snap(user, screenshots_dir / "must-change-password.png")
    final = "nueva-" + secrets.token_hex(8)
    _change_password(user, temporary, final)
    expect(user.get_by_test_id("tab-analyse")).to_be_visible()
    user.get_by_test_id("tab-requests").click()
    expect(user).to_have_url(re.compile(r"/app/requests$"))
    with platform.client() as client:
        assert (
            client.post("/signin", json={"username": username, "password": final}).status_code
            == 200
        )

    # The admin reads what happened to that account in the audit trail.
    admin.get_by_test_id("back").click()
    admin.get_by_test_id("admin-audit-link").click()
    _fill(admin, "audit-userId", str(user_id))
    admin.get_by_test_id("audit-search").click()
    events = admin.get_by_test_id("audit-event")
    expect(events.first).to_be_visible()
    text = " ".join(events.all_inner_texts())
    for action in ("password_change", "password_reset", "user_update", "signin"):
        assert action in text, action
    snap(admin, screenshots_dir / "admin-audit.png", tall=True)


def test_a_user_changes_their_password_in_the_account_view(
    browser: Browser, app_url: str, platform: RunningPlatform
) -> None:
    username, password = platform.create_user()
    page = browser.new_context(viewport=PHONE, locale="es-CL").new_page()
    page.goto(app_url)
    sign_in(page, username, password)
    page.get_by_test_id("tab-account").click()
    expect(page.get_by_test_id("admin-links")).to_have_count(0)  # not an admin
    _change_password(page, "not-my-password", "otra-clave-larga-1")
    expect(page.get_by_test_id("password-error")).to_have_text(
        "La contraseña actual no es correcta."
    )
    new = "otra-clave-" + secrets.token_hex(6)
    _change_password(page, password, new)
    expect(page.get_by_test_id("password-changed")).to_be_visible()
    # The app carries on with its new token; the old password is gone.
    page.get_by_test_id("tab-requests").click()
    expect(page).to_have_url(re.compile(r"/app/requests$"))
    with httpx.Client(base_url=platform.api_url) as client:
        old = client.post("/signin", json={"username": username, "password": password})
        assert old.status_code == 401
