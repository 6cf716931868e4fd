"""Kind ``disclaimer``: a required disclaimer, where it belongs, and a fix that adds it.

Failing: a page that claims "kratom relieves anxiety" and nowhere says it is not
medical advice. Passing: the same page opening with "This article is for informational
purposes only and is not medical advice. Consult a doctor before ...".

Each rule of this kind is one disclaimer type: *when* it is required (``trigger``: the
page has hits of ``claim_rules``; discusses health topics or a supplement with a dose;
presents a supplement with structure/function claims; carries affiliate links), *what*
satisfies it (``text`` and ``accept``: wordings matched by meaning, not by string), and
*where* (``position``). Matching compares content lemmas: a sentence (or two adjacent
sentences) satisfies a wording when it covers ``threshold`` of that wording's content
lemmas, negations included, so a paraphrase passes and "consult" alone does not. Text
in comments, code, alt text and hidden elements is not prose a reader sees and never
counts. Front matter ``disclaimer: none`` with a ``reason:`` opts a page out, visibly.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import re2

from lint.document import Document
from lint.findings import Fix, Hit, Severity
from lint.kinds import register
from lint.kinds.base import Kind, Option
from lint.kinds.phrase_table import PhraseTable, phrase_words

WORD_LISTS = ("topic_words", "product_words", "dose_words")
TRIGGERS = ("claims", "claims-or-topic", "supplement-claims", "affiliate-links", "always")
POSITIONS = ("anywhere", "top", "bottom", "before-first-claim", "before-first-link")
_NEGATIONS = {"not", "no", "n't", "never", "nor", "without"}
_WORD = re.compile(r"\w+")
_H1_UNDERLINE = re.compile(r"\n=+[ \t]*(?=\n|$)")


@register
class DisclaimerKind(Kind):
    name = "disclaimer"
    description = "Requires a disclaimer when a page needs one, in the right place."
    options = {
        "what": Option("str", "disclaimer", "Name of the disclaimer in messages."),
        "text": Option("str", "", "The disclaimer: what --fix inserts, and one accepted wording."),
        "accept": Option(
            "strings", [], "Other wordings that satisfy the rule (matched by meaning)."
        ),
        "threshold": Option(
            "float", 0.7, "Share of a wording's content words a sentence must have."
        ),
        "trigger": Option("str", "claims", "When the disclaimer is required.", TRIGGERS),
        "claim_rules": Option(
            "strings", ["health.unsupported-claim"], "Rules whose findings are claims."
        ),
        "topic_words": Option(
            "words", [], "Health topic words (conditions, drugs) for the topic trigger."
        ),
        "topic_min_mentions": Option(
            "int", 3, "Mentions of topic words that make a page a health page."
        ),
        "topic_min_terms": Option(
            "int", 2, "Distinct topic words needed too (one ambiguous word is not a topic)."
        ),
        "ambiguous_topic_words": Option(
            "words",
            [],
            "Topic words that are ordinary outside health text ('pressure', 'symptom'): "
            "they count only beside a topic word that is not one of them.",
        ),
        "product_words": Option("words", [], "Supplements, botanicals and drug-like substances."),
        "dose_words": Option("words", [], "Dose and product-form words (mg, capsule, dosage)."),
        "link_patterns": Option("patterns", [], "RE2 patterns of affiliate link targets."),
        "link_rels": Option("strings", ["sponsored"], "rel values that mark a paid link."),
        "position": Option("str", "anywhere", "Where the disclaimer must be.", POSITIONS),
        "position_words": Option("int", 150, "Words from the top or bottom for those positions."),
        "opt_out_key": Option("str", "disclaimer", "Front matter key whose value `none` opts out."),
    }

    def __init__(self, options, nlp):
        super().__init__(options, nlp)
        self.after_rules = tuple(options["claim_rules"]) if "claim" in options["trigger"] else ()
        stop = nlp.Defaults.stop_words - _NEGATIONS
        self.stop_words = frozenset(stop)
        wordings = [w for w in [options["text"], *options["accept"]] if w.strip()]
        self.wordings = [self._lemmas(d) for d in nlp.pipe(wordings)]
        self.wordings = [w for w in self.wordings if w]
        self.matcher, self.labels = _word_matcher(nlp, options)
        self.ambiguous = {f for w in options["ambiguous_topic_words"] for f in _forms(w.lower())}
        self.link_patterns = [re2.compile(p) for p in options["link_patterns"]]

    def _lemmas(self, span) -> frozenset[str]:
        return frozenset(
            t.lemma_
            for t in span
            if not t.is_punct and not t.is_space and t.lemma_ not in self.stop_words
        )

    # -- the check -------------------------------------------------------------------
    def check(self, doc: Document, sdoc, earlier=None) -> Iterable[Hit]:
        if not doc.prose.strip() or doc.part[0] > 1:
            return  # a page needs its disclaimer once: judged on its first piece
        claims = sorted(
            (h for rule in self.opts["claim_rules"] for h in (earlier or {}).get(rule, [])),
            key=lambda h: h.start,
        )
        reason, trigger_at = self._trigger(doc, sdoc, claims)
        if reason is None:
            return
        opted_out = self._opt_out(doc)
        if opted_out:
            yield opted_out
            return
        found = self._find(doc, sdoc)
        what = self.opts["what"]
        if found is None:
            yield self._missing(doc, reason, what)
            return
        problem = self._misplaced(doc, found, claims)
        if problem:
            start, end = found
            fix = self._fix(doc)
            yield Hit(start, end, f"{what[:1].upper()}{what[1:]} present but {problem}", fix=fix)

    def _trigger(self, doc, sdoc, claims) -> tuple[str | None, int]:
        trigger = self.opts["trigger"]
        if trigger == "always":
            return "is configured to always need it", 0
        if trigger == "affiliate-links":
            link = self._first_affiliate_link(doc)
            if link is None:
                return None, 0
            return (
                f"has affiliate or sponsored links (first at line {doc.position(link.start)[0]})",
                link.start,
            )
        if claims and trigger in ("claims", "claims-or-topic", "supplement-claims"):
            line = doc.position(doc.source_offset(claims[0].start))[0]
            if trigger != "supplement-claims":
                return f"makes health claims (first at line {line})", claims[0].start
            product = self._mentions(sdoc).get("product_words")
            if product:
                return (
                    f"presents {product[0]!r} with health claims (first at line {line})",
                    claims[0].start,
                )
            return None, 0
        if trigger == "claims-or-topic":
            mentions = self._mentions(sdoc)
            topics = mentions.get("topic_words", [])
            if all(t in self.ambiguous for t in topics):
                topics = []  # "symptoms" of a slow query under memory "pressure"
            distinct = {_singular(t) for t in topics}
            if (
                len(topics) >= self.opts["topic_min_mentions"]
                and len(distinct) >= self.opts["topic_min_terms"]
            ):
                return f"discusses health topics ({_listing(topics)})", 0
            products, doses = mentions.get("product_words"), mentions.get("dose_words")
            if products and doses:
                return f"discusses {products[0]!r} with doses ({doses[0]!r})", 0
        return None, 0

    def _mentions(self, sdoc) -> dict[str, list[str]]:
        """Topic, product and dose words in the document, by list (one matcher pass)."""
        found: dict[str, list[str]] = {label: [] for label in self.labels.values()}
        for match_id, start, end in self.matcher(sdoc):
            found[self.labels[match_id]].append(sdoc[start:end].text.lower())
        return found

    def _first_affiliate_link(self, doc: Document):
        rels = {r.lower() for r in self.opts["link_rels"]}
        for link in doc.links:
            if rels & set(link.rel.lower().split()) or any(
                p.search(link.href) for p in self.link_patterns
            ):
                return link
        return None

    def _opt_out(self, doc: Document) -> Hit | None:
        fm = doc.front_matter
        value = fm.get(self.opts["opt_out_key"])
        if not (isinstance(value, str) and value.strip().lower() == "none"):
            return None
        start, end = doc.front_matter_span(self.opts["opt_out_key"], with_key=True) or (0, 0)
        reason = fm.get("reason") or fm.get(f"{self.opts['opt_out_key']}_reason")
        what = self.opts["what"]
        if not isinstance(reason, str) or not reason.strip():
            return Hit(
                start,
                max(start, end),
                f"`{self.opts['opt_out_key']}: none` needs a `reason:` in the front matter; "
                f"until it has one the page still needs a {what}",
                severity=Severity.WARNING,
                in_source=True,
            )
        return Hit(
            start,
            max(start, end),
            f"Page opts out of the {what}: {reason.strip()}",
            severity=Severity.INFO,
            in_source=True,
        )

    def _find(self, doc: Document, sdoc) -> tuple[int, int] | None:
        """Prose span of the first sentence (or pair) that says one accepted wording."""
        if not self.wordings:
            return None
        previous = None
        for sent in sdoc.sents:
            block = doc.block_at(sent.start_char)
            if block is None or block.kind in ("alt", "title", "description") or block.hidden:
                previous = None
                continue
            lemmas = self._lemmas(sent)
            windows = [(sent.start_char, sent.end_char, lemmas)]
            if previous is not None:
                windows.append((previous[0], sent.end_char, previous[1] | lemmas))
            for start, end, words in windows:
                if any(len(w & words) >= self.opts["threshold"] * len(w) for w in self.wordings):
                    return start, end
            previous = (sent.start_char, lemmas)
        return None

    def _misplaced(self, doc: Document, found: tuple[int, int], claims) -> str | None:
        position, n = self.opts["position"], self.opts["position_words"]
        start, end = found
        body_start = next(
            (b.start for b in doc.blocks if b.kind not in ("title", "description")), 0
        )
        if position == "top":
            words_before = len(_WORD.findall(doc.prose[body_start:start]))
            return None if words_before <= n else f"not within the first {n} words"
        if position == "bottom":
            words_after = len(_WORD.findall(doc.prose[end:]))
            return None if words_after <= n else f"not within the last {n} words"
        if position == "before-first-claim" and claims:
            first = claims[0]
            if start > first.start:
                line = doc.position(doc.source_offset(first.start))[0]
                return f"after the first claim (line {line}); move it above"
        if position == "before-first-link":
            link = self._first_affiliate_link(doc)
            if link is not None and doc.source_offset(start) > link.start:
                line = doc.position(link.start)[0]
                return f"after the first affiliate link (line {line}); move it above"
        return None

    def _missing(self, doc: Document, reason: str, what: str) -> Hit:
        text = self.opts["text"]
        message = f"No {what}, though the page {reason}."
        if text:
            message += f' Add: "{text}"'
        first = next(
            (b for b in doc.blocks if b.kind not in ("title", "description")), doc.blocks[0]
        )
        return Hit(first.start, first.end, message, fix=self._fix(doc))

    # -- fix -------------------------------------------------------------------------
    def _fix(self, doc: Document) -> Fix | None:
        text = self.opts["text"].strip()
        if not text:
            return None
        at_bottom = self.opts["position"] in ("bottom", "anywhere")
        if doc.markup == "html":
            return _html_fix(doc, text, at_bottom)
        source = doc.source
        if at_bottom:
            lead = "" if source.endswith("\n") or not source else "\n"
            return Fix(len(source), f"{lead}\n{text}\n" if source else f"{text}\n")
        body = [b for b in doc.blocks if b.kind not in ("title", "description", "alt")]
        if not body:
            return Fix(len(source), f"\n{text}\n")
        first = body[0]
        if first.kind == "heading" and first.level == 1:
            end = doc.source_offset(first.end, end=True)
            line_end = source.find("\n", end)
            line_end = len(source) if line_end < 0 else line_end
            underline = _H1_UNDERLINE.match(source, line_end)
            if underline:
                line_end = underline.end()
            return Fix(line_end, f"\n\n{text}" if line_end < len(source) else f"\n\n{text}\n")
        start = doc.source_offset(first.start)
        line_start = source.rfind("\n", 0, start) + 1
        return Fix(line_start, f"{text}\n\n")


def _html_fix(doc: Document, text: str, at_bottom: bool) -> Fix:
    import html

    paragraph = f'<p class="disclaimer">{html.escape(text, quote=False)}</p>'
    source = doc.source
    if at_bottom:
        close = re.search(r"</body\s*>", source, re.IGNORECASE)
        return Fix(close.start() if close else len(source), f"{paragraph}\n")
    for pattern in (r"</h1\s*>", r"<body[^>]*>"):
        match = re.search(pattern, source, re.IGNORECASE)
        if match:
            return Fix(match.end(), f"\n{paragraph}")
    return Fix(0, f"{paragraph}\n")


def _word_matcher(nlp, options: dict):
    """One phrase table for the topic, product and dose word lists, and its label ids."""
    # Exact word forms plus plurals, not lemmas: the lookup lemmatizer would let
    # "extracting" count as "extract" and "serves" as "serving".
    matcher = PhraseTable(nlp, "LOWER")
    labels: dict[int, str] = {}
    for label in WORD_LISTS:
        if words := options[label]:
            labels[nlp.vocab.strings.add(label)] = label
            forms = {f for w in words for f in _forms(w.lower())}
            matcher.add(label, phrase_words(nlp, sorted(forms)))
    return matcher, labels


def _forms(term: str) -> set[str]:
    """A term and its regular plural ("capsule" -> "capsules", "remedy" -> "remedies")."""
    *head, last = term.split(" ")
    if last.endswith(("s", "x", "ch", "sh")):
        plural = last + "es"
    elif last.endswith("y") and len(last) > 2 and last[-2] not in "aeiou":
        plural = last[:-1] + "ies"
    else:
        plural = last + "s"
    return {term, " ".join([*head, plural])}


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def _listing(words: list[str]) -> str:
    unique = list(dict.fromkeys(words))
    shown = ", ".join(unique[:3])
    return shown + (", ..." if len(unique) > 3 else "")
