"""The default pipeline's sentencizer: spaCy's rule-based one, on arrays.

Imported by ``nlp`` when it builds the pipeline, which registers the factory.

spaCy's ``Sentencizer`` walks a Doc token by token in Python, a Token object per token
(about a sixth of the default pipeline's time). This one gives the same sentence starts
from Doc columns (each token's text id and punctuation flag): a sentence starts at the
first token, and at every token that is neither punctuation nor a sentence-final
character ("." "!" "?" ...) when such a character stands between it and the token of
that kind before it. Starts already set (the blocks' first tokens) are kept, as
spaCy's are.
"""

from __future__ import annotations

import numpy
from spacy.attrs import IS_PUNCT, ORTH, SENT_START
from spacy.language import Language
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc


class ArraySentencizer(Sentencizer):
    """spaCy's Sentencizer, applied with array operations (``__call__``, which ``pipe``
    uses; ``predict`` and ``set_annotations`` stay spaCy's)."""

    _final_ids: numpy.ndarray | None = None

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        if self._final_ids is None:
            ids = sorted(doc.vocab.strings.add(c) for c in self.punct_chars)
            self._final_ids = numpy.array(ids, dtype=numpy.uint64)
        finals = self._final_ids
        orth, punct, preset = doc.to_array([ORTH, IS_PUNCT, SENT_START]).T
        final = finals[numpy.searchsorted(finals, orth).clip(max=len(finals) - 1)] == orth
        words = numpy.flatnonzero(~final & (punct == 0))
        # finals_before[k]: sentence-final characters among the first k tokens.
        finals_before = numpy.concatenate([[0], numpy.cumsum(final)])
        after_previous = numpy.concatenate([[0], words[:-1] + 1])
        starts = numpy.full(len(doc), -1, dtype=numpy.int64)
        starts[words[finals_before[words] > finals_before[after_previous]]] = 1
        starts[0] = 1
        if not self.overwrite:  # starts already set are kept, as spaCy's sentencizer does
            preset = preset.view(numpy.int64)
            starts = numpy.where(preset == 0, starts, preset)
        doc.from_array([SENT_START], starts.view(numpy.uint64)[:, None])
        return doc


@Language.factory("seolint_sentencizer", default_config={"punct_chars": None, "overwrite": False})
def _make_sentencizer(nlp, name, punct_chars, overwrite):
    return ArraySentencizer(name, punct_chars=punct_chars, overwrite=overwrite)
