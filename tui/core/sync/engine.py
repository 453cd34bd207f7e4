"""One sync: local changes up, remote changes down, applied here in one transaction.

The order keeps every promise: subscription changes and episode actions made here are
sent first (each batch leaves the outbox once the server took it, so none is lost and
none sent twice); then the server's changes since the last sync are read, and only
when everything was read are they applied, in one transaction (a failure on the way
changes nothing here). Per episode the newest action wins, by its timestamp, so an older
action never moves a newer place back.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import asdict, dataclass

from tui.core.library import Library
from tui.core.library.sync import EpisodeUpdate, SyncPlan
from tui.core.models import ActionKind, EpisodeAction
from tui.core.subscriptions import Subscriptions
from tui.core.sync.account import Account
from tui.core.sync.client import Flavour, GpodderClient
from tui.core.sync.match import EpisodeMatcher, feed_key, url_key
from tui.core.sync.wire import SyncError

# Actions per upload request.
BATCH = 1000
# Episode actions are asked for from this long before the last sync's timestamp: some
# servers compare ``since`` with the actions' own times (not when they were uploaded),
# so a phone uploading a little later what it did before the last sync would be missed.
# What comes again changes nothing: it is not newer than what is here.
ACTIONS_OVERLAP = 24 * 3600


@dataclass(slots=True)
class SyncSummary:
    """What one sync changed, here and there."""

    new_subscriptions: int = 0
    removed_subscriptions: int = 0
    positions: int = 0  # places moved here
    played: int = 0  # marked played here
    unplayed: int = 0  # marked unplayed here
    sent_subscriptions: int = 0
    sent_actions: int = 0
    waiting: int = 0  # remote actions for episodes not (yet) in the library
    requests: int = 0

    @property
    def received(self) -> bool:
        """Whether anything changed here."""
        return bool(
            self.new_subscriptions
            or self.removed_subscriptions
            or self.positions
            or self.played
            or self.unplayed
        )

    def line(self) -> str:
        """``2 new subscriptions, 14 positions updated`` (or ``nothing new``)."""
        parts = []
        for count, one, many in (
            (self.new_subscriptions, "new subscription", "new subscriptions"),
            (self.removed_subscriptions, "subscription removed", "subscriptions removed"),
            (self.positions, "position updated", "positions updated"),
            (self.played, "episode marked played", "episodes marked played"),
            (self.unplayed, "episode marked unplayed", "episodes marked unplayed"),
        ):
            if count:
                parts.append(f"{count} {one if count == 1 else many}")
        sent = self.sent_actions + self.sent_subscriptions
        if sent:
            parts.append(f"{sent} change{'s' if sent != 1 else ''} sent")
        return ", ".join(parts) if parts else "nothing new"

    def to_json(self) -> str:
        return json.dumps(asdict(self))


FetchNew = Callable[[list[int]], Awaitable[object]]
FeedFailed = Callable[[str, str], object]


async def sync_and_fetch(
    library: Library, account: Account, *, on_feed_error: FeedFailed | None = None
) -> SyncSummary:
    """One sync, fetching the feeds the server added in the same run (through a fetcher
    of its own, on the running event loop); ``on_feed_error(source, error)`` hears of
    each feed that could not be fetched."""
    async with Subscriptions(library) as subscriptions:

        async def fetch_new(podcast_ids: list[int]) -> None:
            summary = await subscriptions.refresh(podcast_ids)
            for result in summary.failed:
                if on_feed_error is not None:
                    on_feed_error(result.source, result.error or "failed")

        return await sync(library, account, fetch_new=fetch_new)


async def sync(
    library: Library,
    account: Account,
    *,
    fetch_new: FetchNew | None = None,
    client: GpodderClient | None = None,
) -> SyncSummary:
    """Run one sync. ``fetch_new`` fetches the feeds of podcasts the server added (their
    ids), so that the actions about their episodes apply in the same sync."""
    if not set_up_for(library, account):
        raise SyncError(
            "this library is not set up for syncing: run 'podtui sync login' with its data dir"
        )
    own = client is None
    if client is None:
        client = GpodderClient(
            account.server, account.username, account.password, flavour=flavour(account)
        )
    try:
        token = uuid.uuid4().hex
        if not library.sync_claim(token):
            raise SyncError("another sync of this library is running")
        try:
            summary = await _sync(library, account, client, fetch_new)
        finally:
            library.sync_release(token)
    finally:
        if own:
            await client.aclose()
    return summary


def flavour(account: Account) -> Flavour:
    try:
        return Flavour(account.flavour)
    except ValueError:
        raise SyncError(
            f"unknown sync server kind {account.flavour!r}: run 'podtui sync login' again"
        ) from None


def set_up_for(library: Library, account: Account) -> bool:
    """Whether the library records its changes for this account (it was logged in)."""
    meta = library.sync_meta()
    return meta.get("device") == account.device and meta.get("server") == account.server


async def _sync(
    library: Library, account: Account, client: GpodderClient, fetch_new: FetchNew | None
) -> SyncSummary:
    summary = SyncSummary()
    meta = library.sync_meta()
    device = account.device
    await client.login()
    if await client.join_devices(device):
        meta["subscriptions_since"] = "0"  # what the newly joined devices have
    # Up: subscription changes, then the outbox in batches.
    added, removed = library.sync_feed_changes()
    if added or removed:
        removed = [url for url in removed if url not in set(added)]
        await client.upload_subscriptions(device, added, removed)
        changes = {url: "add" for url in added} | {url: "remove" for url in removed}
        library.sync_feeds_sent(changes, {})
        summary.sent_subscriptions = len(added) + len(removed)
    while True:
        batch = library.sync_outbox(limit=BATCH)
        if not batch:
            break
        await client.upload_actions([action for _, action in batch], device)
        library.sync_sent(outbox_id for outbox_id, _ in batch)
        summary.sent_actions += len(batch)
    # Down: everything is read before anything is applied.
    add, remove, subs_since = await client.subscription_changes(
        device, int(meta.get("subscriptions_since", "0"))
    )
    since = int(meta.get("actions_since", "0"))
    actions, actions_since = await client.episode_actions(
        max(0, since - ACTIONS_OVERLAP) if since else 0
    )
    plan = _plan(library, add, remove, actions, summary)
    plan.meta = {
        "subscriptions_since": str(subs_since),
        "actions_since": str(actions_since),
        "last_sync": str(int(time.time())),
    }
    new_ids = library.sync_apply(plan)
    summary.new_subscriptions = len(new_ids)
    if new_ids and fetch_new is not None:
        await fetch_new(new_ids)
        apply_waiting(library, summary)
    summary.requests = client.requests
    library.sync_set_meta({"last_summary": summary.to_json()})
    return summary


def apply_waiting(library: Library, summary: SyncSummary | None = None) -> SyncSummary:
    """Apply the kept remote actions whose episodes have come in since (after a refresh)."""
    summary = summary or SyncSummary()
    if library.sync_inbox():
        plan = _plan(library, [], [], [], summary)
        library.sync_apply(plan)
    return summary


def _plan(
    library: Library,
    add: Iterable[str],
    remove: Iterable[str],
    actions: list[EpisodeAction],
    summary: SyncSummary,
) -> SyncPlan:
    plan = SyncPlan()
    podcasts = {feed_key(p.url): p for p in library.podcasts()}
    add_keys = {feed_key(url): url for url in add}
    remove_keys = {feed_key(url) for url in remove}
    for key, url in add_keys.items():
        if key not in podcasts and key not in remove_keys:
            plan.subscribe.append(url)
    for key in remove_keys:
        if key in podcasts and key not in add_keys:
            plan.unsubscribe.append(podcasts[key].id)
    summary.removed_subscriptions = len(plan.unsubscribe)
    kept = set(podcasts) - remove_keys | {feed_key(url) for url in plan.subscribe}
    everything = library.sync_inbox() + actions
    if not everything:
        return plan
    rows = library.sync_episode_keys()
    matcher = EpisodeMatcher(row[:4] for row in rows)
    local = {row[0]: row for row in rows}
    newest: dict[int, EpisodeAction] = {}
    for action in everything:
        if action.action not in (ActionKind.PLAY, ActionKind.NEW):
            continue  # downloads and deletions on another device change nothing here
        episode_id = matcher.match(action)
        if episode_id is None:
            if feed_key(action.podcast) in kept:
                key = url_key(action.episode)
                earlier = plan.waiting.get(key)
                if earlier is None or action.timestamp >= earlier.timestamp:
                    plan.waiting[key] = action
            continue
        earlier = newest.get(episode_id)
        if earlier is None or action.timestamp >= earlier.timestamp:
            newest[episode_id] = action
    for episode_id, action in newest.items():
        _, _, _, _, updated, played, position = local[episode_id]
        if updated is not None and action.timestamp <= updated:
            continue  # what is here is as new or newer
        if action.action == ActionKind.NEW:
            now_played, now_position = False, 0.0
        else:
            place = max(0, action.position or 0)
            total = action.total or 0
            now_played = total > 0 and place >= total
            now_position = 0.0 if now_played else float(place)
        plan.updates.append(EpisodeUpdate(episode_id, action.timestamp, now_played, now_position))
        if now_played and not played:
            summary.played += 1
        elif not now_played and played:
            summary.unplayed += 1
        elif not now_played and abs(now_position - position) >= 1:
            summary.positions += 1
    summary.waiting = len(plan.waiting)
    return plan
