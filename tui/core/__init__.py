"""The library core: models, feeds, storage, queue, search. Never imports Textual."""
