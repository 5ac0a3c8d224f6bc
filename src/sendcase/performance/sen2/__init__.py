"""The SEN2 statutory return: person-level XML for a January census, its validation and its counts.

census.py     the census date and the calendar year the return covers
records.py    the return's modules as plain dataclasses (what the XML holds, and where it came from)
collect.py    builds the records from the case record in a fixed number of queries
xml.py        writes the records as SEN2 XML
rules.csv     the validation rules, as data; validation.py holds one check per rule
counts.py     sen2_counts(): the headline figures, to reconcile with the dashboard
views.py      /performance/sen2/: choose a census date, see counts and problems, download the XML
"""
