"""Helpers of the resubmission tests: the token a page's form was rendered with."""

import re


def token_of(response, action: str = "") -> str:
    """The submission token of the (first) form on the page, or of the form posting to
    `action`."""
    html = response.content.decode()
    if action:
        start = html.index(f'action="{action}"')
        html = html[start:]
    return re.search(r'name="submission" value="([0-9a-f-]{36})"', html).group(1)
