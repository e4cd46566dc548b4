"""The committed translations: complete, checked (not fuzzy) and with the same
placeholders as the English source, so no screen shows English or a broken text."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

ROOT = Path(settings.BASE_DIR)
LANGUAGES = ["da", "sv", "nb"]
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
    ],
)
def test_compiled_catalogues_are_used(language, expected):
    with translation.override(language):
        assert translation.gettext("Accessibility statement") == expected


# Each language quotes in its own way: Danish »…«, Swedish ”…”, Norwegian «…».
QUOTES = {"da": ("»", "«"), "sv": ("”", "”"), "nb": ("«", "»")}
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
