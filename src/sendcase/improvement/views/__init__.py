"""Pages of the improvement plan, one module per register. Every page needs a member of staff
(`can_read_performance`); every change needs `can_edit_improvement_plan`."""
