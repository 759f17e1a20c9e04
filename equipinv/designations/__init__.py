"""Model designations (型号): what a Chinese model string states about a unit's ratings.

Lives in the core (`equipinv`), not in `catalog`: grading, matching and validation all need it, and
it fills ledger fields by the ledger's names with the ledger's provenance vocabulary, which `catalog`
(which imports nothing of ours) must not know. It uses only `catalog.normalize` (the project's one
model normaliser), so `equipinv -> catalog` stays the only direction.
"""

from equipinv.designations.decode import PART_LABELS, Decoded, Part, decodable, decode, decode_many
from equipinv.designations.fill import (
    DERIVED,
    Conflict,
    Derivation,
    derive,
    derived_fields,
    derived_remark,
    fill_record,
    rederive,
    review,
)

__all__ = ["DERIVED", "PART_LABELS", "Conflict", "Decoded", "Derivation", "Part", "decodable", "decode", "decode_many", "derive", "derived_fields",
           "derived_remark", "fill_record", "rederive", "review"]
