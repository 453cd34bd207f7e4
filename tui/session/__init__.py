"""The listening session: what is playing, where it is and when it is over (no Textual)."""
