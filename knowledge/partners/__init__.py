"""Partner search: a FAISS index over cluster profiles and a filtered, explained searcher."""
