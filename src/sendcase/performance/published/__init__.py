"""Published statistics: DfE's "Education, health and care plans" release, read for comparators.

`release` reads a release directory laid out as DfE publishes it (`data/*.csv`,
`supporting-files/statistical_neighbours_*.csv`); `measures` says which published column each measure
is; `extract` rebuilds the small packaged copy in `data/` from a full release.
"""
