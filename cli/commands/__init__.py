"""One module per `collab` command, each with `main(args) -> exit code`."""
