"""The query language, described once for `cuttings search --help`, README and the GUI's Help menu."""

SEARCH_SYNTAX = """\
Query language:
  harbour archive            both words (AND), in title, subtitle, body, captions, credits, authors, tags, notes
  harbour OR port            either word
  archive NOT digital        leave out articles with "digital" (-digital, -"north korea", -tag:x too)
  "newspaper morgue"         the exact phrase
  title:morgue               a field: title subtitle body caption credit author(s) source place tag(s) notes url
  tag:places/Korea           that tag and every tag below it (places/Korea/Seoul ...)
  published:2020             a year; published:2020-07 a month; published:2020-07-02 a day
  published:[2020-07-01 to 2020-07-31]   a range of dates (clipped: works the same way)
  archvie~                   fuzzy: one typo, a swapped pair of letters too (archvie~2 allows two)
  digit*                     prefix: digital, digitising, ... (a count says if a prefix matched too
                             many words to search them all: type more letters)
  Korean words match inside longer words: 스크랩 finds 스크랩북.
"""
