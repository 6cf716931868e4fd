"""Kind ``claim``: therapeutic and disease claims without a cited source.

Failing: ``Our turmeric capsules cure arthritis.`` (error: an assertive claim)
Failing: ``Ashwagandha may help ease stress.`` (warning: a hedged claim)
Passing: ``There is no evidence that turmeric cures arthritis.`` (negated)
Passing: ``Turmeric eased knee pain in a 2019 randomized trial (Smith et al., 2019).``

A claim is a *therapeutic predicate* ("relieves", "boosts", "a remedy for", "effective
against", "pain relief", "mood-boosting", "an antidepressant") paired with a *health
target* from the lexicons (conditions and symptoms, body functions and states,
neurotransmitters and body systems). Predicates have a direction, so the pairing tells
a claim from an adverse effect: "reduces anxiety" and "boosts immunity" are claims,
"reduces testosterone" and "increases anxiety" are not. The subject can be anything (a
product nobody listed, "it", "this formula"); it is not required.

Context cues work like medspaCy's ConText: a cue, a direction and a scope that ends at
a termination cue ("but", "however", ";"). Negation ("there is no evidence that ..."),
distancing ("touted as"), hypothetical/research cues ("whether"), regulatory
statements ("the FDA has not approved ...") and questions make a sentence claim
nothing. Hedges ("may help") and reported use ("people report using ...") lower the
severity to the configured warning. A citation in the sentence's paragraph (a link to a
study, a DOI, PubMed, a footnote marker, "(Smith et al., 2019)") marks the claim as
supported (reported at ``supported_severity``, nothing by default).

Words that are ordinary outside health text ("pressure", "memory", "focus", "balance")
count as targets only with a health context: a health qualifier right before them
("chronic pain", "mental focus") or an unambiguous health target or substance in the
same paragraph. So "relieve pressure on the database" is no claim.

All vocabularies come from options (word lists in the rule pack), compiled once into
two phrase tables (names on lowercase text, predicates and cues on lemmas); ``check``
makes one pass of each per document and only looks further at the matches.

With a trained pipeline configured (``nlp.model``), the sentences this fast pass
flags, and only those, are parsed to confirm each claim: the predicate must govern its
target (or the target the predicate), no negation may govern the predicate ("I don't
think it cures ...", "there is no proof that ..."), and a person as the predicate's
own subject ("doctors treat depression with ...") describes practice, not a product.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy
import re2

from lint import nlp as nlpmod
from lint.errors import ConfigError
from lint.findings import Hit, Severity
from lint.kinds import register
from lint.kinds.base import Kind, Option
from lint.kinds.phrase_table import PhraseTable, phrase_words
from lint.kinds.scorer import ClaimScorer, ScorerError, ngram_buckets

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

    from lint.document import Document

SEVERITY_CHOICES = ("none", "info", "warning", "error")

# Word-list options: option name -> what it holds (the option's help text).
WORD_OPTIONS = {
    "conditions": "Health targets that a claim acts against: diseases, symptoms, markers.",
    "body_functions": "Health targets a claim improves: body functions, mental and body states.",
    "body_systems": "Neurotransmitters, hormones and body systems (mechanism claims).",
    "drugs": "Drugs and drug classes (comparison claims, health context).",
    "substances": "Substances, supplements and botanicals (health context only).",
    "ambiguous_targets": "Targets or substances that need a health context to count.",
    "health_qualifiers": "Words before an ambiguous target that make it a health target.",
    "mild_qualifiers": "Qualifiers that make a target a normal state (structure/function).",
    "down_predicates": "Predicates against a condition (treat, relieve, reduce, prevent).",
    "up_predicates": "Predicates for a function (boost, improve, enhance, support).",
    "neutral_predicates": "Predicates that claim with any target (help, manage, regulate).",
    "product_nouns": "Product words that make '<condition> <product>' a claim.",
    "comparisons": "Comparison predicates paired with a drug ('an alternative to').",
    "therapeutic_classes": "Drug-class words that are claims by themselves ('analgesic').",
    "efficacy_phrases": "Proof phrases that are claims by themselves ('clinically proven').",
    "negation_cues": "Negation cues, forward scope.",
    "negation_post_cues": "Negation and limited-evidence cues, backward scope.",
    "hedge_cues": "Hedging cues: the claim is reported at hedged_severity.",
    "reported_cues": "Reported-use cues: the claim is reported at reported_severity.",
    "source_cues": "A named source for a reported use ('according to', 'survey').",
    "distancing_cues": "Cues that report someone else's claim ('touted as').",
    "hypothetical_cues": "Research-agenda and hypothetical cues ('whether').",
    "regulators": "Regulators (with a regulatory verb: a regulatory statement).",
    "regulatory_verbs": "Regulatory verbs (approve, warn, recommend).",
    "role_cues": "Physiology cues ('plays a role in') after a body-system word.",
    "termination_cues": "Words that end a cue's scope ('but', 'however').",
}

# Lists of names, matched on lowercase text with plural/singular variants.
NAME_LISTS = {
    "conditions",
    "body_functions",
    "body_systems",
    "drugs",
    "substances",
    "ambiguous_targets",
    "health_qualifiers",
    "mild_qualifiers",
    "product_nouns",
    "therapeutic_classes",
    "efficacy_phrases",
}
TARGET_LABELS = ("conditions", "body_functions", "body_systems", "drugs")
PREDICATE_LABELS = ("down_predicates", "up_predicates", "neutral_predicates")
CUE_LABELS = (
    "negation_cues",
    "negation_post_cues",
    "hedge_cues",
    "reported_cues",
    "source_cues",
    "distancing_cues",
    "hypothetical_cues",
    "regulators",
    "regulatory_verbs",
    "role_cues",
    "mild_qualifiers",
    "health_qualifiers",
    "termination_cues",
)
DIRECTION = {"down_predicates": "down", "up_predicates": "up", "neutral_predicates": "neutral"}
# Which direction makes a claim for which kind of target (else it is an adverse effect).
CLAIMS = {
    ("down", "conditions"),
    ("down", "drugs"),
    ("up", "body_functions"),
    ("up", "body_systems"),
    ("neutral", "conditions"),
    ("neutral", "body_functions"),
    ("neutral", "body_systems"),
    ("neutral", "drugs"),
}
# Pseudo-negations: "not only relieves", "no longer suffer from".
PSEUDO_NEGATION_NEXT = {"only", "just", "longer", "doubt", "more", "merely", "simply"}
# Tokens that end every cue's scope and a predicate's reach to its target.
HARD_BREAKS = {";", ":", "—", "–", ".", "!", "?"}
# A plural class word or one before these names a drug, not a claim ("antidepressants").
CLASS_DRUG_NEXT = {"drug", "drugs", "medication", "medications", "medicine", "medicines"}
# Predicates that count only in inflected verb forms ("is used for", "uses"), not as
# the bare noun ("the use of kava for anxiety" names a research topic).
VERB_FORMS_ONLY = {"use", "balance", "control"}
VERB_CONTEXT = {"to", "help", "helps", "can", "may", "might", "could", "will", "and", "or"}
# "natural relief", "herbal remedy": a claim without a target.
REMEDY_NOUNS = {"relief", "remedy", "cure", "treatment", "therapy"}
REMEDY_SOURCES = {"natural", "herbal", "holistic", "supplement", "plant-based"}
# A cue in a clause opened by one of these ends at the clause's comma:
# "Because there are no side effects, [claim]".
SUBORDINATORS = {
    "because",
    "since",
    "as",
    "while",
    "although",
    "though",
    "if",
    "when",
    "whereas",
    "given",
}
COORDINATION = {",", "and", "or", "&", "/", "as", "well", "including", "such", "like", "even"}
# "healthy blood pressure" is a body function, not the condition.
HEALTHY = {"healthy", "normal", "balanced", "optimal", "stable"}
MAX_QUOTE = 90


def _severity(value: str) -> Severity | None | bool:
    """Option value -> Severity; False means 'report nothing'."""
    return False if value == "none" else Severity(value)


@register
class ClaimKind(Kind):
    name = "claim"
    description = (
        "Therapeutic or disease claims (a predicate plus a health target) without a cited source."
    )
    options = {
        **{name: Option("words", [], help) for name, help in WORD_OPTIONS.items()},
        "citation_patterns": Option(
            "patterns",
            [],
            "RE2 patterns that mark a citation in the claim's paragraph (DOI, PMID, [1], et al.).",
        ),
        "citation_links": Option(
            "patterns",
            [],
            "RE2 patterns for link targets that count as a cited study (doi.org, pubmed ...).",
        ),
        "hedged_severity": Option(
            "str", "warning", "Severity of hedged claims ('may help').", SEVERITY_CHOICES
        ),
        "reported_severity": Option(
            "str",
            "warning",
            "Severity of reported use without a named source ('people use it for ...').",
            SEVERITY_CHOICES,
        ),
        "supported_severity": Option(
            "str",
            "none",
            "Severity of claims with a citation in their paragraph (none: not reported).",
            SEVERITY_CHOICES,
        ),
        "structure_function_severity": Option(
            "str",
            "info",
            "Severity of claims about normal states ('occasional sleeplessness').",
            SEVERITY_CHOICES,
        ),
        "scored_severity": Option(
            "str",
            "warning",
            "Severity of sentences the scorer rates a claim where the rules found none.",
            SEVERITY_CHOICES,
        ),
        "max_gap": Option("int", 10, "Most tokens between a predicate and its target."),
        "scorer": Option(
            "file",
            "off",
            "Claim-scorer weights (JSON from `seolint claims train`), or off for rules only.",
        ),
        "scorer_threshold": Option(
            "float",
            0.5,
            "Report a sentence the rules did not flag when the scorer's probability reaches this.",
        ),
        "scorer_veto": Option(
            "float",
            0.0,
            "Drop a claim the rules found when the scorer's probability is below this.",
        ),
        "person_subjects": Option(
            "words",
            [],
            "Subjects that make a sentence describe practice, not a product "
            "('doctors treat ...'); used only with a trained pipeline (nlp.model).",
        ),
    }

    def __init__(self, options, nlp):
        super().__init__(options, nlp)
        # Names (targets, substances, qualifiers) match on lowercase text with plural
        # and singular variants; the lookup lemmatizer would turn "liver" into "live"
        # and "AIDS" into "aid". Predicates and cues match on lemmas ("eases",
        # "easing", "eased" -> "ease").
        self.name_matcher = PhraseTable(nlp, "LOWER")
        self.lemma_matcher = PhraseTable(nlp, "LEMMA")
        self.label_of: dict[int, str] = {}
        self.guarded: set[int] = set()
        self.forms: dict[str, set[str]] = {}
        for label in WORD_OPTIONS:
            words = sorted({w.strip().lower() for w in options.get(label) or [] if w.strip()})
            key = nlp.vocab.strings.add(label)
            self.label_of[key] = label
            if label in NAME_LISTS:
                forms = {v for w in words for v in _variants(w)}
                self.forms[label] = forms
                self.name_matcher.add(label, phrase_words(nlp, sorted(forms)))
                continue
            self.forms[label] = set(words)
            split = phrase_words(nlp, words)
            lemmas = [nlpmod.lemmas(nlp, tokens) for tokens in split]
            # Also match the listed word itself as a lemma ("lower" for "lowers").
            self.lemma_matcher.add(label, lemmas + split)
            # "lower" has the lookup lemma "low": match it only in inflected forms,
            # so that "low" itself is not a predicate.
            guarded = [
                lemma
                for tokens, lemma in zip(split, lemmas, strict=True)
                if len(tokens) == 1 and lemma != tokens and not _inflected(tokens[0])
            ]
            if guarded:
                gkey = nlp.vocab.strings.add(label + "~guarded")
                self.label_of[gkey] = label
                self.guarded.add(gkey)
                self.lemma_matcher.add(label + "~guarded", guarded)
        self.ambiguous = self.forms["ambiguous_targets"]
        self.qualifiers = self.forms["health_qualifiers"]
        self.negative_regulatory = {
            v for v in self.forms["regulatory_verbs"] if v.startswith(("not ", "un"))
        }
        citations = options.get("citation_patterns") or []
        self.citation_re = (
            re2.compile("|".join(f"(?:{p})" for p in citations)) if citations else None
        )
        links = options.get("citation_links") or []
        self.link_re = re2.compile("|".join(f"(?:{p})" for p in links)) if links else None
        self.sev_hedged = _severity(options.get("hedged_severity", "warning"))
        self.sev_reported = _severity(options.get("reported_severity", "warning"))
        self.sev_supported = _severity(options.get("supported_severity", "none"))
        self.sev_structure = _severity(options.get("structure_function_severity", "info"))
        self.sev_scored = _severity(options.get("scored_severity", "warning"))
        self.max_gap = int(options.get("max_gap", 10))
        self.person_subjects = {w.lower() for w in options.get("person_subjects") or []}
        self.parser = nlpmod.parser_of(nlp)
        self.scorer = None
        scorer = options.get("scorer", "off")
        if scorer != "off":
            try:
                self.scorer = ClaimScorer.load(scorer.path)
            except ScorerError as exc:
                raise ConfigError(f"health claim scorer: {exc}") from None
        self.threshold = float(options.get("scorer_threshold", 0.5))
        self.veto = float(options.get("scorer_veto", 0.0))
        self.hard_ids = numpy.array(
            [nlp.vocab.strings.add(b) for b in sorted(HARD_BREAKS)], dtype=numpy.uint64
        )

    # -- per document ------------------------------------------------------------
    def check(self, doc: Document, sdoc: Doc) -> Iterable[Hit]:
        scoring = self.scorer is not None
        lemma_ids = sdoc.to_array("LEMMA") if scoring else None
        pending = []
        for sent, ctx, kept in self.candidates(doc, sdoc, with_targets=scoring):
            if scoring and not kept and not any(ctx[label] for label in HEALTH_WORD_LABELS):
                continue  # nothing the scorer could report: no claim found, no health word
            if scoring:
                # The rules' findings stand unless the scorer is sure they are wrong; a
                # sentence they passed over needs the scorer to be sure it is a claim.
                grams = ngram_buckets(lemma_ids[sent.start : sent.end], self.scorer.buckets)
                p = self.scorer.probability(rule_features(sent, ctx, kept), grams)
                if p < (self.veto if kept else self.threshold):
                    continue
                kept = kept or _scorer_only(sent, ctx)
            if kept:
                pending.append((sent, ctx, kept))
        if self.parser is not None and pending:
            pending = self._confirmed(sdoc, pending)
        blocks = _Blocks(doc)
        citation_cache: dict[int, bool] = {}
        for sent, ctx, kept in pending:
            hit = self._hit(doc, sdoc, sent, ctx, kept, blocks, citation_cache)
            if hit is not None:
                yield hit

    def candidates(self, doc: Document, sdoc: Doc, with_targets: bool = False):
        """(sentence, context, kept candidates) for each sentence the rules look at.

        ``kept`` holds the rules' claim candidates with their context kind (empty when
        the rules reject the sentence); ``with_targets`` adds sentences that name a
        health target without a predicate, for the scorer.
        """
        from spacy.tokens import Span
        from spacy.util import filter_spans

        groups: dict[str, list[Span]] = defaultdict(list)
        for key, start, end in self.name_matcher(sdoc):
            groups[self.label_of[key]].append(Span(sdoc, start, end, label=key))
        for key, start, end in self.lemma_matcher(sdoc):
            if key in self.guarded:
                tok = sdoc[start]
                if tok.lower_ == tok.lemma_:
                    continue
                key = self.lemma_matcher.strings[self.label_of[key]]
            groups[self.label_of[key]].append(Span(sdoc, start, end, label=key))
        for label, spans in groups.items():
            if label not in NAME_LISTS:  # the same cue from two pattern forms
                groups[label] = list({(s.start, s.end): s for s in spans}.values())
        # Longest match wins inside each family of lists.
        targets = filter_spans([s for lb in TARGET_LABELS for s in groups.get(lb, ())])
        predicates = filter_spans([s for lb in PREDICATE_LABELS for s in groups.get(lb, ())])
        if (
            not predicates
            and not any(
                groups.get(lb)
                for lb in (
                    "therapeutic_classes",
                    "efficacy_phrases",
                    "comparisons",
                    "product_nouns",
                )
            )
            and not (with_targets and targets)
        ):
            return
        blocks = _Blocks(doc)
        # Health context per block: an unambiguous target or substance in it.
        context_blocks: set[int] = set()
        for span in [*targets, *groups.get("substances", ())]:
            if span.text.lower() not in self.ambiguous:
                context_blocks.add(blocks.index(span.start_char))
        # "uses a processor to extract fields": an ambiguous substance needs context too.
        groups["substances"] = [
            s
            for s in groups.get("substances", ())
            if s.text.lower() not in self.ambiguous or blocks.index(s.start_char) in context_blocks
        ]
        # Ambiguous targets without context stay candidates only for a predicate with a
        # health qualifier between it and them ("reduce your body's reaction to the virus").
        counted = {t.start for t in targets if self._target_counts(t, sdoc, blocks, context_blocks)}
        targets = [
            t
            for t in targets
            if t.start in counted
            or any(sdoc[i].lower_ in self.qualifiers for i in range(max(0, t.start - 8), t.start))
        ]

        # Sentence bounds and hard breaks from arrays (Doc.sents builds a Token per token).
        orth, sent_start = sdoc.to_array(["ORTH", "SENT_START"]).T
        is_start = sent_start == 1
        is_start[:1] = len(sdoc) > 0
        sent_starts = numpy.flatnonzero(is_start).tolist()
        sent_ends = [*sent_starts[1:], len(sdoc)]

        def by_sentence(spans: Iterable[Span]) -> dict[int, list[Span]]:
            out: dict[int, list[Span]] = defaultdict(list)
            for span in spans:
                out[bisect_right(sent_starts, span.start) - 1].append(span)
            return out

        per = {
            "targets": by_sentence(targets),
            "predicates": by_sentence(predicates),
            **{lb: by_sentence(groups.get(lb, ())) for lb in CUE_LABELS},
            **{
                lb: by_sentence(groups.get(lb, ()))
                for lb in (
                    "therapeutic_classes",
                    "efficacy_phrases",
                    "comparisons",
                    "product_nouns",
                    "substances",
                )
            },
        }
        candidate_sents = (
            set(per["predicates"])
            | set(per["therapeutic_classes"])
            | set(per["efficacy_phrases"])
            | set(per["product_nouns"])
            | set(per["comparisons"])
        )
        if with_targets:
            candidate_sents |= set(per["targets"])  # the scorer may see a claim the rules miss
        # Hard breaks of the whole Doc in one array pass, not token by token per sentence.
        hard = numpy.flatnonzero(numpy.isin(orth, self.hard_ids))
        for si in sorted(candidate_sents):
            sent = sdoc[sent_starts[si] : sent_ends[si]]
            ctx = {name: per[name].get(si, []) for name in per}
            ctx["counted"] = counted
            lo, hi = numpy.searchsorted(hard, (sent.start, sent.end))
            ctx["hard"] = hard[lo:hi].tolist()
            yield sent, ctx, self._kept(sdoc, sent, ctx)

    # -- helpers -------------------------------------------------------------------
    @staticmethod
    def _lemma(span: Span) -> str:
        return " ".join(t.lemma_ for t in span)

    def _label(self, span: Span) -> str:
        return self.label_of[span.label]

    def _target_counts(self, t: Span, sdoc: Doc, blocks, context_blocks, since=None) -> bool:
        """An ambiguous target counts after a health qualifier or in a health paragraph."""
        if t.text.lower() not in self.ambiguous:
            return True
        start = max(0, t.start - 2) if since is None else since
        if any(sdoc[i].lower_ in self.qualifiers for i in range(start, t.start)):
            return True
        return blocks is not None and blocks.index(t.start_char) in context_blocks

    def _kept(self, sdoc, sent, ctx) -> list:
        """The sentence's claim candidates with their context kind (fast pass)."""
        if _is_question(sent):
            return []
        if self._regulatory(ctx):
            return []
        candidates = self._candidates(sdoc, sent, ctx)
        if not candidates:
            return []
        breaks = self._breaks(sdoc, sent, ctx)
        kept = []
        for cand in candidates:
            kind = self._context_of(cand, sdoc, sent, ctx, breaks)
            if kind is not None:
                kept.append((cand, kind))
        return kept

    def _grammatical_negation(self, cue: Span) -> bool:
        """A one-word negator whose scope a parse decides better than a window."""
        return self.parser is not None and cue.text.lower() in GRAMMATICAL_NEGATORS

    def _confirmed(self, sdoc, pending) -> list:
        """Keep what the trained pipeline's parse of each flagged sentence confirms."""
        out = []
        parsed = self.parser.pipe(sent.text for sent, _, _ in pending)
        for (sent, ctx, kept), pdoc in zip(pending, parsed, strict=True):
            kept = [
                (c, k.removeprefix(DEFERRED))
                for c, k in kept
                if self._parse_confirms(sdoc, sent, pdoc, c, k.startswith(DEFERRED))
            ]
            if kept:
                out.append((sent, ctx, kept))
        return out

    def _parse_confirms(self, sdoc, sent, pdoc, cand, negation_cue: bool) -> bool:
        """The parse links the claim's parts; a negator nearby must not govern it."""
        start, end, pred, label, tstart = cand

        def parsed(i: int):
            """The parse's token at the fast pass's token ``i`` (tokenisations differ)."""
            tok = sdoc[i]
            at = tok.idx - sent.start_char
            span = pdoc.char_span(at, at + len(tok.text), alignment_mode="expand")
            return span.root if span is not None and len(span) else None

        p = parsed(pred)
        if p is None:
            return not negation_cue  # nothing to check against: the fast pass decides
        if _negated(p):
            return False
        if any(
            c.dep_ in ("nsubj", "nsubjpass") and c.lemma_.lower() in self.person_subjects
            for c in p.children
        ):
            return False
        if label is None or tstart == pred:
            return True  # a claim without a separate target ("an analgesic")
        t = parsed(tstart)
        if t is None or t == p:
            return True
        if any(c.dep_ == "dobj" and c.pos_ == "PRON" for c in p.children):
            return True  # "bind with viruses and disable them": linked by the pronoun
        # Linked: one governs the other, or both hang on one head ("relaxes and
        # relieves pain": the shared object attaches to the first verb).
        return p.is_ancestor(t) or t.is_ancestor(p) or p.head == t.head

    def _hit(self, doc, sdoc, sent, ctx, kept, blocks, citation_cache):
        bi = blocks.index(sent.start_char)
        if bi not in citation_cache:
            citation_cache[bi] = self._cited(doc, blocks, bi)
        cited = citation_cache[bi]
        sourced = bool(ctx["source_cues"])
        order = {"assertive": 0, "reported": 1, "hedged": 2, "structure": 3, "scored": 4}
        kind = min((k for _, k in kept), key=order.__getitem__)
        if cited or sourced:
            severity, template = self.sev_supported, SUPPORTED
        elif kind == "assertive":
            severity, template = None, ASSERTIVE
        elif kind == "reported":
            severity, template = self.sev_reported, REPORTED
        elif kind == "hedged":
            severity, template = self.sev_hedged, HEDGED
        elif kind == "scored":
            severity, template = self.sev_scored, SCORED
        else:
            severity, template = self.sev_structure, STRUCTURE
        if severity is False:
            return None
        start = min(c[0] for c, _ in kept)
        end = max(c[1] for c, _ in kept)
        span = sdoc[start:end]
        quote = _quote(sdoc, [c for c, _ in kept], span)
        return Hit(span.start_char, span.end_char, template.format(quote=quote), severity)

    def _regulatory(self, ctx) -> bool:
        verbs = ctx["regulatory_verbs"]
        if not verbs:
            return False
        if ctx["regulators"]:
            return True
        return any(
            v.text.lower() in self.negative_regulatory or self._lemma(v) in self.negative_regulatory
            for v in verbs
        )

    def _breaks(self, sdoc, sent, ctx) -> list[int]:
        """Token indices that end a scope: hard punctuation and termination cues."""
        out = list(ctx["hard"])
        out += [s.start for s in ctx["termination_cues"]]
        return sorted(out)

    def _candidates(self, sdoc, sent, ctx):
        """(start, end, predicate token, target label or None, target start)."""
        cands = []
        targets = sorted(ctx["targets"], key=lambda s: s.start)
        target_at_end = {t.end: t for t in targets}
        hard = set(ctx["hard"])
        term = {s.start for s in ctx["termination_cues"]}
        for p in ctx["predicates"]:
            direction = DIRECTION[self._label(p)]
            if len(p) == 1 and p[0].lemma_ in VERB_FORMS_ONLY and p[0].lower_ == p[0].lemma_:
                prev = sdoc[p.start - 1].lower_ if p.start > sent.start else ""
                if prev not in VERB_CONTEXT:
                    continue  # "the use of kava" names a topic; "used for", "uses" claim
            head = sdoc[p.end - 1]
            # "bind with viruses and disable them": the target before, then a pronoun.
            if direction == "down" and p.end < sent.end and sdoc[p.end].lower_ in ("them", "it"):
                back = [t for t in targets if t.end <= p.start and p.start - t.end <= self.max_gap]
                if back and not any(back[-1].end <= i < p.start for i in hard | term):
                    t = back[-1]
                    if (direction, self._label(t)) in CLAIMS:
                        cands.append((t.start, p.end + 1, p.start, self._label(t), t.start))
                        continue
            # Compound: "<target> relief", "mood-boosting", "stress and anxiety management".
            before = target_at_end.get(p.start) or (
                target_at_end.get(p.start - 1) if sdoc[p.start - 1].text == "-" else None
            )
            nominal = head.lower_ == head.lemma_ or head.lower_.endswith("ing")
            if before is not None and nominal and not _overlaps(before, p):
                label = self._label(before)
                if (direction, label) in CLAIMS:
                    first = _coordinated_start(sdoc, targets, before)
                    cands.append((first, p.end, p.start, label, before.start))
                    continue
            # Forward: the first target after the predicate decides.
            found = False
            for t in targets:
                if t.start < p.end:
                    continue
                if t.start - p.end > self.max_gap:
                    break
                # "muscle cramps": the head noun (the last of adjacent targets) decides.
                nxt = next((u for u in targets if u.start == t.end), None)
                if nxt is not None:
                    continue
                if any(p.end <= i < t.start for i in hard | term):
                    break
                label = self._label(t)
                if t.start > 0 and sdoc[t.start - 1].lower_ in HEALTHY:
                    label = "body_functions"  # "supports healthy blood pressure"
                if t.start not in ctx["counted"] and not self._target_counts(
                    t, sdoc, None, None, since=p.end
                ):
                    continue
                if (direction, label) in CLAIMS:
                    end = _coordinated_end(sdoc, targets, t)
                    cands.append((p.start, end, p.start, label, t.start))
                else:  # "increases anxiety": an adverse effect, a reason for no claim
                    ctx.setdefault("adverse", []).append(p)
                found = True
                break
            if found:
                continue
            # No target: "natural relief", "herbal remedy": a remedy named after its kind.
            if head.lemma_ in REMEDY_NOUNS and p.start > sent.start:
                prev = sdoc[p.start - 1]
                if prev.lower_ in REMEDY_SOURCES:
                    cands.append((p.start - 1, p.end, p.start, None, p.start))
        for p in ctx["product_nouns"]:
            before = target_at_end.get(p.start)
            if before is not None and self._label(before) == "conditions":
                cands.append((before.start, p.end, before.start, "conditions", before.start))
        for c in ctx["comparisons"]:
            for t in targets:
                if (
                    t.start >= c.end
                    and t.start - c.end <= self.max_gap
                    and self._label(t) == "drugs"
                ):
                    cands.append((c.start, t.end, c.start, "drugs", t.start))
                    break
        for c in ctx["therapeutic_classes"]:
            last = sdoc[c.end - 1]
            plural = last.lower_ != last.lemma_ and last.lower_.endswith("s")
            nxt = sdoc[c.end].lower_ if c.end < len(sdoc) else ""
            if not plural and nxt not in CLASS_DRUG_NEXT:
                end = c.end + 1 if nxt in CLASS_PROPERTY_NEXT else c.end
                cands.append((c.start, min(end, sent.end), c.start, None, c.start))
        for t in targets:  # "anti-anxiety", "anti-tumor"
            anti = t.start >= 2 and sdoc[t.start - 2].lower_ == "anti"
            if anti and sdoc[t.start - 1].text == "-" and self._label(t) == "conditions":
                cands.append((t.start - 2, t.end, t.start - 2, "conditions", t.start))
        for e in ctx["efficacy_phrases"]:
            cands.append((e.start, e.end, e.start, None, e.start))
        return cands

    def _context_of(self, cand, sdoc, sent, ctx, breaks) -> str | None:
        """assertive | hedged | reported | structure, or None when nothing is claimed."""
        start, end, pred, label, tstart = cand

        def in_scope(cue: Span, window: int | None = None) -> bool:
            """A forward cue covers the predicate: before it, in the same clause."""
            if cue.end > pred:
                return False
            if window is not None and pred - cue.end > window:
                return False
            if any(cue.end <= b < pred for b in breaks):
                return False
            if any(sdoc[i].text == "," for i in range(cue.end, pred)):
                opened = max([b for b in breaks if b < cue.start], default=sent.start - 1)
                if any(sdoc[i].lower_ in SUBORDINATORS for i in range(opened + 1, cue.start)):
                    return False
            return True

        deferred = ""
        for cue in ctx["negation_cues"]:
            nxt = sdoc[cue.end].lower_ if cue.end < len(sdoc) else ""
            if nxt in PSEUDO_NEGATION_NEXT:
                continue
            if in_scope(cue):
                if not self._grammatical_negation(cue):
                    return None
                deferred = DEFERRED  # "it is not a drug and relieves pain": parse decides
        for cue in ctx["negation_post_cues"]:
            if cue.start >= pred:
                return None
        for name in ("distancing_cues", "hypothetical_cues"):
            for cue in ctx[name]:
                if in_scope(cue):
                    return None
        for cue in ctx["role_cues"]:
            if in_scope(cue) and self._body_system_before(ctx, cue.start):
                return None
        if any(in_scope(c, window=6) for c in ctx["hedge_cues"]):
            return deferred + "hedged"
        if any(c.start < end and c.start != pred for c in ctx["reported_cues"]):
            return deferred + "reported"
        if label is not None and any(m.end in (tstart, tstart - 1) for m in ctx["mild_qualifiers"]):
            return deferred + "structure"
        return deferred + "assertive"

    def _body_system_before(self, ctx, index: int) -> bool:
        firsts = sorted([*ctx["targets"], *ctx["substances"]], key=lambda s: s.start)
        for s in firsts:
            if s.start >= index:
                return False
            return self._label(s) == "body_systems"
        return False

    def _cited(self, doc: Document, blocks, bi: int) -> bool:
        block = blocks.blocks[bi] if bi >= 0 else None
        if block is None:
            return False
        if self.citation_re is not None and self.citation_re.search(doc.text_of(block)):
            return True
        if self.link_re is not None and doc.links:
            s, e = doc.source_span(block.start, block.end)
            for link in doc.links:
                if s <= link.start < e and self.link_re.search(link.href):
                    return True
        return False


CLASS_PROPERTY_NEXT = {
    "effect",
    "effects",
    "property",
    "properties",
    "agent",
    "activity",
    "action",
    "qualities",
    "benefits",
}

ASSERTIVE = (
    'Therapeutic claim without a cited source: "{quote}" '
    "(disease and health claims need competent and reliable scientific evidence)"
)
HEDGED = (
    'Hedged therapeutic claim without a cited source: "{quote}" '
    '("may help" claims need competent and reliable scientific evidence too)'
)
REPORTED = (
    'Reported use without a named source: "{quote}" '
    "(name who reports it and cite the study, or remove the claim)"
)
SUPPORTED = 'Therapeutic claim with a cited source: "{quote}" (check that the source supports it)'
STRUCTURE = (
    'Structure/function claim: "{quote}" (needs substantiation and the FDA disclaimer next to it)'
)
SCORED = (
    'Likely therapeutic claim without a cited source: "{quote}" (the claim scorer rates this '
    "sentence a claim; health claims need competent and reliable scientific evidence)"
)
# Word classes whose matches in a sentence are scorer features and span a scored claim.
FEATURE_LABELS = (
    "predicates",
    "targets",
    "therapeutic_classes",
    "efficacy_phrases",
    "comparisons",
    "product_nouns",
    "substances",
    *CUE_LABELS,
)


HEALTH_WORD_LABELS = ("targets", "therapeutic_classes", "efficacy_phrases", "substances")
REJECTING_CUES = (
    "adverse",
    "negation_cues",
    "negation_post_cues",
    "distancing_cues",
    "hypothetical_cues",
    "regulators",
    "regulatory_verbs",
    "role_cues",
)


QUESTION_CLOSERS = " \"'”’)*_"


def _is_question(sent: Span) -> bool:
    """The sentence ends in "?" (before closing quotes and emphasis marks).

    Looks at the last tokens only: Span.text and Doc.text build strings token by token.
    """
    doc, i = sent.doc, sent.end - 1
    while i > sent.start and not doc[i].text.rstrip(QUESTION_CLOSERS):
        i -= 1
    return doc[i].text.rstrip(QUESTION_CLOSERS).endswith("?")


def rule_features(sent: Span, ctx: dict, kept: list) -> list[str]:
    """What the rules saw in a sentence, as the scorer's named features."""
    names = [f"has:{label}" for label in FEATURE_LABELS if ctx.get(label)]
    for (_, _, _, label, _), kind in kept:
        names += [f"kind:{kind}", f"target:{label}"]
    if not kept:
        names.append("rules:none")
    if ctx.get("adverse"):
        names.append("rules:adverse")
    if _is_question(sent):
        names.append("question")
    return sorted(set(names))


def _scorer_only(sent: Span, ctx: dict) -> list:
    """A candidate for a sentence only the scorer flags: its matched health words.

    The scorer fills the rules' gaps in vocabulary, not their judgement: a sentence the
    rules rejected for a reason (a negation, a hypothetical, a regulator ...) stays
    rejected. Without a health word (a target, a substance, a drug class or an efficacy
    phrase) there is nothing to quote and no health claim: "this module supports paging".
    """
    if not any(ctx.get(label) for label in HEALTH_WORD_LABELS):
        return []
    if any(ctx.get(label) for label in REJECTING_CUES) or _is_question(sent):
        return []  # the rules saw why it is no claim (negated, hypothetical, regulatory ...)
    spans = [s for label in ("predicates", *HEALTH_WORD_LABELS) for s in ctx.get(label, ())]
    start = min(s.start for s in spans)
    end = max(s.end for s in spans)
    return [((start, end, start, None, start), "scored")]


CLAUSES = ("acl", "ccomp", "relcl", "xcomp", "advcl")
# With a parse, these negate only what they govern; other negation cues ("no evidence",
# "fail to") keep their window scope.
GRAMMATICAL_NEGATORS = {"not", "n't", "never", "no", "cannot"}
DEFERRED = "negation?:"  # context-kind prefix: a negator in scope, for the parse to check


def _negated(token) -> bool:
    """A negation governs ``token``: on it or on a head above it in its clause chain.

    Climbing stops at a verb coordinated by "and" ("it is not a drug and relieves
    pain" negates only the first part); "or"/"nor" carry the negation on ("does not
    cure or treat"), and so does a list of nouns ("no pills, lotions or products").
    """
    node, clause = token, False
    for _ in range(12):  # parse trees of real sentences are shallow; bound the walk
        for child in node.children:
            if child.dep_ == "neg":
                nxt = child.nbor() if child.i + 1 < len(child.doc) else None
                if nxt is None or nxt.lower_ not in PSEUDO_NEGATION_NEXT:
                    return True
            # "offers no relief"; "no evidence that it cures ...", "no product that
            # cures ...": "no" on the claim itself or on a noun whose clause holds it.
            elif child.dep_ == "det" and child.lower_ == "no" and (node is token or clause):
                return True
        if node.head is node:
            return False
        if (
            node.dep_ == "conj"
            and node.pos_ in ("VERB", "AUX")
            and not any(c.dep_ == "cc" and c.lower_ in ("or", "nor") for c in node.head.children)
        ):
            return False
        clause = clause or node.dep_ in CLAUSES
        node = node.head
    return False


def _inflected(word: str) -> bool:
    return word.endswith(("s", "ed", "ing", "n't"))


def _variants(entry: str) -> set[str]:
    """The entry plus the plural (or singular) of its last word."""
    head, _, last = entry.rpartition(" ")
    prefix = head + " " if head else ""
    out = {entry}
    if last.endswith("ies") and len(last) > 4:
        out.add(prefix + last[:-3] + "y")
    elif last.endswith(("ses", "xes", "ches", "shes")):
        out.add(prefix + last[:-2])
    elif last.endswith("s") and not last.endswith(("ss", "us", "is")) and len(last) > 4:
        out.add(prefix + last[:-1])
    elif last[-1:].isalpha() and not last.endswith("s"):
        if last.endswith("y") and last[-2:-1] not in "aeiou":
            out.add(prefix + last[:-1] + "ies")
        elif last.endswith(("x", "ch", "sh")):
            out.add(prefix + last + "es")
        else:
            out.add(prefix + last + "s")
    return out


class _Blocks:
    """Prose blocks of a document, found by prose offset."""

    def __init__(self, doc: Document):
        self.blocks = doc.blocks
        self.starts = [b.start for b in doc.blocks]

    def index(self, offset: int) -> int:
        return bisect_right(self.starts, offset) - 1


def _overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def _coordinated_end(sdoc: Doc, targets: list[Span], first: Span) -> int:
    """Extend a target through a coordinated list: "stress, anxiety and insomnia"."""
    end = first.end
    for t in targets:
        if t.start < end:
            continue
        between = sdoc[end : t.start]
        if len(between) <= 3 and all(tok.lower_ in COORDINATION for tok in between):
            end = t.end
        else:
            break
    return end


def _coordinated_start(sdoc: Doc, targets: list[Span], last: Span) -> int:
    start = last.start
    for t in reversed(targets):
        if t.end > start:
            continue
        between = sdoc[t.end : start]
        if len(between) <= 3 and all(tok.lower_ in COORDINATION for tok in between):
            start = t.start
        else:
            break
    return start


def _quote(sdoc: Doc, cands, span: Span) -> str:
    text = span.text
    if len(text) <= MAX_QUOTE:
        return text
    cands = sorted(cands)
    first = sdoc[cands[0][0] : cands[0][1]].text
    last = sdoc[cands[-1][0] : cands[-1][1]].text
    if len(cands) > 1 and len(first) + len(last) + 5 <= MAX_QUOTE + 20 and first != last:
        return f"{first} ... {last}"
    head = text[: MAX_QUOTE // 2].rsplit(" ", 1)[0]
    tail = text[-MAX_QUOTE // 2 :].split(" ", 1)[-1]
    return f"{head} ... {tail}"
