"""The synthetic demo authority: believable children, staff and case histories, made up from a seed.

`manage.py seed_demo` is the way in. The package is plain Python (not a Django app) cut into steps:

    proportions.py  the published figures the population follows (data/proportions.json, derived from
                    DfE's statistics by scripts/derive_demo_proportions.py)
    sampling.py     seeded weighted choices
    reference.py    localities and establishments as plain values; which school suits which age
    names.py        names, addresses, postcodes, languages (Faker's en_GB data, sampled with our seed)
    people.py       children and their contacts
    histories.py    each request's dated steps, from receipt to wherever it stands on `as_of`
    population.py   every child, with the scenarios every demo must contain
    allocations.py  who holds each case, sized so that one or two officers are over the threshold
    staff.py        localities, establishments, teams and users (made through Django's user manager)
    writer.py       replays the steps into exactly the rows the services write, in bulk
    seed.py         puts it together, in one transaction

Nothing here reads ../shared at run time and nothing is random without the seed: the same seed and
`as_of` give the same authority.
"""
