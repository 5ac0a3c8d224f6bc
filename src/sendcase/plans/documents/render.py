"""HTML to PDF with WeasyPrint, offline.

The documents are tagged PDF/UA-1 (`pdf_variant="pdf/ua-1"`, which turns on `pdf_tags`), so headings,
paragraphs, lists and tables are real structure for screen readers; the title comes from <title> and the
language from <html lang="en-GB">. The print stylesheet is rendered from a template and passed as a
string, and fonts come from fontconfig (Liberation Sans), so nothing is fetched: the URL fetcher refuses
every URL that is not a file inside the project's static folders.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import CSS, HTML, URLFetcher
from weasyprint.urls import URLFetcherResponse

PDF_VARIANT = "pdf/ua-1"
PRINT_CSS_TEMPLATE = "pdf/print.css"


class RefusedURL(ValueError):
    """A document asked for a resource that is not a local static file."""


def static_roots() -> list[Path]:
    """The folders a document may read from: the static folders (and the collected static root)."""
    roots = [Path(p) for p in getattr(settings, "STATICFILES_DIRS", [])]
    if getattr(settings, "STATIC_ROOT", None):
        roots.append(Path(settings.STATIC_ROOT))
    return [root.resolve() for root in roots]


class LocalStaticFetcher(URLFetcher):
    """Fetches `file:` URLs inside the static folders; refuses everything else (http, https, ftp, data,
    and files elsewhere on the disk such as /etc/passwd or the media folder)."""

    def __init__(self, roots: list[Path] | None = None) -> None:
        super().__init__(allowed_protocols=["file"], allow_redirects=False, fail_on_errors=False)
        self.roots = roots if roots is not None else static_roots()

    def local_path(self, url: str) -> Path:
        parts = urlsplit(url)
        if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
            raise RefusedURL(f"Refused to fetch {url!r}: documents may only use local static files")
        path = Path(url2pathname(unquote(parts.path))).resolve()
        if not any(path.is_relative_to(root) for root in self.roots) or not path.is_file():
            raise RefusedURL(f"Refused to fetch {url!r}: not a static file")
        return path

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        path = self.local_path(url)
        return URLFetcherResponse(path.as_uri(), body=path.read_bytes())


def base_url() -> str:
    roots = static_roots()
    return roots[0].as_uri() + "/" if roots else "file:///nonexistent/"


def print_css() -> CSS:
    return CSS(string=render_to_string(PRINT_CSS_TEMPLATE), url_fetcher=LocalStaticFetcher())


def html_to_pdf(html: str) -> bytes:
    """Render print HTML to a tagged PDF (PDF/UA-1), fetching nothing from the network."""
    fetcher = LocalStaticFetcher()
    document = HTML(string=html, base_url=base_url(), url_fetcher=fetcher)
    return document.write_pdf(stylesheets=[print_css()], pdf_variant=PDF_VARIANT)


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    """Render a template under templates/pdf/ with `context`, then to PDF."""
    return html_to_pdf(render_to_string(template, context))
