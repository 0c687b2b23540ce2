"""The furniture model: train/furniture.py writes model.json and metadata.json here."""
