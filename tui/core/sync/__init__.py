"""Syncing subscriptions and play positions with a gpodder API server (gpodder.net, mygpo,
opodsync and other self-hosted servers), the way phone apps such as AntennaPod do.

:mod:`~tui.core.sync.client` talks to the server, :mod:`~tui.core.sync.match` tells which
library episode a remote action is about, :mod:`~tui.core.sync.account` keeps the login,
and :mod:`~tui.core.sync.engine` runs one sync.
"""
