"""Deterministic synthetic curated facts at scale tiers, valid for the real ETL.

Tiers (see :data:`TIERS`): ``S`` is the real ``data/facts``; ``M`` is about 100 partners ×
80 domains with links, events, legal instruments and sources, and 200 indicators × 2
geographies × 240 months of observations plus 10 % second-source duplicates (≈ 106 000 rows);
``L`` is 10× M (≈ 1.06 million observations) and ``XL`` 10× L. Domain groups grow with the
square root of the scale (a filter list of 80 groups would be silly) and so do targets (the
targets page draws one chart per target).

Same seed and scale → byte-identical files: every file draws from its own ``random.Random``
seeded with ``(seed, file)``, numbers are written with fixed decimals and YAML is emitted here
(JSON-style double-quoted scalars, which PyYAML's BaseLoader reads back as the same text).

Usage: ``python -m bench.generate M /tmp/facts-M [--seed 7]``.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import shutil
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
REAL_FACTS = ROOT / "data" / "facts"
DEFAULT_SEED = 20251123

# scale relative to M
TIERS: dict[str, float | None] = {"S": None, "M": 1.0, "L": 10.0, "XL": 100.0}


@dataclass(frozen=True)
class Spec:
    """How many records of each kind a tier has."""

    scale: float
    partners: int
    domains: int
    groups: int
    links: int
    events: int
    instruments: int
    legal_counts: int
    sources: int
    indicators: int
    targets: int
    months: int = 240
    geos: tuple[str, ...] = ("VN", "VN-SG")
    duplicate_share: float = 0.10

    @classmethod
    def at(cls, scale: float) -> Spec:
        def n(base: int, least: int = 1) -> int:
            return max(least, round(base * scale))

        root = math.sqrt(scale)
        return cls(
            scale=scale,
            partners=n(100, 8),
            domains=n(80, 4),
            groups=max(2, round(8 * root)),
            links=n(500, 4),
            events=n(300, 3),
            instruments=n(150, 3),
            legal_counts=n(20, 1),
            sources=n(400, 8),
            indicators=n(200, 2),
            targets=max(2, round(25 * root)),
        )

    @property
    def observations_base(self) -> int:
        return self.indicators * len(self.geos) * self.months


# --- text -----------------------------------------------------------------------------------

SYL = ("ka", "lo", "mi", "ra", "to", "ve", "sa", "nu", "de", "po", "li", "an", "or", "es", "ti")
SYL_VI = ("khoa", "học", "công", "nghệ", "đổi", "mới", "số", "hóa", "dữ", "liệu", "mạng", "lưới")
WORDS_EN = (
    "cooperation",
    "research",
    "digital",
    "network",
    "programme",
    "innovation",
    "joint",
    "laboratory",
    "training",
    "standards",
    "platform",
    "energy",
    "data",
    "transfer",
    "centre",
)
WORDS_VI = (
    "hợp tác",
    "nghiên cứu",
    "chuyển đổi số",
    "mạng lưới",
    "chương trình",
    "đổi mới sáng tạo",
    "phòng thí nghiệm",
    "đào tạo",
    "tiêu chuẩn",
    "nền tảng",
    "năng lượng",
    "dữ liệu",
)
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
PUBLISHERS = tuple(f"Publisher {name}" for name in ("Alpha", "Beta", "Gamma", "Delta", "Omega"))


def name(rng: random.Random, parts: int = 2) -> str:
    return " ".join(
        "".join(rng.choice(SYL) for _ in range(rng.randint(2, 3))).capitalize()
        for _ in range(parts)
    )


def sentence(rng: random.Random, words: tuple[str, ...], n: int) -> str:
    text = " ".join(rng.choice(words) for _ in range(n))
    return text[0].upper() + text[1:] + "."


def code3(i: int) -> str:
    return LETTERS[i // 676 % 26] + LETTERS[i // 26 % 26] + LETTERS[i % 26]


def code2(i: int) -> str:
    return LETTERS[i // 26 % 26] + LETTERS[i % 26]


def day_text(rng: random.Random, first: int, last: int) -> tuple[str, tuple[int, int, int]]:
    """A partial date between years first..last at a random precision, and a sortable key."""
    y, m, d = rng.randint(first, last), rng.randint(1, 12), rng.randint(1, 28)
    kind = rng.random()
    if kind < 0.55:
        return f"{y:04d}-{m:02d}-{d:02d}", (y, m, d)
    if kind < 0.85:
        return f"{y:04d}-{m:02d}", (y, m, 28)
    return f"{y:04d}", (y, 12, 28)


# --- YAML emitter ---------------------------------------------------------------------------


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".")
    return json.dumps(str(value), ensure_ascii=False)


def _emit(record: dict[str, Any], indent: str) -> Iterator[str]:
    first = True
    for key, value in record.items():
        if value is None:
            continue
        lead = f"{indent}- " if first else f"{indent}  "
        first = False
        if isinstance(value, dict):  # synonyms: lang -> list
            yield f"{lead}{key}:"
            for k, v in value.items():
                yield f"{indent}    {_scalar(k)}: [{', '.join(_scalar(x) for x in v)}]"
        elif isinstance(value, list) and value and isinstance(value[0], dict):  # stages
            yield f"{lead}{key}:"
            for item in value:
                yield from _emit(item, indent + "    ")
        elif isinstance(value, list):
            yield f"{lead}{key}: [{', '.join(_scalar(x) for x in value)}]"
        else:
            yield f"{lead}{key}: {_scalar(value)}"


def write_yaml(path: Path, records: Iterable[dict[str, Any]], key: str | None = None) -> None:
    lines = [f"# Synthetic benchmark facts ({path.name}); generated by bench/generate.py."]
    indent = ""
    if key:
        lines.append(f"{key}:")
        indent = "  "
    for rec in records:
        lines.extend(_emit(rec, indent))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


# --- the facts ------------------------------------------------------------------------------

VN_SIDE = ("VNM", "VN-SG", "MOST", "VN-NA")


class Generator:
    def __init__(self, spec: Spec, seed: int) -> None:
        self.spec = spec
        self.seed = seed
        self.source_ids = [f"src-{i:06d}" for i in range(spec.sources)]
        self.partner_ids: list[str] = []
        self.foreign: list[str] = []
        self.country_geos: list[str] = []
        self.domain_ids = [f"dom-{i:05d}" for i in range(spec.domains)]
        self.event_ids = [f"ev-{i:06d}" for i in range(spec.events)]
        self.instrument_ids = [f"li-{i:06d}" for i in range(spec.instruments)]
        self.indicator_ids = [f"ind_{i:05d}" for i in range(spec.indicators)]
        self.units: list[str] = []

    def rng(self, what: str) -> random.Random:
        return random.Random(f"{self.seed}:{what}")

    def sources_of(self, rng: random.Random, most: int = 2) -> list[str]:
        return sorted(set(rng.choices(self.source_ids, k=rng.randint(1, most))))

    # each returns the records of one file
    def sources(self) -> list[dict[str, Any]]:
        rng = self.rng("sources")
        out = []
        for i, sid in enumerate(self.source_ids):
            published, _ = day_text(rng, 2005, 2025)
            inferred = rng.random() < 0.05
            related = i > 10 and rng.random() < 0.05
            has_url = rng.random() < 0.95
            out.append(
                {
                    "id": sid,
                    "url": f"https://news.example.org/{rng.choice(WORDS_EN)}/{sid}.htm"
                    if has_url
                    else None,
                    "url_note": None if has_url else "The article gives no link.",
                    "publisher": rng.choice(PUBLISHERS),
                    "published": published,
                    "published_inferred": True if inferred else None,
                    "published_note": "Read from the timestamp in the URL." if inferred else None,
                    "language": rng.choice(("vi", "en", "fr", "no")),
                    "original_language": "vi" if rng.random() < 0.3 else None,
                    "kind": "related_item"
                    if related
                    else rng.choice(("news", "official", "report")),
                    "parent": self.source_ids[rng.randrange(i)] if related else None,
                    "description_en": sentence(rng, WORDS_EN, 14),
                    "description_vi": sentence(rng, WORDS_VI, 12),
                }
            )
        return out

    def partners(self) -> list[dict[str, Any]]:
        rng = self.rng("partners")
        out: list[dict[str, Any]] = [
            {
                "id": "VNM",
                "kind": "country",
                "side": "vietnam",
                "geo": "VN",
                "name_vi": "Việt Nam",
                "name_en": "Viet Nam",
            },
            {
                "id": "VN-SG",
                "kind": "city",
                "side": "vietnam",
                "geo": "VN-SG",
                "parent": "VNM",
                "name_vi": "Thành phố Hồ Chí Minh",
                "name_en": "Ho Chi Minh City",
            },
            {
                "id": "MOST",
                "kind": "government_body",
                "side": "vietnam",
                "parent": "VNM",
                "name_vi": "Bộ Khoa học và Công nghệ",
                "name_en": "Ministry of Science and Technology",
            },
            {
                "id": "VN-NA",
                "kind": "government_body",
                "side": "vietnam",
                "parent": "VNM",
                "name_vi": "Quốc hội",
                "name_en": "National Assembly",
            },
        ]
        countries: list[str] = []
        n_foreign = self.spec.partners - len(out)
        c = 0
        for i in range(n_foreign):
            kind = rng.random()
            if kind < 0.7 or not countries:
                while code3(c) == "VNM" or code2(c) == "VN":
                    c += 1
                pid, geo = code3(c), code2(c)
                c += 1
                countries.append(pid)
                self.country_geos.append(geo)
                rec = {"id": pid, "kind": "country", "geo": geo}
            elif kind < 0.8:
                parent = rng.choice(countries)
                geo = f"{self.country_geos[countries.index(parent)]}-{i % 1000:03d}"
                rec = {"id": f"city-{i:05d}", "kind": "city", "geo": geo, "parent": parent}
            else:
                rec = {"id": f"org-{i:05d}", "kind": "organisation"}
            base = name(rng)
            rec.update(
                side="foreign",
                name_vi=f"{base} ({rng.choice(SYL_VI)})",
                name_en=base,
                note_en=sentence(rng, WORDS_EN, 8) if rng.random() < 0.3 else None,
            )
            out.append(rec)
        self.partner_ids = [r["id"] for r in out]
        self.foreign = [r["id"] for r in out if r["side"] == "foreign"]
        return out

    def domains(self) -> dict[str, list[dict[str, Any]]]:
        rng = self.rng("domains")
        groups = [
            {
                "id": f"grp-{g:03d}",
                "label_vi": f"Nhóm {name(rng, 1)} {g}",
                "label_en": f"Group {name(rng, 1)} {g}",
            }
            for g in range(self.spec.groups)
        ]
        domains = []
        for i, did in enumerate(self.domain_ids):
            label = f"{name(rng)} {i}"
            domains.append(
                {
                    "id": did,
                    "group": groups[i % len(groups)]["id"],
                    "label_vi": f"Lĩnh vực {label}",
                    "label_en": f"Field {label}",
                    "description_en": sentence(rng, WORDS_EN, 10) if rng.random() < 0.5 else None,
                    "synonyms": {
                        "vi": [f"lĩnh vực {label}", f"lv {i}"],
                        "en": [f"field {label}", f"f {i}"],
                        "fr": [f"domaine {label}"],
                        "no": [f"område {label}"],
                    },
                }
            )
        return {"groups": groups, "domains": domains}

    def _weighted_partner(self, rng: random.Random) -> str:
        # a few partners hold many links, most hold a few (Zipf-like)
        i = min(int(rng.paretovariate(1.2)) - 1, len(self.foreign) - 1)
        return (
            self.foreign[(i * 7919) % len(self.foreign)]
            if rng.random() < 0.5
            else rng.choice(self.foreign)
        )

    def links(self) -> list[dict[str, Any]]:
        rng = self.rng("links")
        out = []
        for i in range(self.spec.links):
            dated = rng.random() < 0.8
            date = day_text(rng, 2008, 2026)[0] if dated else None
            if dated and rng.random() < 0.05:
                date = f"--{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            inferred = dated and rng.random() < 0.05
            out.append(
                {
                    "id": f"lnk-{i:06d}",
                    "partner": self._weighted_partner(rng),
                    "domains": rng.sample(
                        self.domain_ids, rng.randint(1, min(4, len(self.domain_ids)))
                    ),
                    "status": rng.choice(("proposed", "agreed", "ongoing", "completed")),
                    "vn_actor": rng.choice(("MOST", "MOST", "VNM", "VN-SG")),
                    "date": date,
                    "date_inferred": True if inferred else None,
                    "date_note": "Inferred from the meeting it was announced at."
                    if inferred
                    else None,
                    "event": rng.choice(self.event_ids) if rng.random() < 0.3 else None,
                    "note_en": sentence(rng, WORDS_EN, 12),
                    "note_vi": sentence(rng, WORDS_VI, 10),
                    "sources": self.sources_of(rng),
                }
            )
        return out

    def events(self) -> list[dict[str, Any]]:
        rng = self.rng("events")
        types = (
            "meeting",
            "agreement",
            "mou",
            "forum",
            "anniversary",
            "milestone",
            "programme",
            "conference",
            "research_campaign",
            "committee_session",
            "launch",
        )
        out = []
        for eid in self.event_ids:
            date, key = day_text(rng, 2008, 2028)
            future = key[0] >= 2026
            status = (
                rng.choice(("planned", "proposed"))
                if future
                else rng.choice(("held", "signed", "completed"))
            )
            end = None
            if len(date) == 10 and rng.random() < 0.2:
                end = f"{key[0]:04d}-{key[1]:02d}-{min(28, key[2] + rng.randint(0, 3)):02d}"
            out.append(
                {
                    "id": eid,
                    "type": rng.choice(types),
                    "status": status,
                    "date": date,
                    "end_date": end,
                    "title_vi": sentence(rng, WORDS_VI, 9).rstrip("."),
                    "title_en": sentence(rng, WORDS_EN, 9).rstrip("."),
                    "summary_en": sentence(rng, WORDS_EN, 18) if rng.random() < 0.5 else None,
                    "location_en": name(rng, 1) if rng.random() < 0.4 else None,
                    "partners": sorted(set(rng.choices(self.foreign, k=rng.randint(1, 3)))),
                    "vn_actors": sorted(set(rng.choices(VN_SIDE, k=rng.randint(1, 2)))),
                    "domains": rng.sample(
                        self.domain_ids, rng.randint(0, min(4, len(self.domain_ids)))
                    ),
                    "sources": self.sources_of(rng, 3),
                }
            )
        return out

    def legal_instruments(self) -> list[dict[str, Any]]:
        rng = self.rng("legal_instruments")
        stages = ("mentioned", "proposed", "drafting", "submitted", "adopted", "in_force")
        out = []
        for iid in self.instrument_ids:
            vn = rng.random() < 0.7 or not self.country_geos
            kind = rng.choice(
                (
                    "law",
                    "decree",
                    "decision",
                    "resolution",
                    "strategy",
                    "plan",
                    "programme",
                    "policy",
                )
            )
            first = rng.randint(0, 3)
            last = rng.randint(first, 4)
            year = rng.randint(2012, 2027)
            recs = []
            for k, st in enumerate(stages[first : last + 1]):
                y = min(2100, year + k)
                planned = y >= 2026
                rec: dict[str, Any] = {"stage": st, "date": f"{y:04d}-{rng.randint(1, 12):02d}"}
                if planned:
                    rec["planned"] = True
                if st == "adopted" and kind == "law" and not planned:
                    present = rng.randint(420, 480)
                    rec["votes_for"] = rng.randint(present - 60, present)
                    rec["votes_present"] = present
                rec["sources"] = self.sources_of(rng, 1)
                recs.append(rec)
            adopted = stages[last] == "adopted" and year + (last - first) < 2026
            out.append(
                {
                    "id": iid,
                    "jurisdiction": "VN" if vn else rng.choice(self.country_geos),
                    "kind": kind,
                    "number": f"{rng.randint(1, 999)}/{year}" if rng.random() < 0.6 else None,
                    "title_vi": sentence(rng, WORDS_VI, 8).rstrip("."),
                    "title_en": sentence(rng, WORDS_EN, 8).rstrip("."),
                    "issuer": rng.choice(("VN-NA", "MOST")) if vn else None,
                    "effective": f"{year + (last - first) + 1:04d}-01-01" if adopted else None,
                    "domains": rng.sample(
                        self.domain_ids, rng.randint(0, min(3, len(self.domain_ids)))
                    ),
                    "stages": recs,
                    "sources": self.sources_of(rng),
                }
            )
        return out

    def legal_counts(self) -> list[dict[str, Any]]:
        rng = self.rng("legal_counts")
        out = []
        for i in range(self.spec.legal_counts):
            planned = rng.random() < 0.3
            out.append(
                {
                    "id": f"lc-{i:05d}",
                    "jurisdiction": "VN",
                    "kind": rng.choice(("law", "decree", "decision", "resolution")),
                    "stage": rng.choice(("drafting", "submitted", "adopted")),
                    "count": rng.randint(1, 40),
                    "as_of": f"{rng.randint(2015, 2025):04d}-{rng.randint(1, 12):02d}",
                    "due": f"{rng.randint(2026, 2030):04d}" if planned else None,
                    "planned": True if planned else None,
                    "issuer": "MOST",
                    "instruments": sorted(
                        set(rng.choices(self.instrument_ids, k=rng.randint(0, 5)))
                    ),
                    "description_en": sentence(rng, WORDS_EN, 12),
                    "description_vi": sentence(rng, WORDS_VI, 10),
                    "sources": self.sources_of(rng, 1),
                }
            )
        return out

    def indicators(self) -> list[dict[str, Any]]:
        rng = self.rng("indicators")
        out = []
        for iid in self.indicator_ids:
            unit = rng.choices(("percent", "count", "rank", "laws"), (5, 3, 1, 1))[0]
            self.units.append(unit)
            out.append(
                {
                    "id": iid,
                    "label_vi": f"Chỉ tiêu {name(rng)}",
                    "label_en": f"Indicator {name(rng)}",
                    "unit": unit,
                    "decimals": {"percent": 1, "count": 0, "rank": 0, "laws": 0}[unit],
                    "direction": "decrease" if unit == "rank" else "increase",
                    "description_en": sentence(rng, WORDS_EN, 14),
                    "description_vi": sentence(rng, WORDS_VI, 12),
                }
            )
        return out

    def targets(self) -> list[dict[str, Any]]:
        rng = self.rng("targets")
        out = []
        n = min(self.spec.targets, len(self.indicator_ids))
        for k, i in enumerate(sorted(rng.sample(range(len(self.indicator_ids)), n))):
            unit = self.units[i]
            rec: dict[str, Any] = {
                "id": f"tg-{k:05d}",
                "indicator": self.indicator_ids[i],
                "scope": rng.choice(self.spec.geos),
                "title_vi": f"Mục tiêu {sentence(rng, WORDS_VI, 6).rstrip('.')}",
                "title_en": f"Target: {sentence(rng, WORDS_EN, 6).rstrip('.')}",
            }
            if unit == "rank":
                rec.update(comparison="rank_at_most", value_low=float(rng.randint(5, 40)))
            elif unit == "percent" and rng.random() < 0.3:
                low = float(rng.randint(50, 90))
                rec.update(comparison="range", value_low=low, value_high=min(100.0, low + 10))
            elif unit == "percent":
                rec.update(comparison="at_least", value_low=float(rng.randint(40, 100)))
            else:
                rec.update(comparison="at_least", value_low=float(rng.randint(100, 5000)))
            rec["deadline"] = f"{rng.randint(2025, 2035):04d}"
            if rng.random() < 0.3:
                rec["base_period"] = f"{rng.randint(2015, 2020):04d}"
            if rng.random() < 0.5:
                rec["legal_basis"] = rng.choice(self.instrument_ids)
            rec["sources"] = self.sources_of(rng)
            out.append(rec)
        return out

    def observations(self, path: Path) -> int:
        """Write observations.csv in chunks; return the number of rows."""
        rng = self.rng("observations")
        spec = self.spec
        header = (
            "indicator,geography,period,period_precision,value,value_high,unit,measure,"
            "measure_note,source,confidence\n"
        )
        measures = ("apnic", "vnnic", "survey", "official", "unspecified")
        periods = [f"{2005 + m // 12:04d}-{m % 12 + 1:02d}" for m in range(spec.months)]
        rows = 0
        with path.open("w", encoding="utf-8", newline="") as f:
            f.write(header)
            for i, ind in enumerate(self.indicator_ids):
                unit = self.units[i]
                primary = self.source_ids[(i * 31) % len(self.source_ids)]
                second = self.source_ids[(i * 31 + 17) % len(self.source_ids)]
                if second == primary:
                    second = self.source_ids[(i * 31 + 1) % len(self.source_ids)]
                measure = measures[i % len(measures)]
                for geo in spec.geos:
                    level = {
                        "percent": rng.uniform(1, 40),
                        "count": rng.uniform(10, 1000),
                        "rank": rng.uniform(20, 120),
                        "laws": rng.uniform(1, 20),
                    }[unit]
                    step = level / spec.months
                    out = []
                    for period in periods:
                        level += rng.uniform(-0.5, 1.5) * step * (-1 if unit == "rank" else 1)
                        if unit == "percent":
                            level = min(max(level, 0.0), 100.0)
                        elif unit == "rank":
                            level = max(level, 1.0)
                        else:
                            level = max(level, 0.0)
                        value = round(level, 2) if unit == "percent" else round(level)
                        ranged = unit == "percent" and rng.random() < 0.02
                        high = f"{min(100.0, value + 1.5):.2f}" if ranged else ""
                        conf = ("high", "medium", "low")[rng.randrange(3)]
                        out.append(
                            f"{ind},{geo},{period},month,{value},{high},{unit},{measure},,"
                            f"{primary},{conf}\n"
                        )
                        if rng.random() < spec.duplicate_share:
                            other = value + 1
                            if unit == "percent":
                                other = round(min(value + 0.5, 100.0), 2)
                            out.append(
                                f"{ind},{geo},{period},month,{other},,{unit},"
                                f"{'vnnic' if measure == 'apnic' else 'official'},"
                                f"second source,{second},medium\n"
                            )
                    rows += len(out)
                    f.write("".join(out))
        return rows


def generate(tier: str | float, out_dir: Path, seed: int = DEFAULT_SEED) -> dict[str, int]:
    """Write the facts of ``tier`` (a tier name or a scale relative to M) into ``out_dir``;
    return the number of records of each kind."""
    out_dir.mkdir(parents=True, exist_ok=True)
    if tier == "S":
        for src in REAL_FACTS.iterdir():
            if src.is_file() and src.suffix in (".yaml", ".csv"):
                shutil.copyfile(src, out_dir / src.name)
        return count_records(out_dir)
    scale = TIERS[tier] if isinstance(tier, str) else float(tier)
    assert scale is not None
    g = Generator(Spec.at(scale), seed)
    partners = g.partners()  # first: later files refer to partner ids and geos
    indicators = g.indicators()
    doms = g.domains()
    counts: dict[str, int] = {}
    for fname, records, key in (
        ("sources.yaml", g.sources(), None),
        ("partners.yaml", partners, None),
        ("links.yaml", g.links(), None),
        ("events.yaml", g.events(), None),
        ("legal_instruments.yaml", g.legal_instruments(), None),
        ("legal_counts.yaml", g.legal_counts(), None),
        ("indicators.yaml", indicators, None),
        ("targets.yaml", g.targets(), None),
    ):
        write_yaml(out_dir / fname, records, key)
        counts[fname.removesuffix(".yaml")] = len(records)
    domains_path = out_dir / "domains.yaml"
    write_yaml(domains_path, doms["groups"], "groups")
    with domains_path.open("a", encoding="utf-8") as f:
        f.write("\n".join(_domains_block(doms["domains"])) + "\n")
    counts["domain_groups"] = len(doms["groups"])
    counts["domains"] = len(doms["domains"])
    counts["observations"] = g.observations(out_dir / "observations.csv")
    return counts


def _domains_block(domains: list[dict[str, Any]]) -> list[str]:
    lines = ["domains:"]
    for rec in domains:
        lines.extend(_emit(rec, "  "))
    return lines


def count_records(facts_dir: Path) -> dict[str, int]:
    """Records of each kind in a facts folder (as the ETL's extract reads them)."""
    from etl.extract import extract

    raw = extract(facts_dir)
    return {kind: len(recs) for kind, recs in raw.records.items()}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("tier", help="S, M, L, XL, or a scale relative to M (e.g. 0.05)")
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = ap.parse_args(argv)
    tier: str | float = args.tier if args.tier in TIERS else float(args.tier)
    print(json.dumps(generate(tier, args.out_dir, args.seed), indent=2))


if __name__ == "__main__":
    main()
