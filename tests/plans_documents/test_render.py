"""The renderer: tagged PDF/UA output with title and language, and no network access."""

from __future__ import annotations

import pytest
from weasyprint import HTML

from sendcase.plans.documents import render
from sendcase.plans.documents.render import LocalStaticFetcher, RefusedURL, html_to_pdf, static_roots

from .helpers import reader, text_of

PAGE = """<!DOCTYPE html><html lang="en-GB"><head><title>A test letter</title></head>
<body><h1>Heading text</h1><p>Body text.</p>{extra}</body></html>"""


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/logo.png",
        "http://127.0.0.1:8000/static/x.css",
        "ftp://example.com/file",
        "data:text/plain,hello",
        "file:///etc/passwd",
        "file://remote-host/share/x.css",
    ],
)
def test_fetcher_refuses_anything_but_local_static_files(url):
    with pytest.raises((RefusedURL, ValueError)):
        LocalStaticFetcher().fetch(url)


def test_fetcher_reads_a_static_file():
    css = static_roots()[0] / "sendcase" / "sendcase.css"
    response = LocalStaticFetcher().fetch(css.as_uri())
    assert response.read() == css.read_bytes()


def test_fetcher_refuses_paths_escaping_the_static_folder():
    escape = static_roots()[0].as_uri() + "/../../config/settings.py"
    with pytest.raises(RefusedURL):
        LocalStaticFetcher().fetch(escape)


def test_rendering_never_opens_a_network_connection(monkeypatch):
    opened = []

    def no_network(*args, **kwargs):
        opened.append(args)
        raise AssertionError("network used")

    monkeypatch.setattr("urllib.request.OpenerDirector.open", no_network)
    monkeypatch.setattr("socket.create_connection", no_network)
    extra = (
        '<img src="https://example.com/tracker.png" alt="">'
        '<link rel="stylesheet" href="https://example.com/x.css">'
        '<p style="background: url(http://example.com/bg.png)">Styled</p>'
    )
    pdf = html_to_pdf(PAGE.format(extra=extra))
    assert "Heading text" in text_of(pdf)
    assert opened == []


def test_pdf_is_tagged_pdf_ua_with_title_and_language():
    pdf = html_to_pdf(PAGE.format(extra=""))
    document = reader(pdf)
    root = document.trailer["/Root"]
    assert document.metadata.title == "A test letter"
    assert root["/Lang"] == "en-GB"
    assert "/StructTreeRoot" in root
    assert bool(root["/MarkInfo"]["/Marked"])
    assert b"pdfuaid" in root["/Metadata"].get_object().get_data()


def test_print_stylesheet_uses_liberation_sans():
    pdf = html_to_pdf(PAGE.format(extra=""))
    fonts = set()
    for page in reader(pdf).pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert fonts and all("Liberation-Sans" in name for name in fonts), fonts


def test_weasyprint_supports_the_variant():
    assert render.PDF_VARIANT == "pdf/ua-1"
    HTML(string="<p>x</p>").render()  # the installed WeasyPrint renders at all
