"""The name the service takes on the D-Bus session bus (without importing dbus-fast)."""

BUS_NAME = "org.mpris.MediaPlayer2.podtui"
