"""The demo municipalities' documents written as real files from their seed fixtures.

Each fixture version is laid out the way such a policy is printed: title, subtitle, the
adoption line, its chapters in order, then a chapter per kind of content (values,
responsibilities, target groups ...) headed in the document's language. The same layout
is written as .docx (python-docx), .odt (odfdo) and .pdf (WeasyPrint).
"""

import datetime
import html
import io
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

SEEDS = Path(__file__).resolve().parents[2] / "apps" / "demo" / "seeds"
MUNICIPALITIES = ("naestved", "glostrup", "soenderborg", "flen", "modum")


@dataclass
class Part:
    kind: str  # title | heading | paragraph | bullet | number | table
    text: str = ""
    level: int = 1
    rows: list | None = None


HEADINGS = {
    "da": {
        "values": "Værdier", "principles": "Principper", "focus_areas": "Fokusområder",
        "goals": "Mål", "responsibilities": "Ansvar og roller",
        "stakeholders": "Målgrupper og interessenter", "municipality_roles": "Kommunens roller",
        "platforms": "Platforme og kanaler", "spokesperson_rules": "Hvem udtaler sig",
        "actions": "Handlingsplan", "annual_wheel": "Årshjul",
        "related_documents": "Relaterede dokumenter",
        "overall": "Overordnede mål", "effect": "Effekter",
        "success_criterion": "Vi er lykkedes, når",
        "indicator": ["Indikator", "Målsætning", "Enhed", "Måling"],
        "speaker": ["Hvem", "Udtaler sig om", "Regel"],
        "goal_label": "Mål", "senders": "Afsendere", "audiences": "Interessenter",
    },
    "sv": {
        "values": "Värdegrund", "principles": "Principer", "focus_areas": "Fokusområden",
        "goals": "Mål", "responsibilities": "Ansvar och roller",
        "stakeholders": "Målgrupper", "municipality_roles": "Kommunens roller",
        "platforms": "Kanaler", "spokesperson_rules": "Vem uttalar sig",
        "actions": "Handlingsplan", "annual_wheel": "Årshjul",
        "related_documents": "Relaterade dokument",
        "overall": "Övergripande mål", "effect": "Effekter",
        "success_criterion": "Vi har lyckats när",
        "indicator": ["Indikator", "Målvärde", "Enhet", "Mätning"],
        "speaker": ["Vem", "Uttalar sig om", "Regel"],
        "goal_label": "Mål", "senders": "Avsändare", "audiences": "Målgrupper",
    },
    "nb": {
        "values": "Verdier", "principles": "Prinsipper", "focus_areas": "Satsingsområder",
        "goals": "Mål", "responsibilities": "Ansvar og roller",
        "stakeholders": "Målgrupper", "municipality_roles": "Kommunens roller",
        "platforms": "Kanaler og plattformer", "spokesperson_rules": "Hvem uttaler seg",
        "actions": "Tiltak", "annual_wheel": "Årshjul",
        "related_documents": "Relaterte dokumenter",
        "overall": "Hovedmål", "effect": "Effekter",
        "success_criterion": "Suksesskriterier",
        "indicator": ["Indikator", "Mål", "Enhet", "Måling"],
        "speaker": ["Hvem", "Uttaler seg om", "Regel"],
        "goal_label": "Mål", "senders": "Avsendere", "audiences": "Målgrupper",
    },
}
DANISH_MONTHS = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august",
                 "september", "oktober", "november", "december"]


def load_fixture(slug):
    data = yaml.safe_load((SEEDS / f"{slug}.yaml").read_text(encoding="utf-8"))
    strategy = data["strategies"][0]
    return data["organisation"], strategy, strategy["versions"][0]


def adoption_line(language, body, date: datetime.date, case_reference=""):
    if language == "da":
        return f"Vedtaget af {body} den {date.day}. {DANISH_MONTHS[date.month - 1]} {date.year}"
    if language == "sv":
        return f"Antagen av {body} {date.isoformat()}" + (f" {case_reference}" if
                                                          case_reference else "")
    return f"Vedtatt i {body} {date:%d.%m.%Y}"


def _plain(text):
    return re.sub(r"\*\*?([^*]+)\*\*?", r"\1", text or "")


def _body(text) -> list[Part]:
    parts = []
    for paragraph in re.split(r"\n\s*\n", (text or "").strip()):
        for line in (paragraph.split("\n") if re.match(r"^\s*(- |\d+\. )", paragraph)
                     else [paragraph]):
            line = _plain(line.strip())
            if not line:
                continue
            if line.startswith("- "):
                parts.append(Part("bullet", line[2:]))
            elif re.match(r"^\d+\. ", line):
                parts.append(Part("number", line.split(". ", 1)[1]))
            else:
                parts.append(Part("paragraph", " ".join(line.split())))
    return parts


def layout(slug) -> list[Part]:
    organisation, strategy, version = load_fixture(slug)
    words = HEADINGS[organisation["language"]]
    parts = [Part("title", strategy["title"])]
    if strategy.get("subtitle"):
        parts.append(Part("paragraph", strategy["subtitle"]))
    if version.get("adopted_on"):
        parts.append(Part("paragraph", adoption_line(
            organisation["language"], version["adopted_by"], version["adopted_on"],
            version.get("case_reference") or "")))
    for section in version.get("sections") or []:
        if section.get("heading"):
            parts.append(Part("heading", section["heading"], level=section.get("level", 1)))
        parts.extend(_body(section.get("body")))

    def chapter(key):
        parts.append(Part("heading", words[key], level=1))

    if version.get("values"):
        chapter("values")
        for value in version["values"]:
            if value.get("description"):
                parts.append(Part("heading", value["name"], level=2))
                parts.extend(_body(value["description"]))
            else:
                parts.append(Part("bullet", value["name"]))
    if version.get("principles"):
        chapter("principles")
        title = None
        for principle in version["principles"]:
            if principle.get("title") and principle["title"] != title:
                title = principle["title"]
                parts.append(Part("heading", title, level=2))
            parts.append(Part("bullet", _plain(principle["text"])))
    if version.get("focus_areas"):
        chapter("focus_areas")
        for area in version["focus_areas"]:
            if area.get("title"):
                parts.append(Part("heading", area["title"], level=2))
                parts.extend(_body(area.get("description")))
            else:
                parts.append(Part("bullet", _plain(area["description"])))
    if version.get("goals"):
        chapter("goals")
        kind = "goal"
        for goal in version["goals"]:
            if goal.get("kind", "goal") != kind:
                kind = goal.get("kind", "goal")
                parts.append(Part("heading", words.get(kind, words["goals"]), level=2))
            text = goal.get("description") or goal.get("title")
            if goal.get("title") and goal.get("description"):
                text = f"{goal['title']}: {goal['description']}"
            parts.append(Part("bullet", _plain(" ".join(text.split()))))
            if goal.get("indicators"):
                rows = [words["indicator"]] + [
                    [i["name"], i.get("target") or "", i.get("unit") or "",
                     i.get("measurement") or ""] for i in goal["indicators"]
                ]
                parts.append(Part("table", rows=rows))
    if version.get("responsibilities"):
        chapter("responsibilities")
        for responsibility in version["responsibilities"]:
            heading = responsibility["label"]
            if responsibility.get("heading"):
                heading += f": {responsibility['heading']}"
            parts.append(Part("heading", heading, level=2))
            parts.extend(_body(responsibility.get("description")))
            for item in responsibility.get("items") or []:
                parts.append(Part("number", _plain(item)))
    if version.get("stakeholders"):
        chapter("stakeholders")
        for stakeholder in version["stakeholders"]:
            text = stakeholder["name"]
            if stakeholder.get("description"):
                text += f" – {stakeholder['description']}"
            parts.append(Part("number" if stakeholder.get("priority") else "bullet", text))
    if version.get("municipality_roles"):
        chapter("municipality_roles")
        for role in version["municipality_roles"]:
            parts.append(Part("heading", role["name"], level=2))
            parts.extend(_body(role.get("description")))
            if role.get("goal"):
                parts.append(Part("paragraph", f"{words['goal_label']}: {role['goal']}"))
            if role.get("senders"):
                parts.append(Part("paragraph", f"{words['senders']}: " + ", ".join(
                    s["label"] for s in role["senders"])))
            if role.get("audiences"):
                parts.append(Part("paragraph", f"{words['audiences']}: " + ", ".join(
                    a["label"] for a in role["audiences"])))
    if version.get("platforms"):
        chapter("platforms")
        for platform in version["platforms"]:
            parts.append(Part("heading", platform["name"], level=2))
            parts.extend(_body(platform.get("description")))
            for channel in platform.get("channels") or []:
                text = channel["name"]
                if channel.get("description"):
                    text += f" – {' '.join(channel['description'].split())}"
                parts.append(Part("bullet", text))
    if version.get("spokesperson_rules"):
        chapter("spokesperson_rules")
        rows = [words["speaker"]] + [
            [rule["speaker"], rule.get("scope") or "", " ".join(rule["text"].split())]
            for rule in version["spokesperson_rules"]
        ]
        parts.append(Part("table", rows=rows))
    if version.get("actions"):
        chapter("actions")
        for action in version["actions"]:
            parts.append(Part("heading", action["title"], level=2))
            parts.extend(_body(action.get("description")))
    if version.get("related_documents"):
        chapter("related_documents")
        for document in version["related_documents"]:
            text = document["title"]
            if document.get("year"):
                text += f", {document['year']}"
            if document.get("note"):
                text += f" – {' '.join(document['note'].split())}"
            parts.append(Part("bullet", text))
    return parts


# --- Writers -----------------------------------------------------------------


def write_docx(parts) -> bytes:
    import docx

    document = docx.Document()
    for part in parts:
        if part.kind == "title":
            document.add_heading(part.text, level=0)
        elif part.kind == "heading":
            document.add_heading(part.text, level=part.level)
        elif part.kind == "bullet":
            document.add_paragraph(part.text, style="List Bullet")
        elif part.kind == "number":
            document.add_paragraph(part.text, style="List Number")
        elif part.kind == "table":
            table = document.add_table(rows=len(part.rows), cols=len(part.rows[0]))
            for r, row in enumerate(part.rows):
                for c, cell in enumerate(row):
                    table.cell(r, c).text = cell
        else:
            document.add_paragraph(part.text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def write_odt(parts) -> bytes:
    from odfdo import Document, Header, List, ListItem, Paragraph, Table

    document = Document("text")
    body = document.body
    body.clear()
    numbered = _odt_numbered_style(document)
    current = None
    for part in parts:
        if part.kind in ("bullet", "number"):
            style = numbered if part.kind == "number" else None
            if current is None or current[0] != part.kind:
                current = (part.kind, List(style=style) if style else List())
                body.append(current[1])
            current[1].append_item(ListItem(part.text))
            continue
        current = None
        if part.kind == "title":
            body.append(Paragraph(part.text, style="Title"))
        elif part.kind == "heading":
            body.append(Header(part.level, part.text))
        elif part.kind == "table":
            table = Table("Tabel", width=len(part.rows[0]), height=len(part.rows))
            for r, row in enumerate(part.rows):
                for c, cell in enumerate(row):
                    table.set_value((c, r), cell)
            body.append(table)
        else:
            body.append(Paragraph(part.text))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _odt_numbered_style(document) -> str:
    from odfdo import Element

    style = Element.from_tag(
        '<text:list-style style:name="Numbered"><text:list-level-style-number '
        'text:level="1" style:num-format="1" style:num-suffix="."/></text:list-style>'
    )
    document.insert_style(style, automatic=False)
    return "Numbered"


def to_html(parts) -> str:
    out, open_list = [], None
    for part in parts:
        tag = {"bullet": "ul", "number": "ol"}.get(part.kind)
        if open_list and open_list != tag:
            out.append(f"</{open_list}>")
            open_list = None
        if tag and not open_list:
            out.append(f"<{tag}>")
            open_list = tag
        text = html.escape(part.text)
        if tag:
            out.append(f"<li>{text}</li>")
        elif part.kind == "title":
            out.append(f"<h1 class=title>{text}</h1>")
        elif part.kind == "heading":
            out.append(f"<h{part.level + 1}>{text}</h{part.level + 1}>")
        elif part.kind == "table":
            rows = "".join(
                "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>"
                for row in part.rows
            )
            out.append(f"<table>{rows}</table>")
        else:
            out.append(f"<p>{text}</p>")
    if open_list:
        out.append(f"</{open_list}>")
    style = (
        "@page { size: A4; margin: 2cm }"
        "body { font-family: 'DejaVu Sans', sans-serif; font-size: 10.5pt; line-height: 1.4 }"
        "h1 { font-size: 24pt } h2 { font-size: 17pt } h3 { font-size: 13.5pt }"
        "h4 { font-size: 12pt } td { border: 1px solid #999; padding: 3pt; vertical-align: top }"
        "table { border-collapse: separate; border-spacing: 0; margin: 8pt 0 }"
    )
    body = "".join(out)
    return f"<!doctype html><html><head><style>{style}</style></head><body>{body}</body></html>"


def write_pdf(parts) -> bytes:
    from weasyprint import HTML

    return HTML(string=to_html(parts)).write_pdf()


WRITERS = {"docx": write_docx, "odt": write_odt, "pdf": write_pdf}
