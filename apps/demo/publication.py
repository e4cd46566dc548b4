"""The demo municipalities publish their adopted strategies, as a municipality would:
the public site, its calendar and the open API have something to show."""

from apps.public.services import publication_set
from apps.strategies.models import VersionStatus


def demo_publication_load(organisation) -> None:
    """Publish every strategy of the organisation that has an adopted version (again
    on a second run: nothing changes and nothing is recorded twice)."""
    adopted = organisation.strategies.filter(versions__status=VersionStatus.ADOPTED)
    for strategy in adopted.distinct():
        publication_set(actor=None, strategy=strategy, published=True)
