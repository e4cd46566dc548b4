from apps.core import markdown
from apps.core.markdown import render_markdown


def test_markdown_subset_renders_emphasis_and_lists():
    html = render_markdown("Vi er *en sund by i bevægelse*.\n\n- et\n- to")

    assert "<em>en sund by i bevægelse</em>" in html
    assert "<li>et</li>" in html


def test_raw_html_in_user_text_is_rendered_inert():
    html = render_markdown('<script>alert(1)</script><img src=x onerror="alert(2)">')

    assert "<script" not in html
    assert "<img" not in html
    assert "&lt;script&gt;" in html


def test_javascript_links_lose_their_href():
    html = render_markdown("[klik](javascript:alert(1))")

    assert "<a" not in html
    assert 'href="javascript' not in html


def test_a_text_shown_again_is_rendered_once():
    markdown._render_cached.cache_clear()
    text = "Vi taler **klart** og [lytter](https://example.dk)."

    first = markdown.render_markdown(text)
    second = markdown.render_markdown(text)

    assert second == first == markdown._render(text)
    info = markdown._render_cached.cache_info()
    assert (info.misses, info.hits) == (1, 1)


def test_long_texts_are_rendered_every_time_and_not_kept():
    markdown._render_cached.cache_clear()
    text = "x" * (markdown.CACHED_MAX_CHARS + 1)

    markdown.render_markdown(text)
    markdown.render_markdown(text)

    assert markdown._render_cached.cache_info().currsize == 0
