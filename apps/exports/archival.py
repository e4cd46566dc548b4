"""How a printed document becomes a file: PDF/UA-1 for working documents, and
PDF/A-3a that also conforms to PDF/UA-1 for decided versions, which municipalities
hand to their archive with the version's content embedded as JSON.

WeasyPrint 70 makes either variant on its own (pdf_variant "pdf/ua-1" or
"pdf/a-3a": tags, XMP identification, an sRGB OutputIntent, the trailer /ID, the
print flag on every annotation, /AF and AFRelationship on attachments, fonts
embedded as subsets). It does not combine them: the PDF/A variant writes only
pdfaid into the XMP. finish_archival() adds what combining needs, as WeasyPrint's finisher,
right before the file is written:

- pdfuaid:part 1, declared through a PDF/A extension schema (PDF/A allows no XMP
  property outside its predefined schemas without one, ISO 19005-2 6.6.2.3.1);
- the list items repaired and the links described (tagging.py), which every variant
  needs.

Why PDF/A-3a rather than 2a: PDF/A-3 is PDF/A-2 plus one permission, embedded files
of any type when each is associated with the document (/AF) and says how it relates
(AFRelationship). That is what lets the archived copy carry the policy as data, so an
archive, or anyone reading it decades on, can take goals, indicators and actions out
of the record without parsing its pages. Nothing else differs; an archive that takes
only PDF/A-2 gets one by setting ARCHIVAL_VARIANT to "pdf/a-2a" (the JSON is then left
out, PDF/A-2 embedding only PDF/A files).
"""

import datetime
from dataclasses import dataclass

import weasyprint

from .tagging import describe_links, repair_list_items

WORKING_VARIANT = "pdf/ua-1"
ARCHIVAL_VARIANT = "pdf/a-3a"

# The PDF/UA identification, and its declaration as a PDF/A extension schema, in the
# form veraPDF and ISO 14289-1 (5, Table 1) expect.
PDFUA_NS = "http://www.aiim.org/pdfua/ns/id/"
PDFUA_XMP = f"""\
<rdf:Description rdf:about="" xmlns:pdfuaid="{PDFUA_NS}" pdfuaid:part="1"/>
<rdf:Description rdf:about=""
 xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
 xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
 xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>{PDFUA_NS}</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
<pdfaProperty:name>part</pdfaProperty:name>
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>
<pdfaProperty:category>internal</pdfaProperty:category>
<pdfaProperty:description>Part of ISO 14289 the file conforms to</pdfaProperty:description>
</rdf:li></rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>
""".encode()


@dataclass(frozen=True)
class EmbeddedData:
    """A JSON file carried inside an archival PDF, associated with the whole document."""

    name: str
    description: str
    text: str
    # When the data was last changed: the date the embedded file says it was made.
    modified: datetime.datetime


def write_options(*, archive: bool, data: EmbeddedData | None = None) -> dict:
    """WeasyPrint's write_pdf options for a working or an archival document."""
    options = {
        "pdf_variant": ARCHIVAL_VARIANT if archive else WORKING_VARIANT,
        "pdf_tags": True,
        "optimize_images": True,
        "finisher": finish_archival if archive else finish_working,
    }
    # Only PDF/A-3 may embed a file that is not itself PDF/A.
    if archive and data is not None and ARCHIVAL_VARIANT.startswith("pdf/a-3"):
        modified = data.modified.astimezone(datetime.UTC).replace(tzinfo=None)
        options["attachments"] = [
            weasyprint.Attachment(
                string=data.text,
                name=data.name,
                description=data.description,
                created=modified,
                modified=modified,
                relationship="Data",
            )
        ]
    return options


def finish_working(document, pdf) -> None:
    """WeasyPrint's finisher for a PDF/UA-1 document."""
    repair_list_items(pdf)
    describe_links(document)


def finish_archival(document, pdf) -> None:
    """WeasyPrint's finisher for a PDF/A document that also conforms to PDF/UA-1."""
    repair_list_items(pdf)
    describe_links(document)
    _declare_pdf_ua(pdf)
    _deduplicate_associated_files(pdf)


def _declare_pdf_ua(pdf) -> None:
    stream = pdf.objects[int(pdf.catalog["Metadata"].split()[0])]
    xml = b"".join(_as_bytes(part) for part in stream.stream)
    stream.stream = [xml.replace(b"</rdf:RDF>", PDFUA_XMP + b"</rdf:RDF>", 1)]


def _deduplicate_associated_files(pdf) -> None:
    # WeasyPrint's PDF/A-3 step lists each attachment twice in the catalog's /AF (once
    # from the EmbeddedFiles name tree, once from the file specification itself).
    if "AF" in pdf.catalog:
        unique = list(dict.fromkeys(pdf.catalog["AF"]))
        pdf.catalog["AF"][:] = unique


def _as_bytes(part) -> bytes:
    return part if isinstance(part, bytes) else str(part).encode()
