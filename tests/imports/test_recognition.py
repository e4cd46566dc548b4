"""Structure and adoption facts recognised in Danish, Swedish, Norwegian (bokmål and
nynorsk) and English, and every paragraph kept."""

import pytest

from apps.imports import recognise as r
from apps.imports.adoption import find_adoption
from apps.imports.plan import build_plan
from apps.imports.reading import read_document, read_pasted
from apps.imports.reading.blocks import HEADING, LIST_ITEM, TABLE

from .documents import layout, to_html, write_docx


@pytest.mark.parametrize(
    ("line", "body", "date", "case"),
    [
        ("Vedtaget af Byrådet den 24. april 2012", "Byrådet", "2012-04-24", ""),
        ("Antagen av KF 2016-06-22 § 114", "KF", "2016-06-22", "§ 114"),
        ("Vedtatt i kommunestyret 14.12.2017, sak 85/17", "kommunestyret", "2017-12-14",
         "sak 85/17"),
        ("Vedteke i kommunestyret 3. mai 2019", "kommunestyret", "2019-05-03", ""),
        ("Adopted by the City Council on 3 May 2020", "the City Council", "2020-05-03", ""),
        ("Vedtatt i kommunestyret", "kommunestyret", "", ""),
    ],
)
def test_adoption_facts_are_read_in_every_language(line, body, date, case):
    facts = find_adoption(line)

    assert (facts.adopted_by, facts.adopted_on, facts.case_reference) == (body, date, case)


def test_a_sentence_without_an_adoption_is_not_one():
    assert find_adoption("Vi har vedtaget at tale pænt til hinanden.") is None


@pytest.mark.parametrize(
    ("heading", "lines", "label", "role_level"),
    [
        ("Ledernes ansvar", ["Lederne informerer."], r.RESPONSIBILITY, "leader"),
        ("Medarbejdernes ansvar", ["Alle bidrager."], r.RESPONSIBILITY, "employee"),
        ("Politikernes ansvar", ["De inddrager borgerne."], r.RESPONSIBILITY, "politician"),
    ],
)
def test_a_responsibility_heading_names_its_role_level(heading, lines, label, role_level):
    blocks = read_pasted("\n\n".join(["Politik", heading, *lines]))

    proposals = r.propose(blocks)

    assert (proposals[1].label, proposals[1].role_level) == (label, role_level)


@pytest.mark.parametrize(
    "line",
    [
        "Chefer har ett särskilt ansvar att se till att policyn följs.",
        "Ledere har et særskilt ansvar for at informasjon skjer på en god måte.",
    ],
)
def test_a_line_saying_whose_duty_it_is_is_a_responsibility(line):
    blocks = read_pasted(f"Politik\n\nAnsvar i vardagen\n\n{line}")

    assert r.propose(blocks)[-1].label == r.RESPONSIBILITY


@pytest.mark.parametrize(
    "line",
    [
        "Rådmannen uttaler seg om administrative forhold på vegne av kommunen.",
        "Borgmesteren udtaler sig på vegne af kommunen.",
        "Kommunstyrelsens ordförande uttalar sig om politiska frågor.",
    ],
)
def test_spokesperson_rules_are_found_by_their_verb(line):
    blocks = read_pasted(f"Politik\n\nMedier\n\n{line}")

    assert r.propose(blocks)[-1].label == r.SPOKESPERSON_RULE


def test_a_numbered_list_of_target_groups_gives_their_priority():
    blocks = read_pasted("Politik\n\nMålgrupper\n\n1. Invånare\n2. Företagare\n3. Besökare")

    plan = build_plan(blocks, r.propose(blocks))

    assert [(row.data["name"], row.data["priority"]) for row in plan.rows
            if row.model == "Stakeholder"] == [("Invånare", 1), ("Företagare", 2),
                                               ("Besökare", 3)]


@pytest.mark.parametrize(
    ("heading", "chapter"),
    [("Værdier", "values"), ("Värdegrund", "values"), ("Verdiar", "values"),
     ("Målgrupper", "stakeholders"), ("Interessenter", "stakeholders"),
     ("Kanaler og plattformer", "platforms"), ("Relaterade dokument", "related_documents"),
     ("Hvem uttaler seg", "spokesperson_rules"), ("Tiltak", "actions"),
     ("Ansvar og roller", "responsibilities"), ("Fokusområder", "focus_areas"),
     ("Satsingsområder", "focus_areas"), ("Principles", "principles"), ("Goals", "goals")],
)
def test_chapters_are_recognised_by_their_heading(heading, chapter):
    assert r.chapter_of(heading) == chapter


def test_crisis_and_media_chapters_become_text_sections_with_their_heading():
    blocks = read_pasted("Policy\n\nKriskommunikation\n\nVid en kris informerar vi snabbt."
                         "\n\nMedierelationer\n\nVi svarar journalister samma dag.")

    plan = build_plan(blocks, r.propose(blocks))

    assert [(row.model, row.data["heading"], row.data["body"]) for row in plan.rows] == [
        ("Section", "Kriskommunikation", "Vid en kris informerar vi snabbt."),
        ("Section", "Medierelationer", "Vi svarar journalister samma dag."),
    ]


def test_every_paragraph_ends_up_in_the_plan_and_the_summary_counts_every_block():
    blocks = read_pasted("Politik\n\nVedtaget af Byrådet den 1. maj 2020\n\nIndledning\n\n"
                         "Et afsnit.\n\nEt andet afsnit.\n\n• punkt et\n• punkt to")

    proposals = r.propose(blocks)
    plan = build_plan(blocks, proposals)

    held = "\n".join(str(v) for row in plan.rows for v in row.data.values())
    for block in blocks[1:]:
        assert block.text in held
    assert sum(r.fidelity(proposals).values()) == len(blocks)


def test_word_headings_lists_numbering_and_tables_are_read_from_a_docx():
    kind, blocks = read_document("modum.docx", write_docx(layout("modum")))

    kinds = {block.kind for block in blocks}
    assert kind == "docx"
    assert {HEADING, LIST_ITEM, TABLE} <= kinds
    assert blocks[0].kind == HEADING and blocks[0].level == 0
    assert any(block.kind == LIST_ITEM and block.number == 2 for block in blocks)


def test_html_is_read_with_its_headings_lists_and_tables():
    kind, blocks = read_document("policy.html", to_html(layout("modum")).encode())

    assert kind == "html"
    assert blocks[0].text.startswith("Informasjons- og kommunikasjonsstrategi")
    assert {HEADING, LIST_ITEM, TABLE} <= {block.kind for block in blocks}


def test_numbered_headings_like_4_2_get_their_level_and_lose_their_number():
    blocks = read_pasted("Politik\n\n3. Hvem gør hvad\n\nTekst her.\n\n3.1 Lederne\n\nMere tekst.")

    assert [(b.kind, b.level, b.text) for b in blocks if b.kind == HEADING][1:] == [
        (HEADING, 1, "Hvem gør hvad"), (HEADING, 2, "Lederne")]


def test_markdown_headings_are_read():
    blocks = read_pasted("# Politik\n\n## Formål\n\nVi vil.\n\n- a\n- b")

    assert [(b.kind, b.level) for b in blocks] == [
        (HEADING, 1), (HEADING, 2), ("paragraph", 1), (LIST_ITEM, 1), (LIST_ITEM, 1)]


NYNORSK_POLICY = """# Kommunikasjonsstrategi for Vestby kommune

Vedteken av kommunestyret 14.12.2017, sak 85/17

## Innleiing

Strategien skal gjere kommunikasjonen open og tydeleg.

## Hovudmål

- Innbyggjarane får svar same dag.

## Vi har lukkast når

- Alle tilsette kjenner strategien.

## Rollene til kommunen

### Myndigheit

Kommunen gjer vedtak.

### Tenesteytar

Kommunen gir tenester.

### Omdøme

Kommunen er stolt av seg sjølv.

## Kven uttaler seg

Ordføraren uttaler seg om politiske saker.

Einingsleiar uttaler seg om drifta i eininga.

Etatsleiar uttaler seg om fagområdet sitt.
"""


def test_a_nynorsk_policy_gets_its_types_from_nynorsk_words():
    blocks = read_pasted(NYNORSK_POLICY)

    plan = build_plan(blocks, r.propose(blocks))

    rows = [(row.model, row.data.get("kind") or row.data.get("role_level") or "")
            for row in plan.rows if row.model != "Section"]
    sections = [row.data["kind"] for row in plan.rows if row.model == "Section"]
    assert rows == [
        ("Goal", "overall"), ("Goal", "success_criterion"),
        ("MunicipalityRole", "authority"), ("MunicipalityRole", "service"),
        ("MunicipalityRole", "brand"),
        ("SpokespersonRule", "politician"), ("SpokespersonRule", "workplace"),
        ("SpokespersonRule", "centre"),
    ]
    assert "preface" in sections
    assert (plan.adoption.adopted_by, plan.adoption.adopted_on, plan.adoption.case_reference) == (
        "kommunestyret", "2017-12-14", "sak 85/17")
