"""index.html beside a night's summary.md: links to tonight's failure pages (each tool's
--html pages, html/<step>/), Relacy's verdict table, and an inline SVG chart of the seeds
each strategy needed to its first failure (median and maximum over tonight's failing
pairs). Self-contained: no network, no scripts."""
import html
import os
import statistics
from typing import Dict, List, Sequence, Tuple


def markdown_table(text: str) -> str:
    """A Markdown table (the tools' verdict table) as an HTML table."""
    rows = [line.strip().strip("|").split("|") for line in text.strip().splitlines() if line.strip().startswith("|")]
    rows = [r for r in rows if not all(set(c.strip()) <= set("-:") for c in r)]
    if not rows:
        return ""
    out = ["<table class=\"verdicts\"><tr>" + "".join(f"<th>{html.escape(c.strip())}</th>" for c in rows[0]) + "</tr>"]
    for r in rows[1:]:
        cells = []
        for c in r:
            c = html.escape(c.strip())
            cells.append(f"<td class=\"bad\">{c.replace('**', '')}</td>" if "**" in c else f"<td>{c}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    return "\n".join(out) + "</table>"


def seeds_chart(per_step: Dict[str, List[int]]) -> str:
    """Horizontal bars: per step, the median runs to the first failure (the maximum as a
    thin bar behind it), on a log scale so that 3 and 30000 both show."""
    import math
    items = [(step, statistics.median(v), max(v), len(v)) for step, v in per_step.items() if v]
    if not items:
        return "<p>No failures tonight, so no seeds-to-failure chart.</p>"
    width, bar_h, left = 640, 22, 220
    top = max(m for _, _, m, _ in items)
    scale = lambda x: (width - left - 80) * math.log10(1 + x) / math.log10(1 + top)  # noqa: E731
    rows = []
    for i, (step, median, most, n) in enumerate(items):
        y = 10 + i * (bar_h + 8)
        rows.append(f'<text x="{left - 8}" y="{y + 15}" text-anchor="end">{html.escape(step)}</text>'
                    f'<rect x="{left}" y="{y + 8}" width="{scale(most):.1f}" height="6" fill="#c9c9d6"/>'
                    f'<rect class="median" x="{left}" y="{y}" width="{max(scale(median), 1):.1f}" height="{bar_h - 8}" '
                    f'fill="#4a62c9"/><text x="{left + scale(most) + 6:.1f}" y="{y + 15}">median {median:g}, '
                    f'max {most} ({n} pairs)</text>')
    height = 20 + len(items) * (bar_h + 8)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width + 200}" height="{height}" '
            f'font-family="sans-serif" font-size="12">' + "".join(rows) + "</svg>")


def render_index(*, title: str, verdict: str, pages: Sequence[Tuple[str, str, str, bool]],
                 per_step: Dict[str, List[int]], relacy_table: str) -> str:
    """`pages`: (step, link, label, unexpected) of each failure page."""
    style = ("body{font:14px/1.4 system-ui,sans-serif;margin:1.5em} table{border-collapse:collapse} "
             "td,th{border:1px solid #ddd;padding:2px 6px;font-size:12px} .bad{background:#fde7ea} "
             ".unexpected{color:#b00020;font-weight:bold}")
    out = [f"<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{html.escape(title)}</title>"
           f"<style>{style}</style></head><body>", f"<h1>{html.escape(title)}: {html.escape(verdict)}</h1>",
           "<p><a href=\"summary.md\">summary.md</a> has every step, the corpus and the replay lines.</p>",
           "<h2>Failures found tonight</h2>"]
    if pages:
        out.append("<ul>")
        for step, link, label, unexpected in pages:
            cls = ' class="unexpected"' if unexpected else ""
            out.append(f"<li{cls}>{html.escape(step)}: <a href=\"{html.escape(link)}\">{html.escape(label)}</a>"
                       f"{' (unexpected)' if unexpected else ''}</li>")
        out.append("</ul>")
    else:
        out.append("<p>None.</p>")
    out += ["<h2>Seeds to the first failure, per strategy</h2>", seeds_chart(per_step)]
    if relacy_table:
        out += ["<h2>Relacy verdicts in this shard's seed range</h2>", markdown_table(relacy_table)]
    out.append("</body></html>\n")
    return "\n".join(out)


def failure_pages(out_dir: str, step: str, runs: Sequence[dict]) -> List[Tuple[str, str, str, bool]]:
    """The pages a step's tool wrote (html/<step>/), matched to its failing runs."""
    folder = os.path.join(out_dir, "html", step)
    if not os.path.isdir(folder):
        return []
    pages = []
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".html") or name == "index.html":
            continue
        run = next((r for r in runs if f".{r['scenario']}.{r['variant']}." in name and r["found"] != "holds"), None)
        label = f"{run['scenario']} {run['variant']}: {run['found']}" if run else name
        pages.append((step, f"html/{step}/{name}", label, bool(run and not run["matches"])))
    return pages
