"""Two hkkg binaries side by side on a 1M-quad graph: load, N-Triples export, Turtle export.

usage: python3 bench/bench_versions.py OLD_HKKG NEW_HKKG [--quads 1000000] [--runs 3]

Generates a synthetic graph shaped like hkkg's data (visits with labels in both languages, dates,
countries, delegations with counts, outcomes; each statement in a passage graph), then runs each
task with the two binaries alternately, OLD NEW OLD NEW …, and reports for each the median CPU
time (user + system) and peak memory of the whole process, and NEW/OLD ratios pair by pair. CPU
time, not wall time: the machine may be shared. Build OLD from an earlier commit, for instance:
`git worktree add /tmp/old REV && cargo build --release --manifest-path /tmp/old/Cargo.toml`.
Prints a Markdown table and writes it as its section of BENCHMARKS.md (see bench/report.py).
"""
import argparse
import os
import statistics
import subprocess
import tempfile
from pathlib import Path

from report import write_section

HK = "https://w3id.org/hkkg/ontology#"
HKR = "https://w3id.org/hkkg/resource/"
HKP = "https://w3id.org/hkkg/passage/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SCHEMA = "http://schema.org/"
XSD = "http://www.w3.org/2001/XMLSchema#"
COUNTRIES = ["qatar", "kuwait", "uae", "saudi-arabia", "oman", "bahrain", "uzbekistan", "kazakhstan"]


def synthetic(path, quads):
    """About `quads` N-Quads, 13 per visit."""
    written = 0
    visit = 0
    with open(path, "w", encoding="utf-8") as out:
        while written < quads:
            visit += 1
            g = f"<{HKP}s{visit % 5000}>"
            v = f"<{HKR}visit-{visit}>"
            d = f"<{HKR}delegation-{visit}>"
            o = f"<{HKR}outcome-{visit}>"
            lines = [
                f"{v} <{RDF}type> <{HK}Visit> {g} .",
                f'{v} <{RDFS}label> "visit {visit}"@en {g} .',
                f'{v} <{RDFS}label> "第{visit}次出訪"@zh-Hant {g} .',
                f'{v} <{SCHEMA}startDate> "20{10 + visit % 15}-0{1 + visit % 9}-1{visit % 9}"^^<{XSD}date> {g} .',
                f"{v} <{HK}visitedCountry> <{HKR}{COUNTRIES[visit % 8]}> {g} .",
                f"{v} <{HK}visitedCountry> <{HKR}{COUNTRIES[(visit * 7) % 8]}> {g} .",
                f"{v} <{HK}delegation> {d} {g} .",
                f'{d} <{HK}memberCount> "{30 + visit % 50}"^^<{XSD}integer> {g} .',
                f"{d} <{RDF}type> <{HK}Delegation> {g} .",
                f"{v} <{HK}outcome> {o} {g} .",
                f"{o} <{RDF}type> <{HK}AgreementBatch> {g} .",
                f'{o} <{HK}agreementCount> "{visit % 20}"^^<{XSD}integer> {g} .',
                f'{o} <{RDFS}label> "outcome {visit}"@en {g} .',
            ]
            out.write("\n".join(lines) + "\n")
            written += len(lines)
    return written


def measure(command):
    """(CPU seconds, peak MiB) of one run of the whole process."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    stderr = process.stderr.read().decode(errors="replace")
    process.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{stderr}")
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("old")
    parser.add_argument("new")
    parser.add_argument("--quads", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "synthetic.nq"
        quads = synthetic(data, args.quads)
        load = ["--no-bundled", "--data", str(data)]
        tasks = [
            ("load (then `query -e 'ASK {}'`)", ["query", "-e", "ASK {}"]),
            ("export N-Triples", ["export", "-f", "ntriples", "-o", "/dev/null"]),
            ("export Turtle", ["export", "-f", "turtle", "-o", "/dev/null"]),
        ]
        lines = [
            "## Two versions side by side: load and export",
            "",
            f"Measured by `python3 bench/bench_versions.py OLD NEW` ({os.path.basename(args.old)} against "
            f"{os.path.basename(args.new)}): {quads:,} quads (synthetic, hkkg-shaped), {args.runs} paired runs "
            "each, medians of CPU time (user + system) and peak memory of the whole process.",
            "",
            "| task | old CPU s | new CPU s | new/old CPU | old peak MiB | new peak MiB | new/old memory |",
            "|---|---|---|---|---|---|---|",
        ]
        for name, task in tasks:
            old, new = [], []
            for _ in range(args.runs):
                old.append(measure([args.old, *load, *task]))
                new.append(measure([args.new, *load, *task]))
            cpu_ratio = statistics.median(n[0] / o[0] for o, n in zip(old, new))
            mem_ratio = statistics.median(n[1] / o[1] for o, n in zip(old, new))
            median = lambda runs, i: statistics.median(r[i] for r in runs)
            lines.append(
                f"| {name} | {median(old, 0):.2f} | {median(new, 0):.2f} | {cpu_ratio:.2f} "
                f"| {median(old, 1):.0f} | {median(new, 1):.0f} | {mem_ratio:.2f} |"
            )
        write_section("bench_versions", lines)
        print("\n".join(lines))


if __name__ == "__main__":
    main()
