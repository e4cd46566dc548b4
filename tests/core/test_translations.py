"""The committed translations: complete, checked (not fuzzy) and with the same
placeholders as the English source, so no screen shows English or a broken text."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

ROOT = Path(settings.BASE_DIR)
LANGUAGES = ["da", "sv", "nb", "nn"]
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|\{(\w+)\}")


def _unquote(line: str) -> str:
    return bytes(line.strip()[1:-1], "utf-8").decode("unicode_escape").encode("latin-1").decode()


def read_po(path: Path) -> list[dict]:
    """The entries of a .po file: flags, msgctxt, msgid, msgid_plural, msgstr[n]."""
    entries, entry, key = [], None, None
    for raw in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = raw.strip()
        if not line:
            if entry and "msgid" in entry:
                entries.append(entry)
            entry, key = None, None
            continue
        entry = entry if entry is not None else {"flags": set(), "msgstr": {}}
        if line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            if key[0] == "msgstr":
                entry["msgstr"][key[1]] += _unquote(line)
            else:
                entry[key[0]] += _unquote(line)
        else:
            word, _, value = line.partition(" ")
            match = re.fullmatch(r"msgstr\[(\d+)\]", word)
            if match or word == "msgstr":
                key = ("msgstr", int(match.group(1)) if match else 0)
                entry["msgstr"][key[1]] = _unquote(value)
            else:
                key = (word, None)
                entry[word] = _unquote(value)
    return [e for e in entries if e["msgid"]]  # the first entry is the header


def _name(entry: dict) -> str:
    return f"{entry.get('msgctxt', '')}|{entry['msgid'][:80]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_text_is_translated_and_checked(language):
    entries = read_po(ROOT / "locale" / language / "LC_MESSAGES" / "django.po")

    untranslated = [_name(e) for e in entries if not all(e["msgstr"].values())]
    fuzzy = [_name(e) for e in entries if "fuzzy" in e["flags"]]

    assert len(entries) > 300
    assert untranslated == []
    assert fuzzy == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_the_placeholders_of_the_source(language):
    entries = read_po(ROOT / "locale" / language / "LC_MESSAGES" / "django.po")

    def names(text):
        return {a or b for a, b in PLACEHOLDER.findall(text)}

    broken = []
    for entry in entries:
        for text in entry["msgstr"].values():
            if "msgid_plural" in entry:
                # A singular form may say "one" instead of its number, but add nothing.
                fits = names(text) <= names(entry["msgid"]) | names(entry["msgid_plural"])
            else:
                fits = names(text) == names(entry["msgid"])
            if not fits:
                broken.append(_name(entry))
    assert broken == []


def test_po_parser_reads_plurals_and_contexts(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: da\\n"\n\n'
        '#, fuzzy, python-format\nmsgctxt "an item"\nmsgid "%(n)s "\n"thing"\n'
        'msgid_plural "%(n)s things"\nmsgstr[0] "%(n)s ting"\nmsgstr[1] ""\n',
        encoding="utf-8",
    )

    [entry] = read_po(po)

    assert entry["msgctxt"] == "an item"
    assert entry["msgid"] == "%(n)s thing"
    assert entry["msgstr"] == {0: "%(n)s ting", 1: ""}
    assert "fuzzy" in entry["flags"]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("da", "Tilgængelighedserklæring"),
        ("sv", "Tillgänglighetsredogörelse"),
        ("nb", "Tilgjengelighetserklæring"),
        ("nn", "Tilgjengelegheitserklæring"),
    ],
)
def test_compiled_catalogues_are_used(language, expected):
    with translation.override(language):
        assert translation.gettext("Accessibility statement") == expected


def test_every_interface_language_but_english_has_a_catalogue():
    catalogues = {path.parent.parent.name for path in ROOT.glob("locale/*/LC_MESSAGES/django.po")}

    assert catalogues == {code for code, _name in settings.LANGUAGES} - {"en"}


# Words only bokmål has; their nynorsk forms in brackets. A nynorsk text holding one
# has had bokmål slip in. (Words both written standards share, such as "mellom",
# "også", "når" or "eller", are not here.)
BOKMAL_ONLY = {
    "ikke": "ikkje", "jeg": "eg", "hva": "kva", "hvem": "kven", "hvordan": "korleis",
    "hvorfor": "kvifor", "hvilken": "kva for ein", "hvilke": "kva for", "hvis": "om/viss",
    "hvor": "kvar/kor", "bare": "berre", "noen": "nokon/nokre", "noe": "noko", "mye": "mykje",
    "mer": "meir", "selv": "sjølv", "hele": "heile", "annen": "annan", "ennå": "enno",
    "fra": "frå", "enhet": "eining", "enheten": "eininga", "enheter": "einingar",
    "ansatte": "tilsette", "virksomhet": "verksemd", "leder": "leiar", "ledere": "leiarar",
    "bruker": "brukar", "brukere": "brukarar", "navn": "namn", "tegn": "teikn",
    "filen": "fila", "deres": "deira/dykkar", "tidligere": "tidlegare", "senere": "seinare",
    "lagret": "lagra", "endret": "endra", "opprettet": "oppretta", "slettet": "sletta",
    "bekreftet": "stadfesta", "vises": "blir vist", "lagres": "blir lagra",
    "innhold": "innhald", "forpliktelse": "forplikting", "forpliktelser": "forpliktingar",
    "høring": "høyring", "innspill": "innspel", "hver": "kvar", "hvert": "kvart",
    "kommer": "kjem", "gjøre": "gjere", "gjør": "gjer", "sier": "seier", "øverst": "øvst",
    "nederst": "nedst", "fortsatt": "framleis", "allerede": "alt/allereie", "derfor": "difor",
    "siden": "sidan", "mens": "medan", "uten": "utan", "være": "vere", "vært": "vore",
    "ble": "vart/blei", "egen": "eigen", "eget": "eige", "egne": "eigne", "samme": "same",
    "disse": "desse", "kun": "berre", "uke": "veke", "måned": "månad", "tall": "tal",
    "kilde": "kjelde", "velg": "vel", "velge": "velje", "åpen": "open", "åpne": "opne",
    "lukket": "lukka", "stengt": "stengd", "endringer": "endringar", "endringene": "endringane",
    "dokumenter": "dokument", "dere": "de/dykk", "ønsker": "ønskjer", "mulig": "mogleg",
    "umulig": "umogleg", "vanlig": "vanleg", "vanligvis": "vanlegvis", "daglig": "dagleg",
    "ukentlig": "vekentleg", "tilgjengelig": "tilgjengeleg", "personer": "personar",
    "brukes": "blir brukt", "lenke": "lenkje", "lenken": "lenkja", "trenger": "treng",
}
# The three Nordic words for a workplace, named side by side in one choice label.
NAMED_AS_FOREIGN_WORDS = {"Verksemd (virksomhed, verksamhet, virksomhet)"}


def bokmal_words(text: str) -> set[str]:
    """The bokmål-only words of a text, placeholders and markup left out."""
    plain = re.sub(r"%\(\w+\)[sdif]|\{\w+\}|<[^>]+>", " ", text)
    return set(re.findall(r"[a-zæøå]+", plain.lower())) & set(BOKMAL_ONLY)


def test_nynorsk_texts_hold_no_bokmal_only_words():
    entries = read_po(ROOT / "locale" / "nn" / "LC_MESSAGES" / "django.po")

    slipped = [
        f"{word} ({BOKMAL_ONLY[word]}): {text[:60]}"
        for entry in entries
        for text in entry["msgstr"].values()
        if text not in NAMED_AS_FOREIGN_WORDS
        for word in sorted(bokmal_words(text))
    ]
    assert slipped == []


def test_the_bokmal_scan_finds_bokmal_in_a_nynorsk_text_but_not_in_placeholders():
    assert bokmal_words("Du kan ikke lese hele %(hvem)s <a href='/fra'>teksten</a>.") == {
        "ikke", "hele"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalogue_says_what_the_po_file_says(language):
    """Every text comes out of the compiled .mo as the .po file translates it."""
    entries = read_po(ROOT / "locale" / language / "LC_MESSAGES" / "django.po")

    def compiled(entry):
        context, msgid = entry.get("msgctxt"), entry["msgid"]
        if "msgid_plural" in entry:
            plural = entry["msgid_plural"]
            return {
                n: translation.npgettext(context, msgid, plural, count)
                if context else translation.ngettext(msgid, plural, count)
                for n, count in ((0, 1), (1, 5))
            }
        return {0: translation.pgettext(context, msgid) if context else translation.gettext(msgid)}

    with translation.override(language):
        different = [_name(e) for e in entries if compiled(e) != e["msgstr"]]
    assert different == []


# Each language quotes in its own way: Danish »…«, Swedish ”…”, Norwegian (bokmål and nynorsk) «…».
QUOTES = {"da": ("»", "«"), "sv": ("”", "”"), "nb": ("«", "»"), "nn": ("«", "»")}
ANY_QUOTE = "“”„»«‘’"
TAG = re.compile(r"<[^>]*>")
SINGLE_QUOTED = re.compile(r"(?<![\w])'[^'<>\n]+?'(?![\w])")


def wrong_quotes(language: str, text: str) -> list[str]:
    """The quotation marks of a text that are not the language's own, in order."""
    opening, closing = QUOTES[language]
    text = TAG.sub("", text)
    problems = [f"'{m}'" for m in SINGLE_QUOTED.findall(text)]
    expected = opening
    for char in text:
        if char not in ANY_QUOTE:
            continue
        if char != expected:
            problems.append(char)
        expected = closing if expected == opening and char == opening else opening
    return problems


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_catalogue_uses_its_own_languages_quotation_marks(language):
    entries = read_po(ROOT / "locale" / language / "LC_MESSAGES" / "django.po")

    wrong = {
        _name(entry): wrong_quotes(language, text)
        for entry in entries
        for text in entry["msgstr"].values()
        if wrong_quotes(language, text)
    }

    assert wrong == {}


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("da", "Status er ”I høring”."),
        ("da", "Status er «I høring»."),
        ("da", "Fx 'august 2012'."),
        ("sv", "Status är “Ute på remiss”."),
        ("sv", "Status är »Ute på remiss«."),
        ("nb", "Status er ”På høring”."),
        ("nb", "Status er »På høring«."),
    ],
)
def test_quote_check_catches_another_languages_quotes(language, text):
    assert wrong_quotes(language, text) != []


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("da", "Status er »I høring«, <a href=\"/x/\">se her</a>."),
        ("sv", "Status är ”Ute på remiss”."),
        ("nb", "Status er «På høring». Kompas' driftsansvarlige."),
    ],
)
def test_quote_check_accepts_the_languages_own_quotes(language, text):
    assert wrong_quotes(language, text) == []
