"""Custom Rasa NLU components of the cluster support assistant."""
