from tui.launch import run

run()
