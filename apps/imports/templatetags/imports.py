"""The original documents (bilag) of a version, for its page: one line to include
there, `{% load imports %}{% version_attachments version %}`."""

from django import template

from ..models import DocumentImport, ImportStatus

register = template.Library()


@register.inclusion_tag("imports/includes/attachments.html")
def version_attachments(version):
    """Shown only on a page that has already checked the reader may see the version."""
    attachments = DocumentImport.objects.filter(
        version=version, status=ImportStatus.CREATED
    ).exclude(file="").only("pk", "original_name", "size")
    return {"attachments": attachments}
