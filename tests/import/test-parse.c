/* test-parse.c — the value parsers: every accepted form and its value, every refusal
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "import/pd-parse.h"
#include "import/pd-table.h"

/* Checks that @error is an INVALID error whose message contains @needle. */
static void
assert_reason (const GError *error,
               const char   *text,
               const char   *needle)
{
  if (error == NULL)
    g_error ("“%s” was accepted; expected a refusal containing “%s”", text, needle);
  g_assert_error (error, PD_IMPORT_ERROR, PD_IMPORT_ERROR_INVALID);
  if (strstr (error->message, needle) == NULL)
    g_error ("“%s”: message “%s” does not contain “%s”", text, error->message, needle);
}

static void
test_suppression (void)
{
  static const struct { const char *text; const char *reason; } cases[] = {
    { "", "empty" },
    { "   ", "empty" },
    { "\t", "empty" },
    { "\xc2\xa0", "empty" },
    { "*", "suppressed (*)" },
    { " * ", "suppressed (*)" },
    { "-", "suppressed (-)" },
    { "–", "suppressed (-)" },
    { "—", "suppressed (-)" },
    { "..", "not available (..)" },
    { ":", "not available (:)" },
    { "x", "suppressed (x)" },
    { "X", "suppressed (x)" },
    { "[c]", "confidential [c]" },
    { "[C]", "confidential [c]" },
    { "[x]", "not available [x]" },
    { "[z]", "not applicable [z]" },
    { "0", NULL },
    { "12", NULL },
    { "-5", NULL },
    { "...", NULL },
    { "**", NULL },
    { "xx", NULL },
    { "[y]", NULL },
    { "n/a", NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpstr (pd_parse_suppression (cases[i].text), ==, cases[i].reason);
}

static void
test_money_accepted (void)
{
  static const struct { const char *text; gint64 pence; } cases[] = {
    { "£1,234.56", 123456 },
    { "1234.5", 123450 },
    { "1234", 123400 },
    { "0", 0 },
    { "0.01", 1 },
    { ".5", 50 },
    { "(1,234)", -123400 },
    { "(£1,234.56)", -123456 },
    { "( 12.30 )", -1230 },
    { "-£5", -500 },
    { "£-5", -500 },
    { "- £5", -500 },
    { "−5", -500 },
    { "+7.25", 725 },
    { " £ 12 ", 1200 },
    { "\xc2\xa0£12\xc2\xa0", 1200 },
    { "£1,234,567.89", 123456789 },
    { "999,999,999", 99999999900 },
    { "92233720368547758.07", G_MAXINT64 },
    { "-92233720368547758.07", -G_MAXINT64 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 pence = -1;

      g_test_message ("money: %s", cases[i].text);
      g_assert_true (pd_parse_money_pence (cases[i].text, &pence, &error));
      g_assert_no_error (error);
      g_assert_cmpint (pence, ==, cases[i].pence);
    }
}

static void
test_money_refused (void)
{
  static const struct { const char *text; const char *reason; } cases[] = {
    { "1.234,56", "“1.234,56” is ambiguous: use 1234.56" },
    { "1.234.567", "is ambiguous: use 1234567" },
    { "1,23", "has a comma that does not separate thousands: write decimals with a point (1.23)" },
    { "1,5", "(1.5)" },
    { "12,34,567", "misplaced thousands separators" },
    { "1234,567", "has a comma that does not separate thousands" },
    { "1.234", "more than two decimal places (if the point separates thousands, write 1234)" },
    { "1.2345", "has more than two decimal places" },
    { "92233720368547758.08", "is too large" },
    { "100000000000000000000", "is too large" },
    { "", "empty: an amount of money is needed" },
    { "abc", "“abc” is not an amount of money" },
    { "£", "is not an amount of money" },
    { "12£", "has the £ sign after the number: write £12" },
    { "$12", "is not an amount of money" },
    { "1e3", "is not an amount of money" },
    { "12 34", "is not an amount of money" },
    { "-(5)", "is not an amount of money" },
    { "(-5)", "both brackets and a minus sign" },
    { "5.", "ends with a decimal point" },
    { "--5", "is not an amount of money" },
    { "1,234.5.6", "is ambiguous" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 pence = 42;

      g_assert_false (pd_parse_money_pence (cases[i].text, &pence, &error));
      assert_reason (error, cases[i].text, cases[i].reason);
      g_assert_cmpint (pence, ==, 42);
    }
}

static void
test_number_accepted (void)
{
  static const struct { const char *text; double value; } cases[] = {
    { "1,234.5", 1234.5 },
    { "12.5%", 12.5 },
    { "12.5 %", 12.5 },
    { "-3", -3.0 },
    { "+3", 3.0 },
    { "0", 0.0 },
    { "0.000123", 0.000123 },
    { ".5", 0.5 },
    { "1e3", 1000.0 },
    { "1.2E-05", 1.2e-05 },
    { "-4.5e+2", -450.0 },
    { " 7 ", 7.0 },
    { "1,234,567", 1234567.0 },
    { "−2.5", -2.5 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      double value = NAN;

      g_test_message ("number: %s", cases[i].text);
      g_assert_true (pd_parse_number (cases[i].text, &value, &error));
      g_assert_no_error (error);
      g_assert_cmpfloat (value, ==, cases[i].value);
    }
}

static void
test_number_refused (void)
{
  static const struct { const char *text; const char *reason; } cases[] = {
    { "NaN", "“NaN” is not a number" },
    { "nan", "is not a number" },
    { "inf", "is not a number" },
    { "-Infinity", "is not a number" },
    { "0x1A", "is not a number" },
    { "1,5", "write decimals with a point (1.5)" },
    { "1.234,5", "is ambiguous: use 1234.5" },
    { "1e999", "is too large" },
    { "1e", "is not a number" },
    { "12%%", "is not a number" },
    { "£12", "is not a number" },
    { "12 apples", "is not a number" },
    { "", "empty: a number is needed" },
    { "1.", "ends with a decimal point" },
    { "--1", "is not a number" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      double value = 42.0;

      g_assert_false (pd_parse_number (cases[i].text, &value, &error));
      assert_reason (error, cases[i].text, cases[i].reason);
      g_assert_cmpfloat (value, ==, 42.0);
    }
}

static void
test_integer (void)
{
  static const struct { const char *text; gint64 value; } good[] = {
    { "1,234", 1234 },
    { "0", 0 },
    { "-3", -3 },
    { "+3", 3 },
    { "12.0", 12 },
    { "12.00", 12 },
    { " 42 ", 42 },
    { "9223372036854775807", G_MAXINT64 },
    { "-9223372036854775808", G_MININT64 },
  };
  static const struct { const char *text; const char *reason; } bad[] = {
    { "12.5", "“12.5” is not a whole number" },
    { "12.01", "is not a whole number" },
    { "1e3", "is not a whole number" },
    { "1,23", "(1.23)" },
    { "9223372036854775808", "is too large" },
    { "-9223372036854775809", "is too large" },
    { "12%", "is not a whole number" },
    { ".0", "is not a whole number" },
    { "", "empty: a whole number is needed" },
    { "seven", "is not a whole number" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 value = -1;

      g_test_message ("integer: %s", good[i].text);
      g_assert_true (pd_parse_integer (good[i].text, &value, &error));
      g_assert_no_error (error);
      g_assert_cmpint (value, ==, good[i].value);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 value = 42;

      g_assert_false (pd_parse_integer (bad[i].text, &value, &error));
      assert_reason (error, bad[i].text, bad[i].reason);
      g_assert_cmpint (value, ==, 42);
    }
}

typedef struct
{
  const char  *text;
  PdDateOrder  order;
  int          year;
  int          month;
  int          day;
} DateCase;

static void
test_date_accepted (void)
{
  static const DateCase cases[] = {
    { "2009-04-01", PD_DATE_ORDER_DMY, 2009, 4, 1 },
    { "2009-04-01T00:00:00", PD_DATE_ORDER_DMY, 2009, 4, 1 },
    { "2009-04-01T10:30:00", PD_DATE_ORDER_DMY, 2009, 4, 1 },
    { "2009-04-01 10:30", PD_DATE_ORDER_DMY, 2009, 4, 1 },
    { "2009-04-01T10:30:00.250Z", PD_DATE_ORDER_DMY, 2009, 4, 1 },
    { "2009-04-01T10:30:00+01:00", PD_DATE_ORDER_DMY, 2009, 4, 1 },
    { "2009/04/01", PD_DATE_ORDER_DMY, 2009, 4, 1 },
    { "2009-4-1", PD_DATE_ORDER_DMY, 2009, 4, 1 },
    { "01/04/2009", PD_DATE_ORDER_DMY, 2009, 4, 1 },
    { "1/4/2009", PD_DATE_ORDER_DMY, 2009, 4, 1 },
    { "01-04-2009", PD_DATE_ORDER_DMY, 2009, 4, 1 },
    { "01.04.2009", PD_DATE_ORDER_DMY, 2009, 4, 1 },
    { "01/04/2009 00:00", PD_DATE_ORDER_DMY, 2009, 4, 1 },
    { "31/12/2011", PD_DATE_ORDER_DMY, 2011, 12, 31 },
    { "04/01/2009", PD_DATE_ORDER_MDY, 2009, 4, 1 },
    { "12/31/2011", PD_DATE_ORDER_MDY, 2011, 12, 31 },
    { "1 Apr 2009", PD_DATE_ORDER_DMY, 2009, 4, 1 },
    { "1 Apr 2009", PD_DATE_ORDER_MDY, 2009, 4, 1 },
    { "01-Apr-2009", PD_DATE_ORDER_DMY, 2009, 4, 1 },
    { "01-APR-2009", PD_DATE_ORDER_DMY, 2009, 4, 1 },
    { "1 April 2009", PD_DATE_ORDER_DMY, 2009, 4, 1 },
    { "15 Sept 2010", PD_DATE_ORDER_DMY, 2010, 9, 15 },
    { "01-Apr-09", PD_DATE_ORDER_DMY, 2009, 4, 1 },
    { "01-Apr-99", PD_DATE_ORDER_DMY, 1999, 4, 1 },
    { "01Apr2009", PD_DATE_ORDER_DMY, 2009, 4, 1 },
    { "29 Feb 2012", PD_DATE_ORDER_DMY, 2012, 2, 29 },
    { "20090401", PD_DATE_ORDER_DMY, 2009, 4, 1 },
    { "39904", PD_DATE_ORDER_DMY, 2009, 4, 1 },
    { "39904.5", PD_DATE_ORDER_DMY, 2009, 4, 1 },
    { "61", PD_DATE_ORDER_DMY, 1900, 3, 1 },
    { "59", PD_DATE_ORDER_DMY, 1900, 2, 28 },
    { "1", PD_DATE_ORDER_DMY, 1900, 1, 1 },
    { "2958465", PD_DATE_ORDER_DMY, 9999, 12, 31 },
    { " 2009-04-01 ", PD_DATE_ORDER_DMY, 2009, 4, 1 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      GDate date;

      g_test_message ("date: %s", cases[i].text);
      g_assert_true (pd_parse_date (cases[i].text, cases[i].order, &date, &error));
      g_assert_no_error (error);
      g_assert_true (g_date_valid (&date));
      g_assert_cmpint (g_date_get_year (&date), ==, cases[i].year);
      g_assert_cmpint (g_date_get_month (&date), ==, cases[i].month);
      g_assert_cmpint (g_date_get_day (&date), ==, cases[i].day);
    }
}

static void
test_date_refused (void)
{
  static const struct { const char *text; PdDateOrder order; const char *reason; } cases[] = {
    { "60", PD_DATE_ORDER_DMY, "“60” is Excel's 29 February 1900, a day that never was" },
    { "0", PD_DATE_ORDER_DMY, "out of range for an Excel date" },
    { "2958466", PD_DATE_ORDER_DMY, "out of range for an Excel date" },
    { "2009", PD_DATE_ORDER_DMY, "looks like a year, not a date" },
    { "31/02/2009", PD_DATE_ORDER_DMY, "is not a date: February 2009 has 28 days" },
    { "29/02/2009", PD_DATE_ORDER_DMY, "February 2009 has 28 days" },
    { "2009-13-01", PD_DATE_ORDER_DMY, "there is no month 13" },
    { "2009-04-31", PD_DATE_ORDER_DMY, "April 2009 has 30 days" },
    { "04/13/2009", PD_DATE_ORDER_DMY, "there is no month 13 (is it a US month/day date?)" },
    { "13/04/2009", PD_DATE_ORDER_MDY, "is not a month/day/year date: there is no month 13" },
    { "01/04/09", PD_DATE_ORDER_DMY, "has a two-digit year: write the year in full" },
    { "1899-12-31", PD_DATE_ORDER_DMY, "is out of range (years 1900 to 9999)" },
    { "20091301", PD_DATE_ORDER_DMY, "there is no month 13" },
    { "2009-04-01T25:00", PD_DATE_ORDER_DMY, "is not a date" },
    { "2009-04-01 junk", PD_DATE_ORDER_DMY, "is not a date" },
    { "01/04-2009", PD_DATE_ORDER_DMY, "is not a date" },
    { "1 Foo 2009", PD_DATE_ORDER_DMY, "is not a date" },
    { "Apr 2009", PD_DATE_ORDER_DMY, "is not a date" },
    { "yesterday", PD_DATE_ORDER_DMY, "“yesterday” is not a date" },
    { "", PD_DATE_ORDER_DMY, "empty: a date is needed" },
    { "-39904", PD_DATE_ORDER_DMY, "is not a date" },
    { "1.4", PD_DATE_ORDER_DMY, "is not a date" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      GDate date;

      g_assert_false (pd_parse_date (cases[i].text, cases[i].order, &date, &error));
      assert_reason (error, cases[i].text, cases[i].reason);
    }
}

/* Every Excel serial from 61 up agrees with the calendar counted from 1899-12-30, and
 * every one below 60 from 1899-12-31 (Excel's phantom 29 February 1900 in between). */
static void
test_date_excel_serials (void)
{
  GDate epoch;

  g_date_clear (&epoch, 1);
  g_date_set_dmy (&epoch, 30, G_DATE_DECEMBER, 1899);

  for (guint serial = 1; serial < 50000; serial += (serial < 100 ? 1 : 97))
    {
      g_autofree char *text = g_strdup_printf ("%u", serial);
      g_autoptr(GError) error = NULL;
      GDate date;

      if (serial == 60 || (serial >= 1900 && serial <= 2099))
        continue;
      g_assert_true (pd_parse_date (text, PD_DATE_ORDER_DMY, &date, &error));
      g_assert_no_error (error);
      g_assert_cmpint (g_date_days_between (&epoch, &date), ==,
                       serial < 60 ? serial + 1 : serial);
    }
}

static void
test_financial_year (void)
{
  static const struct { const char *text; int year; } good[] = {
    { "2009/10", 2009 },
    { "2009-10", 2009 },
    { "200910", 2009 },
    { "2009/2010", 2009 },
    { "2009-2010", 2009 },
    { "FY2009/10", 2009 },
    { "fy 2009/10", 2009 },
    { "FY09/10", 2009 },
    { "09/10", 2009 },
    { "1999/00", 1999 },
    { "1999/2000", 1999 },
    { " 2011/12 ", 2011 },
  };
  static const struct { const char *text; const char *reason; } bad[] = {
    { "2009/11", "“2009/11” is not a financial year: the second year must follow the first (2009/10)" },
    { "2009-2011", "the second year must follow the first" },
    { "200911", "the second year must follow the first" },
    { "2009", "is a calendar year: write the financial year, e.g. 2009/10" },
    { "FY2009", "is a calendar year" },
    { "1850/51", "is out of range" },
    { "2009/10/11", "is not a financial year (use 2009/10)" },
    { "2009/1", "is not a financial year" },
    { "09", "is not a financial year" },
    { "twenty nine", "is not a financial year" },
    { "", "empty: a financial year is needed" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      int year = -1;

      g_test_message ("financial year: %s", good[i].text);
      g_assert_true (pd_parse_financial_year (good[i].text, &year, &error));
      g_assert_no_error (error);
      g_assert_cmpint (year, ==, good[i].year);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      int year = 42;

      g_assert_false (pd_parse_financial_year (bad[i].text, &year, &error));
      assert_reason (error, bad[i].text, bad[i].reason);
      g_assert_cmpint (year, ==, 42);
    }
}

static void
test_quarter (void)
{
  static const struct { const char *text; int quarter; } good[] = {
    { "Q1", 1 }, { "q1", 1 }, { "1", 1 }, { "Quarter 1", 1 }, { "Q 2", 2 },
    { "Qtr3", 3 }, { "quarter 4", 4 }, { " Q4 ", 4 },
  };
  static const struct { const char *text; const char *reason; } bad[] = {
    { "Q5", "“Q5” is not a quarter: there are four" },
    { "0", "is not a quarter: there are four" },
    { "Q", "is not a quarter (use Q1 to Q4)" },
    { "Q1 2009", "is not a quarter (use Q1 to Q4)" },
    { "first", "is not a quarter" },
    { "", "empty: a quarter is needed" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      int quarter = -1;

      g_assert_true (pd_parse_quarter (good[i].text, &quarter, &error));
      g_assert_no_error (error);
      g_assert_cmpint (quarter, ==, good[i].quarter);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      int quarter = 42;

      g_assert_false (pd_parse_quarter (bad[i].text, &quarter, &error));
      assert_reason (error, bad[i].text, bad[i].reason);
      g_assert_cmpint (quarter, ==, 42);
    }
}

static void
test_month (void)
{
  static const struct { const char *text; int fy; int year; int month; } good[] = {
    { "Apr", 2009, 2009, 4 },
    { "April", 2009, 2009, 4 },
    { "apr", 2009, 2009, 4 },
    { "Dec", 2009, 2009, 12 },
    { "Jan", 2009, 2010, 1 },
    { "March", 2009, 2010, 3 },
    { "SEPTEMBER", 2009, 2009, 9 },
    { "Sept", 2009, 2009, 9 },
    { "sEp", 2009, 2009, 9 },
    { "may", 2009, 2009, 5 },
    { "4", 2009, 2009, 4 },
    { "04", 2009, 2009, 4 },
    { "1", 2009, 2010, 1 },
    { "12", 2009, 2009, 12 },
    { "M01", 2009, 2009, 4 },
    { "M1", 2009, 2009, 4 },
    { "Month 1", 2009, 2009, 4 },
    { "M09", 2009, 2009, 12 },
    { "M10", 2009, 2010, 1 },
    { "M12", 2009, 2010, 3 },
    { "2009-04", 2009, 2009, 4 },
    { "2010-03", 2009, 2010, 3 },
    { "04/2009", 2009, 2009, 4 },
    { "Apr-09", 2009, 2009, 4 },
    { "Apr 2009", 2009, 2009, 4 },
    { "Feb-10", 2009, 2010, 2 },
    { "2009-04-01", 2009, 2009, 4 },
  };
  static const struct { const char *text; int fy; const char *reason; } bad[] = {
    { "13", 2009, "“13” is not a month (1 to 12)" },
    { "0", 2009, "is not a month (1 to 12)" },
    { "M13", 2009, "is not a month of the financial year (M01 to M12)" },
    { "M00", 2009, "is not a month of the financial year" },
    { "2009-03", 2009, "“2009-03” is not in the financial year 2009/10" },
    { "2010-04", 2009, "is not in the financial year 2009/10" },
    { "Apr-10", 2009, "is not in the financial year 2009/10" },
    { "2009/10 Q1", 2009, "is not a month (use Apr, 4, M01 or 2009-04)" },
    { "Smarch", 2009, "is not a month" },
    { "Marc", 2009, "is not a month" },
    { "Septembers", 2009, "is not a month" },
    { "Ju", 2009, "is not a month" },
    { "Jux", 2009, "is not a month" },
    { "", 2009, "empty: a month is needed" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      int year = -1, month = -1;

      g_test_message ("month: %s", good[i].text);
      g_assert_true (pd_parse_month (good[i].text, good[i].fy, &year, &month, &error));
      g_assert_no_error (error);
      g_assert_cmpint (year, ==, good[i].year);
      g_assert_cmpint (month, ==, good[i].month);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      int year = 42, month = 42;

      g_assert_false (pd_parse_month (bad[i].text, bad[i].fy, &year, &month, &error));
      assert_reason (error, bad[i].text, bad[i].reason);
      g_assert_cmpint (year, ==, 42);
      g_assert_cmpint (month, ==, 42);
    }
}

static void
test_period (void)
{
  static const struct
  {
    const char   *text;
    PdPeriodKind  kind;
    int           year;
    int           month;
    const char   *canonical;
    const char   *start;
  } good[] = {
    { "2009-04", PD_PERIOD_MONTH, 2009, 4, "2009-04", "2009-04-01" },
    { "2009-10", PD_PERIOD_MONTH, 2009, 10, "2009-10", "2009-10-01" },
    { "2009-04-01", PD_PERIOD_MONTH, 2009, 4, "2009-04", "2009-04-01" },
    { "2009-04-30T00:00:00", PD_PERIOD_MONTH, 2009, 4, "2009-04", "2009-04-01" },
    { "Apr 2009", PD_PERIOD_MONTH, 2009, 4, "2009-04", "2009-04-01" },
    { "April 2009", PD_PERIOD_MONTH, 2009, 4, "2009-04", "2009-04-01" },
    { "Apr-09", PD_PERIOD_MONTH, 2009, 4, "2009-04", "2009-04-01" },
    { "JAN-10", PD_PERIOD_MONTH, 2010, 1, "2010-01", "2010-01-01" },
    { "04/2009", PD_PERIOD_MONTH, 2009, 4, "2009-04", "2009-04-01" },
    { "4/2009", PD_PERIOD_MONTH, 2009, 4, "2009-04", "2009-04-01" },
    { "2009/10 M01", PD_PERIOD_MONTH, 2009, 4, "2009-04", "2009-04-01" },
    { "2009/10 M12", PD_PERIOD_MONTH, 2010, 3, "2010-03", "2010-03-01" },
    { "2009/10 Month 10", PD_PERIOD_MONTH, 2010, 1, "2010-01", "2010-01-01" },
    { "2009/10 Q1", PD_PERIOD_QUARTER, 2009, 4, "2009/10 Q1", "2009-04-01" },
    { "2009-10 Q1", PD_PERIOD_QUARTER, 2009, 4, "2009/10 Q1", "2009-04-01" },
    { "2009/10Q2", PD_PERIOD_QUARTER, 2009, 7, "2009/10 Q2", "2009-07-01" },
    { "2009/10 - Q3", PD_PERIOD_QUARTER, 2009, 10, "2009/10 Q3", "2009-10-01" },
    { "Q4 2009/10", PD_PERIOD_QUARTER, 2010, 1, "2009/10 Q4", "2010-01-01" },
    { "FY2009/10 Quarter 2", PD_PERIOD_QUARTER, 2009, 7, "2009/10 Q2", "2009-07-01" },
    { "2009/10", PD_PERIOD_YEAR, 2009, 4, "2009/10", "2009-04-01" },
    { "2009/2010", PD_PERIOD_YEAR, 2009, 4, "2009/10", "2009-04-01" },
    { "2009-2010", PD_PERIOD_YEAR, 2009, 4, "2009/10", "2009-04-01" },
    { "FY2009/10", PD_PERIOD_YEAR, 2009, 4, "2009/10", "2009-04-01" },
    { "1999/00", PD_PERIOD_YEAR, 1999, 4, "1999/00", "1999-04-01" },
  };
  static const struct { const char *text; const char *reason; } bad[] = {
    { "2009/11", "is not a financial year: the second year must follow the first" },
    { "2009/10 Q5", "has no such quarter (Q1 to Q4)" },
    { "2009/10 M13", "has no such month of the financial year" },
    { "Q1 2009", "is a calendar year: write the financial year" },
    { "2009-13", "there is no month 13" },
    { "13/2009", "there is no month 13" },
    { "2009-02-30", "February 2009 has 28 days" },
    { "2009", "is a calendar year" },
    { "2009/10 X", "is not a period (use 2009-04, 2009/10 Q1 or 2009/10)" },
    { "soon", "“soon” is not a period" },
    { "", "empty: a period is needed" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *canonical = NULL;
      g_autoptr(GError) again_error = NULL;
      PdPeriod period = { -1, -1, -1 };
      PdPeriod again = { -1, -1, -1 };
      char start[16];
      GDate date;

      g_test_message ("period: %s", good[i].text);
      g_assert_true (pd_parse_period (good[i].text, &period, &error));
      g_assert_no_error (error);
      g_assert_cmpint (period.kind, ==, good[i].kind);
      g_assert_cmpint (period.year, ==, good[i].year);
      g_assert_cmpint (period.month, ==, good[i].month);

      canonical = pd_period_to_string (&period);
      g_assert_cmpstr (canonical, ==, good[i].canonical);

      pd_period_get_start_date (&period, &date);
      g_date_strftime (start, sizeof start, "%Y-%m-%d", &date);
      g_assert_cmpstr (start, ==, good[i].start);

      /* The canonical text reads back as the same period. */
      g_assert_true (pd_parse_period (canonical, &again, &again_error));
      g_assert_no_error (again_error);
      g_assert_cmpint (again.kind, ==, period.kind);
      g_assert_cmpint (again.year, ==, period.year);
      g_assert_cmpint (again.month, ==, period.month);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      PdPeriod period;

      g_assert_false (pd_parse_period (bad[i].text, &period, &error));
      assert_reason (error, bad[i].text, bad[i].reason);
    }
}

static void
test_header_normalise (void)
{
  static const struct { const char *text; const char *normal; } cases[] = {
    { "Org Code", "orgcode" },
    { "org_code", "orgcode" },
    { "ORG-CODE", "orgcode" },
    { " Org.Code ", "orgcode" },
    { "\xef\xbb\xbf" "code", "code" },
    { "Contract\xc2\xa0Value", "contractvalue" },
    { "CQUIN %", "cquin%" },
    { "Provider – Code", "providercode" },
    { "amount", "amount" },
    { "", "" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *normal = pd_header_normalise (cases[i].text);

      g_assert_cmpstr (normal, ==, cases[i].normal);
    }
}

/* Values longer than a message should hold are cut short, and bytes that are not UTF-8
 * never reach a message. */
static void
test_messages_are_short_and_valid (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) long_text = g_string_new (NULL);
  gint64 pence;

  for (int i = 0; i < 200; i++)
    g_string_append (long_text, "é");
  g_assert_false (pd_parse_money_pence (long_text->str, &pence, &error));
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_cmpuint (strlen (error->message), <, 120);
  g_assert_true (strstr (error->message, "…”") != NULL);
  g_clear_error (&error);

  g_assert_false (pd_parse_money_pence ("12\xff", &pence, &error));
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
}

/* Random text made of the characters these formats use: every parser either accepts it
 * or refuses it with a quoted reason, and never reads past its end. */
static void
test_random_text (void)
{
  static const char alphabet[] = "0123456789.,-+()%/: QqMmFfYyTtEeAaPpRr\xc2\xa3";
  g_autoptr(GRand) rand = g_rand_new_with_seed (20090401);

  for (int round = 0; round < 20000; round++)
    {
      int len = g_rand_int_range (rand, 0, 14);
      g_autofree char *text = g_malloc (len + 1);
      GError *errors[8] = { NULL, };
      gint64 i64;
      double d;
      int a, b;
      GDate date;
      PdPeriod period;

      for (int i = 0; i < len; i++)
        text[i] = alphabet[g_rand_int_range (rand, 0, sizeof alphabet - 1)];
      text[len] = '\0';

      pd_parse_money_pence (text, &i64, &errors[0]);
      pd_parse_number (text, &d, &errors[1]);
      pd_parse_integer (text, &i64, &errors[2]);
      pd_parse_date (text, round % 2 ? PD_DATE_ORDER_MDY : PD_DATE_ORDER_DMY, &date,
                     &errors[3]);
      pd_parse_financial_year (text, &a, &errors[4]);
      pd_parse_quarter (text, &a, &errors[5]);
      pd_parse_month (text, 2009, &a, &b, &errors[6]);
      if (pd_parse_period (text, &period, &errors[7]))
        {
          g_autofree char *canonical = pd_period_to_string (&period);
          PdPeriod again;

          g_assert_true (pd_parse_period (canonical, &again, NULL));
          g_assert_cmpint (again.kind, ==, period.kind);
          g_assert_cmpint (again.year, ==, period.year);
          g_assert_cmpint (again.month, ==, period.month);
        }
      pd_parse_suppression (text);

      for (gsize i = 0; i < G_N_ELEMENTS (errors); i++)
        if (errors[i] != NULL)
          {
            g_assert_error (errors[i], PD_IMPORT_ERROR, PD_IMPORT_ERROR_INVALID);
            g_assert_true (g_utf8_validate (errors[i]->message, -1, NULL));
            g_assert_true (g_str_has_prefix (errors[i]->message, "“")
                           || g_str_has_prefix (errors[i]->message, "empty: "));
            g_error_free (errors[i]);
          }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pctdash/parse/suppression", test_suppression);
  g_test_add_func ("/pctdash/parse/money-accepted", test_money_accepted);
  g_test_add_func ("/pctdash/parse/money-refused", test_money_refused);
  g_test_add_func ("/pctdash/parse/number-accepted", test_number_accepted);
  g_test_add_func ("/pctdash/parse/number-refused", test_number_refused);
  g_test_add_func ("/pctdash/parse/integer", test_integer);
  g_test_add_func ("/pctdash/parse/date-accepted", test_date_accepted);
  g_test_add_func ("/pctdash/parse/date-refused", test_date_refused);
  g_test_add_func ("/pctdash/parse/date-excel-serials", test_date_excel_serials);
  g_test_add_func ("/pctdash/parse/financial-year", test_financial_year);
  g_test_add_func ("/pctdash/parse/quarter", test_quarter);
  g_test_add_func ("/pctdash/parse/month", test_month);
  g_test_add_func ("/pctdash/parse/period", test_period);
  g_test_add_func ("/pctdash/parse/header-normalise", test_header_normalise);
  g_test_add_func ("/pctdash/parse/messages", test_messages_are_short_and_valid);
  g_test_add_func ("/pctdash/parse/random-text", test_random_text);

  return g_test_run ();
}
