from django import template

from .. import advice, widgets

register = template.Library()


@register.inclusion_tag("klarsprog/includes/field_advice.html")
def field_advice(bound_field):
    """The advice under a text field, for the text it holds now (the saved or sent text)."""
    return {
        "advice_id": f"{bound_field.auto_id}_klarsprog",
        "advice": advice.for_text(bound_field.value() or ""),
        "htmx": widgets.htmx_attributes(bound_field),
    }


@register.inclusion_tag("klarsprog/includes/version_summary.html")
def version_readability(version, heading_level=2):
    return {"summary": advice.for_version(version), "version": version,
            "heading_level": heading_level}


@register.simple_tag
def lix_of(text):
    return advice.for_text(text or "")
