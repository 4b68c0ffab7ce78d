"""Reading plan specs and variables into one validated, immutable model."""
