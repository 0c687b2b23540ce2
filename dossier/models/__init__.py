"""Trained artefacts shipped with Dossier, each with a metadata.json recording how it was trained."""
