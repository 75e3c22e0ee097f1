/* pd-parse.h — the values found in NHS exports: money, numbers, dates, years, periods
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* All parsers take UTF-8 text, ignore white space around it, and on failure set a
 * PD_IMPORT_ERROR_INVALID error whose message is only the reason, quoting the value:
 * "“1.234,56” is ambiguous: use 1234.56". The caller adds file, row and column.
 * docs/data-formats.md ("Value formats") lists every accepted form. */

/* NULL when @text is a value; otherwise the reason it holds none: "empty", "suppressed (*)",
 * "suppressed (-)", "not available (..)", "not available (:)", "suppressed (x)",
 * "confidential [c]", "not available [x]", "not applicable [z]". Static strings. */
const char *pd_parse_suppression     (const char  *text);

/* Money in pence: "£1,234.56", "1234.5", "(1,234)", "-£5", "£-5". */
gboolean    pd_parse_money_pence     (const char  *text,
                                      gint64      *out_pence,
                                      GError     **error);

/* A finite decimal: "1,234.5", "-3", "1.5E-3", "12.5%" (12.5: the sign is allowed, the
 * value is not divided by 100). */
gboolean    pd_parse_number          (const char  *text,
                                      double      *out,
                                      GError     **error);

/* A whole number: "1,234", "-3", "12.0" (zeros after the point only). */
gboolean    pd_parse_integer         (const char  *text,
                                      gint64      *out,
                                      GError     **error);

typedef enum
{
  PD_DATE_ORDER_DMY,  /* nn/nn/yyyy is day/month/year (the UK) */
  PD_DATE_ORDER_MDY,  /* nn/nn/yyyy is month/day/year (the US), only when asked */
} PdDateOrder;

/* A calendar date: ISO "2009-04-01" (a time after it is ignored), "01/04/2009",
 * "1 Apr 2009", "01-Apr-09", "20090401", Excel 1900-system serials "39904". @out is set
 * with g_date_set_dmy and is valid on success. */
gboolean    pd_parse_date            (const char  *text,
                                      PdDateOrder  order,
                                      GDate       *out,
                                      GError     **error);

/* A financial year (1 April to 31 March) as its starting calendar year: "2009/10",
 * "2009-10", "200910", "2009/2010", "FY2009/10", "09/10" → 2009. */
gboolean    pd_parse_financial_year  (const char  *text,
                                      int         *out_start_year,
                                      GError     **error);

/* A financial quarter 1..4 (Q1 is April to June): "Q1", "q1", "1", "Quarter 1". */
gboolean    pd_parse_quarter         (const char  *text,
                                      int         *out_quarter,
                                      GError     **error);

/* A month within the financial year starting in April of @financial_year, as a calendar
 * year and month (1..12): "Apr", "April", "4", "04" (calendar month numbers), "M01",
 * "Month 1" (financial months: M01 is April), "2009-04", "04/2009", "Apr-09", "Apr 2009"
 * (these must lie in that financial year). */
gboolean    pd_parse_month           (const char  *text,
                                      int          financial_year,
                                      int         *out_year,
                                      int         *out_month,
                                      GError     **error);

typedef enum
{
  PD_PERIOD_MONTH,
  PD_PERIOD_QUARTER,
  PD_PERIOD_YEAR,
} PdPeriodKind;

typedef struct
{
  PdPeriodKind kind;
  int          year;   /* calendar year and month of the period's first day: */
  int          month;  /* "2009/10 Q4" is year 2010, month 1 */
} PdPeriod;

/* A monthly, quarterly or financial-year period: "2009-04", "2009-04-01", "Apr 2009",
 * "April 2009", "Apr-09", "04/2009", "2009/10 M01"; "2009/10 Q1", "2009-10 Q1",
 * "Q1 2009/10"; "2009/10", "2009/2010", "FY2009/10". "2009-10" is ISO October 2009, not
 * the financial year. */
gboolean    pd_parse_period          (const char  *text,
                                      PdPeriod    *out,
                                      GError     **error);

/* The canonical text of @period: "2009-04", "2009/10 Q1", "2009/10". */
char       *pd_period_to_string      (const PdPeriod *period);

/* The first day of @period. */
void        pd_period_get_start_date (const PdPeriod *period,
                                      GDate          *out);

/* A header cell in the form used to match canonical headers and aliases: trimmed,
 * lower case, without spaces, dashes, underscores, dots or a stray BOM: "Org Code" →
 * "orgcode", "contract_value" → "contractvalue". */
char       *pd_header_normalise      (const char  *text);

G_END_DECLS
