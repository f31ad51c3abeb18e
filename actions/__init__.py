"""Custom actions of the cluster support assistant, served by rasa-sdk (one module per family).

Actions are thin: they read the tracker, call the knowledge layer and format replies with
:mod:`actions.partners.replies`. The knowledge services are loaded once, at action-server start, by
:mod:`actions.server`; nothing is loaded when this package is imported.
"""
