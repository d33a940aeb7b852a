"""HTML preview of a report issue: the official look on screen, no external resources.

Fonts are asked for by their official names first, then by free fonts a browser may have
(Noto CJK, LXGW WenKai), as GB/T 9704-2012 names them: title 方正小标宋简体, body 仿宋_GB2312,
一、 headings 黑体, （一） headings 楷体_GB2312. All text is escaped.
"""

from __future__ import annotations

from html import escape

from servicehall.gbt9704.blocks import (
    IMPRINT_KINDS,
    MASTHEAD_KINDS,
    SPLIT,
    Block,
    Kind,
    document_blocks,
    number_line,
)
from servicehall.gbt9704.document import LEVEL_SECOND, LEVEL_THIRD, LEVEL_TOP, Document, Run

FONT_FANGSONG = '"仿宋_GB2312", "仿宋", FangSong, STFangsong, "Noto Serif CJK SC", serif'
FONT_XIAOBIAOSONG = '"方正小标宋简体", "FZXiaoBiaoSong-B05S", "Noto Serif CJK SC", serif'
FONT_HEITI = '"黑体", SimHei, "Noto Sans CJK SC", sans-serif'
FONT_KAITI = '"楷体_GB2312", "楷体", KaiTi, STKaiti, "LXGW WenKai", serif'

# A sheet of A4 with the GB/T 9704-2012 type area (156 mm wide, §5.2.1); 16 pt = 三号 body,
# 22 pt = 二号 title, 14 pt = 四号 版记; red title and red rule (§7.2.4, §7.2.7).
STYLESHEET = f"""
.gw-doc {{ box-sizing: border-box; width: 210mm; max-width: 100%; margin: 0 auto;
  padding: 37mm 26mm 35mm 28mm; background: #fff; color: #000;
  font-family: {FONT_FANGSONG}; font-size: 16pt; line-height: 28.95pt; }}
.gw-doc p {{ margin: 0; text-indent: 2em; text-align: justify; }}
.gw-doc .gw-masthead p {{ text-indent: 0; text-align: center; }}
.gw-doc .gw-title {{ font-family: {FONT_XIAOBIAOSONG}; font-size: 22pt; font-weight: bold;
  color: #e00; line-height: 1.6; }}
.gw-doc .gw-banner {{ font-family: {FONT_XIAOBIAOSONG}; font-size: 36pt; font-weight: bold;
  color: #e00; line-height: 57.9pt; }}
.gw-doc .gw-authority {{ font-family: {FONT_XIAOBIAOSONG}; font-size: 36pt; font-weight: bold;
  color: #e00; line-height: 57.9pt; margin-top: 86.85pt; white-space: nowrap; }}
.gw-doc .gw-file_number {{ margin-top: 57.9pt; }}
.gw-doc .gw-headline {{ font-family: {FONT_XIAOBIAOSONG}; font-size: 22pt; font-weight: bold;
  line-height: 1.6; margin-top: 28.95pt; }}
.gw-doc p.gw-signature {{ text-align: right; text-indent: 0; }}
.gw-doc .gw-pad {{ white-space: pre; }}
.gw-doc .gw-masthead .gw-split {{ display: flex; justify-content: space-between; }}
.gw-doc .gw-rule {{ border: 0; border-top: 2px solid #e00; margin: 4pt 0 28.95pt; }}
.gw-doc h2, .gw-doc h3, .gw-doc h4 {{ margin: 0; font-size: 16pt; font-weight: normal;
  text-indent: 2em; }}
.gw-doc h2, .gw-doc .gw-head-1 {{ font-family: {FONT_HEITI}; }}
.gw-doc h3, .gw-doc .gw-head-2 {{ font-family: {FONT_KAITI}; }}
.gw-doc h4, .gw-doc .gw-head-3 {{ font-weight: bold; }}
.gw-doc .gw-imprint {{ margin-top: 28.95pt; border-top: 1.3px solid #000;
  border-bottom: 1.3px solid #000; font-size: 14pt; }}
.gw-doc .gw-imprint p {{ text-indent: -2em; padding: 0 1em 0 3em; }}
.gw-doc .gw-imprint p + p {{ border-top: 1px solid #000; }}
.gw-doc .gw-imprint .gw-copies {{ text-align: right; text-indent: 0; }}
.gw-doc strong {{ font-weight: bold; }}
"""

HEADING_TAG = {LEVEL_TOP: "h2", LEVEL_SECOND: "h3", LEVEL_THIRD: "h4"}


def _runs(runs: tuple[Run, ...]) -> str:
    return "".join(
        f"<strong>{escape(run.text)}</strong>" if run.bold else escape(run.text) for run in runs
    )


def _masthead(blocks: list[Block]) -> str:
    parts = []
    for block in blocks:
        css = "gw-title" if block.kind == Kind.TITLE else f"gw-{block.kind}"
        if any(run.text == SPLIT for run in block.runs):  # issuer left, date right
            spans = "".join(f"<span>{_runs((r,))}</span>" for r in block.runs if r.text != SPLIT)
            parts.append(f'<p class="{css} gw-split">{spans}</p>')
        else:
            parts.append(f'<p class="{css}">{_runs(block.runs)}</p>')
        if block.rule_below:
            parts.append('<hr class="gw-rule">')
    return '<header class="gw-masthead">' + "".join(parts) + "</header>" if parts else ""


def _body_block(block: Block) -> str:
    if block.kind == Kind.SIGNATURE:
        # The right indent in ideographic spaces (and an en space for a half): no inline
        # style, which the app's CSP refuses.
        pad = "\u3000" * int(block.right_chars) + "\u2002" * round(block.right_chars % 1 * 2)
        return f'<p class="gw-signature">{_runs(block.runs)}<span class="gw-pad">{pad}</span></p>'
    if block.kind == Kind.NOTICE:
        return f'<p class="gw-headline gw-notice">{_runs(block.runs)}</p>'
    if block.kind == Kind.HEADING:
        tag = HEADING_TAG.get(block.level, "h4")
        return f"<{tag}>{_runs(block.runs)}</{tag}>"
    head = ""
    if block.head:
        level = min(block.level, LEVEL_THIRD)
        head = f'<span class="gw-head-{level}">{escape(block.head)}</span>'
    return f"<p>{head}{_runs(block.runs)}</p>"


def _imprint(blocks: list[Block]) -> str:
    """The 版记 (GB/T 9704-2012 §7.4) between rules."""
    if not blocks:
        return ""
    rows = "".join(f'<p class="gw-{block.kind}">{_runs(block.runs)}</p>' for block in blocks)
    return f'<footer class="gw-imprint">{rows}</footer>'


def render_html_fragment(doc: Document) -> str:
    """The issue as an ``<article>`` for embedding; style it with ``STYLESHEET``."""
    blocks = document_blocks(doc)
    masthead = _masthead([b for b in blocks if b.kind in MASTHEAD_KINDS])
    body = "".join(_body_block(b) for b in blocks if b.kind not in MASTHEAD_KINDS | IMPRINT_KINDS)
    imprint = _imprint([b for b in blocks if b.kind in IMPRINT_KINDS])
    return f'<article class="gw-doc" lang="zh-CN">{masthead}{body}{imprint}</article>'


def render_html(doc: Document) -> str:
    """A complete, self-contained HTML page previewing the issue."""
    title = escape(" ".join(part for part in (doc.title, number_line(doc)) if part) or "周报")
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n<style>{STYLESHEET}"
        "body { margin: 0; padding: 16px 0; background: #e8e8e8; }\n"
        "</style>\n</head>\n<body>\n"
        f"{render_html_fragment(doc)}\n</body>\n</html>\n"
    )
