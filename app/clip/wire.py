"""The end matter of wire copy: contributor lines ("Reporting by ...; Editing by ...") and agency boilerplate.

Shapes, from the wires and papers themselves:

- Reuters: "(Reporting by Hyonhee Shin in Seoul; Additional reporting by ...; Editing by ...)", then "Our
  Standards: The Thomson Reuters Trust Principles."
- AP: "Associated Press writer Jane Roe in Tokyo contributed to this report.", "___", "Follow AP's coverage
  of ... at https://apnews.com/hub/...", "Copyright 2023 The Associated Press. All rights reserved. This
  material may not be published, broadcast, rewritten or redistributed."
- AFP: desk codes ("kjm-jta/dv", "burs-sst/axn"); dpa: "dpa kr yyzz n1 ct", "dpa-AFX", "© dpa-infocom";
  EFE: "EFE jd/lss"; Kyodo: "==Kyodo"; Yonhap: "(END)", "(끝)", "<저작권자(c) 연합뉴스, 무단 전재-재배포 금지>";
  Xinhua: "[Editor: Zhang Yi]", "Editor: Zhang Yi"; European papers: "Mitarbeit: Anna Beck", "Mit Material
  von dpa und AFP", "(avec AFP)", "Con información de EFE".

A contributor line is kept (in the notes: searchable, shown) and its reporters and writers join the authors;
a boilerplate line goes to the article's list of dropped lines. Both are only looked for at the end.
"""

from __future__ import annotations

import re

_ROLE = (
    r"(?:additional\s+|further\s+|extra\s+)?(?:reporting|writing|editing|edited|written|compiled|reported|"
    r"research|graphics?|photos?|photography|video|production|produced|translation|translated|fact[- ]checking|"
    r"data|design|illustrations?|sketch(?:es)?|verification)"
)
_CLAUSE = re.compile(rf"^\s*(?P<role>{_ROLE})\s+(?:by|from)\s+(?P<names>.+?)\s*$", re.IGNORECASE)
_WRITERS = re.compile(r"reporting|writing|written|compiled|reported", re.IGNORECASE)
_CONTRIBUTED = re.compile(
    r"^(?:(?:the\s+)?(?:associated\s+press|reuters|afp|agence\s+france-presse|bloomberg|dpa|efe|kyodo|yonhap|"
    r"xinhua)(?:\s+(?:staff\s+)?(?:writers?|reporters?|journalists?|correspondents?))?\s*)?"
    r"(?P<names>[^.]{0,200}?)\s+(?:also\s+)?contributed(?:\s+(?:reporting|to\s+(?:this|the)\s+(?:report|story)))+\.?$",
    re.IGNORECASE,
)
_LABELLED = re.compile(
    r"^\[?(?P<role>editor|editors|edited\s+by|translator|translated\s+by|mitarbeit|redaktion|traducción|"
    r"edición|rédaction|作成|編集|번역|편집)\s*[:：]\s*(?P<names>[^\]]{2,120})\]?$",
    re.IGNORECASE,
)
_WITH_MATERIAL = re.compile(
    r"^[(\[]?(?:mit\s+material\s+(?:von|der)|with\s+(?:files|reporting)\s+from|avec|con\s+información\s+de|"
    r"with\s+agencies|agencies\s+contributed)\b.{0,80}[)\]]?\.?$",
    re.IGNORECASE,
)
_BOILERPLATE = re.compile(
    r"""^(?:
        (?:[-_*=~•·]\s*){3,} | our\s+standards\s*:.* | .*\btrust\s+principles\.? | opens\s+new\s+tab | suggested\s+topics\s*:?.*
      | .*\bmay\s+not\s+be\s+(?:published|reproduced),?\s+broadcast.* | .*\ball\s+rights\s+reserved\b.*
      | (?:copyright|©|ⓒ|\(c\))\s*(?:\d{4}\s+)?.{0,80} | follow\s+(?:ap|ap's|reuters|afp)\b.{0,200}
      | .*\bis\s+solely\s+responsible\s+for\s+all\s+content\.? | sign\s+up\s+here\.?
      | [a-z]{2,5}(?:-[a-z]{2,5})*/[a-z]{2,5}(?:/[a-z]{2,5})* | burs?(?:-[a-z]{2,5})+/[a-z]{2,5}(?:/[a-z]{2,5})*
      | dpa(?:\s+[a-z]{2,4}){1,6}(?:\s+[a-z]?\d+)?(?:\s+[a-z]{2})? | dpa-afx.{0,40} | ©\s*dpa.{0,80}
      | efe\s+[a-z]{2,5}(?:/[a-z]{2,5})+ | \(?efe\)? | ={1,3}\s*kyodo | \(?end\)? | \(?끝\)?
      | <?\s*저작권자.{0,80} | .*무단\s*전재.{0,40} | .*재배포\s*금지.{0,20}
      | \(?(?:xinhua|yonhap|kyodo|afp|ap|reuters|dpa)\)?\.?
      | （共同）|（時事）|＝共同 | 【[^】]{1,20}】
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
_MAX_LINE = 400
_PLACE = re.compile(r"\s+(?:in|from|at)\s+(?=[A-Z])")


def footer_kind(line: str) -> str:
    """"contributors", "boilerplate" or "" for one line (or paragraph) of end matter."""
    text = " ".join(line.split()).strip()
    if not text or len(text) > _MAX_LINE:
        return ""
    if contributors(text) is not None:
        return "contributors"
    if _BOILERPLATE.match(text):
        return "boilerplate"
    return ""


def contributors(line: str) -> tuple[list[str], list[str]] | None:
    """(writers, everyone) named by a contributor line; None when ``line`` is not one.

    "(Reporting by Jane Roe in Seoul; Editing by Tom Poe)" -> (["Jane Roe"], ["Jane Roe", "Tom Poe"]).
    """
    text = " ".join(line.split()).strip().strip("()[]").strip()
    contributed = _CONTRIBUTED.match(text)
    if contributed:
        names = _names(re.sub(r"^(?:writers?|reporters?|journalists?|correspondents?)\s+", "",
                              contributed.group("names"), flags=re.IGNORECASE))
        return names, names
    labelled = _LABELLED.match(text)
    if labelled:
        names = _names(labelled.group("names"))
        return ([], names) if names else None
    clauses = [c for c in re.split(r"\s*;\s*|\.\s+(?=[A-Z])", text.rstrip(".")) if c.strip()]
    writers: list[str] = []
    everyone: list[str] = []
    for clause in clauses:
        match = _CLAUSE.match(clause)
        if match is None:
            return None
        names = _names(match.group("names"))
        if not names:
            return None
        everyone.extend(n for n in names if n not in everyone)
        if _WRITERS.search(match.group("role")):
            writers.extend(n for n in names if n not in writers)
    return (writers, everyone) if everyone else None


def is_agency_note(line: str) -> bool:
    """"Mit Material von dpa", "(avec AFP)", "With files from Reuters": a contributor line naming agencies."""
    return bool(_WITH_MATERIAL.match(" ".join(line.split())))


def _names(text: str) -> list[str]:
    """People in "Jane Roe in Seoul, South Korea, and Tom Poe in Tokyo", "Jane Roe, Tom Poe"; empty when
    something else is there."""
    names: list[str] = []
    after_place = False
    for group in re.split(r",?\s+(?:and|und|et|y)\s+|\s*&\s*|\s*、\s*|\s*·\s*", text.strip().rstrip(".,")):
        people = _PLACE.split(group, maxsplit=1)[0]
        if after_place and people == group and len(group.split()) == 1:
            continue  # "in Seoul and Tokyo": the second place
        after_place = people != group
        for person in (p.strip() for p in people.split(",")):
            if not person:
                continue
            words = person.split()
            cjk = re.fullmatch(r"[\u3040-\u30ff\u4e00-\u9fff가-힣]{2,8}", person)
            if not cjk and (not 1 <= len(words) <= 5 or not all(_name_word(w) for w in words)):
                return []
            names.append(person)
    return names


def _name_word(word: str) -> bool:
    return word[:1].isupper() or not word[:1].isalpha() or word in _PARTICLES


_PARTICLES = {"de", "da", "del", "der", "van", "von", "bin", "al", "el", "la", "le", "di", "du", "dos", "y"}


def split_end_matter(paragraphs: list[str]) -> tuple[list[str], list[str], list[str]]:
    """Take contributor lines and boilerplate off the end of ``paragraphs``.

    Returns (the paragraphs left, contributor lines in order, boilerplate lines in order). A paragraph of
    several lines is judged line by line; it is taken only when every line is end matter.
    """
    kept = list(paragraphs)
    credits: list[str] = []
    dropped: list[str] = []
    while kept:
        lines = [ln for ln in kept[-1].split("\n") if ln.strip()]
        kinds = [footer_kind(ln) or ("contributors" if is_agency_note(ln) else "") for ln in lines]
        if not lines or not all(kinds):
            break
        kept.pop()
        for ln, kind in zip(reversed(lines), reversed(kinds), strict=True):
            (credits if kind == "contributors" else dropped).insert(0, " ".join(ln.split()))
    return kept, credits, dropped
