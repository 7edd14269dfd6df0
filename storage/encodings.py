"""Which text encoding an uploaded CSV is in: UTF-8, GB18030/GBK, Big5 or Windows-1252, or a refusal.

Excel saves "CSV" in the Windows code page of the PC it runs on, so a team's files arrive as GBK
(mainland), Big5 (Taiwan, Hong Kong), Windows-1252 (Western Europe) or, when chosen, UTF-8. Decoding one
as another does not fail: it stores mojibake. So a file is read only when exactly one reading is clean.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

# Python's names: cp950 is Microsoft's Big5 (what Excel writes), gb18030 is a superset of GBK.
GB, BIG5, WESTERN = "gb18030", "cp950", "cp1252"
LEGACY = (GB, BIG5, WESTERN)
# charset-normalizer's "mess ratio" above which a reading counts as garbled (its own default).
MAX_MESS = 0.2
# On a few short names GBK and Big5 both decode without mess; what tells them apart is that real text
# is made of its own standard's common characters, while the wrong reading is made of rare ones.
MIN_COMMON, MIN_MARGIN = 0.6, 0.25
# UTF-8 bytes of "é" etc. read as Windows-1252 show as "Ã©": a UTF-8 file with one line saved otherwise.
_UTF8_PAIR = re.compile(rb"[\xc2-\xdf][\x80-\xbf]")


class Undecodable(Exception):
    """The file is in no accepted encoding, or in two at once; `key` and `values` name which."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key, self.values = key, values


def line_at(data: bytes, position: int) -> int:
    """The 1-based line of a byte offset."""
    return data.count(b"\n", 0, position) + 1


def decode(data: bytes) -> tuple[str, str]:
    """The text and the encoding's name; raises Undecodable when no single reading is clean."""
    for bom, codec in ((codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        # Excel's "Unicode text" export: UTF-16 with a byte-order mark.
        if data.startswith(bom):
            try:
                return data.decode(codec), "utf-16"
            except UnicodeDecodeError as exc:
                raise Undecodable("encoding.broken", line=line_at(data, exc.start)) from None
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    whole_lines = data[: data.rfind(b"\n", 0, first_bad) + 1]
    if data.startswith(codecs.BOM_UTF8) or not whole_lines.isascii():
        # Whole lines of UTF-8 with non-ASCII text, then a line that is not: a UTF-8 file damaged or
        # with lines pasted in from elsewhere; reading it all as another encoding would garble the rest.
        raise Undecodable("encoding.mixed", line=line_at(data, first_bad))
    encoding = _legacy_encoding(data, first_bad)
    return data.decode(encoding), encoding


def _legacy_encoding(data: bytes, first_bad: int) -> str:
    """GB18030, Big5 or Windows-1252, whichever reads cleanly and alone."""
    readings = list(from_bytes(data, cp_isolation=list(LEGACY), threshold=MAX_MESS))
    if not readings:
        raise Undecodable("encoding.unknown", line=line_at(data, first_bad))
    best = readings[0]
    chinese = [m for m in readings if m.encoding in (GB, BIG5)]
    if best.encoding == WESTERN:
        tied = [m for m in chinese if m.chaos <= best.chaos]
        if not tied or max(_common_share(str(m), m.encoding) for m in tied) < 0.9:
            if _UTF8_PAIR.search(data):
                # It is partly UTF-8: reading it all as anything else would garble the lines that are right.
                raise Undecodable("encoding.mixed", line=line_at(data, first_bad))
            return WESTERN
    scores = sorted(((_common_share(str(m), m.encoding), m.encoding) for m in chinese), reverse=True)
    if not scores or scores[0][0] < MIN_COMMON:
        raise Undecodable("encoding.unknown", line=line_at(data, first_bad))
    if len(scores) > 1 and scores[0][0] - scores[1][0] < MIN_MARGIN:
        raise Undecodable("encoding.ambiguous")
    return scores[0][1]


def _common_share(text: str, encoding: str) -> float:
    """The share of non-ASCII characters in the standard's common set: GB2312 for GBK, Big5's
    "frequently used" block for Big5. A few thousand characters are enough to judge."""
    seen = common = 0
    for char in text:
        if char < "\x80":
            continue
        seen += 1
        code = char.encode(encoding, errors="replace")
        if len(code) == 2 and (
            (encoding == GB and 0xB0 <= code[0] <= 0xF7 and code[1] >= 0xA1)
            or (encoding == BIG5 and (0xA4 <= code[0] <= 0xC5 or (code[0] == 0xC6 and code[1] <= 0x7E)))
        ):
            common += 1
        if seen >= 5000:
            break
    return common / seen if seen else 0.0
