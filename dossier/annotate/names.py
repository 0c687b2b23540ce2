"""Name surfaces: titles and roles peeled off, possessives dropped, near-identical spellings compared."""

from __future__ import annotations

import re

EXTRA_TITLE_WORDS = {  # honorifics and ranks that precede names in news copy
    "mr", "mrs", "ms", "dr", "prof", "professor", "sir", "dame", "lord", "lady", "gen", "general", "lt", "lieutenant",
    "col", "colonel", "maj", "major", "capt", "captain", "adm", "admiral", "sgt", "sergeant", "marshal", "field",
    "brig", "brigadier", "president", "vice", "prime", "minister", "pm", "premier", "chancellor", "secretary",
    "assistant", "deputy", "undersecretary", "under", "ambassador", "envoy", "senator", "sen", "rep",
    "representative", "congressman", "congresswoman", "governor", "gov", "mayor", "king", "queen", "prince",
    "princess", "emperor", "sheikh", "shaikh", "emir", "mullah", "maulana", "imam", "ayatollah", "pope", "cardinal",
    "bishop", "rev", "reverend", "father", "judge", "justice", "chief", "chairman", "chairwoman", "chair", "director",
    "spokesman", "spokeswoman", "spokesperson", "commander", "leader", "foreign", "defense", "defence", "interior",
    "finance", "federal", "state", "army", "staff", "joint", "chiefs", "of", "the", "national", "security",
    "adviser", "advisor", "human", "rights", "former", "late", "then", "acting", "current", "ex", "incumbent",
    "general-secretary", "secretary-general", "mp", "lawmaker", "official", "officials", "analyst", "ceo",
}  # fmt: skip
TITLE_CORE = {  # a title phrase must hold one of these to be a role and not just capitalized words
    "president", "minister", "pm", "premier", "chancellor", "secretary", "ambassador", "envoy", "senator",
    "governor", "mayor", "king", "queen", "prince", "emir", "chief", "chairman", "chairwoman", "director",
    "spokesman", "spokeswoman", "commander", "general", "gen", "leader", "adviser", "advisor", "judge", "justice",
    "ceo", "mullah", "ayatollah", "pope", "analyst",
}  # fmt: skip
HONORIFIC_ONLY = {"mr", "mrs", "ms", "dr", "prof", "sir", "dame", "gen", "general", "lt", "col", "maj", "capt",
                  "adm", "sgt", "brig", "rev", "sen", "rep", "gov", "mullah", "maulana", "sheikh", "imam"}  # fmt: skip
TIME_QUALIFIERS = {"former", "late", "then", "acting", "current", "ex", "incumbent", "outgoing", "new"}
ROLE_SYNONYMS = {
    "army chief": "chief of army staff", "coas": "chief of army staff", "pm": "prime minister",
    "premier": "prime minister", "army chief of staff": "chief of army staff",
}  # fmt: skip
POSSESSIVE = re.compile(r"\s*['’]s?$")
WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿĀ-žḀ-ỿ][\w'’.-]*")


def without_possessive(text: str) -> str:
    return POSSESSIVE.sub("", text.strip())


def name_tokens(text: str) -> list[str]:
    """Lowercase name tokens with leading titles and honorifics removed ("Gen. Mark Milley" → mark, milley)."""
    tokens = [t.strip(".").lower() for t in WORD.findall(without_possessive(text))]
    while len(tokens) > 1 and (tokens[0] in EXTRA_TITLE_WORDS or is_misspelled_title(tokens[0])):
        tokens = tokens[1:]
    return [t for t in tokens if t]


def is_misspelled_title(token: str) -> bool:
    """ "Minsiter", "Presdient": a typo of a title word is still a title."""
    return len(token) >= 6 and any(close(token, t) for t in TITLE_CORE if len(t) >= 6)


def role_of(words: list[str]) -> str | None:
    """The role a title phrase names ("Pakistan's former Prime Minister" → "prime minister"), if any."""
    kept = [w.lower().strip(".") for w in words]
    kept = [w for w in kept if w not in TIME_QUALIFIERS and w not in HONORIFIC_ONLY - TITLE_CORE]
    while kept and kept[0] not in EXTRA_TITLE_WORDS:
        kept = kept[1:]  # "US Defense Secretary" → "defense secretary": the country is not the role
    while kept and kept[0] in {"of", "the"}:
        kept = kept[1:]
    if not kept or not any(w in TITLE_CORE for w in kept):
        return None
    role = " ".join(kept)
    return ROLE_SYNONYMS.get(role, role)


def close(a: str, b: str) -> bool:
    """Edit distance at most one (with transpositions), for typos such as "Iman" for "Imran"."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1 or min(len(a), len(b)) < 4:
        return False
    if len(a) == len(b):
        diffs = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diffs) == 1:
            return True
        return (
            len(diffs) == 2 and diffs[1] == diffs[0] + 1 and a[diffs[0]] == b[diffs[1]] and a[diffs[1]] == b[diffs[0]]
        )
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def initials(name: str) -> str:
    """ "Pakistan Tehreek-e-Insaf" → "PTI": capitals of the words, hyphenated parts included."""
    parts = re.split(r"[\s-]+", name)
    letters = [p[0] for p in parts if p and p[0].isupper()]
    return "".join(letters)
