"""Words Nordic (Danish, Swedish, Norwegian bokmål and nynorsk) and English policies use
for their parts, as regular expressions matched against headings and lines."""

import re


def _rx(*words: str) -> re.Pattern:
    return re.compile(r"(?:^|\b)(?:" + "|".join(words) + r")", re.IGNORECASE)


# The chapter a heading opens, by the words of the heading. Checked in this order.
CHAPTERS: list[tuple[str, re.Pattern]] = [
    ("legal_bases", _rx(
        r"lovgrundlag", r"lovgivning", r"lovgrunnlag", r"lovverk", r"regelverk",
        r"rättslig grund", r"lagstiftning", r"lagar och regler", r"love og regler",
        r"lover og regler", r"lover og reglar", r"juridisk grundlag", r"rettsleg grunnlag",
        r"rettslig grunnlag", r"legal basis", r"legislation", r"laws and rules",
    )),
    ("definitions", _rx(
        r"definitioner", r"definisjoner", r"definisjonar", r"begrebsafklaring", r"begreber",
        r"begrepp", r"begreper", r"omgrep", r"ordforklaring", r"ordlista", r"ordliste",
        r"definitions", r"glossary",
    )),
    ("evaluations", _rx(
        r"evaluering", r"utvärdering", r"måling og evaluering", r"mätning och utvärdering",
        r"evaluation", r"measurement and evaluation",
    )),
    ("related_documents", _rx(
        r"relatere?de? dokument", r"relaterade dokument", r"relaterte dokument",
        r"tilknyt(te|tede) dokument", r"styrende dokument", r"styrande dokument",
        r"related documents", r"referencer", r"referanser", r"grundlag for", r"underlag",
        r"dokumentgrunnlag",
    )),
    ("spokesperson_rules", _rx(
        r"hvem udtaler", r"vem uttalar", r"hvem uttaler", r"kven uttaler", r"talsperson",
        r"talesperson", r"talespersonar", r"spokesperson", r"udtaleret", r"uttalerett",
        r"who speaks",
    )),
    ("annual_wheel", _rx(r"årshjul", r"annual wheel", r"årsplan for kommunikation")),
    ("actions", _rx(
        r"handlingsplan", r"handleplan", r"tiltak", r"aktivitetsplan", r"indsatser",
        r"insatser", r"action plan", r"actions\b",
    )),
    ("responsibilities", _rx(
        r"ansvar(?!lig)", r"roller og ansvar", r"ansvarsfordeling", r"ansvarsfördelning",
        r"hvem gør hvad", r"vem gör vad", r"hvem gjør hva", r"kven gjer kva",
        r"responsibilit",
    )),
    ("spokesperson_rules_hint", _rx(r"uttaler seg", r"udtaler sig", r"uttalar sig")),
    ("stakeholders", _rx(
        r"målgrupp", r"målgruppe", r"interessent", r"intressent", r"stakeholder",
        r"target group", r"hvem kommunikerer vi med", r"vem kommunicerar vi med",
    )),
    ("municipality_roles", _rx(
        r"kommunens roller", r"kommunens fire roller", r"rollene til kommunen",
        r"kommunen sine roller", r"our roles",
    )),
    ("platforms", _rx(
        r"platform", r"plattform", r"kanal", r"channel", r"medier og kanaler",
        r"hvor kommunikerer vi",
    )),
    ("values", _rx(
        r"værdier", r"værdigrundlag", r"värdegrund", r"värderingar", r"verdier",
        r"verdiar", r"verdigrunnlag", r"values",
    )),
    ("principles", _rx(r"princip", r"prinsipp", r"principles", r"grundsætning")),
    ("focus_areas", _rx(
        r"fokusområde", r"fokuspunkt", r"satsingsområde", r"satsningsområde",
        r"indsatsområde", r"innsatsområde", r"focus area",
    )),
    ("goals", _rx(
        r"mål\b", r"målsætning", r"målsättning", r"målsetting", r"hovedmål", r"hovudmål",
        r"succeskriterie", r"suksesskriteri", r"framgångsfaktor", r"effekter", r"goals?\b",
        r"objectives?", r"vi er lykkedes", r"vi har lyckats", r"vi har lykkes", r"vi har lukkast",
    )),
]

SECTION_KINDS: list[tuple[str, re.Pattern]] = [
    # The themed guidance chapters first ("Krisekommunikation" is not a purpose), and of
    # those the form before the theme ("Tjekliste til pressehenvendelser" is a checklist).
    ("checklist", _rx(r"tjekliste", r"checkliste", r"checklista", r"sjekkliste", r"checklist")),
    ("appendix", _rx(r"bilag", r"bilaga", r"vedlegg", r"appendi", r"annex")),
    ("crisis", _rx(r"kris", r"beredskap", r"crisis", r"emergenc")),
    ("social_media", _rx(r"sociale medier", r"sociala medier", r"sosiale medi",
                         r"social media", r"facebook")),
    ("media", _rx(r"medierelation", r"mediekontakt", r"mediehåndtering", r"mediehandtering",
                  r"mediekontakt", r"pressearbejde", r"presse", r"press\b", r"journalist",
                  r"media\b", r"medier\b", r"mediene", r"medierna", r"media relations")),
    ("visual_identity", _rx(r"visuel", r"visuell", r"grafisk", r"designmanual", r"logo",
                            r"kommunevåpen", r"visual identity", r"brand guidelines")),
    ("language", _rx(r"klarsprog", r"klarspråk", r"klart språk", r"sprogpolitik",
                     r"skriftlig språk", r"skriftligt sprog", r"språk", r"sprog\b",
                     r"plain language", r"language")),
    ("freedom_of_expression", _rx(r"ytringsfrihed", r"ytringsfrihet", r"ytringsfridom",
                                  r"yttrandefrihet", r"meddelarfrihet",
                                  r"freedom of expression")),
    ("key_messages", _rx(r"kernebudskab", r"kärnbudskap", r"kjernebudskap", r"kjernebodskap",
                         r"budskaber", r"fortælling", r"berättelse", r"fortelling",
                         r"key messages", r"narrative")),
    ("preface", _rx(r"forord", r"förord", r"føreord", r"preface", r"foreword", r"indledning",
                    r"inledning", r"innledning", r"innleiing", r"introduction")),
    ("purpose", _rx(r"formål", r"syfte", r"føremål", r"purpose", r"hvorfor", r"varför",
                    r"hvorfor", r"kvifor")),
    ("vision", _rx(r"vision", r"visjon")),
    ("background", _rx(r"baggrund", r"bakgrund", r"bakgrunn", r"background")),
    ("scope", _rx(r"omfang", r"omfattning", r"gælder for", r"gäller för", r"gjeld for",
                  r"gjelder for", r"scope", r"om strategien", r"om policyn", r"om politikken",
                  r"målgruppe for politikken")),
]

GOAL_KINDS: list[tuple[str, re.Pattern]] = [
    ("overall", _rx(r"overordne", r"övergripande", r"overordna", r"hovedmål", r"hovudmål",
                     r"overall")),
    ("effect", _rx(r"effekt", r"effects?\b")),
    ("success_criterion", _rx(r"lykkedes", r"lyckats", r"lykkes", r"lukkast", r"succeskrit",
                              r"suksesskrit", r"framgång", r"succeeded")),
]

MUNICIPALITY_ROLE_KINDS: list[tuple[str, re.Pattern]] = [
    ("authority", _rx(r"myndighed", r"myndighet", r"myndigheit", r"mynde\b", r"authority")),
    ("service", _rx(r"service", r"tjeneste", r"teneste", r"tjänst")),
    ("politics", _rx(r"politi", r"demokrati")),
    ("brand", _rx(r"brand", r"omdømme", r"omdøme", r"varumärke", r"merkevare", r"profil")),
]

# Role levels by the words a document uses for them, checked in this order.
ROLE_LEVELS: list[tuple[str, re.Pattern]] = [
    ("communications", _rx(
        r"kommunikationsafdeling", r"kommunikationsenhe", r"kommunikasjonsavdeling",
        r"kommunikasjonseining", r"informasjonsavdeling", r"kommunikationsavdelning",
        r"kommunikationskonsulent", r"kommunikatør", r"communications department",
        r"kommunikationschef",
    )),
    ("politician", _rx(
        r"politiker", r"politikar", r"förtroendevald", r"folkevalg", r"folkevald", r"byråd",
        r"kommunestyre",
        r"kommunfullmäktige", r"kommunstyrelse", r"ordfører", r"ordførar", r"ordförande",
        r"borgmester",
        r"formannskap", r"councillor", r"politician", r"politikerne", r"udvalg",
    )),
    ("executive_board", _rx(
        r"direktion", r"kommunledning", r"rådmann", r"rådmannen", r"kommunaldirektør",
        r"kommundirektör", r"kommunchef", r"kommunedirektør", r"administrasjonen",
        r"direktør", r"executive", r"koncernledelse", r"chief executive",
    )),
    ("centre", _rx(
        r"centre", r"centrene", r"center", r"förvaltningschef", r"etatsleder", r"etatsjef",
        r"sektorchef", r"sektorleder", r"etatsleiar", r"sektorleiar", r"fagchef", r"centres?\b",
    )),
    ("workplace", _rx(
        r"virksomhed", r"virksomhetsleder", r"verksemdsleiar", r"enhetschef", r"enhetsleder",
        r"einingsleiar", r"institution",
        r"workplace", r"arbejdsplads",
    )),
    ("employee", _rx(
        r"medarbejder", r"medarbetare", r"medarbeider", r"medarbeidar", r"ansatte",
        r"anställd", r"tilsette", r"employee", r"staff", r"alle ansatte",
    )),
    ("leader", _rx(r"leder", r"ledare", r"ledelse", r"ledning", r"chef", r"manager",
                   r"leiar", r"leiing")),
]

# "Chefer har ett särskilt ansvar", "Ledernes ansvar": a line naming whose duty it is.
RESPONSIBILITY_LINE = re.compile(
    r"^(?P<who>[\wæøåäöÆØÅÄÖ/ -]{2,40}?)\s+(?:har|has|bär|bærer|ber)\b.{0,40}\bansvar",
    re.IGNORECASE,
)
RESPONSIBILITY_HEADING = re.compile(
    r"^(?P<who>[\wæøåäöÆØÅÄÖ/ -]{2,40}?)(?:s|es|nes|ns)?\s+ansvar\b", re.IGNORECASE
)

# "X uttaler seg om ...", "X udtaler sig på vegne af ...", "X speaks on behalf of".
SPEAKS = re.compile(
    r"^(?P<who>.{2,80}?)\s+(?:uttaler seg|udtaler sig|uttalar sig|speaks?)\b(?P<rest>.*)$",
    re.IGNORECASE,
)

LEAD_IN = re.compile(r":\s*$")

MONTHS = {
    # da / sv / nb / nn / en month names to numbers; abbreviations by their first three.
    name: number
    for number, names in enumerate([
        ("januar", "januari", "january"), ("februar", "februari", "february"),
        ("marts", "mars", "march"), ("april",), ("maj", "mai", "may"),
        ("juni", "june"), ("juli", "july"), ("august", "augusti"),
        ("september",), ("oktober", "october"), ("november",),
        ("december", "desember"),
    ], start=1)
    for name in names
}


def first_match(table, text: str, default=""):
    for key, pattern in table:
        if pattern.search(text):
            return key
    return default


def role_level_of(text: str) -> str:
    return first_match(ROLE_LEVELS, text, "")
