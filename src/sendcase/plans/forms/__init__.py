"""Forms for the plan pages, one module per part of the lifecycle."""
