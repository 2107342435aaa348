"""summary.md of a nightly shard: the steps, the corpus re-run, tonight's failures, the
expected violations not reached, and Relacy's verdict table (from its JSON report)."""
import dataclasses
from typing import List, Optional


@dataclasses.dataclass
class Row:
    name: str
    engine: str
    command: str
    exit: str
    seconds: int
    pairs: str
    status: str
    failed: bool = False


def md(text: str) -> str:
    return text.replace("|", "\\|")


def render_summary(*, verdict: str, shard: str, started: str, commit: str, budget_text: str, budget: float,
                   day: int, night: Optional[object], rows: List[Row], corpus: str, corpus_rows: List[str],
                   corpus_added: List[str], failures: List[tuple], missed: List[str], relacy_table: str) -> str:
    out = [f"# pagewait nightly, shard {shard}: {verdict}", "",
           f"Started {started}, commit {commit}, budget {budget_text} ({int(budget)} s), day {day}."]
    if night is not None:
        out.append(f"Relacy: seeds {night.relacy_seed}..{night.relacy_seed + night.relacy_iterations - 1} for every pair. "
                   f"Native: seeds from {night.stress_seed}, shard {shard} of the (pair, seed) space; scenario order "
                   f"{','.join(night.scenarios) or 'all'}.")
    out += ["", "| step | engine | command | exit | seconds | pairs as expected / not | status |", "|---|---|---|---|---|---|---|"]
    out += [f"| {r.name} | {r.engine} | `{md(r.command)}` | {r.exit} | {r.seconds} | {r.pairs} | {md(r.status)} |" for r in rows]
    out += ["", f"## Corpus ({corpus})", ""]
    if not corpus_rows:
        out.append("No entries were re-run.")
    else:
        out += ["Re-run first. \"reproduced\": the known violation is still there (not a failure);",
                "\"no longer reproduces\": reported, not a failure (a fix, or the code moved the schedule).", "",
                "| entry | result | exit | seconds |", "|---|---|---|---|", *corpus_rows]
    out.append("")
    if corpus_added:
        out += ["Added to the corpus tonight:", "", *[f"- {a}" for a in corpus_added]]
    else:
        out.append("Nothing new was added to the corpus.")
    out += ["", "## Failures found tonight", ""]
    if failures:
        out += ["Each is in failures/<step>/ as one replay line; **unexpected** ones failed the night.", ""]
        out += [f"- **unexpected** {step}: `{f['line']}`" for step, f in failures if f["unexpected"]]
        out += [f"- {step}: `{f['line']}`" for step, f in failures if not f["unexpected"]]
    else:
        out.append("None.")
    if missed:
        out += ["", "Expected violations not reached tonight (not a failure):", "", *[f"- {m}" for m in missed]]
    if relacy_table:
        out += ["", "## Relacy verdicts in this shard's seed range", "", relacy_table.rstrip("\n")]
    return "\n".join(out) + "\n"
