"""The CLI subcommands that need more than a few lines."""
