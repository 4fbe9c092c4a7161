"""Pre-clean a parsed page: drop known boilerplate and find the element that holds the article."""

from __future__ import annotations

import re
from itertools import islice

from lxml.html import HtmlElement

DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "nav",
    "footer",
    "form",
    "button",
    "iframe",
    "template",
    "svg",
    "dialog",
    "select",
    "input",
    "textarea",
    "object",
    "embed",
    "aside",
    "link",
    "meta",
)
# class/id words that mark boilerplate: cookie banners, share tools, related lists, comments, ads, newsletters.
_BOILER = re.compile(
    r"(?<![^\s_-])(cookies?|consent|gdpr|newsletters?|subscribe|subscription|signup|sign-up|share|sharing|"
    r"social|related|recommended|recommendations|recirc|more-stories|read-more|readmore|popular|trending|"
    r"most-read|comments?|disqus|respond|reply|ad|ads|advert|adverts|advertisement|dfp|adslot|sponsored|"
    r"sponsor|promo|outbrain|taboola|breadcrumbs?|paywall|piano|modal|popup|overlay|skip-link|"
    r"sr-only|visually-hidden|tags|tag-list|topics|author-bio|bio|donate|banner|toolbar|print|"
    r"site-header|masthead|site-footer|menu|sidebar|widget|jump-link|live-updates-nav)(?![^\s_-])",
)
_BODY_HINT = re.compile(
    r"(?<![^\s_-])(article-?body|articlebody|story-?body|entry-content|post-content|article-content|"
    r"story-content|post-body|article__body|content__article-body|main-content|article-text|news-body|"
    r"liveblog|live-blog|gallery)(?![^\s_-])",
)
_STANDFIRST = re.compile(
    r"(?<![^\s_-])(standfirst|dek|subheadline|sub-headline|article-summary|"
    r"article-standfirst|strapline|intro-text)(?![^\s_-])",
)
_KEEP = ("html", "body", "main", "article")
# "ALSO READ: <link>" and friends placed between paragraphs.
_LINK_LABEL = re.compile(
    r"^\W*(also read|read more|read also|related|see also|more on this|recommended|watch|"
    r"listen|more from|don't miss|most read)\b[^.!?]{0,20}:",
    re.I,
)
_MARKED = "//*[@class or @id or @role or @hidden or @aria-hidden or @style or @data-component]"
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


def _marks(el: HtmlElement) -> str:
    """The element's class, id, role and data-component, lower-cased (the mark patterns are lower-case: a
    case-sensitive search is three times faster than an ignore-case one, and this runs on every element)."""
    return f"{el.get('class', '')} {el.get('id', '')} {el.get('role', '')} {el.get('data-component', '')}".lower()


def _ptext(el: HtmlElement) -> int:
    return sum(len(p.text_content()) for p in el.iter("p"))


def paragraph_text(el: HtmlElement) -> int:
    """Characters of visible paragraph text in ``el`` (whitespace runs counted once)."""
    return sum(len(" ".join(p.text_content().split())) for p in el.iter("p"))


def strip_boilerplate(tree: HtmlElement) -> list[HtmlElement]:
    """Remove scripts, navigation, banners, share/related/comment/ad boxes and hidden elements in place.

    An element holding most of the page's paragraph text is never removed, whatever its class says.
    Returns the elements whose class or id names an article body ("article-body", "entry-content"), for
    :func:`find_container` (they were met on the way).
    """
    hinted: list[HtmlElement] = []
    total = _ptext(tree) or 1
    for el in list(tree.iter(*DROP_TAGS)):
        if el.getparent() is not None and not (el.tag == "aside" and _ptext(el) > 0.5 * total):
            _drop(el)
    root = tree.getroottree().getroot()
    for el in tree.xpath(_MARKED):  # only elements with an attribute _is_boiler reads (most have none)
        if el.getroottree().getroot() is not root:  # gone with a dropped ancestor
            continue
        marks = _marks(el)
        if _BODY_HINT.search(marks):
            hinted.append(el)
        elif el.tag not in _KEEP and _is_boiler(el, marks) and _ptext(el) < 0.4 * total:
            _drop(el)
    # a "Read more: <link>" block holds a link: only the blocks around links are looked at
    for el in tree.xpath("//a/ancestor::*[self::p or self::div or self::li]"):
        start = "".join(islice(el.itertext(), 4)).lstrip()[:80]  # the label opens the block: no need for all
        if (
            el.getparent() is not None
            and _LINK_LABEL.match(start)
            and el.find(".//a") is not None
            and len(el.text_content().strip()) < 200
        ):
            _drop(el)
    for el in list(tree.iter("header")):
        if (
            el.getparent() is not None
            and not el.xpath("ancestor::article|ancestor::main")
            and not el.xpath(".//h1")
        ):
            _drop(el)
    return [el for el in hinted if el.getroottree().getroot() is root]


_SCREEN_READER = re.compile(
    r"(?<![^\s_-])(sr-only|visually-?hidden|screen-reader-text|a11y-only|offscreen)"
    r"(?![^\s_-])",
)


def _is_boiler(el: HtmlElement, marks: str) -> bool:
    if _SCREEN_READER.search(marks):
        return True
    attrib = el.attrib
    if (
        "hidden" in attrib
        or attrib.get("aria-hidden") == "true"
        or ("style" in attrib and _HIDDEN_STYLE.search(attrib["style"]))
    ):
        return el.tag not in ("img", "picture", "source")
    if attrib.get("role", "") in ("navigation", "banner", "contentinfo", "complementary", "search", "dialog"):
        return True
    return el.tag not in ("figure", "img", "picture", "figcaption", "span") and bool(_BOILER.search(marks))


def _drop(el: HtmlElement) -> None:
    """Remove ``el`` but keep its tail text in the document."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail and el.tail.strip():
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def find_container(tree: HtmlElement, hinted: list[HtmlElement] | None = None) -> HtmlElement:
    """The element that holds the article: articleBody, <article>, a body-like class, <main>, or the densest block.

    ``hinted``: the elements with a body-like class, as :func:`strip_boilerplate` returned them."""
    total = _ptext(tree) or 1
    densest = _densest(tree)
    groups = (
        tree.xpath("//*[@itemprop='articleBody']"),
        tree.xpath("//article"),
        hinted if hinted is not None else [el for el in tree.xpath(_MARKED) if _BODY_HINT.search(_marks(el))],
        tree.xpath("//main|//*[@role='main']"),
    )
    for group in groups:
        best = max(group, key=_ptext, default=None)
        if best is not None and _ptext(best) >= 0.5 * total:
            return _widen(best)
    return densest


def _widen(best: HtmlElement) -> HtmlElement:
    """Climb to the enclosing <article> (or <main>) when it adds little text: it holds the lead photo."""
    for xpath in ("ancestor::article", "ancestor::main|ancestor::*[@role='main']"):
        outer = best.xpath(xpath)
        if outer and _ptext(outer[-1]) <= 1.5 * _ptext(best) + 2000:
            return outer[-1]
    return best


def _densest(tree: HtmlElement) -> HtmlElement:
    """The element whose own <p> children carry the most text (climbing to an enclosing <article>)."""
    scores: dict[HtmlElement, int] = {}
    for p in tree.iter("p"):
        parent = p.getparent()
        if parent is not None:
            scores[parent] = scores.get(parent, 0) + len(p.text_content())
    if not scores:
        body = tree.find("body")
        return body if body is not None else tree
    return _widen(max(scores, key=lambda k: scores[k]))


def take_standfirst(container: HtmlElement) -> str:
    """Remove a visible standfirst/dek (in the article, else anywhere on the page) and return its text."""
    root = container.getroottree().getroot()
    for el in [*container.iter("p", "div", "h2", "span"), *root.iter("p", "div", "h2", "span")]:
        if (el.get("class") or el.get("id")) and _STANDFIRST.search(_marks(el)):
            text = " ".join(el.text_content().split())
            _drop(el)
            return text
    return ""
