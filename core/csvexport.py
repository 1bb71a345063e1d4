"""Every CSV file the platform writes goes through these writers (open data and staff exports).

Spreadsheet programs run a cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or a
carriage return before one) as a formula: a contribution titled ``=HYPERLINK("https://evil…")``
would become a live link, or worse, in the spreadsheet of whoever opens the file ("CSV
injection"). Following OWASP, such a cell gets a single quote in front, which spreadsheets show as
text and do not run. Every cell is treated so, numbers too (``-3`` becomes ``'-3``): the writers
cannot know which text a person typed.
"""

import csv

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class Writer:
    """``csv.writer`` whose cells are made safe for spreadsheets."""

    def __init__(self, file, **kwargs):
        self._writer = csv.writer(file, **kwargs)

    def writerow(self, row):
        return self._writer.writerow([safe_cell(value) for value in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def writer(file, **kwargs) -> Writer:
    return Writer(file, **kwargs)


class DictWriter(csv.DictWriter):
    """``csv.DictWriter`` whose cells are made safe for spreadsheets (the header row too)."""

    def writerow(self, rowdict):
        return super().writerow({key: safe_cell(value) for key, value in rowdict.items()})

    def writerows(self, rowdicts):
        for rowdict in rowdicts:
            self.writerow(rowdict)
