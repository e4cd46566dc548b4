"""Reading a document into ordered blocks: the first step of an import."""

from django.utils.translation import gettext_lazy as _

from . import safety
from .blocks import Block, UnreadableDocument, tidy

__all__ = ["Block", "UnreadableDocument", "read_document", "read_pasted"]


def read_document(name: str, data: bytes) -> tuple[str, list[Block]]:
    """(format, blocks) of an uploaded file; UnreadableDocument with the reason if not."""
    kind = safety.identify(name, data)
    if kind == safety.DOCX:
        from .office import read_docx

        blocks = _guarded(read_docx, data)
    elif kind == safety.ODT:
        from .office import read_odt

        blocks = _guarded(read_odt, data)
    elif kind == safety.PDF:
        from .pdf import read_pdf

        blocks = read_pdf(data)
    else:
        text = _decode(data)
        if kind == safety.HTML:
            from .text import read_html

            blocks = read_html(text)
        else:
            from .text import read_text

            blocks = read_text(text)
    blocks = tidy(blocks)
    if not blocks:
        raise UnreadableDocument(_("The document contains no text."))
    return kind, blocks


def read_pasted(text: str) -> list[Block]:
    from .text import read_text

    return tidy(read_text(text))


def _guarded(reader, data):
    try:
        return reader(data)
    except UnreadableDocument:
        raise
    except Exception as error:  # noqa: BLE001 - any failure inside a damaged package
        raise UnreadableDocument(safety.corrupt_message()) from error


def _decode(data: bytes) -> str:
    try:
        if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
            return data.decode("utf-16")
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    if b"\x00" in data:
        raise UnreadableDocument(safety.corrupt_message())
    # Older Windows text files: cp1252 covers æøå äö.
    return data.decode("cp1252", errors="replace")
