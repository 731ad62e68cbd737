"""Compose serves LUNA over HTTPS only (issue 11): a Caddy proxy terminates TLS with HSTS for the
app and the API, which publish no plain port; the API believes forwarded addresses from that
proxy alone; the app's server sends restrictive headers. Docker cannot run here, so the files
are checked against each other and against the code."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

from luna_api.core.config import ApiSettings
from luna_common.settings import variable_name

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
CADDYFILE = (ROOT / "deploy" / "caddy" / "Caddyfile").read_text()
NGINX = (ROOT / "luna_app" / "nginx.conf").read_text()


def _sites() -> dict[str, str]:
    """Each top-level Caddyfile block that names a site, by its address."""
    blocks, depth, address, body = {}, 0, None, []
    for line in CADDYFILE.splitlines():
        text = line.split("#", 1)[0].rstrip()
        if not text:
            continue
        if depth == 0 and text.endswith("{"):
            address, body = text[:-1].strip(), []
        elif depth > 0:
            body.append(text.strip())
        depth += text.count("{") - text.count("}")
        if depth == 0 and address is not None:
            blocks[address] = "\n".join(body)
            address = None
    return {a: b for a, b in blocks.items() if not a.startswith("(")}


def test_api_and_app_publish_no_plain_port() -> None:
    for service in ("api", "app"):
        assert "ports" not in SERVICES[service], service
    assert "8090" in SERVICES["api"]["expose"] and "8100" in SERVICES["app"]["expose"]


def test_the_proxy_serves_the_app_and_the_api_over_https() -> None:
    proxy = SERVICES["proxy"]
    assert proxy["image"].startswith("caddy:")
    published = {p.split(":")[0] for p in proxy["ports"]}
    assert {"443", "8443"} <= published
    assert "./deploy/caddy/Caddyfile:/etc/caddy/Caddyfile:ro" in proxy["volumes"]
    sites = _sites()
    app_site = next(body for address, body in sites.items() if not address.endswith(":8443"))
    api_site = next(body for address, body in sites.items() if address.endswith(":8443"))
    assert "reverse_proxy app:8100" in app_site
    assert "reverse_proxy api:8090" in api_site
    for body in (app_site, api_site):
        assert "import luna_tls" in body


def test_every_site_has_tls_and_hsts_for_a_year() -> None:
    snippet = CADDYFILE[CADDYFILE.index("(luna_tls)") :]
    assert re.search(r"^\s*tls \{\$LUNA_TLS:internal\}", snippet, re.M)
    hsts = re.search(r'Strict-Transport-Security "max-age=(\d+)', snippet)
    assert hsts and int(hsts.group(1)) >= 31_536_000


def test_a_hospital_certificate_can_be_mounted() -> None:
    proxy = SERVICES["proxy"]
    assert "./certs:/certs:ro" in proxy["volumes"]
    assert proxy["environment"]["LUNA_TLS"] == "${LUNA_TLS:-internal}"
    example = (ROOT / ".env.example").read_text()
    assert "LUNA_TLS=internal" in example and "/certs/luna.crt /certs/luna.key" in example


def test_the_api_trusts_forwarded_addresses_from_the_proxy_only() -> None:
    proxy_address = SERVICES["proxy"]["networks"]["default"]["ipv4_address"]
    trusted = SERVICES["api"]["environment"][variable_name("trusted_proxies")]
    assert json.loads(trusted) == [proxy_address]
    assert "trusted_proxies" in ApiSettings.model_fields
    assert ApiSettings.model_fields["trusted_proxies"].default == []
    subnet = COMPOSE["networks"]["default"]["ipam"]["config"][0]["subnet"]
    assert proxy_address.rsplit(".", 1)[0] == subnet.split("/")[0].rsplit(".", 1)[0]


def test_browsers_are_sent_to_https() -> None:
    api_url = SERVICES["app"]["build"]["args"]["VITE_LUNA_API_URL"]
    assert "https://" in api_url and ":8443" in api_url
    origins = SERVICES["api"]["environment"][variable_name("cors_origins")]
    assert "https://" in origins and "http://" not in origins


def test_the_app_server_sends_restrictive_headers() -> None:
    assert "add_header X-Content-Type-Options nosniff always;" in NGINX
    assert "add_header Referrer-Policy no-referrer always;" in NGINX
    csp = re.search(r'Content-Security-Policy "([^"]+)"', NGINX)
    assert csp is not None
    policy = dict(
        (part.split()[0], part.split()[1:]) for part in csp.group(1).split(";") if part.strip()
    )
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]  # no inline or remote scripts
    assert policy["frame-ancestors"] == ["'none'"] and policy["object-src"] == ["'none'"]
    assert policy["connect-src"] == ["'self'", "__LUNA_API_URL__"]
    dockerfile = (ROOT / "luna_app" / "Dockerfile").read_text()
    assert "s|__LUNA_API_URL__|${VITE_LUNA_API_URL}|g" in dockerfile
