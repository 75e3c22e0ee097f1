/* pd-format.c — numbers, money and dates as the window shows them
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "pd-format.h"

/* Groups the decimal digits of @magnitude in threes. Grouping is written out rather than
 * taken from the locale (printf's ' flag): the figures are pounds sterling for NHS
 * readers, and a finance user reconciles them digit by digit against UK reports. */
static void
append_grouped (GString *out,
                guint64  magnitude)
{
  char digits[32];
  int n;

  n = g_snprintf (digits, sizeof digits, "%" G_GUINT64_FORMAT, magnitude);
  for (int i = 0; i < n; i++)
    {
      if (i > 0 && (n - i) % 3 == 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, digits[i]);
    }
}

/* The magnitude of @value without overflowing on G_MININT64. */
static guint64
magnitude_of (gint64 value)
{
  return value < 0 ? (guint64) -(value + 1) + 1 : (guint64) value;
}

char *
pd_format_count (gint64 value)
{
  GString *out = g_string_new (NULL);

  if (value < 0)
    g_string_append (out, "−");
  append_grouped (out, magnitude_of (value));
  return g_string_free (out, FALSE);
}

char *
pd_format_pence (gint64 pence)
{
  GString *out = g_string_new (NULL);
  guint64 magnitude = magnitude_of (pence);

  if (pence < 0)
    g_string_append (out, "−");
  g_string_append (out, "£");
  append_grouped (out, magnitude / 100);
  g_string_append_printf (out, ".%02u", (guint) (magnitude % 100));
  return g_string_free (out, FALSE);
}

char *
pd_format_amount (double value)
{
  GString *out;
  double rounded;
  double whole;
  guint hundredths;

  if (!isfinite (value))
    return g_strdup ("—");

  out = g_string_new (NULL);
  rounded = round (fabs (value) * 100.0) / 100.0;
  if (value < 0 && rounded > 0)
    g_string_append (out, "−");
  whole = floor (rounded);
  hundredths = (guint) llround ((rounded - whole) * 100.0);
  append_grouped (out, (guint64) whole);
  if (hundredths != 0)
    g_string_append_printf (out, ".%02u", hundredths);
  return g_string_free (out, FALSE);
}

static gboolean
parse_iso_date (const char *iso_date,
                GDate      *date)
{
  guint year, month, day;
  char tail;

  if (iso_date == NULL)
    return FALSE;
  /* Facts carry plain dates; a time after the date (a timestamp) is allowed and ignored. */
  if (sscanf (iso_date, "%4u-%2u-%2u%c", &year, &month, &day, &tail) < 3)
    return FALSE;
  if (!g_date_valid_dmy (day, month, year))
    return FALSE;
  g_date_clear (date, 1);
  g_date_set_dmy (date, day, month, year);
  return TRUE;
}

char *
pd_format_month (const char *iso_date)
{
  GDate date;
  char buffer[64];

  if (!parse_iso_date (iso_date, &date))
    return NULL;
  if (g_date_strftime (buffer, sizeof buffer, "%B %Y", &date) == 0)
    return NULL;
  return g_strdup (buffer);
}

char *
pd_format_financial_year (const char *iso_date)
{
  GDate date;
  guint start;

  if (!parse_iso_date (iso_date, &date))
    return NULL;
  start = g_date_get_year (&date);
  if (g_date_get_month (&date) < G_DATE_APRIL)
    start--;
  return g_strdup_printf ("%u/%02u", start, (start + 1) % 100);
}

char *
pd_format_timestamp (const char *iso8601)
{
  g_autoptr(GTimeZone) utc = NULL;
  g_autoptr(GDateTime) time = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (iso8601 == NULL)
    return g_strdup ("");

  /* Times without a zone are UTC: that is how the workspace stores them. */
  utc = g_time_zone_new_utc ();
  time = g_date_time_new_from_iso8601 (iso8601, utc);
  if (time == NULL)
    return g_strdup (iso8601);
  local = g_date_time_to_local (time);
  /* "%-d": no padding (%e pads with a figure space in some locales). */
  return g_date_time_format (local, "%-d %b %Y, %H:%M");
}

char *
pd_format_sha256_short (const char *sha256)
{
  if (sha256 == NULL)
    return g_strdup ("");
  if (strlen (sha256) <= 12)
    return g_strdup (sha256);
  return g_strdup_printf ("%.12s…", sha256);
}

char *
pd_format_kinds (const char *kinds)
{
  static const struct { const char *kind; const char *name; } names[] = {
    { "organisations", N_("Organisations") },
    { "spend", N_("Spend") },
    { "allocations", N_("Allocations") },
    { "cquin_schemes", N_("CQUIN schemes") },
    { "cquin_achievement", N_("CQUIN achievement") },
    { "indicators", N_("Indicators") },
    { "indicator_values", N_("Indicator values") },
    { "events", N_("Events") },
  };
  g_auto(GStrv) parts = NULL;
  GString *out = g_string_new (NULL);

  parts = g_strsplit (kinds != NULL ? kinds : "", ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *kind = g_strstrip (parts[i]);
      const char *name = kind;

      if (kind[0] == '\0')
        continue;
      for (guint j = 0; j < G_N_ELEMENTS (names); j++)
        if (strcmp (kind, names[j].kind) == 0)
          name = _(names[j].name);
      if (out->len > 0)
        g_string_append (out, ", ");
      g_string_append (out, name);
    }
  return g_string_free (out, FALSE);
}
