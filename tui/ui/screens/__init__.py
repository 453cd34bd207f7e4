"""podtui's screens: the main screen, the queue and downloads views, dialogs, notes, help."""
