"""What a file is, and whether it is safe to open, before any reader touches it."""

import io
import zipfile

from django.utils.translation import gettext_lazy as _

from .blocks import UnreadableDocument

MAX_BYTES = 20 * 1024 * 1024
# A document's parts unpacked: far above any real policy, far below what hurts a worker.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 200
MAX_MEMBERS = 5000

DOCX, ODT, PDF, TEXT, MARKDOWN, HTML = "docx", "odt", "pdf", "txt", "md", "html"
TEXT_EXTENSIONS = {"txt": TEXT, "text": TEXT, "md": MARKDOWN, "markdown": MARKDOWN,
                   "html": HTML, "htm": HTML}
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


def extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def identify(name: str, data: bytes) -> str:
    """The format to read the file as, or UnreadableDocument saying why it cannot be."""
    if len(data) > MAX_BYTES:
        raise UnreadableDocument(
            _("The file is larger than 20 MB. Save it without embedded pictures, or as a "
              "PDF, and try again.")
        )
    if not data:
        raise UnreadableDocument(_("The file is empty."))
    ext = extension(name)
    if ext in ("docm", "dotm"):
        raise UnreadableDocument(_macro_message())
    if data.startswith(OLE_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise UnreadableDocument(
                _("The document is protected by a password. Remove the password in Word "
                  "and upload it again.")
            )
        raise UnreadableDocument(
            _("This is an old Word document (.doc). Open it in Word or LibreOffice, save "
              "it as .docx, and upload that file.")
        )
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"PK\x03\x04"):
        return _identify_zip(data)
    if ext in TEXT_EXTENSIONS:
        return TEXT_EXTENSIONS[ext]
    if ext in ("docx", "odt", "pdf"):
        raise UnreadableDocument(_corrupt_message())
    raise UnreadableDocument(
        _("Kompas cannot read this kind of file. Upload a Word document (.docx), an "
          "OpenDocument text (.odt), a PDF with text, or a text, Markdown or HTML file.")
    )


def _identify_zip(data: bytes) -> str:
    archive = open_zip(data)
    names = set(archive.namelist())
    if "[Content_Types].xml" in names:
        types = archive.read("[Content_Types].xml")
        if b"macroEnabled" in types or any(n.endswith("vbaProject.bin") for n in names):
            raise UnreadableDocument(_macro_message())
        if b"wordprocessingml.document" in types:
            return DOCX
    if "mimetype" in names and archive.read("mimetype").strip() == ODT_MIMETYPE:
        if any(n.lower().startswith("basic/") for n in names):
            raise UnreadableDocument(_macro_message())
        return ODT
    raise UnreadableDocument(
        _("Kompas cannot read this kind of file. Upload a Word document (.docx), an "
          "OpenDocument text (.odt), a PDF with text, or a text, Markdown or HTML file.")
    )


def open_zip(data: bytes) -> zipfile.ZipFile:
    """The archive, once its declared sizes show it is not a zip bomb."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise UnreadableDocument(_corrupt_message()) from error
    total = sum(member.file_size for member in members)
    swollen = any(
        member.file_size > 1024 * 1024
        and member.file_size > MAX_RATIO * max(member.compress_size, 1)
        for member in members
    )
    if len(members) > MAX_MEMBERS or total > MAX_UNPACKED_BYTES or swollen:
        raise UnreadableDocument(
            _("The file unpacks to far more than a document holds and was not opened. "
              "Save the document again from Word or LibreOffice and upload that copy.")
        )
    return archive


def _macro_message():
    return _("The document contains macros, which Kompas does not open. Save it as an "
             "ordinary Word document (.docx) without macros and upload that.")


def _corrupt_message():
    return _("The file is damaged or not what its name says, and cannot be read. Open it "
             "in the program that made it, save it again and upload the new copy.")


corrupt_message = _corrupt_message
