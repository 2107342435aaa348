"""The campaigns (the kill matrix; later the nightly) in typed code: they run the engines
with --json and read their JSON, never their console text."""
