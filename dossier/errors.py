"""The error tree: every error names the input and the reason, in one line."""

from __future__ import annotations

from dossier.safetext import readable_name


class DossierError(Exception):
    """Base of every error Dossier raises on purpose."""

    code = "DOSSIER"

    def __init__(self, source: str, reason: str) -> None:
        self.source = readable_name(source)  # a file name that is not UTF-8 is still named, as \xNN escapes
        self.reason = reason
        super().__init__(f"{self.source}: {reason}")

    def line(self) -> str:
        """One line for the batch summary."""
        return f"[{self.code}] {self.source}: {self.reason}"


class UnreadableInput(DossierError):
    """The path does not exist, is not readable, or the glob matched nothing."""

    code = "E_UNREADABLE"


class UnsupportedInput(DossierError):
    """The bytes are binary, empty, too large, or of a format we do not ingest."""

    code = "E_UNSUPPORTED"


class DecodeFailed(DossierError):
    """The bytes could not be decoded to text in any encoding."""

    code = "E_DECODE"


class NoArticleText(DossierError):
    """Extraction ran but found no article body worth storing."""

    code = "E_NO_TEXT"


class FetchFailed(DossierError):
    """A URL the user named could not be fetched (offline, timeout, HTTP error, too large)."""

    code = "E_FETCH"


class StoreError(DossierError):
    """The database could not be opened or written."""

    code = "E_STORE"
