"""BENCHMARKS.md holds one section per benchmark script, each between its own markers, so that a
script rewrites its section and leaves the others as they were."""
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FILE = ROOT / "BENCHMARKS.md"
HEADER = "# Benchmarks\n\nEach section is written by the script it names; ratios come from runs of hkkg and its peer in the same run.\n"


def write_section(name, lines):
    """Replaces (or appends) the section of script `name` with `lines` (Markdown, without markers)."""
    start, end = f"<!-- {name}: start -->", f"<!-- {name}: end -->"
    text = FILE.read_text(encoding="utf-8") if FILE.exists() else HEADER
    block = "\n".join([start, *lines, end])
    if start in text and end in text:
        before, rest = text.split(start, 1)
        _, after = rest.split(end, 1)
        text = before + block + after
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    FILE.write_text(text, encoding="utf-8")
