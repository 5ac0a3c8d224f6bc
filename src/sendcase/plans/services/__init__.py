"""Writes to plans, one module per part of the lifecycle (versions, reviews, placements, ...).

Import the module you need, e.g. `from sendcase.plans.services import versions`, so modules owned by
different parts of the lifecycle do not all load each other.
"""
