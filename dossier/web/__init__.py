"""The web app and REST API over the store (`dossier serve`); see app.py."""
