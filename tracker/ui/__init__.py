"""The Textual app. Imported lazily so the command line starts without loading Textual."""
