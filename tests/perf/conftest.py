import pytest

from apps.demo.large import Size

# The shape of the benchmark's municipality at a scale a test can build in seconds.
# Four strategies give every state the generator uses for the newest version
# (proposed, draft, consultation, adopted).
SMALL = Size(
    centres=2, workplaces=4, employees=12, leaders_per_centre=2, politicians=3, executives=2,
    communications=2, strategies=4, versions=3,
)
# The same shape grown in every direction: more units, people, strategies and versions.
LARGER = Size(
    centres=4, workplaces=12, employees=60, leaders_per_centre=4, politicians=7, executives=3,
    communications=3, strategies=6, versions=4,
)


@pytest.fixture
def quiet():
    """A log for the generator that keeps its lines for the test to read."""
    lines: list[str] = []
    return lines.append, lines
