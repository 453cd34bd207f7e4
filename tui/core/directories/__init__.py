"""Podcast directories: finding a podcast by name, and the feed behind a web page.

``models`` (a directory, its settings, what it found), ``answers`` (asking one directory
for JSON through the shared HTTP client, cleaning what it says), one module per
directory (``itunes``, ``gpodder``, ``podcastindex``), ``search`` (every directory at
once, one merged list, one line per directory that failed), ``apple`` (an Apple Podcasts
URL's id, read without fetching) and ``pages`` (the feeds a web page links to).
"""
