/* pd-parse.c — the values found in NHS exports: money, numbers, dates, years, periods
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every parser here is strict on purpose: a value that could mean two things is refused
 * with the reason and the unambiguous spelling, because an import that guesses wrong
 * puts wrong money into a board report without anyone noticing. The accepted forms are
 * listed in docs/data-formats.md ("Value formats"); keep the two in step.
 *
 * The pipeline calls these once per cell, so they allocate nothing unless they fail.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "pd-parse.h"
#include "pd-table.h"

/* Years outside this range are mistakes in the data we import (the first financial year
 * in NHS data is decades later; Excel's calendar starts in 1900). */
#define MIN_YEAR 1900
#define MAX_YEAR 9999

/* Excel's 1900 system: serial 1 is 1900-01-01 and serial 2958465 is 9999-12-31. */
#define EXCEL_SERIAL_MAX 2958465

/* Two-digit years (only with month names: "01-Apr-09") pivot here: 50 → 1950, 49 → 2049. */
#define TWO_DIGIT_YEAR_PIVOT 50

/* Longest number (in bytes, separators removed) handed to g_ascii_strtod. */
#define MAX_NUMBER_CHARS 100

typedef struct
{
  const char *s;
  const char *e;
} Span;

static const char * const month_names[12] = {
  "january", "february", "march", "april", "may", "june", "july", "august",
  "september", "october", "november", "december",
};

/* ---- text helpers ---------------------------------------------------------------- */

/* The length of the white space character at @p, or 0. Besides ASCII white space this
 * knows the no-break and other Unicode spaces that spreadsheets leave behind. */
static int
space_len (const char *p,
           const char *e)
{
  guchar c = *p;

  if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f')
    return 1;
  if (c >= 0xC2)
    {
      gunichar u = g_utf8_get_char_validated (p, e - p);

      if (u != (gunichar) -1 && u != (gunichar) -2 && (g_unichar_isspace (u) || u == 0xFEFF))
        return g_unichar_to_utf8 (u, NULL);
    }
  return 0;
}

static const char *
skip_spaces (const char *p,
             const char *e)
{
  int n;

  while (p < e && (n = space_len (p, e)) > 0)
    p += n;
  return p;
}

static Span
trim_span (Span v)
{
  v.s = skip_spaces (v.s, v.e);
  while (v.e > v.s)
    {
      const char *prev = g_utf8_find_prev_char (v.s, v.e);

      if (prev == NULL || space_len (prev, v.e) != v.e - prev)
        break;
      v.e = prev;
    }
  return v;
}

static Span
trim (const char *text)
{
  Span v = { text, text + strlen (text) };

  return trim_span (v);
}

static gboolean
span_is_empty (Span v)
{
  return v.s == v.e;
}

static gboolean
span_equal_ci (Span        v,
               const char *word)
{
  gsize n = strlen (word);

  return (gsize) (v.e - v.s) == n && g_ascii_strncasecmp (v.s, word, n) == 0;
}

static gboolean
starts_with_ci (const char *p,
                const char *e,
                const char *word)
{
  gsize n = strlen (word);

  return (gsize) (e - p) >= n && g_ascii_strncasecmp (p, word, n) == 0;
}

static gboolean
is_digit (const char *p,
          const char *e)
{
  return p < e && *p >= '0' && *p <= '9';
}

static gboolean
is_alpha (const char *p,
          const char *e)
{
  return p < e && g_ascii_isalpha (*p);
}

/* Reads a run of ASCII digits; *@n_digits is its length (0 when none). The value
 * saturates rather than overflow, which callers treat as out of range. */
static const char *
scan_digits (const char *p,
             const char *e,
             guint64    *value,
             int        *n_digits)
{
  guint64 v = 0;
  int n = 0;

  while (is_digit (p, e))
    {
      if (v < G_MAXUINT64 / 100)
        v = v * 10 + (*p - '0');
      n++;
      p++;
    }
  if (value != NULL)
    *value = v;
  *n_digits = n;
  return p;
}

/* The value in typographic quotes, cut short when long, for messages. */
static char *
quote_value (Span v)
{
  const gsize max = 60;
  g_autofree char *valid = g_utf8_make_valid (v.s, v.e - v.s);

  if (strlen (valid) > max)
    {
      const char *cut = g_utf8_find_prev_char (valid, valid + max + 1);

      return g_strdup_printf ("“%.*s…”", (int) (cut - valid), valid);
    }
  return g_strdup_printf ("“%s”", valid);
}

/* Fails with "“value” reason". */
static gboolean G_GNUC_PRINTF (3, 4)
fail (GError    **error,
      Span        value,
      const char *format,
      ...)
{
  g_autofree char *quoted = NULL;
  g_autofree char *reason = NULL;
  va_list args;

  if (error == NULL)
    return FALSE;

  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);

  if (span_is_empty (value))
    {
      g_set_error (error, PD_IMPORT_ERROR, PD_IMPORT_ERROR_INVALID, "empty: %s",
                   reason);
      return FALSE;
    }

  quoted = quote_value (value);
  g_set_error (error, PD_IMPORT_ERROR, PD_IMPORT_ERROR_INVALID, "%s %s", quoted, reason);
  return FALSE;
}

/* ---- suppression ----------------------------------------------------------------- */

/**
 * pd_parse_suppression:
 * @text: a cell's text
 *
 * Recognises the tokens official statistics use in place of a number that is withheld
 * or missing (the older "*", "-", "..", ":", "x" and the GSS "[c]", "[x]", "[z]"), and
 * blank cells. The pipeline stores such a value as NULL with this reason, never as 0.
 *
 * Returns: (nullable): %NULL when @text is not one of them, else a short reason
 */
const char *
pd_parse_suppression (const char *text)
{
  Span v;

  g_return_val_if_fail (text != NULL, NULL);

  v = trim (text);
  if (span_is_empty (v))
    return "empty";
  if (span_equal_ci (v, "*"))
    return "suppressed (*)";
  /* Hyphen, and the en dash, em dash and minus sign that spreadsheets turn it into. */
  if (span_equal_ci (v, "-") || span_equal_ci (v, "–") || span_equal_ci (v, "—")
      || span_equal_ci (v, "−"))
    return "suppressed (-)";
  if (span_equal_ci (v, ".."))
    return "not available (..)";
  if (span_equal_ci (v, ":"))
    return "not available (:)";
  if (span_equal_ci (v, "x"))
    return "suppressed (x)";
  if (span_equal_ci (v, "[c]"))
    return "confidential [c]";
  if (span_equal_ci (v, "[x]"))
    return "not available [x]";
  if (span_equal_ci (v, "[z]"))
    return "not applicable [z]";
  return NULL;
}

/* ---- numbers --------------------------------------------------------------------- */

/* The digits of a decimal number as written: an integer part with optional thousands
 * separators and an optional fraction after a point. */
typedef struct
{
  const char *int_s;  /* digits and commas */
  const char *int_e;
  const char *frac_s; /* digits after the point */
  const char *frac_e;
  gboolean    has_point;
  gboolean    grouped;
} Decimal;

typedef enum
{
  DECIMAL_OK,
  DECIMAL_NONE,          /* no digits here */
  DECIMAL_COMMA,         /* a comma that is not a thousands separator: "1,5", "1,23" */
  DECIMAL_CONTINENTAL,   /* "1.234,56" or "1.234.567" */
  DECIMAL_BARE_POINT,    /* "1." */
} DecimalStatus;

static gboolean
check_grouping (const char *s,
                const char *e)
{
  int group = 0;
  gboolean first = TRUE;

  for (const char *p = s; p < e; p++)
    {
      if (*p == ',')
        {
          if ((first && (group < 1 || group > 3)) || (!first && group != 3))
            return FALSE;
          first = FALSE;
          group = 0;
        }
      else
        group++;
    }
  return first || group == 3;
}

static DecimalStatus
scan_decimal (const char  *p,
              const char  *e,
              Decimal     *d,
              const char **after)
{
  const char *q = p;

  memset (d, 0, sizeof *d);
  d->int_s = q;
  while (q < e && ((*q >= '0' && *q <= '9') || (*q == ',' && q > p)))
    {
      if (*q == ',')
        d->grouped = TRUE;
      q++;
    }
  d->int_e = q;

  if (q < e && *q == '.')
    {
      d->has_point = TRUE;
      q++;
      d->frac_s = q;
      while (is_digit (q, e))
        q++;
      d->frac_e = q;
    }
  else
    d->frac_s = d->frac_e = q;

  *after = q;

  if (d->int_s == d->int_e && d->frac_s == d->frac_e)
    return DECIMAL_NONE;
  if (d->has_point && q < e && (*q == ',' || *q == '.') && is_digit (q + 1, e))
    return DECIMAL_CONTINENTAL;
  if (d->grouped && !check_grouping (d->int_s, d->int_e))
    return DECIMAL_COMMA;
  if (d->has_point && d->frac_s == d->frac_e)
    return DECIMAL_BARE_POINT;
  return DECIMAL_OK;
}

/* The number written the other way round: "1.234,56" → "1234.56", "1,5" → "1.5". */
static char *
swap_separators (const char *s,
                 const char *e)
{
  GString *out = g_string_new (NULL);

  for (const char *p = s; p < e; p++)
    {
      if (*p == ',')
        g_string_append_c (out, '.');
      else if (*p != '.')
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

/* Explains a DecimalStatus other than OK. */
static gboolean
fail_decimal (GError      **error,
              Span          value,
              DecimalStatus status,
              const char   *what,
              const char   *number_s)
{
  const char *q = number_s;
  g_autofree char *suggestion = NULL;
  guint n_commas;

  while (q < value.e && (g_ascii_isdigit (*q) || *q == ',' || *q == '.'))
    q++;

  switch (status)
    {
    case DECIMAL_CONTINENTAL:
      suggestion = swap_separators (number_s, q);
      return fail (error, value, "is ambiguous: use %s", suggestion);
    case DECIMAL_COMMA:
      n_commas = 0;
      for (const char *c = number_s; c < q; c++)
        n_commas += (*c == ',');
      if (n_commas == 1 && memchr (number_s, '.', q - number_s) == NULL
          && q[-1] != ',')
        {
          suggestion = swap_separators (number_s, q);
          return fail (error, value, "has a comma that does not separate thousands: "
                       "write decimals with a point (%s)", suggestion);
        }
      return fail (error, value, "has misplaced thousands separators");
    case DECIMAL_BARE_POINT:
      return fail (error, value, "ends with a decimal point: %s", what);
    case DECIMAL_NONE:
    case DECIMAL_OK:
    default:
      return fail (error, value, "is not %s", what);
    }
}

/* Accumulates the digits in [s, e) (commas skipped) onto *@value; FALSE on overflow. */
static gboolean
accumulate_digits (const char *s,
                   const char *e,
                   guint64    *value,
                   guint64     limit)
{
  for (const char *p = s; p < e; p++)
    {
      guint d;

      if (*p == ',')
        continue;
      d = *p - '0';
      if (*value > (limit - d) / 10)
        return FALSE;
      *value = *value * 10 + d;
    }
  return TRUE;
}

/* A minus sign: ASCII hyphen-minus or U+2212. Returns its length, or 0. */
static int
minus_len (const char *p,
           const char *e)
{
  if (p < e && *p == '-')
    return 1;
  if (e - p >= 3 && memcmp (p, "−", 3) == 0)
    return 3;
  return 0;
}

static int
pound_len (const char *p,
           const char *e)
{
  if (e - p >= 2 && memcmp (p, "£", 2) == 0)
    return 2;
  return 0;
}

/**
 * pd_parse_money_pence:
 * @text: an amount in pounds
 * @out_pence: (out): the amount in pence
 * @error: the reason when @text is not an amount
 *
 * Reads pounds with at most two decimal places, an optional £ sign, thousands
 * separators and a minus sign or accounting brackets: "£1,234.56", "1234.5", "(1,234)",
 * "-£5", "£-5", " £ 12 ". The continental "1.234,56" is refused as ambiguous, as are
 * misplaced commas ("1,23"), more than two decimal places and amounts too large for
 * 64-bit pence (about £92 quadrillion).
 *
 * Returns: %TRUE on success
 */
gboolean
pd_parse_money_pence (const char *text,
                      gint64     *out_pence,
                      GError    **error)
{
  Span whole;
  const char *p;
  const char *e;
  const char *after;
  gboolean brackets = FALSE;
  gboolean negative = FALSE;
  gboolean pound = FALSE;
  guint64 pounds = 0;
  guint64 pence = 0;
  gsize n_frac;
  DecimalStatus status;
  Decimal d;
  int n;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (out_pence != NULL, FALSE);

  whole = trim (text);
  p = whole.s;
  e = whole.e;
  if (p == e)
    return fail (error, whole, "an amount of money is needed");

  if (*p == '(' && e[-1] == ')')
    {
      Span inner = trim_span ((Span) { p + 1, e - 1 });
      brackets = TRUE;
      p = inner.s;
      e = inner.e;
    }

  if ((n = minus_len (p, e)) > 0)
    {
      negative = TRUE;
      p = skip_spaces (p + n, e);
    }
  else if (p < e && *p == '+')
    p = skip_spaces (p + 1, e);

  if ((n = pound_len (p, e)) > 0)
    {
      pound = TRUE;
      p = skip_spaces (p + n, e);
      if (!negative && (n = minus_len (p, e)) > 0)
        {
          negative = TRUE;
          p = skip_spaces (p + n, e);
        }
    }

  if (brackets && negative)
    return fail (error, whole, "has both brackets and a minus sign");

  status = scan_decimal (p, e, &d, &after);
  if (status != DECIMAL_OK)
    return fail_decimal (error, whole, status, "an amount of money", p);
  if (after != e)
    {
      if (!pound && pound_len (skip_spaces (after, e), e) > 0)
        return fail (error, whole, "has the £ sign after the number: write £%.*s",
                     (int) (after - p), p);
      return fail (error, whole, "is not an amount of money");
    }

  n_frac = d.frac_e - d.frac_s;
  if (n_frac > 2)
    {
      if (n_frac == 3 && !d.grouped && d.int_e - d.int_s <= 3)
        return fail (error, whole, "has more than two decimal places (if the point "
                     "separates thousands, write %.*s%.*s)",
                     (int) (d.int_e - d.int_s), d.int_s, 3, d.frac_s);
      return fail (error, whole, "has more than two decimal places");
    }

  if (!accumulate_digits (d.int_s, d.int_e, &pounds, G_MAXINT64 / 100))
    return fail (error, whole, "is too large");
  pence = pounds * 100;
  if (n_frac >= 1)
    pence += (d.frac_s[0] - '0') * 10;
  if (n_frac == 2)
    pence += d.frac_s[1] - '0';
  if (pence > G_MAXINT64)
    return fail (error, whole, "is too large");

  *out_pence = (negative || brackets) ? -(gint64) pence : (gint64) pence;
  return TRUE;
}

/**
 * pd_parse_number:
 * @text: a decimal number
 * @out: (out): its value
 * @error: the reason when @text is not a number
 *
 * Reads a finite decimal with optional sign, thousands separators, exponent (Excel
 * writes small values as "1.2E-05") and a trailing per cent sign, which is allowed but
 * does not change the value: "12.5%" is 12.5. NaN, infinities, hexadecimal, decimal
 * commas ("1,5") and continental grouping ("1.234,5") are refused.
 *
 * Returns: %TRUE on success
 */
gboolean
pd_parse_number (const char *text,
                 double     *out,
                 GError    **error)
{
  char buf[MAX_NUMBER_CHARS + 1];
  gsize len = 0;
  Span whole;
  const char *p;
  const char *e;
  const char *after;
  DecimalStatus status;
  Decimal d;
  double value;
  char *end = NULL;
  int n;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  whole = trim (text);
  p = whole.s;
  e = whole.e;
  if (p == e)
    return fail (error, whole, "a number is needed");

  if ((n = minus_len (p, e)) > 0)
    {
      buf[len++] = '-';
      p += n;
    }
  else if (*p == '+')
    p++;

  status = scan_decimal (p, e, &d, &after);
  if (status != DECIMAL_OK)
    return fail_decimal (error, whole, status, "a number", p);

  for (const char *q = d.int_s; q < d.int_e && len < MAX_NUMBER_CHARS; q++)
    if (*q != ',')
      buf[len++] = *q;
  if (d.int_s == d.int_e && len < MAX_NUMBER_CHARS)
    buf[len++] = '0';
  if (d.has_point && len < MAX_NUMBER_CHARS)
    buf[len++] = '.';
  for (const char *q = d.frac_s; q < d.frac_e && len < MAX_NUMBER_CHARS; q++)
    buf[len++] = *q;

  p = after;
  if (p < e && (*p == 'e' || *p == 'E'))
    {
      const char *q = p + 1;
      char sign = 0;

      if (q < e && (*q == '+' || *q == '-'))
        sign = *q++;
      if (!is_digit (q, e))
        return fail (error, whole, "is not a number");
      if (len < MAX_NUMBER_CHARS)
        buf[len++] = 'e';
      if (sign != 0 && len < MAX_NUMBER_CHARS)
        buf[len++] = sign;
      for (; is_digit (q, e); q++)
        if (len < MAX_NUMBER_CHARS)
          buf[len++] = *q;
      p = q;
    }

  p = skip_spaces (p, e);
  if (p < e && *p == '%')
    p++;
  if (p != e)
    return fail (error, whole, "is not a number");
  if (len >= MAX_NUMBER_CHARS)
    return fail (error, whole, "is too long to be a number");
  buf[len] = '\0';

  value = g_ascii_strtod (buf, &end);
  if (end != buf + len)
    return fail (error, whole, "is not a number");
  if (!isfinite (value))
    return fail (error, whole, "is too large");

  *out = value;
  return TRUE;
}

/**
 * pd_parse_integer:
 * @text: a whole number
 * @out: (out): its value
 * @error: the reason when @text is not a whole number
 *
 * Reads a whole number with optional sign and thousands separators. A point followed
 * only by zeros is accepted ("12.0": statistics tools write counts so), any other
 * fraction is refused, as are exponents and values beyond 64 bits.
 *
 * Returns: %TRUE on success
 */
gboolean
pd_parse_integer (const char *text,
                  gint64     *out,
                  GError    **error)
{
  Span whole;
  const char *p;
  const char *e;
  const char *after;
  gboolean negative = FALSE;
  DecimalStatus status;
  guint64 value = 0;
  Decimal d;
  int n;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  whole = trim (text);
  p = whole.s;
  e = whole.e;
  if (p == e)
    return fail (error, whole, "a whole number is needed");

  if ((n = minus_len (p, e)) > 0)
    {
      negative = TRUE;
      p += n;
    }
  else if (*p == '+')
    p++;

  status = scan_decimal (p, e, &d, &after);
  if (status != DECIMAL_OK)
    return fail_decimal (error, whole, status, "a whole number", p);
  if (after != e)
    return fail (error, whole, "is not a whole number");
  if (d.int_s == d.int_e)
    return fail (error, whole, "is not a whole number");
  for (const char *q = d.frac_s; q < d.frac_e; q++)
    if (*q != '0')
      return fail (error, whole, "is not a whole number");

  if (!accumulate_digits (d.int_s, d.int_e, &value,
                          negative ? (guint64) G_MAXINT64 + 1 : (guint64) G_MAXINT64))
    return fail (error, whole, "is too large");

  *out = negative ? (gint64) (0 - value) : (gint64) value;
  return TRUE;
}

/* ---- dates ----------------------------------------------------------------------- */

/* A month name or its three-letter abbreviation ("Sept" too), in any case. Returns
 * 1..12 and sets *@after, or returns 0. */
static int
scan_month_name (const char  *p,
                 const char  *e,
                 const char **after)
{
  const char *q = p;
  gsize n;

  while (is_alpha (q, e))
    q++;
  n = q - p;
  if (n < 3)
    return 0;

  /* Each month's first three letters differ, so they pick the one month that can match
   * (one comparison a cell, not up to twelve: every row of a spend file has a month). */
  {
    char a = g_ascii_tolower (p[0]), b = g_ascii_tolower (p[1]), c = g_ascii_tolower (p[2]);

    for (int m = 0; m < 12; m++)
      {
        const char *name = month_names[m];
        gsize len;

        if (name[0] != a || name[1] != b || name[2] != c)
          continue;
        len = strlen (name);
        if (n == 3 || (n == len && g_ascii_strncasecmp (p + 3, name + 3, n - 3) == 0))
          {
            *after = q;
            return m + 1;
          }
        break;
      }
  }
  if (n == 4 && g_ascii_strncasecmp (p, "sept", 4) == 0)
    {
      *after = q;
      return 9;
    }
  return 0;
}

static int
expand_two_digit_year (int yy)
{
  return yy < TWO_DIGIT_YEAR_PIVOT ? 2000 + yy : 1900 + yy;
}

/* An optional time after a date: "T10:30:00", " 00:00", "T00:00:00Z", "T10:30+01:00".
 * Returns FALSE when something follows the date that is not a valid time. */
static gboolean
scan_time (const char  *p,
           const char  *e,
           const char **after)
{
  guint64 h, m, s;
  int n;

  if (p == e)
    {
      *after = p;
      return TRUE;
    }
  if (*p == 'T' || *p == 't')
    p++;
  else if (space_len (p, e) > 0)
    p = skip_spaces (p, e);
  else
    return FALSE;

  p = scan_digits (p, e, &h, &n);
  if (n < 1 || n > 2 || h > 23 || p >= e || *p != ':')
    return FALSE;
  p = scan_digits (p + 1, e, &m, &n);
  if (n != 2 || m > 59)
    return FALSE;
  if (p < e && *p == ':')
    {
      p = scan_digits (p + 1, e, &s, &n);
      if (n != 2 || s > 59)
        return FALSE;
      if (p < e && *p == '.')
        {
          p = scan_digits (p + 1, e, NULL, &n);
          if (n == 0)
            return FALSE;
        }
    }
  if (p < e && (*p == 'Z' || *p == 'z'))
    p++;
  else if (p < e && (*p == '+' || *p == '-'))
    {
      p = scan_digits (p + 1, e, &h, &n);
      if (n != 2 && n != 4)
        return FALSE;
      if (n == 2 && p < e && *p == ':')
        {
          p = scan_digits (p + 1, e, &m, &n);
          if (n != 2)
            return FALSE;
        }
    }
  *after = p;
  return p == e;
}

/* Checks and sets a calendar date. */
static gboolean
set_date (GDate   *out,
          Span     value,
          guint64  year,
          guint64  month,
          guint64  day,
          GError **error)
{
  if (year < MIN_YEAR || year > MAX_YEAR)
    return fail (error, value, "is out of range (years %d to %d)", MIN_YEAR, MAX_YEAR);
  if (month < 1 || month > 12)
    return fail (error, value, "is not a date: there is no month %" G_GUINT64_FORMAT,
                 month);
  if (day < 1 || day > g_date_get_days_in_month ((GDateMonth) month, (GDateYear) year))
    {
      char name[16];

      g_strlcpy (name, month_names[month - 1], sizeof name);
      name[0] = g_ascii_toupper (name[0]);
      return fail (error, value, "is not a date: %s %" G_GUINT64_FORMAT " has %u days",
                   name, year,
                   (guint) g_date_get_days_in_month ((GDateMonth) month, (GDateYear) year));
    }

  g_date_clear (out, 1);
  g_date_set_dmy (out, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  return TRUE;
}

static gboolean
set_excel_serial (GDate   *out,
                  Span     value,
                  guint64  serial,
                  GError **error)
{
  if (serial == 60)
    return fail (error, value, "is Excel's 29 February 1900, a day that never was");
  if (serial < 1 || serial > EXCEL_SERIAL_MAX)
    return fail (error, value, "is out of range for an Excel date (1 to %d)",
                 EXCEL_SERIAL_MAX);

  /* Excel counts 1900 as a leap year, so from serial 61 on the count is one day ahead
   * of the calendar; serials 1 to 59 are the days of January and February 1900. */
  g_date_clear (out, 1);
  if (serial < 60)
    g_date_set_dmy (out, 31, G_DATE_DECEMBER, 1899);
  else
    g_date_set_dmy (out, 30, G_DATE_DECEMBER, 1899);
  g_date_add_days (out, serial);
  return TRUE;
}

/**
 * pd_parse_date:
 * @text: a date
 * @order: whether nn/nn/yyyy is day first (the UK) or month first (the US)
 * @out: (out caller-allocates): the date
 * @error: the reason when @text is not a date
 *
 * Reads ISO dates ("2009-04-01", also "2009/04/01", with or without a time after
 * them), numeric dates in @order with "/", "-" or "." between the parts and a
 * four-digit year ("01/04/2009", "1/4/2009", also followed by a time), dates with a
 * month name ("1 Apr 2009", "01-Apr-2009", "1 April 2009", and "01-Apr-09" whose
 * two-digit year is read as 1950–2049), "20090401", and Excel serial numbers in the
 * 1900 system ("39904", with a fraction for the time of day). Serial 60, Excel's
 * non-existent 29 February 1900, is refused; serials below 60 are counted as the
 * calendar does. A four-digit number from 1900 to 2099 is refused as a year, not taken
 * as a serial. Years before 1900 are refused.
 *
 * Returns: %TRUE on success
 */
gboolean
pd_parse_date (const char  *text,
               PdDateOrder  order,
               GDate       *out,
               GError     **error)
{
  Span whole;
  const char *p;
  const char *e;
  const char *after;
  guint64 n1, n2, n3;
  int d1, d2, d3;
  int month;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  whole = trim (text);
  p = whole.s;
  e = whole.e;
  if (p == e)
    return fail (error, whole, "a date is needed");

  p = scan_digits (p, e, &n1, &d1);
  if (d1 == 0)
    return fail (error, whole, "is not a date (use 2009-04-01 or 01/04/2009)");

  /* A plain number: yyyymmdd, or an Excel serial, with a fraction for the time of day
   * (only after three or more digits, so that "1.4" is not taken for a serial). */
  if (p < e && *p == '.' && d1 >= 3 && is_digit (p + 1, e)
      && scan_digits (p + 1, e, NULL, &d2) == e)
    p = e;
  if (p == e)
    {
      if (d1 == 8 && whole.s + 8 == e)
        return set_date (out, whole, n1 / 10000, n1 / 100 % 100, n1 % 100, error);
      if (d1 == 4 && n1 >= 1900 && n1 <= 2099)
        return fail (error, whole, "looks like a year, not a date");
      if (d1 > 7)
        return fail (error, whole, "is not a date (use 2009-04-01 or 01/04/2009)");
      return set_excel_serial (out, whole, n1, error);
    }

  /* ISO: yyyy-mm-dd or yyyy/mm/dd. */
  if (d1 == 4 && (*p == '-' || *p == '/'))
    {
      char sep = *p;

      p = scan_digits (p + 1, e, &n2, &d2);
      if (d2 < 1 || d2 > 2 || p >= e || *p != sep)
        return fail (error, whole, "is not a date (use 2009-04-01)");
      p = scan_digits (p + 1, e, &n3, &d3);
      if (d3 < 1 || d3 > 2 || !scan_time (p, e, &after))
        return fail (error, whole, "is not a date (use 2009-04-01)");
      return set_date (out, whole, n1, n2, n3, error);
    }

  if (d1 > 2)
    return fail (error, whole, "is not a date (use 2009-04-01 or 01/04/2009)");

  /* Day and month name: "1 Apr 2009", "01-Apr-09", "1-April-2009", "01Apr2009". */
  {
    const char *q = p;

    if (q < e && (*q == '-' || *q == '/'))
      q++;
    else
      q = skip_spaces (q, e);
    if ((month = scan_month_name (q, e, &after)) > 0)
      {
        p = after;
        if (p < e && (*p == '-' || *p == '/' || *p == ' ' || *p == ','))
          p = skip_spaces (p + 1, e);
        p = scan_digits (p, e, &n3, &d3);
        if ((d3 != 2 && d3 != 4) || !scan_time (p, e, &after))
          return fail (error, whole, "is not a date (use 1 Apr 2009 or 01-Apr-2009)");
        if (d3 == 2)
          n3 = expand_two_digit_year (n3);
        return set_date (out, whole, n3, month, n1, error);
      }
  }

  /* Numeric day and month in the order asked for: "01/04/2009", "1.4.2009". */
  if (*p == '/' || *p == '-' || *p == '.')
    {
      char sep = *p;
      guint64 day, mon;

      p = scan_digits (p + 1, e, &n2, &d2);
      if (d2 < 1 || d2 > 2 || p >= e || *p != sep)
        return fail (error, whole, "is not a date (use 2009-04-01 or 01/04/2009)");
      p = scan_digits (p + 1, e, &n3, &d3);
      if (d3 == 2 && scan_time (p, e, &after))
        return fail (error, whole, "has a two-digit year: write the year in full");
      if (d3 != 4 || !scan_time (p, e, &after))
        return fail (error, whole, "is not a date (use 2009-04-01 or 01/04/2009)");

      day = order == PD_DATE_ORDER_DMY ? n1 : n2;
      mon = order == PD_DATE_ORDER_DMY ? n2 : n1;
      if (mon > 12 && day <= 12)
        {
          if (order == PD_DATE_ORDER_DMY)
            return fail (error, whole, "is not a day/month/year date: there is no month "
                         "%" G_GUINT64_FORMAT " (is it a US month/day date?)", mon);
          return fail (error, whole, "is not a month/day/year date: there is no month "
                       "%" G_GUINT64_FORMAT, mon);
        }
      return set_date (out, whole, n3, mon, day, error);
    }

  return fail (error, whole, "is not a date (use 2009-04-01 or 01/04/2009)");
}

/* ---- financial years, quarters, months, periods ----------------------------------- */

typedef enum
{
  FY_OK,
  FY_NONE,        /* not shaped like a financial year */
  FY_NOT_NEXT,    /* "2009/11": the second year does not follow the first */
  FY_ALONE,       /* "2009" */
  FY_RANGE,       /* before 1900 */
} FyStatus;

/* Scans a financial year at @p: "2009/10", "2009-10", "2009/2010", "200910",
 * "FY2009/10", "FY 09/10", "09/10". Sets *@after to the first byte after it. */
static FyStatus
scan_financial_year (const char  *p,
                     const char  *e,
                     int         *start_year,
                     const char **after)
{
  guint64 y1, y2;
  int d1, d2;

  if (starts_with_ci (p, e, "fy"))
    p = skip_spaces (p + 2, e);

  p = scan_digits (p, e, &y1, &d1);
  if (d1 == 6 && !(p < e && (*p == '/' || *p == '-')))
    {
      y2 = y1 % 100;
      y1 /= 100;
      d1 = 4;
      d2 = 2;
    }
  else if (d1 == 4 || d1 == 2)
    {
      if (p >= e || (*p != '/' && *p != '-'))
        return d1 == 4 && (p == e || !is_alpha (p, e)) ? FY_ALONE : FY_NONE;
      p = scan_digits (p + 1, e, &y2, &d2);
      if (d2 != 2 && d2 != 4)
        return FY_NONE;
      if (d1 == 2 && d2 != 2)
        return FY_NONE;
    }
  else
    return FY_NONE;

  if (d1 == 2)
    y1 = expand_two_digit_year (y1);

  if (d2 == 4 ? y2 != y1 + 1 : y2 != (y1 + 1) % 100)
    {
      *start_year = y1;
      *after = p;
      return FY_NOT_NEXT;
    }
  if (y1 < MIN_YEAR || y1 >= MAX_YEAR)
    return FY_RANGE;

  *start_year = y1;
  *after = p;
  return FY_OK;
}

static gboolean
fail_financial_year (GError  **error,
                     Span      whole,
                     FyStatus  status,
                     int       start_year)
{
  switch (status)
    {
    case FY_NOT_NEXT:
      return fail (error, whole, "is not a financial year: the second year must follow "
                   "the first (%d/%02d)", start_year, (start_year + 1) % 100);
    case FY_ALONE:
      return fail (error, whole, "is a calendar year: write the financial year, "
                   "e.g. 2009/10");
    case FY_RANGE:
      return fail (error, whole, "is out of range (financial years from %d/%02d)",
                   MIN_YEAR, (MIN_YEAR + 1) % 100);
    case FY_NONE:
    case FY_OK:
    default:
      return fail (error, whole, "is not a financial year (use 2009/10)");
    }
}

/**
 * pd_parse_financial_year:
 * @text: a financial year
 * @out_start_year: (out): the calendar year in which it starts (on 1 April)
 * @error: the reason when @text is not a financial year
 *
 * Reads "2009/10", "2009-10", "2009/2010", "2009-2010", "200910", "FY2009/10",
 * "FY 2009/10" and "09/10" (two-digit years are 1950–2049). A year alone ("2009") is
 * refused: it is unclear whether 2008/09 or 2009/10 is meant. So is "2009/11".
 *
 * Returns: %TRUE on success
 */
gboolean
pd_parse_financial_year (const char *text,
                         int        *out_start_year,
                         GError    **error)
{
  Span whole;
  const char *after = NULL;
  int year = 0;
  FyStatus status;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (out_start_year != NULL, FALSE);

  whole = trim (text);
  if (span_is_empty (whole))
    return fail (error, whole, "a financial year is needed");

  status = scan_financial_year (whole.s, whole.e, &year, &after);
  if (status == FY_OK && after != whole.e)
    status = FY_NONE;
  if (status != FY_OK)
    return fail_financial_year (error, whole, status, year);

  *out_start_year = year;
  return TRUE;
}

/* "Q1", "q 1", "Qtr 1", "Quarter 1": sets *@quarter (any number: the caller checks the
 * range) and returns TRUE when @p starts with such a token. */
static gboolean
scan_quarter_token (const char  *p,
                    const char  *e,
                    guint64     *quarter,
                    const char **after)
{
  int n;

  if (starts_with_ci (p, e, "quarter"))
    p += 7;
  else if (starts_with_ci (p, e, "qtr"))
    p += 3;
  else if (starts_with_ci (p, e, "q"))
    p += 1;
  else
    return FALSE;

  p = skip_spaces (p, e);
  p = scan_digits (p, e, quarter, &n);
  if (n == 0)
    return FALSE;
  *after = p;
  return TRUE;
}

/* "M01", "M1", "Month 1": a financial month, April being 1. */
static gboolean
scan_financial_month_token (const char  *p,
                            const char  *e,
                            guint64     *month,
                            const char **after)
{
  int n;

  if (starts_with_ci (p, e, "month"))
    p += 5;
  else if (starts_with_ci (p, e, "m"))
    p += 1;
  else
    return FALSE;

  p = skip_spaces (p, e);
  p = scan_digits (p, e, month, &n);
  if (n == 0 || n > 2)
    return FALSE;
  *after = p;
  return TRUE;
}

/**
 * pd_parse_quarter:
 * @text: a quarter of the financial year
 * @out_quarter: (out): 1 to 4; Q1 is April to June
 * @error: the reason when @text is not a quarter
 *
 * Reads "Q1", "q1", "Q 1", "Qtr 1", "Quarter 1" and a bare "1".
 *
 * Returns: %TRUE on success
 */
gboolean
pd_parse_quarter (const char *text,
                  int        *out_quarter,
                  GError    **error)
{
  Span whole;
  const char *after = NULL;
  guint64 quarter = 0;
  int n;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (out_quarter != NULL, FALSE);

  whole = trim (text);
  if (span_is_empty (whole))
    return fail (error, whole, "a quarter is needed");

  if (!scan_quarter_token (whole.s, whole.e, &quarter, &after))
    {
      after = scan_digits (whole.s, whole.e, &quarter, &n);
      if (n == 0)
        after = whole.s;
    }
  if (after == whole.s || after != whole.e)
    return fail (error, whole, "is not a quarter (use Q1 to Q4)");
  if (quarter < 1 || quarter > 4)
    return fail (error, whole, "is not a quarter: there are four, Q1 (April to June) "
                 "to Q4 (January to March)");

  *out_quarter = quarter;
  return TRUE;
}

/* Calendar month of the @n-th month (1-based) of a financial year. */
static int
financial_month_to_calendar (int n)
{
  return (n + 2) % 12 + 1;
}

/* Calendar year and month → the financial year it lies in. */
static int
financial_year_of (int year,
                   int month)
{
  return month >= 4 ? year : year - 1;
}

/* Calendar months written with a year: "2009-04", "2009-04-01" (any ISO date, a time
 * allowed), "04/2009", "Apr 2009", "April 2009", "Apr-09". Returns FALSE when @whole is
 * not one of these; sets @error only when it is one but invalid. */
static gboolean
scan_calendar_month (Span     whole,
                     int     *out_year,
                     int     *out_month,
                     gboolean *matched,
                     GError **error)
{
  const char *p = whole.s;
  const char *e = whole.e;
  const char *after;
  guint64 n1, n2;
  int d1, d2;
  int month;

  *matched = FALSE;

  if ((month = scan_month_name (p, e, &after)) > 0)
    {
      p = after;
      if (p < e && (*p == '-' || *p == '/' || *p == ' '))
        p = skip_spaces (p + 1, e);
      p = scan_digits (p, e, &n2, &d2);
      if (p != e || (d2 != 2 && d2 != 4))
        return FALSE;
      *matched = TRUE;
      if (d2 == 2)
        n2 = expand_two_digit_year (n2);
      if (n2 < MIN_YEAR || n2 > MAX_YEAR)
        return fail (error, whole, "is out of range (years %d to %d)", MIN_YEAR, MAX_YEAR);
      *out_year = n2;
      *out_month = month;
      return TRUE;
    }

  p = scan_digits (p, e, &n1, &d1);
  if (d1 == 4 && p < e && *p == '-')
    {
      p = scan_digits (p + 1, e, &n2, &d2);
      if (d2 != 2)
        return FALSE;
      if (p < e && *p == '-')
        {
          GDate date;

          *matched = TRUE;
          if (!pd_parse_date (whole.s, PD_DATE_ORDER_DMY, &date, error))
            return FALSE;
          *out_year = g_date_get_year (&date);
          *out_month = g_date_get_month (&date);
          return TRUE;
        }
      if (p != e)
        return FALSE;
      *matched = TRUE;
    }
  else if ((d1 == 1 || d1 == 2) && p < e && *p == '/')
    {
      guint64 swap;

      p = scan_digits (p + 1, e, &n2, &d2);
      if (d2 != 4 || p != e)
        return FALSE;
      *matched = TRUE;
      swap = n1;
      n1 = n2;
      n2 = swap;
    }
  else
    return FALSE;

  /* n1 is the year and n2 the month. */
  if (n1 < MIN_YEAR || n1 > MAX_YEAR)
    return fail (error, whole, "is out of range (years %d to %d)", MIN_YEAR, MAX_YEAR);
  if (n2 < 1 || n2 > 12)
    return fail (error, whole, "is not a month: there is no month %" G_GUINT64_FORMAT, n2);
  *out_year = n1;
  *out_month = n2;
  return TRUE;
}

/**
 * pd_parse_period:
 * @text: a monthly, quarterly or annual period
 * @out: (out caller-allocates): the period
 * @error: the reason when @text is not a period
 *
 * Monthly: "2009-04", an ISO date such as "2009-04-01" (its month), "04/2009",
 * "Apr 2009", "April 2009", "Apr-09", "2009/10 M01" (financial month 1, April 2009).
 * Quarterly: "2009/10 Q1", "2009-10 Q1", "2009/10Q1", "Q1 2009/10". Annual: any form
 * pd_parse_financial_year() accepts, except that "2009-10" is read as the ISO month
 * October 2009: the financial year is then written "2009/10".
 *
 * Returns: %TRUE on success
 */
gboolean
pd_parse_period (const char *text,
                 PdPeriod   *out,
                 GError    **error)
{
  GError *local_error = NULL;
  Span whole;
  const char *p;
  const char *e;
  const char *after = NULL;
  gboolean matched = FALSE;
  guint64 token = 0;
  gboolean is_quarter = FALSE;
  gboolean has_token = FALSE;
  int year = 0;
  int month = 0;
  FyStatus status;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  whole = trim (text);
  p = whole.s;
  e = whole.e;
  if (p == e)
    return fail (error, whole, "a period is needed");

  if (scan_calendar_month (whole, &year, &month, &matched, &local_error))
    {
      out->kind = PD_PERIOD_MONTH;
      out->year = year;
      out->month = month;
      return TRUE;
    }
  if (matched)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }

  /* A quarter or financial month before the year: "Q1 2009/10". */
  if (scan_quarter_token (p, e, &token, &after))
    is_quarter = has_token = TRUE;
  else if (scan_financial_month_token (p, e, &token, &after))
    has_token = TRUE;
  if (has_token)
    {
      p = skip_spaces (after, e);
      if (p < e && *p == '-')
        p = skip_spaces (p + 1, e);
    }

  status = scan_financial_year (p, e, &year, &after);
  if (status != FY_OK)
    {
      if (status == FY_NONE && !has_token)
        return fail (error, whole, "is not a period (use 2009-04, 2009/10 Q1 or 2009/10)");
      return fail_financial_year (error, whole, status, year);
    }
  p = after;

  /* … or after it: "2009/10 Q1", "2009/10-Q1", "2009/10 M01". */
  if (!has_token && p < e)
    {
      p = skip_spaces (p, e);
      if (p < e && *p == '-')
        p = skip_spaces (p + 1, e);
      if (scan_quarter_token (p, e, &token, &after))
        is_quarter = has_token = TRUE;
      else if (scan_financial_month_token (p, e, &token, &after))
        has_token = TRUE;
      else
        return fail (error, whole, "is not a period (use 2009-04, 2009/10 Q1 or 2009/10)");
      p = after;
    }
  if (p != e)
    return fail (error, whole, "is not a period (use 2009-04, 2009/10 Q1 or 2009/10)");

  if (!has_token)
    {
      out->kind = PD_PERIOD_YEAR;
      out->year = year;
      out->month = G_DATE_APRIL;
      return TRUE;
    }
  if (is_quarter)
    {
      if (token < 1 || token > 4)
        return fail (error, whole, "has no such quarter (Q1 to Q4)");
      month = financial_month_to_calendar ((token - 1) * 3 + 1);
      out->kind = PD_PERIOD_QUARTER;
    }
  else
    {
      if (token < 1 || token > 12)
        return fail (error, whole, "has no such month of the financial year (M01 to M12)");
      month = financial_month_to_calendar (token);
      out->kind = PD_PERIOD_MONTH;
    }
  out->year = month >= 4 ? year : year + 1;
  out->month = month;
  return TRUE;
}

/**
 * pd_parse_month:
 * @text: a month within @financial_year
 * @financial_year: the year in which the financial year starts
 * @out_year: (out): the calendar year of the month
 * @out_month: (out): the calendar month, 1 to 12
 * @error: the reason when @text is not a month of that financial year
 *
 * Reads month names ("Apr", "April"), calendar month numbers ("4", "04": April),
 * financial month numbers ("M01", "M1", "Month 1": April) and months with a year, which
 * must then lie in @financial_year ("2009-04", "04/2009", "Apr-09", "Apr 2009").
 *
 * Returns: %TRUE on success
 */
gboolean
pd_parse_month (const char *text,
                int         financial_year,
                int        *out_year,
                int        *out_month,
                GError    **error)
{
  Span whole;
  const char *after = NULL;
  guint64 number = 0;
  PdPeriod period;
  int month = 0;
  int n;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (out_year != NULL, FALSE);
  g_return_val_if_fail (out_month != NULL, FALSE);

  whole = trim (text);
  if (span_is_empty (whole))
    return fail (error, whole, "a month is needed");

  if ((month = scan_month_name (whole.s, whole.e, &after)) > 0 && after == whole.e)
    ;
  else if ((after = scan_digits (whole.s, whole.e, &number, &n)) == whole.e && n <= 2)
    {
      if (number < 1 || number > 12)
        return fail (error, whole, "is not a month (1 to 12)");
      month = number;
    }
  else if (scan_financial_month_token (whole.s, whole.e, &number, &after)
           && after == whole.e)
    {
      if (number < 1 || number > 12)
        return fail (error, whole, "is not a month of the financial year (M01 to M12)");
      month = financial_month_to_calendar (number);
    }
  else
    {
      g_autoptr(GError) period_error = NULL;

      if (!pd_parse_period (text, &period, &period_error)
          || period.kind != PD_PERIOD_MONTH)
        return fail (error, whole, "is not a month (use Apr, 4, M01 or 2009-04)");
      if (financial_year_of (period.year, period.month) != financial_year)
        return fail (error, whole, "is not in the financial year %d/%02d",
                     financial_year, (financial_year + 1) % 100);
      month = period.month;
    }

  *out_year = month >= 4 ? financial_year : financial_year + 1;
  *out_month = month;
  return TRUE;
}

/**
 * pd_period_to_string:
 * @period: a period
 *
 * Returns: (transfer full): the canonical text: "2009-04" for a month, "2009/10 Q1" for
 *   a quarter, "2009/10" for a financial year
 */
char *
pd_period_to_string (const PdPeriod *period)
{
  int fy;

  g_return_val_if_fail (period != NULL, NULL);

  fy = financial_year_of (period->year, period->month);
  switch (period->kind)
    {
    case PD_PERIOD_MONTH:
      return g_strdup_printf ("%04d-%02d", period->year, period->month);
    case PD_PERIOD_QUARTER:
      return g_strdup_printf ("%04d/%02d Q%d", fy, (fy + 1) % 100,
                              ((period->month + 8) % 12) / 3 + 1);
    case PD_PERIOD_YEAR:
      return g_strdup_printf ("%04d/%02d", fy, (fy + 1) % 100);
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * pd_period_get_start_date:
 * @period: a period
 * @out: (out caller-allocates): its first day
 *
 * Sets @out to the first day of @period.
 */
void
pd_period_get_start_date (const PdPeriod *period,
                          GDate          *out)
{
  g_return_if_fail (period != NULL);
  g_return_if_fail (out != NULL);

  g_date_clear (out, 1);
  g_date_set_dmy (out, 1, period->month, period->year);
}

/* ---- headers --------------------------------------------------------------------- */

/**
 * pd_header_normalise:
 * @text: a header cell
 *
 * Brings a header to the form in which headers and their aliases are compared: lower
 * case, without white space (no-break spaces included), dashes, underscores, dots or
 * byte-order marks, so "Org Code", "org_code" and "ORG-CODE" all become "orgcode".
 *
 * Returns: (transfer full): the normalised header
 */
char *
pd_header_normalise (const char *text)
{
  g_autofree char *valid = NULL;
  GString *out;

  g_return_val_if_fail (text != NULL, NULL);

  valid = g_utf8_make_valid (text, -1);
  out = g_string_sized_new (strlen (valid));
  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || c == '-' || c == '_' || c == '.' || c == 0xFEFF
          || (c >= 0x2010 && c <= 0x2015) || c == 0x2212)
        continue;
      g_string_append_unichar (out, g_unichar_tolower (c));
    }
  return g_string_free (out, FALSE);
}
