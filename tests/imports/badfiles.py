"""Real bad files, made by the tests: what people upload by mistake or on purpose."""

import io
import zipfile

from .documents import layout, write_docx, write_pdf

MB = 1024 * 1024


def encrypted_pdf() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(write_pdf(layout("glostrup")[:8]))))
    writer.encrypt(user_password="hemmelig", owner_password="hemmelig")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def corrupt_pdf() -> bytes:
    good = write_pdf(layout("glostrup")[:8])
    return good[:200] + b"\x00garbage" * 50


def scanned_pdf() -> bytes:
    from PIL import Image
    from weasyprint import HTML

    picture = io.BytesIO()
    Image.new("RGB", (400, 560), "white").save(picture, "PNG")
    import base64

    src = "data:image/png;base64," + base64.b64encode(picture.getvalue()).decode()
    return HTML(string=f'<img src="{src}" style="width:100%">').write_pdf()


def old_word_doc() -> bytes:
    # The Compound File header every .doc starts with, then sectors of nothing.
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 4096


def password_docx() -> bytes:
    # Word saves a password-protected .docx as a Compound File with this stream.
    return (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512
            + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 512)


def macro_docx() -> bytes:
    """A .docx whose package declares macros (as a .docm does)."""
    source = zipfile.ZipFile(io.BytesIO(write_docx(layout("glostrup")[:8])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"wordprocessingml.document.main+xml",
                    b"ms-word.document.macroEnabled.main+xml",
                )
            target.writestr(item, data)
        target.writestr("word/vbaProject.bin", b"\x00" * 64)
    return out.getvalue()


def zip_bomb(kind="docx") -> bytes:
    """A package with one part that unpacks from some kB to 30 MB of zeros."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        if kind == "odt":
            archive.writestr("mimetype", "application/vnd.oasis.opendocument.text",
                             compress_type=zipfile.ZIP_STORED)
            archive.writestr("content.xml", b"0" * (30 * MB))
        else:
            archive.writestr(
                "[Content_Types].xml",
                '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/'
                '2006/content-types"><Override PartName="/word/document.xml" ContentType="'
                'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main'
                '+xml"/></Types>',
            )
            archive.writestr("word/document.xml", b"0" * (30 * MB))
    return out.getvalue()


def too_large_text() -> bytes:
    return ("Borgerne skal kunne forstå kommunens breve.\n\n" * (21 * MB // 46 + 1)).encode()


def png_picture() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (20, 20), "red").save(out, "PNG")
    return out.getvalue()


# name -> (file name, maker, the start of the message a person reads)
BAD_FILES = {
    "encrypted-pdf": ("politik.pdf", encrypted_pdf, "The PDF is protected by a password"),
    "corrupt-pdf": ("politik.pdf", corrupt_pdf, "The file is damaged"),
    "scanned-pdf": ("scan.pdf", scanned_pdf, "The PDF holds only pictures"),
    "old-doc": ("politik.doc", old_word_doc, "This is an old Word document"),
    "password-docx": ("politik.docx", password_docx, "The document is protected by a password"),
    "docm-by-name": ("politik.docm", lambda: write_docx(layout("glostrup")[:4]),
                     "The document contains macros"),
    "macro-package": ("politik.docx", macro_docx, "The document contains macros"),
    "zip-bomb-docx": ("politik.docx", zip_bomb, "The file unpacks to far more"),
    "zip-bomb-odt": ("politik.odt", lambda: zip_bomb("odt"), "The file unpacks to far more"),
    "too-large": ("politik.txt", too_large_text, "The file is larger than 20 MB"),
    "unknown-type": ("logo.png", png_picture, "Kompas cannot read this kind of file"),
}
