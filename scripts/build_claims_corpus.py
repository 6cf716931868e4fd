"""Build labelled claim / not-claim rows from FDA warning letters.

Usage:
    python scripts/build_claims_corpus.py [LETTERS_DIR] [-o data/claims/letters.jsonl]

LETTERS_DIR (default: data/claims/letters, the copies shipped here) holds plain-text FDA
warning letters (``*.txt``) with ``SOURCES*.tsv`` tables (stem, commit, product type),
copied from the ``fixtures/``
folder of the public repository uh-joan/jev-warning-letter-classifier (see
data/claims/README.md).  FDA warning letters are US-government works (public domain).

Rows:
  * ``claim``: text the letter quotes (in “ ” or " ") as the firm's own claims.
  * ``not_claim``: FDA's own explanatory sentences in the same letter (regulatory
    status, "new drug", "not generally recognized as safe and effective", disease
    intended-use language, risk statements).

Text is copied verbatim: only whitespace is collapsed, list bullets are dropped and the
quote marks around a quoted claim are stripped.  Only the body of a letter up to its
closing boilerplate ("Conclusion", "This letter is not intended to be an
all-inclusive ...", "Please notify ...") is read, so the output does not depend on the
response instructions, signature or footnotes.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

# Letters kept out of the training corpus: they are reserved for independent
# evaluation of the claim rule (issue #10), so no sentence of theirs may be trained on.
HELD_OUT = (
    "diamond-herpanacine-pa-inc-713854",
    "great-india-overseas-pvt-ltd-dba-silkrute-729065",
    "h2-bev-llc-and-h2-renu-inc-730567",
    "healthy-male-716506",
    "herbal-vitality-inc-640206",
    "homeopathic-educational-services-dba-homeopathic-family-medicine-708635",
    "hydramed-iv-llc-dba-hydramed-728282",
    "innate-healthcare-institute-695592",
    "ketamine-store-wwwketaminestoreorg-725147",
    "la-crema-de-rebeca-728782",
    "lus-essentials-llc-728783",
    "meta-labs-pharmaceuticals-llc-725130",
    "mineral-biosciences-llc-724745",
    "natures-elements-inc-719302",
    "optihealth-products-inc-704899",
    "sanotize-727784",
    "wild-arabic-herbs-729192",
    "discover-health-llc-dba-discover-cbd-and-strain-snobs-661488",
)
# h2-bev-2026.txt in the same folder is another copy of the held-out H2 Bev letter.
HELD_OUT_EXTRA = ("h2-bev-2026",)

STOP_LINE = re.compile(
    r"^\s*(?:[A-Z]\.\s*)?Conclusion\s*$"
    r"|^\s*This letter is not intended to be an all-inclusive"
    r"|^\s*The violations cited in this letter are not intended"
    r"|^\s*Please notify (?:FDA|this office)"
    r"|^\s*This letter notifies you of our concerns"
    r"|^\s*FDA is sending this warning letter"
)
QUOTE = re.compile(r"“([^”]*)”|\"([^\"\n]*)\"", re.S)
BULLET = re.compile(r"^[\s•·o\-\u2022\U00100000-\U0010FFFD\uE000-\uF8FF]+(?=\S)")
# Quoted text that is legal language, a disclaimer or a label rather than a claim.
NOT_A_CLAIM = re.compile(
    r"\b(?:FD&C|FDCA|U\.S\.C|CFR|section \d|adequate directions|new drugs?\b"
    r"|misbranded|generally recognized|homologous|manufacturer’s objective"
    r"|same basic function|notwithstanding|research (?:use|and educational"
    r"|purposes)|not for human|black box|hereinafter|your umbilical|^Dosing:)",
    re.I,
)
# FDA sentences worth keeping as not_claim.
FDA_SENTENCE = re.compile(
    r"new drug|generally recognized as safe and effective|\bGRASE\b"
    r"|cure, mitigation, treatment, or prevention|structure or (?:any )?function"
    r"|not FDA-approved|FDA-approved|approved application|not the subject of an approved"
    r"|\brisks?\b|serious|adverse|death|harm|unsafe|contaminated|counterfeit"
    r"|boxed warning|addiction|misbranded|false or misleading|safe, pure, and potent"
    r"|licensed practitioner|self-diagnosis|premarket",
    re.I,
)
ABBREV = re.compile(
    r"(?:\bU\.S|\bU\.S\.C|\bC\.F\.R|\be\.g|\bi\.e|\bNo|\bDr|\bMr|\bMs|\bInc|\bFed"
    r"|\bReg|\bSt|\bvs|\bet al)\.$"
)
SOURCE_NOTE = re.compile(r"\s*\[from [^\]]*\]?")
MIN_WORDS = 4
MIN_FDA_WORDS = 8


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def words(text: str) -> int:
    return len(re.findall(r"[A-Za-z0-9][\w'’-]*", text))


def body_lines(text: str) -> list[str]:
    out = []
    for line in text.splitlines():
        if STOP_LINE.search(line):
            break
        out.append(line)
    return out


def split_sentences(paragraph: str) -> list[str]:
    parts = re.split(r"(?<=[.!?])\s+(?=[A-Z(])", paragraph)
    out: list[str] = []
    for part in parts:
        if out and ABBREV.search(out[-1]):
            out[-1] = out[-1] + " " + part
        else:
            out.append(part)
    return [clean(p) for p in out if p.strip()]


def claim_rows(body: str) -> list[str]:
    rows = []
    for m in QUOTE.finditer(body):
        quoted = m.group(1) if m.group(1) is not None else m.group(2)
        # A quote spanning several lines is a list or a block: one row per line.
        for line in quoted.splitlines():
            # "your “X" means the quote marks were unbalanced and FDA's text leaked in.
            if re.search(r"\byour\s+“", line):
                continue
            line = SOURCE_NOTE.sub("", line).replace("“", "").replace("”", "")
            line = clean(BULLET.sub("", line)).strip(" ,;:")
            if words(line) < MIN_WORDS or NOT_A_CLAIM.search(line):
                continue
            # Headings and product names (every word capitalised) are not claims.
            if not re.search(r"(?:^|\s)[a-z]", line):
                continue
            rows.append(line)
    return rows


def fda_rows(lines: list[str]) -> list[str]:
    rows = []
    for line in lines:
        line = line.strip()
        if not line or "“" in line[:1] or line.startswith('"'):
            continue
        for sent in split_sentences(line):
            # Sentences mixing FDA text with a quoted claim are left out of both labels.
            if re.search(r"[“”\"]", sent) or "(b)(4)" in sent:
                continue
            if words(sent) < MIN_FDA_WORDS or not FDA_SENTENCE.search(sent):
                continue
            if not sent.endswith((".", "!", "?", ":")):
                continue
            rows.append(sent)
    return rows


def load_eval(paths: list[Path]) -> list[str]:
    texts = []
    for path in paths:
        if path.is_dir():
            files = sorted(path.glob("*.jsonl"))
        elif path.exists():
            files = [path]
        else:
            files = []
        for f in files:
            for raw in f.read_text(encoding="utf-8").splitlines():
                if raw.strip():
                    texts.append(normalise(json.loads(raw).get("text", "")))
    return [t for t in texts if t]


def overlaps_eval(text: str, eval_texts: list[str]) -> bool:
    norm = normalise(text)
    for ev in eval_texts:
        if norm == ev:
            return True
        if len(norm) >= 40 and norm in ev:
            return True
        if len(ev) >= 40 and ev in norm:
            return True
    return False


def read_sources(letters_dir: Path) -> dict[str, tuple[str, str]]:
    """stem -> (commit read, product type) from the folder's SOURCES*.tsv tables."""
    out = {}
    for table in sorted(letters_dir.glob("SOURCES*.tsv")):
        for line in table.read_text(encoding="utf-8").splitlines():
            if line.strip():
                stem, commit, kind = (line.split("\t") + ["", ""])[:3]
                out[stem.strip()] = (commit.strip(), kind.strip() or "unknown")
    return out


def is_held_out(stem: str) -> bool:
    return stem.startswith(HELD_OUT) or stem in HELD_OUT_EXTRA


def build(letters_dir: Path, eval_texts: list[str]) -> list[dict]:
    rows: dict[tuple[str, str], dict] = {}
    seen: set[str] = set()
    sources = read_sources(letters_dir)
    for path in sorted(letters_dir.glob("*.txt")):
        stem = path.stem
        if is_held_out(stem):
            continue
        lines = body_lines(path.read_text(encoding="utf-8"))
        body = "\n".join(lines)
        labelled = [(t, "claim") for t in claim_rows(body)]
        labelled += [(t, "not_claim") for t in fda_rows(lines)]
        for text, label in labelled:
            key = normalise(text)
            if key in seen or overlaps_eval(text, eval_texts):
                continue
            seen.add(key)
            rows[(stem, key)] = {
                "text": text,
                "label": label,
                "source": f"FDA warning letter: {stem}",
                "group": stem,
                "product_type": sources.get(stem, ("", "unknown"))[1],
            }
    return sorted(rows.values(), key=lambda r: (r["group"], r["label"], r["text"]))


def main(argv: list[str] | None = None) -> int:
    repo = Path(__file__).resolve().parent.parent
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("letters_dir", type=Path, nargs="?", default=repo / "data/claims/letters")
    ap.add_argument("-o", "--output", type=Path, default=repo / "data/claims/letters.jsonl")
    ap.add_argument(
        "--eval",
        type=Path,
        action="append",
        help="eval jsonl file or folder whose texts must not appear (repeatable)",
    )
    args = ap.parse_args(argv)
    eval_paths = args.eval or [
        Path("/work/shared/eval/claims-dev.jsonl"),
        repo.parent / "shared/eval",
    ]
    eval_texts = load_eval(eval_paths)
    rows = build(args.letters_dir, eval_texts)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    with args.output.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["label"]] = counts.get(row["label"], 0) + 1
    print(f"{len(rows)} rows {counts} from {args.letters_dir}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
