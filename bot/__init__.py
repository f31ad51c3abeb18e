"""Rasa-side code of the cluster support assistant (runs in the Rasa server's environment)."""
