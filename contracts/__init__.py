"""Wire shapes and shared tables of the assistant (standard library only, both environments)."""
