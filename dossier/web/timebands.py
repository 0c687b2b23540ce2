"""The web app's name for the date bands of dossier.dateranges (one helper for the web app, the API and export)."""

from dossier.dateranges import Band, date_band

__all__ = ["Band", "date_band"]
