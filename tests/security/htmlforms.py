"""The forms on a page as a browser would submit them, to post hostile input through."""

from html.parser import HTMLParser


class _Forms(HTMLParser):
    """The fields of each form on a page, with the values the page gives them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        values = {name: value or "" for name, value in attrs}
        if tag == "form":
            self.forms.append({"action": values.get("action", ""), "fields": {}, "hidden": set()})
        if not self.forms:
            return
        fields = self.forms[-1]["fields"]
        name = values.get("name")
        if tag == "input" and name and values.get("type") == "hidden":
            self.forms[-1]["hidden"].add(name)
        if tag == "input" and name and values.get("type") not in ("submit", "button"):
            checkable = values.get("type") in ("checkbox", "radio")
            if not checkable or "checked" in values:
                fields[name] = values.get("value", "")
            elif values.get("type") == "radio":
                fields.setdefault(name, values.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            fields[name] = ""
        elif tag == "select" and name:
            self._select = name
        elif (
            tag == "option"
            and self._select
            and ("selected" in values or self._select not in fields)
        ):
            fields[self._select] = values.get("value", "")

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        if tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea and self.forms:
            self.forms[-1]["fields"][self._textarea] += data


def form_with(page: str, field: str) -> tuple[dict, str]:
    """The first form with the field, and the field's full name: forms that repeat on a
    page (one check-in per obligation) put a prefix before it."""
    parser = _Forms()
    parser.feed(page)
    return next(
        (form, name)
        for form in parser.forms
        for name in form["fields"]
        # A person types into the visible field, not a hidden copy ("<prefix>-was-note").
        if name not in form["hidden"] and (name == field or name.endswith(f"-{field}"))
    )
