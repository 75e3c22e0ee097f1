/* pd-format.h — numbers, money and dates as the window shows them
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* "12,345": digits grouped in threes with commas, as NHS finance reports write them. */
char *pd_format_count           (gint64      value);

/* "£1,234,567.89" from integer pence; "−£5.00" for a negative amount. */
char *pd_format_pence           (gint64      pence);

/* A sum that is usually whole (numerators, denominators): "1,234" or "1,234.57". */
char *pd_format_amount          (double      value);

/* "April 2007" from an ISO date ("2007-04-01"); NULL when @iso_date is not one. */
char *pd_format_month           (const char *iso_date);

/* "2007/08": the financial year (1 April to 31 March) an ISO date falls in; NULL when
 * @iso_date is not a date. */
char *pd_format_financial_year  (const char *iso_date);

/* "23 Nov 2026, 18:30" in local time from an ISO 8601 time; the input itself when it
 * cannot be parsed, so lineage is never hidden. */
char *pd_format_timestamp       (const char *iso8601);

/* The first 12 hex digits of a SHA-256 and an ellipsis: enough to tell files apart. */
char *pd_format_sha256_short    (const char *sha256);

/* "CQUIN schemes" for the kind "cquin_schemes"; a list "organisations,spend" becomes
 * "Organisations, Spend". Unknown kinds are shown as they are stored. */
char *pd_format_kinds           (const char *kinds);

G_END_DECLS
