"""The one rule for text that reaches the event log, and every length limit.

Only text that every store and every read model can keep is recorded: no NUL, no lone
surrogates, no C0/C1 control characters (tab and newline only in texts that may span
lines), no bidi override or isolate characters, no non-characters. A carriage return
before a newline (what browsers send from a text area) is kept as a newline.

The API's schemas are built from the limits here, so the document a client reads and
the rule the domain applies are the same.
"""

from __future__ import annotations

import re
from typing import Final

from domain.errors import InvalidInput

# -- limits (characters) ---------------------------------------------------------------
ID: Final = 100
CRITERION_ID: Final = 64
NAME: Final = 200
TITLE: Final = 300
SUMMARY: Final = 10_000
REASON: Final = 2_000
REJECTION_REASONS: Final = 4_000
COMMENT: Final = 4_000
CONDITIONS: Final = 4_000
DOCUMENT_REF: Final = 200
DECISION_REF: Final = 100
PAYMENT_REFERENCE: Final = 100
EMAIL: Final = 254
#: An OpenID Connect issuer (a URL) and subject.
ISSUER: Final = 2_000
SUBJECT: Final = 255
#: Members a health community may list in one registration or change.
MEMBERS: Final = 500
FILTER: Final = 200

_SINGLE_LINE: Final = r"\x00-\x1f\x7f-\x9f"
_MULTI_LINE: Final = r"\x00-\x08\x0b-\x1f\x7f-\x9f"
_ALWAYS: Final = r"\u202a-\u202e\u2066-\u2069\ufffe\uffff\ud800-\udfff"
_FORBIDDEN_SINGLE: Final = re.compile(f"[{_SINGLE_LINE}{_ALWAYS}]")
_FORBIDDEN_MULTI: Final = re.compile(f"[{_MULTI_LINE}{_ALWAYS}]")

_NEVER: Final = r"\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufffe\uffff"


def pattern(multiline: bool = False, non_blank: bool = False) -> str:
    """The regular expression (JSON Schema and Python alike) of the text the API takes:
    nothing forbidden anywhere and, with `non_blank`, one character that is not white
    space. The API takes no carriage return at all (send newlines); lone surrogates
    cannot be written in a pattern and are refused by `text_fault`."""
    forbidden = (r"\x00-\x08\x0b-\x1f" if multiline else r"\x00-\x1f") + _NEVER
    if not non_blank:
        return f"^[^{forbidden}]*$"
    return f"^[^{forbidden}]*[^\\s{forbidden}][^{forbidden}]*$"


def text_fault(value: str, multiline: bool = False) -> str | None:
    """Why `value` may not be stored (None when it may), after CR LF became LF."""
    found = (_FORBIDDEN_MULTI if multiline else _FORBIDDEN_SINGLE).search(value)
    if found is None:
        return None
    char = found.group()
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        kind = "a lone surrogate"
    elif code in (0x0A, 0x0D):
        kind = "a line break"
    elif 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069:
        kind = "a bidirectional control character"
    elif code in (0xFFFE, 0xFFFF):
        kind = "a non-character"
    else:
        kind = "a control character"
    return f"must not contain {kind} (U+{code:04X})"


def clean_text(value: str, field: str, multiline: bool = False) -> str:
    """`value` with CR LF as LF; `InvalidInput` when it holds a forbidden character."""
    if multiline:
        value = value.replace("\r\n", "\n")
    fault = text_fault(value, multiline)
    if fault is not None:
        raise InvalidInput(field, fault)
    return value


def require_text(value: object, field: str, max_length: int = REASON, multiline: bool = False) -> str:
    """A non-blank, storable string of at most `max_length` characters, stripped."""
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput(field, "must be a non-empty text")
    if len(value) > max_length:
        raise InvalidInput(field, f"must be at most {max_length} characters")
    return clean_text(value, field, multiline).strip()


def optional_text(value: object, field: str, max_length: int, multiline: bool = True) -> str:
    """Like `require_text`, but None or blank is the empty text."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InvalidInput(field, "must be a text")
    if len(value) > max_length:
        raise InvalidInput(field, f"must be at most {max_length} characters")
    return clean_text(value, field, multiline).strip()
REPORT: Final = 20_000
#: The call's own text (utlysningsteksten): what is funded, for whom, and how to apply.
CALL_TEXT: Final = 20_000
