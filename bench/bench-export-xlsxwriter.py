#!/usr/bin/python3
# bench-export-xlsxwriter.py — bench-export's data sheet written with XlsxWriter
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The same cells, formats, table, page setup, footer, print area, repeated rows and frozen
# panes as write_rows() in bench-export.c writes through app/export/pd-export-workbook.c,
# so the two times compare like for like. Prints "xlsxwriter WALL CPU BYTES" (best of N).
#
# Usage: bench-export-xlsxwriter.py [--runs N] [--rows ROWS] [--keep DIR]

import argparse
import datetime
import os
import sys
import tempfile
import time

import xlsxwriter

MONTHS, PROVIDERS, INDICATORS = 60, 200, 500
HEADERS = ["Month", "Provider", "Indicator", "Value", "Spend", "Share"]


def add_format(book, num_format=None, bold=False, size=0):
    fmt = book.add_format()
    if num_format is not None:
        fmt.set_num_format(num_format)
    if bold:
        fmt.set_bold()
    if size > 0:
        fmt.set_font_size(size)
    fmt.set_align("top")
    return fmt


def write_rows(path, rows):
    book = xlsxwriter.Workbook(path, {"constant_memory": False,
                                      "tmpdir": os.path.dirname(path)})
    # The workbook layer makes every shared format, used or not; so does this.
    title = add_format(book, bold=True, size=16)
    subtitle = add_format(book, size=11)
    subtitle.set_italic()
    add_format(book, bold=True, size=13)              # heading
    header = add_format(book, bold=True)
    header.set_text_wrap()
    add_format(book, bold=True)                       # label
    text = add_format(book)
    text.set_text_wrap()
    pounds = add_format(book, "£#,##0;[Red]-£#,##0")
    add_format(book, "£#,##0.00;[Red]-£#,##0.00")     # pounds_exact
    percent = add_format(book, "0.0%")
    number = add_format(book, "#,##0.00")
    add_format(book, "#,##0")                         # integer
    month = add_format(book, "mmm yyyy")
    add_format(book, "yyyy-mm-dd hh:mm")              # timestamp
    link = add_format(book)
    link.set_underline(1)
    link.set_font_color("blue")

    sheet = book.add_worksheet("Data")
    sheet.set_paper(9)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.set_margins(0.5, 0.5, 0.6, 0.7)
    sheet.set_footer("&L&A&COFFICIAL&RPage &P of &N")

    sheet.write_string(0, 0, "Data", title)
    sheet.write_string(1, 0, "bench-export: generated rows", subtitle)
    sheet.set_row(0, 22)
    header_row = 4
    for c, name in enumerate(HEADERS):
        sheet.write_string(header_row, c, name, header)
    months = [datetime.date(2007 + (m + 3) // 12, (m + 3) % 12 + 1, 1) for m in range(MONTHS)]
    for i in range(rows):
        r = header_row + 1 + i
        sheet.write_datetime(r, 0, months[i % MONTHS], month)
        sheet.write_string(r, 1, "RX%03d" % (i % PROVIDERS))
        sheet.write_string(r, 2, "Indicator %d" % ((i // MONTHS) % INDICATORS))
        sheet.write_number(r, 3, ((i * 7919) % 10007) / 100.0, number)
        sheet.write_number(r, 4, (((i * 104729) % 100000000) - 20000000) / 100.0, pounds)
        sheet.write_number(r, 5, (i % 1000) / 1000.0, percent)
    last = header_row + rows
    sheet.add_table(header_row, 0, last, len(HEADERS) - 1, {
        "name": "Data",
        "style": "Table Style Light 9",
        "columns": [{"header": h, "header_format": header} for h in HEADERS],
    })
    sheet.repeat_rows(0, 2)
    sheet.print_area(0, 0, last, len(HEADERS) - 1)
    sheet.freeze_panes(header_row + 1, 0)
    book.close()


def main():
    parser = argparse.ArgumentParser(description="bench-export's data sheet through XlsxWriter")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rows", type=int, default=100000)
    parser.add_argument("--keep", metavar="DIR")
    args = parser.parse_args()
    if args.runs < 1 or not 1 <= args.rows <= 1000000:
        parser.error("--runs must be positive, --rows from 1 to 1000000")

    folder = args.keep or tempfile.mkdtemp(prefix="bench-export-py-")
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, "rows-xlsxwriter.xlsx")
    best_wall = best_cpu = float("inf")
    for _ in range(args.runs):
        w0, c0 = time.perf_counter(), time.process_time()
        write_rows(path, args.rows)
        best_wall = min(best_wall, time.perf_counter() - w0)
        best_cpu = min(best_cpu, time.process_time() - c0)
    print("xlsxwriter %.4f %.4f %d" % (best_wall, best_cpu, os.path.getsize(path)))
    if not args.keep:
        os.unlink(path)
        os.rmdir(folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
