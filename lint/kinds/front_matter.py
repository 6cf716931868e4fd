"""Kind ``front_matter``: front matter that is not valid YAML (a finding, not a crash).

Passing: ``---\\ntitle: Hello\\n---``. Failing: ``---\\ntitle: [unclosed\\n---``.
"""

from __future__ import annotations

from collections.abc import Iterable

from lint.findings import Hit
from lint.kinds import register
from lint.kinds.base import Kind


@register
class FrontMatterKind(Kind):
    name = "front_matter"
    description = "Reports front matter that cannot be read as a YAML mapping."

    def check(self, doc, sdoc) -> Iterable[Hit]:
        if doc.front_matter_error:
            message, offset = doc.front_matter_error
            end = doc.source.find("\n", offset)
            end = len(doc.source) if end < 0 else end
            yield Hit(offset, max(end, offset), message, in_source=True)
