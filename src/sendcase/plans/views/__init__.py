"""Pages for plans, one module per part of the lifecycle (versions, reviews, placements, ...)."""
