"""Operations of the Rasa process: training only when inputs changed, per-run channel/endpoint files."""
