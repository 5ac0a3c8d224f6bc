"""Printable documents of a case: the plan (draft or issued) and the decision letters, rendered to
tagged PDF with WeasyPrint and stored on the child's record as people.Document rows.

render.py turns print HTML into PDF with no network access; letters.py builds each document's content
(plain data, the family's rights and the statutory dates); services.py renders, stores and audits.
"""
