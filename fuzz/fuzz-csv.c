/* fuzz-csv.c — bytes → the CSV reader (encoding detection, libcsv, limits) → every cell
 * through the value parsers the importer uses (numbers, money, dates, periods, …).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "import/pd-csv-reader.h"
#include "import/pd-parse.h"
#include "fuzz-common.h"

static gboolean
on_row (const PdRow *row, gpointer user_data, GError **error)
{
  guint *n_rows = user_data;

  for (guint i = 0; i < row->n_cells; i++)
    {
      const char *text = row->cells[i].text;
      double number;
      gint64 whole;
      int year, month, quarter;
      GDate date;
      PdPeriod period;

      g_assert (strlen (text) == row->cells[i].len);
      g_assert (g_utf8_validate (text, -1, NULL));
      (void) pd_parse_suppression (text);
      pd_parse_number (text, &number, NULL);
      pd_parse_integer (text, &whole, NULL);
      pd_parse_money_pence (text, &whole, NULL);
      pd_parse_date (text, i % 2 ? PD_DATE_ORDER_MDY : PD_DATE_ORDER_DMY, &date, NULL);
      pd_parse_financial_year (text, &year, NULL);
      pd_parse_quarter (text, &quarter, NULL);
      pd_parse_month (text, 2009, &year, &month, NULL);
      if (pd_parse_period (text, &period, NULL))
        g_free (pd_period_to_string (&period));
    }
  /* Stop at a row cap, as a caller may: the error must come back unchanged. */
  if (++*n_rows > 500)
    {
      g_set_error_literal (error, PD_IMPORT_ERROR, PD_IMPORT_ERROR_CANCELLED, "enough rows");
      return FALSE;
    }
  return TRUE;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  /* Small limits, so the size checks are reached too. */
  PdCsvLimits limits = { .max_file_size = 1 << 20, .max_field_size = 4096, .max_columns = 64 };
  g_autoptr(GError) error = NULL;
  g_autofree char *encoding = NULL;
  guint n_rows = 0;

  if (!pd_csv_read_bytes ("fuzz.csv", data, size, &limits, on_row, &n_rows, &encoding,
                          NULL, &error))
    {
      g_assert (error != NULL);
      /* The row cap's own error comes back as it was set; every other names the file. */
      if (n_rows > 500)
        g_assert (g_error_matches (error, PD_IMPORT_ERROR, PD_IMPORT_ERROR_CANCELLED)
                  && strcmp (error->message, "enough rows") == 0);
      else
        g_assert (g_str_has_prefix (error->message, "fuzz.csv"));
    }
  return 0;
}
