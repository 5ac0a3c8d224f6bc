"""The KPI framework: indicator definitions (registry), the rows each counts, and the case record as at
a date (context)."""
