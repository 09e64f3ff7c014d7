"""Find the sentences of a liveblog that plainly report a council's outcome.

Only a few fixed shapes count, each with a party as the subject and a council right after
the verb: "Labour has gained Plymouth (from the Conservatives)", "the Tories hold Havant
and Castle Point", "Labour has lost control of Derby", "Dudley is hung". A sentence whose
clause hedges ("could", "set to", "would need", "if", "expected", "I hear"...) or denies
("not") is never read as an outcome: a draft must be something the blog states as done.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from elextui.feed.model import NOC, Council, Party

PARTY_WORDS: dict[str, tuple[str, ...]] = {
    "LAB": ("Labour", "Labour Party", "Lab"),
    "CON": ("Conservatives", "Conservative Party", "Conservative", "Tories", "Tory", "Con"),
    "LD": ("Liberal Democrats", "Liberal Democrat", "Lib Dems", "Lib Dem", "LibDems", "LD"),
    "GRN": ("Greens", "Green Party", "Green"),
    "REF": ("Reform UK", "Reform"),
    "UKIP": ("UKIP", "Ukip"),
    "SNP": ("SNP", "Scottish National Party"),
    "PC": ("Plaid Cymru", "Plaid"),
    "IND": ("Independents", "independents"),
}
"""Words the blogs use for the usual parties; a header's own names and codes count too."""

_HEDGES = re.compile(
    r"\b(?:if|unless|whether|would|could|should|might|(?-i:may)|must|can|will|set to|expect\w*|"
    r"likely|unlikely|hop\w*|predict\w*|forecast\w*|project\w*|on course|on track|"
    r"looks?|looking|seems?|appears?|needs?|needed|bid|aim\w*|target\w*|chance|possib\w*|"
    r"probabl\w*|perhaps|poised|tipped|fail\w*|not|n[’']t|never|no longer|yet to|"
    r"den(?:y|ies|ied)|claim\w*|fear\w*|worr\w*|risk\w*|danger|"
    r"when|once|since|previously|used to|until|before|last time|(?:19|20)\d\d)\b",
    re.IGNORECASE,
)
"""Words that make a clause a prediction, a condition, a denial or a memory of another year."""

_AFTER_HEDGES = re.compile(
    r"\b(?:if|unless|once|when|since|until|before|previously|last time|last year|"
    r"(?:19|20)\d\d)\b",
    re.IGNORECASE,
)
"""Words after an outcome, in its clause, that make it conditional or about another time."""

_SHARED_SUBJECT = re.compile(r"\b(?:and|or|nor|with|than)\s*$|&\s*$", re.IGNORECASE)
"""A party named after one of these shares the verb with another ("Labour and the Greens")."""

_HEARSAY = re.compile(
    r"\b(?:I hear|I[’']m hearing|I am hearing|I[’']m told|I am told|I[’']ve heard|rumou?r\w*|"
    r"reportedly|apparently|unconfirmed|sources (?:say|said|suggest|claim))\b|\?",
    re.IGNORECASE,
)
"""Signs that a sentence passes on what someone heard rather than a result."""

_CLAUSE_BREAK = re.compile(r"[;:(\u2013\u2014]|,\s|\bbut\b|\bwhere\b|\bwhile\b|\bwhich\b")
_SENTENCE = re.compile(r"(?<=[.!?])[\"”’]?\s+(?=[\"“‘A-Z0-9])")
_AUX = r"(?:\s+(?:has|have|had|now|just|also|already|comfortably|easily|finally|narrowly))*"
_THE = r"(?:the\s+)?"
_NOT_A_SEAT = r"(?!\s+(?:seats?|wards?|by-?elections?|elections?|leader\w*|tax|candidates?))"
_CONTROL = r"(?:overall\s+)?(?:control\s+of\s+)?"


@dataclass(frozen=True)
class Outcome:
    """A council's control as a sentence of the blog states it."""

    council: str
    control: str
    phrase: str


class OutcomeFinder:
    """Reads outcomes for a feed's councils and parties out of blog paragraphs."""

    def __init__(self, councils: Iterable[Council], parties: Sequence[Party]) -> None:
        self._party_of: dict[str, str] = {}
        for party in parties:
            for word in (party.code, party.name, *PARTY_WORDS.get(party.code, ())):
                self._party_of.setdefault(_key(word), party.code)
        self._council_of: dict[str, str] = {}
        for council in councils:
            self._council_of.setdefault(_key(council.name), council.id)
        party_re = _alternation(self._party_of)
        one = _alternation(self._council_of)
        council_list = rf"{one}(?:(?:\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*){one})*"
        # not "Westminster's Maida Vale", "Plymouth Sutton and Devonport", "Hart ward"
        after = (
            r"(?![\w-]|\s*['’‘]s\b|\s+(?-i:[A-Z])|"
            r"\s+(?:ward|division|constituency|by-?election|seat|parliamentary)\b)"
        )
        subject = rf"\b{_THE}(?P<party>{party_re}){_AUX}\s+"
        self._shapes: list[tuple[str, re.Pattern[str]]] = [
            (
                "gain",
                _compile(
                    rf"{subject}(?:gained|gains|gain|taken|takes|take|won|wins|win|seized|seizes|"
                    rf"captured|captures)\s+{_CONTROL}{_THE}(?P<list>{council_list}){after}"
                ),
            ),
            (
                "control",
                _compile(
                    rf"{subject}(?:has|have|took|takes|taking|taken)\s+(?:overall\s+)?control\s+of\s+"
                    rf"{_THE}(?P<list>{council_list}){after}"
                ),
            ),
            (
                "hold",
                _compile(
                    rf"{subject}(?:held|holds|hold|retained|retains|retain|kept|keeps|keep)"
                    rf"(?:\s+on\s*to|\s+onto)?\s+{_CONTROL}{_THE}(?P<list>{council_list}){after}"
                ),
            ),
            (
                "loss",
                _compile(
                    rf"{subject}(?:lost|loses|lose)\s+(?:overall\s+control\s+of\s+|control\s+of\s+)"
                    rf"{_THE}(?P<list>{council_list}){after}"
                    rf"(?:\s+to\s+{_THE}(?P<winner>{party_re})\b)?"
                ),
            ),
            (
                "loss-to",
                _compile(
                    rf"{subject}(?:lost|loses)\s+{_THE}(?P<list>{council_list}){after}"
                    rf"\s+to\s+{_THE}(?P<winner>{party_re})\b"
                ),
            ),
            (
                "hung",
                _compile(
                    rf"\b(?P<list>{council_list})(?:\s+council)?\s+(?:is|was|has\s+been|has\s+gone|"
                    rf"has\s+fallen|goes|falls)(?:\s+now)?\s+(?:hung|to\s+no\s+overall\s+control|"
                    rf"under\s+no\s+overall\s+control|into\s+no\s+overall\s+control)\b"
                ),
            ),
            (
                "the-council",
                _compile(
                    rf"{subject}(?:(?:now\s+)?has|takes|taking|took|taken|gains|gained|wins|won)\s+"
                    rf"(?:overall\s+)?(?:control\s+of\s+)?the\s+council\b{_NOT_A_SEAT}"
                ),
            ),
            (
                "seats-in",
                _compile(
                    rf"{subject}(?:gains|gained|wins|won)\s+[^.;:]*?\bin\s+(?P<list>{one}){after}"
                    rf"\s*,?\s+(?:taking|and\s+takes|and\s+took|to\s+take)\s+"
                    rf"(?:overall\s+)?control\s+of\s+the\s+council\b"
                ),
            ),
        ]
        self._one_council = _compile(rf"\b(?:{one}){after}")

    def _party(self, word: str) -> str:
        return self._party_of[_key(word)]

    def _councils(self, text: str) -> list[str]:
        return [self._council_of[_key(m[0])] for m in self._one_council.finditer(text)]

    def find(self, paragraph: str) -> list[Outcome]:
        """The outcomes a paragraph states, in order (one per council)."""
        found: list[Outcome] = []
        for sentence in _SENTENCE.split(paragraph):
            if _HEARSAY.search(sentence):
                continue
            for kind, shape in self._shapes:
                for match in shape.finditer(sentence):
                    if _hedged(sentence, match.start(), match.end()):
                        continue
                    found.extend(self._read(kind, match, sentence))
        seen: set[str] = set()
        unique = []
        for outcome in found:
            if outcome.council not in seen:
                seen.add(outcome.council)
                unique.append(outcome)
        return unique

    def _read(self, kind: str, match: re.Match[str], sentence: str) -> list[Outcome]:
        phrase = match[0].strip()
        groups = match.groupdict()
        if kind == "the-council":
            named = set(self._councils(sentence))
            if len(named) != 1:
                return []
            councils = list(named)
        else:
            councils = self._councils(groups["list"])
        if kind in ("loss", "loss-to"):
            control = self._party(groups["winner"]) if groups.get("winner") else NOC
            if control == self._party(groups["party"]):
                return []
        elif kind == "hung":
            control = NOC
        else:
            control = self._party(groups["party"])
        return [Outcome(council, control, phrase) for council in councils]


def _hedged(sentence: str, start: int, end: int) -> bool:
    """Whether the clause around a match predicts, conditions or denies it."""
    breaks = [m.end() for m in _CLAUSE_BREAK.finditer(sentence, 0, start)]
    clause_start = breaks[-1] if breaks else 0
    rest = _CLAUSE_BREAK.search(sentence, end)
    clause_end = rest.start() if rest else len(sentence)
    before = sentence[clause_start:start]
    return bool(
        _HEDGES.search(before)
        or _SHARED_SUBJECT.search(before)
        or _AFTER_HEDGES.search(sentence[end:clause_end])
    )


def _key(text: str) -> str:
    """A name as a lookup key: case, `&`/`and`, hyphens and full stops do not matter."""
    text = text.casefold().replace("&", " and ").replace(".", " ")
    return " ".join(re.split(r"[\s\-]+", text)).strip()


def _alternation(names: Iterable[str]) -> str:
    """A regex matching any of the names (keys), longest first, spelt loosely."""
    parts = []
    for name in sorted(set(names), key=len, reverse=True):
        words = [re.escape(w) if w != "and" else r"(?:and|&)" for w in name.split(" ")]
        parts.append(r"[\s\-]+".join(words))
    return "(?:" + "|".join(parts) + ")"


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)
