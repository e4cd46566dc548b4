"""Whatever users write, rendering a PDF reads no local file and makes no request.

Each test looks into every decompressed stream of the PDF (pages, fonts, images,
embedded files), not just its visible text, and a control test shows that the same
HTML does leak with WeasyPrint's own fetcher, so the check would catch a leak.
"""

import base64
import io

import pytest
import weasyprint
from pypdf import PdfReader
from pypdf.generic import StreamObject

from apps.exports import pdf
from apps.exports.fetcher import INTERNAL_ORIGIN
from apps.strategies import models as sm
from tests.factories import SectionFactory, VersionFactory, mark_adopted

from .pdfread import pdftotext

PASSWD_LINE = b"root:x:0:0"


@pytest.fixture
def secret_file(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text("KOMPAS-SECRET-7f3a91 must never be printed\n")
    return path


def decoded_streams(data: bytes) -> bytes:
    """Every stream of the PDF, decompressed, concatenated."""
    reader = PdfReader(io.BytesIO(data))
    chunks = []
    for objects in reader.xref.values():
        for number in objects:
            obj = reader.get_object(number)
            if isinstance(obj, StreamObject):
                chunks.append(obj.get_data())
    assert chunks, "no streams found: the check would prove nothing"
    return b"\n".join(chunks)


def embedded_files(data: bytes) -> list[str]:
    return list(PdfReader(io.BytesIO(data)).attachments)


def hostile_html(secret_path, server) -> str:
    passwd = "file:///etc/passwd"
    secret = secret_path.as_uri()
    huge = "data:image/png;base64," + base64.b64encode(b"\0" * 600_000).decode()
    return f"""<!DOCTYPE html><html lang="da"><head><title>Angreb</title>
    <base href="file:///etc/">
    <link rel="stylesheet" href="{passwd}">
    <link rel="attachment" href="{passwd}">
    <link rel="attachment" href="{secret}">
    <link rel="attachment" href="passwd">
    <style>
      @import url("{secret}");
      @font-face {{ font-family: X; src: url("{secret}"); }}
      body {{ background: url("{server}/background.png"); }}
      p::after {{ content: url("{passwd}"); }}
    </style></head><body>
    <p>Tekst</p>
    <img src="{passwd}" alt="a"><img src="passwd" alt="b"><img src="/etc/passwd" alt="c">
    <img src="{secret}" alt="d"><img src="{server}/x.png" alt="e"><img src="{huge}" alt="f">
    <object data="{secret}" type="text/plain"></object><embed src="{passwd}">
    <iframe src="{secret}"></iframe>
    <div style="background-image: url('{passwd}')">x</div>
    <svg xmlns="http://www.w3.org/2000/svg"><image href="{secret}"/></svg>
    </body></html>"""


def test_default_weasyprint_fetcher_would_leak_the_files(secret_file):
    """The control: without SafeURLFetcher the same HTML embeds local files."""
    html = hostile_html(secret_file, "http://127.0.0.1:9")

    data = weasyprint.HTML(string=html, base_url=INTERNAL_ORIGIN).write_pdf()

    assert b"KOMPAS-SECRET-7f3a91" in decoded_streams(data)


def test_hostile_html_through_the_renderer_reads_no_file_and_makes_no_request(
    secret_file, trap_server
):
    server, hits = trap_server

    data = pdf.html_to_pdf(hostile_html(secret_file, server))

    streams = decoded_streams(data)
    assert b"KOMPAS-SECRET-7f3a91" not in streams
    assert PASSWD_LINE not in streams
    assert embedded_files(data) == []
    assert embedded_files(pdf.html_to_pdf(hostile_html(secret_file, server), archive=True)) == []
    assert hits == []
    assert "Tekst" in pdftotext(data)


@pytest.mark.django_db
def test_user_text_with_references_leaks_nothing_into_the_exported_pdf(
    organisation, secret_file, trap_server
):
    server, hits = trap_server
    secret = secret_file.as_uri()
    attempts = (
        f'<img src="file:///etc/passwd"> <img src="{secret}"> '
        f"![passwd](file:///etc/passwd) ![fjern]({server}/x.png) "
        f"[hemmelig]({secret}) [lokal](http://127.0.0.1:9/x) "
        f'<link rel="attachment" href="{secret}"> '
        f"<style>@import url({secret});</style> "
        f"<div style=\"background:url('{secret}')\">css</div> "
        "![stor](data:image/png;base64," + "A" * 700_000 + ")"
    )
    draft = VersionFactory(
        strategy__organisation=organisation,
        strategy__title=f'</title><link rel="attachment" href="{secret}"><title>',
    )
    SectionFactory(version=draft, heading=f'<img src="{secret}">', body=attempts)
    sm.RelatedDocument.objects.create(
        version=draft, title="Link", url=secret.replace("file:", "https:"), note=attempts
    )
    version = mark_adopted(draft)

    data = pdf.strategy_pdf(version)

    streams = decoded_streams(data)
    assert b"KOMPAS-SECRET-7f3a91" not in streams
    assert PASSWD_LINE not in streams
    assert b"root:" not in pdftotext(data).encode()
    # An adopted version carries one file, its own content as JSON; nothing a text named.
    assert embedded_files(data) == [f"{version.strategy.slug}-v{version.number}.json"]
    assert hits == []
