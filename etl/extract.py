"""Extract: read every curated fact file into raw records, with a checksum of each file.

YAML is read with PyYAML's BaseLoader, which keeps every scalar as text: no implicit typing, so
``no`` (Norwegian) stays a language code and ``2025-08`` stays a partial date. Types are applied
by the models in :mod:`etl.models`.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from etl.problems import Problem

# kind of record -> (file name, key inside the file or None for a top-level list)
FACT_FILES: dict[str, tuple[str, str | None]] = {
    "sources": ("sources.yaml", None),
    "partners": ("partners.yaml", None),
    "domain_groups": ("domains.yaml", "groups"),
    "domains": ("domains.yaml", "domains"),
    "links": ("links.yaml", None),
    "events": ("events.yaml", None),
    "legal_instruments": ("legal_instruments.yaml", None),
    "legal_counts": ("legal_counts.yaml", None),
    "indicators": ("indicators.yaml", None),
    "targets": ("targets.yaml", None),
    "observations": ("observations.csv", None),
}


@dataclass(frozen=True)
class RawRecord:
    file: str
    label: str  # how a person finds the record: its id, else its position or CSV line
    data: dict[str, Any]


@dataclass
class RawFacts:
    records: dict[str, list[RawRecord]] = field(default_factory=dict)
    checksums: dict[str, tuple[str, int]] = field(default_factory=dict)  # file -> (sha256, size)
    problems: list[Problem] = field(default_factory=list)


def _label(data: Any, index: int) -> str:
    if isinstance(data, dict) and isinstance(data.get("id"), str) and data["id"]:
        return f"'{data['id']}' (#{index + 1})"
    return f"#{index + 1}"


def _read_yaml(rel: str, text: str, key: str | None, out: RawFacts, kind: str) -> None:
    try:
        doc = yaml.load(text, Loader=yaml.BaseLoader)  # BaseLoader: text only, builds no objects
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "-"
        out.problems.append(Problem(rel, where, "-", f"unparseable YAML: {exc}"))
        return
    if key is not None:
        if not isinstance(doc, dict) or key not in doc:
            out.problems.append(Problem(rel, "-", key, f"the file must have a top-level '{key}:'"))
            return
        doc = doc[key]
    if doc is None or doc == "":
        doc = []
    if not isinstance(doc, list):
        out.problems.append(Problem(rel, "-", "-", "the file must hold a list of records"))
        return
    records = []
    for i, item in enumerate(doc):
        if not isinstance(item, dict):
            out.problems.append(Problem(rel, f"#{i + 1}", "-", "a record must be a mapping"))
            continue
        records.append(RawRecord(rel, _label(item, i), item))
    out.records[kind] = records


def _read_csv(rel: str, text: str, out: RawFacts, kind: str) -> None:
    reader = csv.DictReader(io.StringIO(text), strict=True)  # a stray quote is an error
    records = []
    try:
        for row in reader:
            if None in row:
                out.problems.append(
                    Problem(rel, f"line {reader.line_num}", "-", "more values than header columns")
                )
                continue
            data = {k: v for k, v in row.items() if v not in ("", None)}
            records.append(RawRecord(rel, f"line {reader.line_num}", data))
    except csv.Error as exc:
        # line_num counts the lines read without error, so the faulty line is the next one
        line = reader.line_num + 1
        out.problems.append(Problem(rel, f"line {line}", "-", f"unparseable CSV: {exc}"))
        return
    out.records[kind] = records


def _display_path(path: Path) -> str:
    """The path as a person would type it: relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def extract(facts_dir: Path) -> RawFacts:
    """Read all fact files under ``facts_dir``; problems are collected, not raised."""
    out = RawFacts()
    for kind, (name, key) in FACT_FILES.items():
        path = facts_dir / name
        rel = _display_path(path)
        if not path.is_file():
            out.problems.append(Problem(rel, "-", "-", "file is missing"))
            continue
        raw = path.read_bytes()
        out.checksums[name] = (hashlib.sha256(raw).hexdigest(), len(raw))
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            out.problems.append(Problem(rel, "-", "-", f"not UTF-8 text: {exc}"))
            continue
        if name.endswith(".csv"):
            _read_csv(rel, text, out, kind)
        else:
            _read_yaml(rel, text, key, out, kind)
    return out
