"""The words every language stage reads the same way: speech and belief verbs, speech nouns, pronouns.

One module, so "said" is a speech cue and "he" means one thing in quotes, claims and events alike.
"""

from __future__ import annotations

SPEECH_VERBS = frozenset({
    "say", "tell", "claim", "warn", "argue", "declare", "insist", "complain", "contend", "state", "add", "note",
    "stress", "explain", "announce", "confirm", "deny", "allege", "report", "reveal", "write", "acknowledge",
    "admit", "concede", "suggest", "predict", "promise", "vow", "recall", "reply", "respond", "ask", "caution",
    "assert", "reiterate", "quote", "confess", "contrast", "emphasize", "emphasise", "observe", "remark",
    "threaten", "accuse", "charge", "maintain", "question", "put", "tweet", "post", "testify", "describe",
    "conclude", "demand", "urge", "recount", "joke", "lament", "boast", "concur", "counter", "retort",
    "call", "dub", "brand", "label", "term", "speak", "mention", "insinuate", "proclaim", "exclaim",
    "disclose", "assure", "pledge", "blast", "slam", "quip", "muse", "shout", "yell", "whisper", "chant", "tout",
    "swear", "forecast", "advise", "hint", "imply", "recommend", "propose", "plead", "inform", "reassure",
    "remind", "cite", "preach", "dismiss", "refute", "rebut", "mock",
})  # fmt: skip
PHRASAL_SPEECH = frozenset({("point", "out"), ("speak", "out"), ("lash", "out")})  # "As Byler pointed out, “…”"
SPEECH_NOUNS = frozenset({
    "response", "statement", "words", "remark", "comment", "reply", "answer", "message", "warning", "claim",
    "slogan", "tweet", "speech", "retort", "pledge", "promise", "vow", "motto", "interview", "report",
    "announcement", "testimony", "letter", "post", "email", "op-ed", "memo", "remarks", "comments", "question",
})  # fmt: skip
BELIEF_VERBS = frozenset({
    "think", "believe", "feel", "hope", "fear", "expect", "know", "worry", "suspect", "doubt", "assume",
    "consider", "want", "wish", "imagine", "suppose", "realize", "realise", "understand", "see", "view",
    "regard", "trust", "guess", "reckon", "figure", "decide", "remember", "forget", "wonder", "perceive",
    "sense", "seem", "appear",
})  # fmt: skip
ACCORDING = ("according", "to")  # "according to X": the one prepositional speech cue

PRONOUN_GENDER = {  # personal pronouns with the gender they agree with ("plural" for they/them)
    "he": "male", "him": "male", "his": "male", "himself": "male",
    "she": "female", "her": "female", "hers": "female", "herself": "female",
    "they": "plural", "them": "plural", "their": "plural", "themselves": "plural",
}  # fmt: skip
HONORIFIC_GENDER = {"mr": "male", "mrs": "female", "ms": "female", "miss": "female", "sir": "male", "madam": "female"}
PERSONAL = frozenset({"he", "she", "him", "her"})  # a speaker pronoun that stands for one person
PERSONAL_POSSESSIVE = frozenset({"he", "him", "his", "she", "her", "hers", "himself", "herself"})
PLURAL = frozenset({"they", "them"})
AUTHOR_VOICE = frozenset({"i", "we", "us", "me", "one", "you"})  # outside quote marks: the author (or reader)


def is_speech_lemma(lemma: str, pos: str = "VERB") -> bool:
    """A speech verb, or a speech noun standing as the cue ("in a statement", "his remarks")."""
    if pos in ("VERB", "AUX"):
        return lemma in SPEECH_VERBS
    return lemma in SPEECH_NOUNS or lemma in SPEECH_VERBS
