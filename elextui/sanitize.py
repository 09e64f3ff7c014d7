"""The one place that makes feed text safe to show: no control, bidi or invalid characters.

Feed text is untrusted. Every string from a feed that reaches a terminal, a screen, a
screenshot (SVG), JSON or CSV goes through `clean_text` (or `safe_json` for JSON), so
no escape sequence (OSC 52 clipboard writes, colours, titles), no bidi override and no
character that XML forbids ever leaves the program:

- tab, newline, carriage return, vertical tab, form feed and the Unicode line and
  paragraph separators (U+2028, U+2029) become a space;
- the other C0 controls, DEL and the C1 controls become a visible `\\x1b`;
- bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) become a
  visible `\\u202e`; the invisible direction marks (U+200E, U+200F, U+061C) are removed;
- lone surrogates and the non-characters U+FFFE and U+FFFF become a visible `\\ufffe`.
"""

from __future__ import annotations

import json
import re
from typing import Any

UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
    "\ud800-\udfff\ufffe\uffff]"
)
"""Every character `clean_text` replaces; a test asserts no output contains one."""

_SPACES = frozenset("\t\n\r\x0b\x0c\u2028\u2029")
_REMOVED = frozenset("\u200e\u200f\u061c")


def _replace(match: re.Match[str]) -> str:
    char = match.group()
    if char in _SPACES:
        return " "
    if char in _REMOVED:
        return ""
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def clean_text(text: str) -> str:
    """`text` safe for a terminal, a screen or a file: see the module's rules."""
    return UNSAFE.sub(_replace, text)


def _escape_json(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def safe_json(value: Any, **options: Any) -> str:
    """`json.dumps(value)` with every character of UNSAFE written as a `\\uXXXX` escape.

    Strings keep their exact value for a program that reads the JSON, but nothing in the
    text printed can act on a terminal. Non-ASCII text otherwise stays as it is.
    """
    text = json.dumps(value, ensure_ascii=False, **options)
    # Outside strings JSON has no such characters, so escaping them anywhere is exact.
    return UNSAFE.sub(_escape_json, text)
