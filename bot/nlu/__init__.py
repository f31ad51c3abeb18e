"""Rasa-side natural-language understanding: custom components, spaCy pipeline builder, NLU gate."""
