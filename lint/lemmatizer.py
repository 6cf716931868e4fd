"""The default pipeline's lemmatizer: spaCy's lookup table, keyed on the lowercase form.

Imported by ``nlp`` when it builds the pipeline, which registers the factory.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.pipeline import Lemmatizer


class LowercaseLookupLemmatizer(Lemmatizer):
    """Lookup lemmas keyed on the lowercase form; lemmas are lowercase."""

    def lookup_lemmatize(self, token) -> list[str]:
        # Typographic apostrophes ("isn’t", "don’t") lemmatise like straight ones.
        lower = token.lower_.replace("’", "'")
        return [self._table.get(lower, lower)]

    def initialize(self, get_examples=None, *, nlp=None, lookups=None) -> None:
        super().initialize(get_examples, nlp=nlp, lookups=lookups)
        self._table = self.lookups.get_table("lemma_lookup")


@Language.factory(
    "seolint_lemmatizer", default_config={"model": None, "mode": "lookup", "overwrite": True}
)
def _make_lemmatizer(nlp, model, name, mode, overwrite):
    return LowercaseLookupLemmatizer(nlp.vocab, model, name, mode=mode, overwrite=overwrite)
