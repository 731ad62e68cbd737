"""Render the app's PNG icons (web manifest, home screen) from public/luna.svg with Chromium.

Run again after changing the logo: ``.venv/bin/python luna_app/scripts/make_icons.py``.
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import sync_playwright

PUBLIC = Path(__file__).resolve().parent.parent / "public"
ICONS = PUBLIC / "icons"
# (file, size, padding as a fraction of the size): maskable icons keep the logo in the safe zone.
TARGETS = [
    ("icon-192.png", 192, 0.0),
    ("icon-512.png", 512, 0.0),
    ("maskable-512.png", 512, 0.1),
    ("apple-touch-icon-180.png", 180, 0.06),
]


def main() -> None:
    svg = (PUBLIC / "luna.svg").read_text()
    ICONS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--headless", "--no-sandbox"]
        )
        for name, size, padding in TARGETS:
            page = browser.new_page(viewport={"width": size, "height": size})
            inset = round(size * padding)
            background = "#1f4e79" if padding else "transparent"
            logo = svg.replace("<svg ", "<svg width=100% height=100% ")
            page.set_content(
                f"<html><body style='margin:0;background:{background}'>"
                f"<div style='padding:{inset}px;width:{size - 2 * inset}px;"
                f"height:{size - 2 * inset}px'>{logo}</div>"
                "</body></html>"
            )
            page.screenshot(path=ICONS / name, omit_background=not padding)
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
