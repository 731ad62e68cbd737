"""What the browser tests share: screen sizes, a photo-like JPEG, sign-in, screenshots."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter
from playwright.sync_api import Page, ViewportSize

PHONE: ViewportSize = {"width": 360, "height": 740}
DESKTOP: ViewportSize = {"width": 1280, "height": 800}
ANALYZER = "analyzer-1"  # the analyzer process that luna_testing/platform.py starts


def photo_like_jpeg(path: Path, width: int = 2400, height: int = 1800) -> Path:
    """A photo-sized JPEG of a dark, blurred, irregular lesion on shaded skin, with sensor noise."""
    skin = Image.new("RGB", (width, height), (222, 170, 146))
    shade = Image.radial_gradient("L").resize((width, height))
    image = Image.composite(
        skin, Image.new("RGB", (width, height), (176, 122, 100)), shade.point(lambda v: 255 - v)
    )
    lesion = Image.new("L", (width, height), 0)
    draw = ImageDraw.Draw(lesion)
    cx, cy, r = width // 2, height // 2, min(width, height) // 6
    draw.polygon(
        [
            (cx - r, cy - r // 3),
            (cx - r // 2, cy - r),
            (cx + r // 2, cy - r + 20),
            (cx + r, cy - r // 4),
            (cx + r - 30, cy + r // 2),
            (cx + r // 4, cy + r),
            (cx - r // 2, cy + r - 40),
        ],
        fill=255,
    )
    lesion = lesion.filter(ImageFilter.GaussianBlur(r // 8))
    image = Image.composite(Image.new("RGB", (width, height), (84, 48, 38)), image, lesion)
    noise = Image.effect_noise((width, height), 18).convert("RGB")
    image = Image.blend(image, noise, 0.06)
    image.save(path, "JPEG", quality=92)
    return path


def sign_in(page: Page, username: str, password: str) -> None:
    page.get_by_test_id("login-username").locator("input").fill(username)
    page.get_by_test_id("login-password").locator("input").fill(password)
    page.get_by_test_id("login-submit").click()


def snap(page: Page, path: Path, *, tall: bool = False) -> None:
    """Screenshot once Ionic's page transitions and ripples have finished.

    Ionic scrolls inside ion-content, so a full-page screenshot is taken with a taller viewport.
    """
    page.mouse.move(0, 0)
    page.evaluate("() => document.activeElement?.blur()")
    page.wait_for_timeout(500)  # Material ripples start fading only a moment after the click
    page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')")
    size = page.viewport_size
    if tall and size:
        height = page.evaluate(
            "() => Math.max(0, ...[...document.querySelectorAll("
            "'.ion-page:not(.ion-page-hidden) ion-content')]"
            ".map(c => c.shadowRoot?.querySelector('.inner-scroll')?.scrollHeight ?? 0))"
        )
        page.set_viewport_size(
            {"width": size["width"], "height": max(size["height"], height + 120)}
        )
        page.wait_for_timeout(200)
    page.screenshot(path=path, animations="disabled", caret="hide")
    if tall and size:
        page.set_viewport_size(size)


def set_date(page: Page, test_id: str, value: str) -> None:
    page.get_by_test_id(test_id).locator("input").fill(value)
