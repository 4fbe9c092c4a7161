"""The inline style sheet of HTML exports: readable on screen, set like a cutting when printed."""

CSS = """
:root { color-scheme: light; }
html { background: #f4f1ea; }
body { margin: 0; padding: 2.5rem 1rem 4rem; color: #1d1b18;
  font: 1.0625rem/1.6 "Source Serif 4", "Noto Serif", Charter, Georgia, Cambria, "Times New Roman",
    "Noto Serif CJK KR", "Noto Serif CJK JP", "Noto Serif CJK SC", "Apple SD Gothic Neo", "Malgun Gothic",
    "Hiragino Mincho ProN", "Yu Mincho", "Songti SC", serif; }
article, .collection { max-width: 38rem; margin: 0 auto 3rem; background: #fffdf8; padding: 2.5rem 3rem 2rem;
  box-shadow: 0 1px 3px rgba(0,0,0,.12); border-radius: 2px; }
.kicker { font: 600 .72rem/1.3 system-ui, -apple-system, "Segoe UI", sans-serif; letter-spacing: .08em;
  text-transform: uppercase; color: #6b6359; margin: 0 0 1.2rem; padding-bottom: .5rem; border-bottom: 1px solid #d9d2c5; }
h1 { font-size: 2rem; line-height: 1.15; margin: 0 0 .6rem; font-weight: 700; letter-spacing: -.01em; }
.subtitle { font-size: 1.2rem; line-height: 1.35; font-style: italic; color: #3d3933; margin: 0 0 .9rem; }
.byline { font-variant: small-caps; letter-spacing: .03em; margin: 0; color: #3d3933; }
.dateline { font-size: .85rem; color: #6b6359; margin: .1rem 0 1.4rem; text-transform: uppercase; letter-spacing: .05em; }
figure { margin: 1.5rem 0; break-inside: avoid; }
figure img { display: block; width: 100%; height: auto; }
.no-image { border: 1px dashed #b9b0a0; color: #6b6359; padding: 1.5rem; text-align: center; font-style: italic; }
figcaption { font-size: .85rem; line-height: 1.45; color: #3d3933; margin-top: .45rem; }
.credit { display: block; font-size: .72rem; letter-spacing: .04em; text-transform: uppercase; color: #7a7267; margin-top: .15rem; }
.body p { margin: 0 0 1em; hyphens: auto; }
.body blockquote { margin: 1.2em 0; padding-left: 1em; border-left: 3px solid #d9d2c5; color: #3d3933; }
.body h2, .body h3 { font-size: 1.15rem; margin: 1.6em 0 .5em; }
.link { border-bottom: 1px dotted #9a9184; }
.provenance { margin-top: 2rem; padding-top: .6rem; border-top: 1px solid #d9d2c5; font: .75rem/1.5 system-ui,
  -apple-system, "Segoe UI", sans-serif; color: #6b6359; overflow-wrap: anywhere; }
.provenance a { color: inherit; }
.tags { margin: .3rem 0 0; }
nav ol { padding-left: 1.4rem; } nav li { margin: .35rem 0; } nav a { color: inherit; }
nav .meta { color: #6b6359; font-size: .85rem; }
@media print {
  @page { size: auto; margin: 20mm 22mm 22mm; }
  html, body { background: none; padding: 0; font-size: 10.5pt; }
  article, .collection { box-shadow: none; max-width: none; padding: 0; margin: 0; }
  article + article, .collection + article { break-before: page; }
  .kicker { border-color: #999; }
  a { color: inherit; text-decoration: none; }
}
"""
