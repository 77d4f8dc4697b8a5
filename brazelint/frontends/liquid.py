"""Frontend for template files (``.liquid``, ``.html``, ``.htm``): Liquid outputs, broken
Liquid tags, and comments (HTML ``<!-- … -->`` and Liquid ``{% comment %}`` blocks).

HTML itself is not parsed: Liquid is rendered before the HTML is, so an output inside an
attribute, a ``<style>`` block or an HTML comment is still an output.
"""

from __future__ import annotations

from brazelint.facts import Comment, FileFacts
from brazelint.frontends.positions import LineIndex
from brazelint.languages import Language
from brazelint.liquid import scan_liquid_template


def parse(path: str, text: str, language: Language) -> FileFacts:
    # No try/except: the scanner is a plain iterative loop over regex searches that cannot
    # fail on any str (tests/test_liquid.py checks arbitrary text with hypothesis).
    index = LineIndex(text)
    scan = scan_liquid_template(text, index=index)
    comments = sorted(
        (*scan.comments, *_html_comments(text, index)),
        key=lambda comment: (comment.span.line, comment.span.col),
    )
    return FileFacts(
        path=path,
        language=language,
        comments=tuple(comments),
        liquid=scan.outputs,
        liquid_problems=scan.problems,
    )


def _html_comments(text: str, index: LineIndex) -> list[Comment]:
    """``<!-- … -->`` comments, markers included. Found with plain ``find`` so that many
    unclosed ``<!--`` cost linear time (an unclosed one ends the search)."""
    comments = []
    position = 0
    while True:
        begin = text.find("<!--", position)
        if begin < 0:
            break
        close = text.find("-->", begin + 4)
        if close < 0:
            break
        end = close + 3
        comments.append(Comment(text[begin:end], index.char_span(begin, end)))
        position = end
    return comments
