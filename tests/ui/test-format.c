/* test-format.c — how the window writes numbers, money and dates
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>

#include "pd-format.h"

static void
assert_formats (char       *formatted,
                const char *expected)
{
  g_assert_cmpstr (formatted, ==, expected);
  g_free (formatted);
}

static void
test_count (void)
{
  assert_formats (pd_format_count (0), "0");
  assert_formats (pd_format_count (999), "999");
  assert_formats (pd_format_count (1000), "1,000");
  assert_formats (pd_format_count (1234567), "1,234,567");
  assert_formats (pd_format_count (-45210), "−45,210");
  assert_formats (pd_format_count (G_MAXINT64), "9,223,372,036,854,775,807");
  assert_formats (pd_format_count (G_MININT64), "−9,223,372,036,854,775,808");
}

static void
test_pence (void)
{
  assert_formats (pd_format_pence (0), "£0.00");
  assert_formats (pd_format_pence (5), "£0.05");
  assert_formats (pd_format_pence (123456789), "£1,234,567.89");
  assert_formats (pd_format_pence (100000), "£1,000.00");
  assert_formats (pd_format_pence (-500), "−£5.00");
  /* 31 billion pounds: a region's five years of spend, to the penny. */
  assert_formats (pd_format_pence (G_GINT64_CONSTANT (3104567890123)), "£31,045,678,901.23");
}

static void
test_amount (void)
{
  assert_formats (pd_format_amount (0.0), "0");
  assert_formats (pd_format_amount (48213.0), "48,213");
  assert_formats (pd_format_amount (1234.5678), "1,234.57");
  assert_formats (pd_format_amount (-12.5), "−12.50");
  assert_formats (pd_format_amount (0.004), "0");
  assert_formats (pd_format_amount (999.999), "1,000");
}

static void
test_periods (void)
{
  assert_formats (pd_format_month ("2007-04-01"), "April 2007");
  assert_formats (pd_format_month ("2012-03-31"), "March 2012");
  g_assert_null (pd_format_month ("2012-13-01"));
  g_assert_null (pd_format_month ("March"));
  g_assert_null (pd_format_month (NULL));

  /* The financial year starts on 1 April. */
  assert_formats (pd_format_financial_year ("2007-04-01"), "2007/08");
  assert_formats (pd_format_financial_year ("2008-03-31"), "2007/08");
  assert_formats (pd_format_financial_year ("1999-06-30"), "1999/00");
  g_assert_null (pd_format_financial_year ("31/03/2008"));
}

static void
test_timestamp (void)
{
  /* TZ=UTC in the test environment: the local time is the stored time. */
  assert_formats (pd_format_timestamp ("2026-11-23T18:30:05Z"), "23 Nov 2026, 18:30");
  assert_formats (pd_format_timestamp ("2026-11-03T08:05:00Z"), "3 Nov 2026, 08:05");
  assert_formats (pd_format_timestamp ("yesterday"), "yesterday");
}

static void
test_sha256 (void)
{
  static const char sha[] = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

  assert_formats (pd_format_sha256_short (sha), "9f86d081884c…");
  assert_formats (pd_format_sha256_short ("abc"), "abc");
}

static void
test_kinds (void)
{
  assert_formats (pd_format_kinds ("spend"), "Spend");
  assert_formats (pd_format_kinds ("cquin_schemes"), "CQUIN schemes");
  assert_formats (pd_format_kinds ("organisations,indicator_values"),
                  "Organisations, Indicator values");
  assert_formats (pd_format_kinds ("peer_groups"), "peer_groups");
  assert_formats (pd_format_kinds (""), "");
  assert_formats (pd_format_kinds (NULL), "");
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pctdash/ui/format/count", test_count);
  g_test_add_func ("/pctdash/ui/format/pence", test_pence);
  g_test_add_func ("/pctdash/ui/format/amount", test_amount);
  g_test_add_func ("/pctdash/ui/format/periods", test_periods);
  g_test_add_func ("/pctdash/ui/format/timestamp", test_timestamp);
  g_test_add_func ("/pctdash/ui/format/sha256", test_sha256);
  g_test_add_func ("/pctdash/ui/format/kinds", test_kinds);

  return g_test_run ();
}
