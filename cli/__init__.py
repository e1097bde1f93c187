"""The `grants` command line for operators and scripts."""
