#!/usr/bin/python3
# check-pack-openpyxl.py — reads a board pack with Debian's python3-openpyxl
# Copyright 2026 The pctdash authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# A second, independent reader of the pack: test-board-pack runs it with /usr/bin/python3
# on the pack it wrote and a file of the cell values the workspace says the pack must hold.
#
#   check-pack-openpyxl.py PACK.xlsx EXPECTED.tsv FOOTER
#
# EXPECTED.tsv: one cell a line, "sheet<TAB>cell<TAB>kind<TAB>value", kind one of text,
# number, date (ISO), format (the cell's number format) or link (a hyperlink's location).
# Prints "checked N" and exits 0 when every check holds; prints the failures and exits 1.

import datetime
import math
import sys

import openpyxl


def main():
    path, expected_path, footer = sys.argv[1], sys.argv[2], sys.argv[3]
    workbook = openpyxl.load_workbook(path)
    failures = []
    checked = 0

    def check(condition, message):
        nonlocal checked
        checked += 1
        if not condition:
            failures.append(message)

    names = workbook.sheetnames
    check(names[:2] == ["Cover", "Contents"], "first sheets: %r" % names[:2])
    for sheet in workbook.worksheets:
        title = sheet.title
        setup = sheet.page_setup
        check(str(setup.paperSize) == "9", "%s: paper %r" % (title, setup.paperSize))
        check(setup.orientation == "landscape", "%s: orientation %r" % (title, setup.orientation))
        check(sheet.sheet_properties.pageSetUpPr.fitToPage, "%s: not fit to page" % title)
        check(setup.fitToWidth in (None, 1), "%s: fitToWidth %r" % (title, setup.fitToWidth))
        check(setup.fitToHeight == 0, "%s: fitToHeight %r" % (title, setup.fitToHeight))
        check(sheet.print_title_rows == "$1:$3",
              "%s: print titles %r" % (title, sheet.print_title_rows))
        check(sheet.print_area is not None, "%s: no print area" % title)
        check(sheet.freeze_panes in ("A4", "A6", "A8"),
              "%s: freeze panes %r" % (title, sheet.freeze_panes))
        found_footer = (sheet.oddFooter.left.text or "", sheet.oddFooter.center.text or "",
                        sheet.oddFooter.right.text or "")
        check("&L%s&C%s&R%s" % found_footer == footer, "%s: footer %r" % (title, found_footer))
        if title != "Contents":
            link = sheet["A3"].hyperlink
            check(link is not None and link.location == "'Contents'!A1",
                  "%s: back link %r" % (title, link and link.location))
        if title in ("Safety", "Effectiveness", "Experience"):
            check(len(sheet._charts) > 0, "%s: no native charts" % title)
            check(len(sheet._images) == len(sheet._charts),
                  "%s: %d images for %d charts" % (title, len(sheet._images), len(sheet._charts)))
            for table in sheet.tables.values():
                check(table.name.startswith(title + "_"), "%s: table %s" % (title, table.name))
        for merged in sheet.merged_cells.ranges:
            check(False, "%s: merged cells %s" % (title, merged))

    defined = set(workbook.defined_names.definedName and
                  [d.name for d in workbook.defined_names.definedName])
    for name in ("Pack_Organisation", "Pack_Period", "Pack_Generated", "Pack_Marking",
                 "Spend_Total", "Outlook_Underspend", "CQUIN_Value", "CQUIN_Earned",
                 "CQUIN_Withheld", "CQUIN_Pending"):
        check(name in defined, "defined name %s missing" % name)

    with open(expected_path, encoding="utf-8") as expected:
        for line in expected:
            sheet_name, ref, kind, value = line.rstrip("\n").split("\t", 3)
            cell = workbook[sheet_name][ref]
            where = "%s!%s" % (sheet_name, ref)
            if kind == "text":
                check(cell.data_type == "s" and cell.value == value,
                      "%s: %r (%s), expected text %r" % (where, cell.value, cell.data_type, value))
            elif kind == "number":
                check(isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool)
                      and math.isclose(cell.value, float(value), rel_tol=1e-15, abs_tol=1e-300),
                      "%s: %r, expected %s" % (where, cell.value, value))
            elif kind == "date":
                check(isinstance(cell.value, datetime.datetime) and
                      cell.value.isoformat().startswith(value),
                      "%s: %r, expected date %s" % (where, cell.value, value))
            elif kind == "format":
                check(cell.number_format == value,
                      "%s: format %r, expected %r" % (where, cell.number_format, value))
            elif kind == "link":
                check(cell.hyperlink is not None and cell.hyperlink.location == value,
                      "%s: link %r, expected %r"
                      % (where, cell.hyperlink and cell.hyperlink.location, value))
            else:
                check(False, "%s: unknown kind %s" % (where, kind))

    for failure in failures:
        print(failure)
    print("checked %d" % checked)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
