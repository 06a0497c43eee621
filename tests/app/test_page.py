"""GET / (the explorer page), /static, and the offline API docs at /docs."""
from __future__ import annotations

import re
from pathlib import Path

from app.main import CONTENT_SECURITY_POLICY, ROOT

STATIC = ROOT / "static"


def test_page_renders_the_template(client):
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    page = response.text
    assert "<html" in page.lower()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page), "an inline <script> breaks the CSP"
    assert not re.search(r"\sstyle\s*=", page), "an inline style attribute breaks the CSP"
    assert not re.search(r"\son[a-z]+\s*=", page), "an inline event handler breaks the CSP"


def test_templates_escape_what_they_echo(client):
    environment = client.app.state.templates.env
    rendered = environment.from_string("<p>{{ text }}</p>").render(text='<script>alert("x")</script>')
    assert rendered == "<p>&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;</p>"


def static_files() -> list[Path]:
    return sorted(path for path in STATIC.rglob("*") if path.is_file())


def test_static_files_are_served_as_they_are(client):
    files = static_files()
    assert files, "static/ has no files"
    for path in files:
        response = client.get("/static/" + path.relative_to(STATIC).as_posix())
        assert response.status_code == 200, path
        assert response.content == path.read_bytes()
        assert response.headers["x-content-type-options"] == "nosniff"
        if path.suffix == ".js":
            assert "javascript" in response.headers["content-type"]


def test_missing_static_file_is_404(client):
    assert client.get("/static/no-such-file.js").status_code == 404


def test_docs_work_offline_without_inline_script(client):
    page = client.get("/docs")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    policy = page.headers["content-security-policy"]
    assert "script-src 'self';" in policy  # no 'unsafe-inline', no CDN
    assert "http" not in policy
    scripts = re.findall(r"<script([^>]*)>", page.text)
    assert scripts and all("src=" in attributes for attributes in scripts)
    for url in re.findall(r'(?:src|href)="([^"]+)"', page.text):
        assert not url.startswith(("http:", "https:", "//")), url
        asset = client.get("/" + url)
        assert asset.status_code == 200, url
    init = client.get("/docs/init.js")
    assert "javascript" in init.headers["content-type"] and 'url: "openapi.json"' in init.text
