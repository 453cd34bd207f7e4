"""Several podtui processes on one library: real processes, a real SQLite file."""

from __future__ import annotations

from tests.crowd import crowd_round, mixed_commands, small_feed

ROUNDS = 20


def test_concurrent_first_opens_lose_nothing(http_server, tmp_path):
    urls = []
    for n in range(4):
        http_server.route(f"/f{n}.xml", small_feed(f"Feed {n}"))
        urls.append(http_server.url(f"/f{n}.xml"))
    failures = []
    for round_number in range(ROUNDS):
        result = crowd_round(tmp_path / f"data{round_number}", mixed_commands(urls))
        failures += result.failures
        if not result.failures:
            assert (result.podcasts, result.episodes) == (4, 12)
    assert failures == []
