"""Extract: read every curated fact file into raw records, with a checksum of each file.

YAML is read with PyYAML's BaseLoader, which keeps every scalar as text: no implicit typing, so
``no`` (Norwegian) stays a language code and ``2025-08`` stays a partial date. Types are applied
by the models in :mod:`etl.models`.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
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
    # a list of RawRecord per kind (large CSV files: a bulk.CsvRecords that behaves as one)
    records: dict[str, list[RawRecord]] = field(default_factory=dict)
    checksums: dict[str, tuple[str, int]] = field(default_factory=dict)  # file -> (sha256, size)
    problems: list[Problem] = field(default_factory=list)


def _label(data: Any, index: int) -> str:
    if isinstance(data, dict) and isinstance(data.get("id"), str) and data["id"]:
        return f"'{data['id']}' (#{index + 1})"
    return f"#{index + 1}"


# libyaml's parser when PyYAML was built with it (about 10x faster on large files). It is only
# trusted with text it accepts: anything it rejects is parsed again by the pure-Python loader, so
# a problem's message is always the one the pure-Python loader gives. The two parsers differ on a
# few characters (libyaml takes a tab as separating space, a '?' inside a flow plain scalar, a
# byte-order mark after the start, where PyYAML refuses them): text with any of these or with a
# control character goes to the pure-Python loader. tests/bench/test_etl_bulk.py checks that both
# read the same documents, also from randomly broken files.
_FAST_LOADER = getattr(yaml, "CBaseLoader", None)
_PURE_ONLY = re.compile(r"[\t?\r\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff\u2028\u2029]")


def load_yaml_text(text: str) -> Any:
    """The document in ``text``, every scalar as text (BaseLoader); raises yaml.YAMLError."""
    if _FAST_LOADER is not None and not _PURE_ONLY.search(text):
        try:
            return yaml.load(text, Loader=_FAST_LOADER)
        except yaml.YAMLError:
            pass
    return yaml.load(text, Loader=yaml.BaseLoader)  # BaseLoader: text only, builds no objects


def _read_yaml(rel: str, text: str, key: str | None, out: RawFacts, kind: str) -> None:
    try:
        doc = load_yaml_text(text)
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
    from etl import bulk  # large plain files: read as columns (same records, see etl/bulk.py)

    columns = bulk.read_csv(rel, text)
    if columns is not None:
        out.records[kind], problems = columns
        out.problems.extend(problems)
        return
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
