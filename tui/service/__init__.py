"""The player service: one background process per data dir that owns libVLC and the
listening session, so listening outlives the terminal.

Clients (the command line's remote commands, the app, MPRIS through D-Bus) reach it over a
Unix socket with a small line-delimited JSON protocol (:mod:`tui.service.protocol`). This
package imports no Textual. Importing it loads nothing heavy: the client path
(:mod:`tui.service.client`) needs only the standard library, so a remote command is quick.
"""
