"""Personal data on the Rasa side: the tracker store that erases a conversation on request and
deletes conversations past their retention period (``tracker_store``), its endpoint
configuration (``endpoint``, standard library only) and the cron CLI (``python -m bot.privacy``)."""
