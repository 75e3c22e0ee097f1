/* pd-cli-intervals.c — pctdash-cli ci and funnel: intervals and funnel limits from a CSV file
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "pd-cli-commands.h"
#include "import/pd-csv-reader.h"
#include "import/pd-parse.h"
#include "stats/pd-funnel.h"
#include "stats/pd-intervals.h"

/* ---- Reading ------------------------------------------------------------------------ */

/* The columns a command looks for, by normalised header name. */
typedef enum
{
  COL_UNIT,
  COL_NUMERATOR,
  COL_DENOMINATOR,
  N_COLS,
} Column;

static const char *const column_names[N_COLS] = { "unit", "numerator", "denominator" };

/* The whole file: its header and rows kept as text (for ci, which echoes them), and
 * the two numbers of each row. */
typedef struct
{
  const char *path;
  gboolean    proportion;    /* a numerator may not exceed its denominator */
  gboolean    header_done;
  int         columns[N_COLS];
  GPtrArray  *header;        /* char * */
  GPtrArray  *rows;          /* GPtrArray of char *, the cells as read */
  GArray     *numerators;    /* double, NaN when suppressed */
  GArray     *denominators;  /* double, NaN when suppressed; 1 when there is no column */
  GArray     *row_numbers;   /* guint64, each data row's number in the file */
} Table;

static void
table_clear (Table *table)
{
  g_clear_pointer (&table->header, g_ptr_array_unref);
  g_clear_pointer (&table->rows, g_ptr_array_unref);
  g_clear_pointer (&table->numerators, g_array_unref);
  g_clear_pointer (&table->denominators, g_array_unref);
  g_clear_pointer (&table->row_numbers, g_array_unref);
}

static gboolean
row_error (GError      **error,
           const Table  *table,
           const PdRow  *row,
           Column        column,
           const char   *message)
{
  g_autofree char *base = g_path_get_basename (table->path);

  g_set_error (error, PD_IMPORT_ERROR, PD_IMPORT_ERROR_INVALID, "%s: row %" G_GUINT64_FORMAT
               ", column %s: %s", base, row->number, column_names[column], message);
  return FALSE;
}

static const char *
cell_text (const PdRow *row,
           int          column)
{
  if (column < 0 || (guint) column >= row->n_cells)
    return "";
  return row->cells[column].text;
}

/* A number; NaN when empty or suppressed ("*", "-", "..", …); negative numbers are bad
 * input, since neither counts nor denominators can be. */
static gboolean
parse_count (const Table  *table,
             const PdRow  *row,
             Column        column,
             double       *out,
             GError      **error)
{
  const char *text = cell_text (row, table->columns[column]);
  g_autoptr(GError) local_error = NULL;

  *out = NAN;
  if (pd_parse_suppression (text) != NULL)
    return TRUE;
  if (!pd_parse_number (text, out, &local_error))
    return row_error (error, table, row, column, local_error->message);
  if (*out < 0)
    {
      g_autofree char *message = g_strdup_printf ("“%s” is negative", text);

      return row_error (error, table, row, column, message);
    }
  return TRUE;
}

static gboolean
read_header (Table        *table,
             const PdRow  *row,
             GError      **error)
{
  g_autofree char *base = g_path_get_basename (table->path);

  for (guint c = 0; c < N_COLS; c++)
    table->columns[c] = -1;

  for (guint i = 0; i < row->n_cells; i++)
    {
      g_autofree char *name = pd_header_normalise (row->cells[i].text);

      g_ptr_array_add (table->header, g_strdup (row->cells[i].text));
      for (guint c = 0; c < N_COLS; c++)
        {
          if (strcmp (name, column_names[c]) != 0)
            continue;
          if (table->columns[c] >= 0)
            {
              g_set_error (error, PD_IMPORT_ERROR, PD_IMPORT_ERROR_INVALID,
                           "%s: the column “%s” appears twice", base, column_names[c]);
              return FALSE;
            }
          table->columns[c] = i;
        }
    }

  if (table->columns[COL_NUMERATOR] < 0)
    {
      g_set_error (error, PD_IMPORT_ERROR, PD_IMPORT_ERROR_INVALID,
                   "%s: no “numerator” column", base);
      return FALSE;
    }
  if (table->columns[COL_DENOMINATOR] < 0 && table->proportion)
    {
      g_set_error (error, PD_IMPORT_ERROR, PD_IMPORT_ERROR_INVALID,
                   "%s: no “denominator” column, which a proportion needs", base);
      return FALSE;
    }

  table->header_done = TRUE;
  return TRUE;
}

static gboolean
read_row_cb (const PdRow  *row,
             gpointer      user_data,
             GError      **error)
{
  Table *table = user_data;
  GPtrArray *cells;
  double numerator, denominator = 1.0;

  if (!table->header_done)
    return read_header (table, row, error);

  if (!parse_count (table, row, COL_NUMERATOR, &numerator, error))
    return FALSE;
  if (table->columns[COL_DENOMINATOR] >= 0 &&
      !parse_count (table, row, COL_DENOMINATOR, &denominator, error))
    return FALSE;
  if (table->proportion && numerator > denominator)
    {
      g_autofree char *message = g_strdup_printf ("%s is more than its denominator %s, which "
                                                   "a proportion cannot be",
                                                   cell_text (row, table->columns[COL_NUMERATOR]),
                                                   cell_text (row, table->columns[COL_DENOMINATOR]));

      return row_error (error, table, row, COL_NUMERATOR, message);
    }

  cells = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < row->n_cells; i++)
    g_ptr_array_add (cells, g_strdup (row->cells[i].text));
  g_ptr_array_add (table->rows, cells);
  g_array_append_val (table->numerators, numerator);
  g_array_append_val (table->denominators, denominator);
  g_array_append_val (table->row_numbers, row->number);
  return TRUE;
}

/* Reads @path into @table. An empty file, or one with only a header, is an empty table,
 * not an error. */
static gboolean
table_read (Table       *table,
            const char  *path,
            gboolean     proportion,
            GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  table->path = path;
  table->proportion = proportion;
  table->header = g_ptr_array_new_with_free_func (g_free);
  table->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  table->numerators = g_array_new (FALSE, FALSE, sizeof (double));
  table->denominators = g_array_new (FALSE, FALSE, sizeof (double));
  table->row_numbers = g_array_new (FALSE, FALSE, sizeof (guint64));
  for (guint c = 0; c < N_COLS; c++)
    table->columns[c] = -1;

  if (!pd_csv_read_file (path, NULL, read_row_cb, table, NULL, NULL, &local_error))
    {
      if (g_error_matches (local_error, PD_IMPORT_ERROR, PD_IMPORT_ERROR_EMPTY))
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

static gboolean
write_output (const char *command,
              GString    *out)
{
  if (fwrite (out->str, 1, out->len, stdout) != out->len || fflush (stdout) != 0)
    {
      pd_cli_error (command, "could not write the output");
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_multiplier (const char *command,
                  const char *text,
                  double     *out)
{
  g_autoptr(GError) error = NULL;

  if (text == NULL)
    return TRUE;
  if (!pd_parse_number (text, out, &error))
    {
      pd_cli_error (command, "--multiplier: %s", error->message);
      return FALSE;
    }
  if (!(*out > 0))
    {
      pd_cli_error (command, "--multiplier must be above 0 (got %s)", text);
      return FALSE;
    }
  return TRUE;
}

static void
print_json_member (GString    *out,
                   const char *name,
                   double      value)
{
  g_string_append_printf (out, ",\"%s\":", name);
  pd_cli_print_json_double (out, value);
}

/* ---- ci ----------------------------------------------------------------------------- */

/* Whether an input column is echoed: the ones ci adds are replaced, not repeated. */
static gboolean
ci_echoes_column (const Table *table,
                  guint        i)
{
  g_autofree char *name = pd_header_normalise (g_ptr_array_index (table->header, i));

  return strcmp (name, "value") != 0 && strcmp (name, "lower") != 0 &&
         strcmp (name, "upper") != 0;
}

static void
print_ci_csv (GString          *out,
              const Table      *table,
              const PdInterval *intervals)
{
  gboolean any = FALSE;

  for (guint i = 0; i < table->header->len; i++)
    {
      if (!ci_echoes_column (table, i))
        continue;
      pd_cli_print_csv_field (out, g_ptr_array_index (table->header, i));
      g_string_append_c (out, ',');
      any = TRUE;
    }
  if (!any)
    g_string_append (out, "numerator,denominator,");
  g_string_append (out, "value,lower,upper\n");

  for (guint r = 0; r < table->rows->len; r++)
    {
      GPtrArray *cells = g_ptr_array_index (table->rows, r);

      for (guint i = 0; i < table->header->len; i++)
        {
          if (!ci_echoes_column (table, i))
            continue;
          if (i < cells->len)
            pd_cli_print_csv_field (out, g_ptr_array_index (cells, i));
          g_string_append_c (out, ',');
        }
      pd_cli_print_double (out, intervals[r].value);
      g_string_append_c (out, ',');
      pd_cli_print_double (out, intervals[r].lower);
      g_string_append_c (out, ',');
      pd_cli_print_double (out, intervals[r].upper);
      g_string_append_c (out, '\n');
    }
}

static void
print_ci_json (GString          *out,
               const Table      *table,
               const PdInterval *intervals,
               PdCiMethod        method)
{
  g_string_append (out, "[");
  for (guint r = 0; r < table->rows->len; r++)
    {
      GPtrArray *cells = g_ptr_array_index (table->rows, r);
      double numerator = g_array_index (table->numerators, double, r);
      double denominator = g_array_index (table->denominators, double, r);
      const char *name = pd_ci_method_to_string (method);

      /* Say which interval "poisson" chose, as PHE's tables do. */
      if (method == PD_CI_POISSON && !isnan (numerator))
        name = numerator < PD_CI_BYAR_MIN_EVENTS ? "exact-poisson" : "byar";

      g_string_append (out, r == 0 ? "\n  {" : ",\n  {");
      for (guint i = 0; i < table->header->len; i++)
        {
          if (!ci_echoes_column (table, i) || (int) i == table->columns[COL_NUMERATOR] ||
              (int) i == table->columns[COL_DENOMINATOR])
            continue;
          pd_cli_print_json_string (out, g_ptr_array_index (table->header, i));
          g_string_append_c (out, ':');
          pd_cli_print_json_string (out, i < cells->len ? g_ptr_array_index (cells, i) : "");
          g_string_append_c (out, ',');
        }
      g_string_append (out, "\"numerator\":");
      pd_cli_print_json_double (out, numerator);
      print_json_member (out, "denominator", denominator);
      print_json_member (out, "value", intervals[r].value);
      print_json_member (out, "lower", intervals[r].lower);
      print_json_member (out, "upper", intervals[r].upper);
      g_string_append (out, ",\"method\":");
      pd_cli_print_json_string (out, name);
      g_string_append_c (out, '}');
    }
  g_string_append (out, table->rows->len == 0 ? "]\n" : "\n]\n");
}

/**
 * pd_cli_ci:
 * @argc: the argument count
 * @argv: the arguments, argv[0] being "pctdash-cli ci"
 *
 * `pctdash-cli ci FILE.csv`: reads numerator and denominator (absent for plain counts),
 * and prints every input column with value, lower and upper added.
 *
 * Returns: 0, or 1 for bad input, 2 for bad usage.
 */
int
pd_cli_ci (int    argc,
           char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *method_text = NULL;
  g_autofree char *level_text = NULL;
  g_autofree char *multiplier_text = NULL;
  g_autofree PdInterval *intervals = NULL;
  gboolean json = FALSE;
  PdCiMethod method = PD_CI_WILSON;
  PdConfidenceLevel level = PD_LEVEL_95;
  double multiplier = 1.0;
  Table table = { 0 };
  int status;
  const GOptionEntry entries[] = {
    { "method", 0, 0, G_OPTION_ARG_STRING, &method_text,
      "wilson (the default) or exact-binomial for proportions; byar, exact-poisson or "
      "poisson (exact below 10 events, Byar's from 10, as PHE does; the default without a "
      "denominator column) for counts and rates", "METHOD" },
    { "level", 0, 0, G_OPTION_ARG_STRING, &level_text,
      "Confidence level: 95 (the default) or 99.8", "LEVEL" },
    { "multiplier", 0, 0, G_OPTION_ARG_STRING, &multiplier_text,
      "Multiply values and limits, e.g. 100 for percentages, 100000 for rates per 100,000 "
      "(default 1)", "M" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Write JSON instead of CSV", NULL },
    { NULL }
  };

  context = g_option_context_new ("FILE.csv — confidence intervals for proportions, counts and rates");
  g_option_context_set_summary (context,
                                "Reads columns numerator and denominator (for a plain count "
                                "the denominator column may be left out: it is 1) and prints "
                                "each row with value, lower and upper added, at full "
                                "precision. Empty or suppressed cells (*, -, ..) give empty "
                                "results; an empty file gives an empty table. See "
                                "docs/statistics.md.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!pd_cli_parse (context, &argc, &argv, &status))
    return status;

  if (argc != 2)
    {
      pd_cli_error ("ci", "give one CSV file, e.g. pctdash-cli ci counts.csv");
      return PD_CLI_EXIT_USAGE;
    }
  if (method_text != NULL && !pd_ci_parse_method (method_text, &method))
    {
      pd_cli_error ("ci", "unknown method “%s”: use wilson, exact-binomial, byar, "
                    "exact-poisson or poisson", method_text);
      return PD_CLI_EXIT_USAGE;
    }
  if (level_text != NULL && !pd_stats_parse_level (level_text, &level))
    {
      pd_cli_error ("ci", "unknown level “%s”: use 95 or 99.8", level_text);
      return PD_CLI_EXIT_USAGE;
    }
  if (!parse_multiplier ("ci", multiplier_text, &multiplier))
    return PD_CLI_EXIT_USAGE;

  /* Without a method and without a denominator column the rows are plain counts. A
   * first pass over the header would be needed to know; reading as counts and checking
   * afterwards gives the same answer, since counts accept everything proportions do. */
  if (!table_read (&table, argv[1], method_text != NULL && pd_ci_method_is_proportion (method),
                   &error))
    {
      pd_cli_error ("ci", "%s", error->message);
      table_clear (&table);
      return PD_CLI_EXIT_BAD_INPUT;
    }
  if (method_text == NULL && table.header_done && table.columns[COL_DENOMINATOR] < 0)
    method = PD_CI_POISSON;
  if (method_text == NULL && pd_ci_method_is_proportion (method))
    {
      /* The default is Wilson: check now what a proportion needs. */
      for (guint r = 0; r < table.numerators->len; r++)
        {
          if (g_array_index (table.numerators, double, r) >
              g_array_index (table.denominators, double, r))
            {
              g_autofree char *base = g_path_get_basename (argv[1]);

              pd_cli_error ("ci", "%s: row %" G_GUINT64_FORMAT ": the numerator is more than "
                            "its denominator, which a proportion cannot be (for rates use "
                            "--method poisson)", base, g_array_index (table.row_numbers, guint64, r));
              table_clear (&table);
              return PD_CLI_EXIT_BAD_INPUT;
            }
        }
    }

  intervals = g_new (PdInterval, table.numerators->len + 1);
  pd_ci_compute_array (method, (const double *) table.numerators->data,
                       (const double *) table.denominators->data, table.numerators->len,
                       level, multiplier, intervals);

  if (json)
    print_ci_json (out, &table, intervals, method);
  else
    print_ci_csv (out, &table, intervals);
  table_clear (&table);

  return write_output ("ci", out) ? PD_CLI_EXIT_OK : PD_CLI_EXIT_BAD_INPUT;
}

/* ---- funnel ------------------------------------------------------------------------- */

static const char *
unit_name (const Table *table,
           guint        r,
           char         buffer[32])
{
  GPtrArray *cells = g_ptr_array_index (table->rows, r);
  int c = table->columns[COL_UNIT];

  if (c >= 0 && (guint) c < cells->len)
    return g_ptr_array_index (cells, c);
  /* Without a unit column, units are named by their data row. */
  g_snprintf (buffer, 32, "%u", r + 1);
  return buffer;
}

static void
print_limits_csv (GString              *out,
                  const PdFunnelLimits *limits)
{
  const double values[] = { limits->lcl95, limits->ucl95, limits->lcl998, limits->ucl998 };

  for (gsize i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_string_append_c (out, ',');
      pd_cli_print_double (out, values[i]);
    }
}

static void
print_limits_json (GString              *out,
                   const char           *prefix,
                   const PdFunnelLimits *limits)
{
  g_autofree char *lcl95 = g_strconcat (prefix, "lcl95", NULL);
  g_autofree char *ucl95 = g_strconcat (prefix, "ucl95", NULL);
  g_autofree char *lcl998 = g_strconcat (prefix, "lcl998", NULL);
  g_autofree char *ucl998 = g_strconcat (prefix, "ucl998", NULL);

  print_json_member (out, lcl95, limits->lcl95);
  print_json_member (out, ucl95, limits->ucl95);
  print_json_member (out, lcl998, limits->lcl998);
  print_json_member (out, ucl998, limits->ucl998);
}

static void
print_units_csv (GString        *out,
                 const Table    *table,
                 const PdFunnel *funnel)
{
  g_string_append (out, "unit,numerator,denominator,value,lcl95,ucl95,lcl998,ucl998,"
                        "od_lcl95,od_ucl95,od_lcl998,od_ucl998,classification\n");
  for (guint r = 0; r < funnel->n_units; r++)
    {
      const PdFunnelUnit *unit = &funnel->units[r];
      char buffer[32];

      pd_cli_print_csv_field (out, unit_name (table, r, buffer));
      g_string_append_c (out, ',');
      pd_cli_print_double (out, unit->numerator);
      g_string_append_c (out, ',');
      pd_cli_print_double (out, unit->denominator);
      g_string_append_c (out, ',');
      pd_cli_print_double (out, unit->value);
      print_limits_csv (out, &unit->limits);
      print_limits_csv (out, &unit->od_limits);
      g_string_append_printf (out, ",%s\n", pd_funnel_class_to_string (unit->classification));
    }
}

static void
print_units_json (GString        *out,
                  const Table    *table,
                  const PdFunnel *funnel)
{
  g_string_append (out, "[");
  for (guint r = 0; r < funnel->n_units; r++)
    {
      const PdFunnelUnit *unit = &funnel->units[r];
      char buffer[32];

      g_string_append (out, r == 0 ? "\n  {\"unit\":" : ",\n  {\"unit\":");
      pd_cli_print_json_string (out, unit_name (table, r, buffer));
      print_json_member (out, "numerator", unit->numerator);
      print_json_member (out, "denominator", unit->denominator);
      print_json_member (out, "value", unit->value);
      print_limits_json (out, "", &unit->limits);
      print_limits_json (out, "od_", &unit->od_limits);
      print_json_member (out, "z", unit->z);
      g_string_append_printf (out, ",\"trimmed\":%s,\"low_volume\":%s,\"classification\":\"%s\"}",
                              unit->trimmed ? "true" : "false",
                              unit->low_volume ? "true" : "false",
                              pd_funnel_class_to_string (unit->classification));
    }
  g_string_append (out, funnel->n_units == 0 ? "]\n" : "\n]\n");
}

static void
print_summary (GString        *out,
               const PdFunnel *funnel,
               gboolean        json)
{
  double target = funnel->target * funnel->options.multiplier;

  if (json)
    {
      g_string_append (out, "{\"target\":");
      pd_cli_print_json_double (out, target);
      g_string_append_printf (out, ",\"n\":%zu,\"n_used\":%zu", funnel->n, funnel->n_used);
      print_json_member (out, "phi", funnel->phi);
      print_json_member (out, "tau2", funnel->tau2);
      g_string_append_printf (out, ",\"adjusted\":%s}\n", funnel->adjusted ? "true" : "false");
      return;
    }

  g_string_append (out, "target,n,n_used,phi,tau2,adjusted\n");
  pd_cli_print_double (out, target);
  g_string_append_printf (out, ",%zu,%zu,", funnel->n, funnel->n_used);
  pd_cli_print_double (out, funnel->phi);
  g_string_append_c (out, ',');
  pd_cli_print_double (out, funnel->tau2);
  g_string_append_printf (out, ",%d\n", funnel->adjusted);
}

typedef struct
{
  const char *path;
  GArray     *denominators;
  gboolean    first;
} LimitsReader;

static gboolean
read_limits_row_cb (const PdRow  *row,
                    gpointer      user_data,
                    GError      **error)
{
  LimitsReader *reader = user_data;
  const char *text = row->n_cells > 0 ? row->cells[0].text : "";
  gboolean first = reader->first;
  g_autoptr(GError) local_error = NULL;
  double value;

  reader->first = FALSE;
  if (pd_parse_suppression (text) != NULL)
    return TRUE;
  if (!pd_parse_number (text, &value, &local_error))
    {
      g_autofree char *base = NULL;

      /* A first row that is not a number is the column's header. */
      if (first)
        return TRUE;
      base = g_path_get_basename (reader->path);
      g_set_error (error, PD_IMPORT_ERROR, PD_IMPORT_ERROR_INVALID,
                   "%s: row %" G_GUINT64_FORMAT ": %s", base, row->number, local_error->message);
      return FALSE;
    }
  g_array_append_val (reader->denominators, value);
  return TRUE;
}

static void
print_limit_table (GString        *out,
                   const PdFunnel *funnel,
                   GArray         *denominators,
                   gboolean        json)
{
  guint n = denominators->len;
  g_autofree PdFunnelLimits *limits = g_new (PdFunnelLimits, n + 1);
  g_autofree PdFunnelLimits *od_limits = g_new (PdFunnelLimits, n + 1);
  double target = funnel->target * funnel->options.multiplier;

  pd_funnel_limit_table (funnel, (const double *) denominators->data, n, limits, od_limits);

  if (!json)
    g_string_append (out, "denominator,target,lcl95,ucl95,lcl998,ucl998,"
                          "od_lcl95,od_ucl95,od_lcl998,od_ucl998\n");
  else
    g_string_append (out, "[");

  for (guint i = 0; i < n; i++)
    {
      double denominator = g_array_index (denominators, double, i);

      if (json)
        {
          g_string_append (out, i == 0 ? "\n  {\"denominator\":" : ",\n  {\"denominator\":");
          pd_cli_print_json_double (out, denominator);
          print_json_member (out, "target", target);
          print_limits_json (out, "", &limits[i]);
          print_limits_json (out, "od_", &od_limits[i]);
          g_string_append_c (out, '}');
          continue;
        }
      pd_cli_print_double (out, denominator);
      g_string_append_c (out, ',');
      pd_cli_print_double (out, target);
      print_limits_csv (out, &limits[i]);
      print_limits_csv (out, &od_limits[i]);
      g_string_append_c (out, '\n');
    }

  if (json)
    g_string_append (out, n == 0 ? "]\n" : "\n]\n");
}

/* Tells the user which units have too few expected events for their limits to mean
 * much; the table itself keeps the columns the issue fixed. */
static void
warn_low_volume (const Table    *table,
                 const PdFunnel *funnel)
{
  g_autoptr(GString) names = g_string_new (NULL);
  guint count = 0;

  for (guint r = 0; r < funnel->n_units; r++)
    {
      char buffer[32];

      if (!funnel->units[r].low_volume)
        continue;
      if (count < 10)
        g_string_append_printf (names, "%s%s", count > 0 ? ", " : "",
                                unit_name (table, r, buffer));
      count++;
    }
  if (count == 0)
    return;
  pd_cli_error ("funnel", "warning: %u unit%s with fewer than %g expected events, where the "
                "limits say little: %s%s", count, count == 1 ? "" : "s",
                funnel->options.low_volume, names->str, count > 10 ? ", …" : "");
}

/**
 * pd_cli_funnel:
 * @argc: the argument count
 * @argv: the arguments, argv[0] being "pctdash-cli funnel"
 *
 * `pctdash-cli funnel FILE.csv`: reads unit, numerator and denominator (the expected
 * count for ratios), and prints each unit's value, limits at its denominator, adjusted
 * limits and classification; or with --summary the centre line and overdispersion; or
 * with --limits-at the limit table at a list of denominators.
 *
 * Returns: 0, or 1 for bad input, 2 for bad usage.
 */
int
pd_cli_funnel (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(PdFunnel) funnel = NULL;
  g_autofree char *type_text = NULL;
  g_autofree char *multiplier_text = NULL;
  g_autofree char *od_text = NULL;
  g_autofree char *trim_text = NULL;
  g_autofree char *target_text = NULL;
  g_autofree char *poisson_text = NULL;
  g_autofree char *limits_at = NULL;
  gboolean json = FALSE, summary = FALSE;
  PdFunnelType type = PD_FUNNEL_PROPORTION;
  PdFunnelOptions options;
  Table table = { 0 };
  int status;
  const GOptionEntry entries[] = {
    { "type", 0, 0, G_OPTION_ARG_STRING, &type_text,
      "proportion (the default: Wilson-based limits around the pooled proportion), ratio "
      "(observed over expected, around 1) or rate (events per population, around the pooled "
      "rate)", "TYPE" },
    { "multiplier", 0, 0, G_OPTION_ARG_STRING, &multiplier_text,
      "Multiply values and limits, e.g. 100 for percentages (default 1)", "M" },
    { "overdispersion", 0, 0, G_OPTION_ARG_STRING, &od_text,
      "none (the default), shmi (log scale, truncation), cqc (square-root scale, "
      "winsorisation) or winsorise (log scale, or arcsine for proportions, winsorisation)",
      "METHOD" },
    { "trim", 0, 0, G_OPTION_ARG_STRING, &trim_text,
      "Share of z-scores trimmed at each end before φ (default 0.1)", "SHARE" },
    { "target", 0, 0, G_OPTION_ARG_STRING, &target_text,
      "Centre line, multiplied like the values (default: the pooled value, 1 for ratios)", "X" },
    { "poisson-limits", 0, 0, G_OPTION_ARG_STRING, &poisson_text,
      "Poisson limits for ratios and rates: phe (the default, as Fingertips) or funnelplotr",
      "METHOD" },
    { "summary", 0, 0, G_OPTION_ARG_NONE, &summary,
      "One row: target, n, n_used, phi, tau2, adjusted", NULL },
    { "limits-at", 0, 0, G_OPTION_ARG_FILENAME, &limits_at,
      "Print the limits at each denominator listed in FILE (one column) instead", "FILE" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Write JSON instead of CSV", NULL },
    { NULL }
  };

  context = g_option_context_new ("FILE.csv — funnel plot limits and overdispersion");
  g_option_context_set_summary (context,
                                "Reads columns unit, numerator and denominator (the expected "
                                "count for ratios) and prints each unit with its value, 95 % "
                                "and 99.8 % limits at its denominator, the limits adjusted for "
                                "overdispersion (empty with --overdispersion none) and its "
                                "classification: above_99.8, above_95, within, below_95, "
                                "below_99.8, or none for a suppressed row. See "
                                "docs/statistics.md.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!pd_cli_parse (context, &argc, &argv, &status))
    return status;

  if (argc != 2)
    {
      pd_cli_error ("funnel", "give one CSV file, e.g. pctdash-cli funnel providers.csv");
      return PD_CLI_EXIT_USAGE;
    }
  if (summary && limits_at != NULL)
    {
      pd_cli_error ("funnel", "give --summary or --limits-at, not both");
      return PD_CLI_EXIT_USAGE;
    }
  if (type_text != NULL && !pd_funnel_parse_type (type_text, &type))
    {
      pd_cli_error ("funnel", "unknown type “%s”: use proportion, ratio or rate", type_text);
      return PD_CLI_EXIT_USAGE;
    }
  pd_funnel_options_init (&options, type);
  if (!parse_multiplier ("funnel", multiplier_text, &options.multiplier))
    return PD_CLI_EXIT_USAGE;
  if (od_text != NULL && !pd_funnel_parse_overdispersion (od_text, &options.overdispersion))
    {
      pd_cli_error ("funnel", "unknown overdispersion method “%s”: use none, shmi, cqc or "
                    "winsorise", od_text);
      return PD_CLI_EXIT_USAGE;
    }
  if (poisson_text != NULL && !pd_funnel_parse_poisson_limits (poisson_text, &options.poisson_limits))
    {
      pd_cli_error ("funnel", "unknown Poisson limits “%s”: use phe or funnelplotr", poisson_text);
      return PD_CLI_EXIT_USAGE;
    }
  if (trim_text != NULL)
    {
      if (!pd_parse_number (trim_text, &options.trim, &error) || options.trim < 0 ||
          options.trim >= 0.5)
        {
          pd_cli_error ("funnel", "--trim must be a share from 0 up to (not including) 0.5, "
                        "e.g. 0.1 (got %s)", trim_text);
          return PD_CLI_EXIT_USAGE;
        }
    }
  if (target_text != NULL)
    {
      if (!pd_parse_number (target_text, &options.target, &error) || options.target < 0)
        {
          pd_cli_error ("funnel", "--target must be a number of 0 or more (got %s)", target_text);
          return PD_CLI_EXIT_USAGE;
        }
      options.target /= options.multiplier;
      if (type == PD_FUNNEL_PROPORTION && options.target > 1)
        {
          pd_cli_error ("funnel", "--target %s is above 100 %% of the multiplier", target_text);
          return PD_CLI_EXIT_USAGE;
        }
    }

  if (!table_read (&table, argv[1], type == PD_FUNNEL_PROPORTION, &error))
    {
      pd_cli_error ("funnel", "%s", error->message);
      table_clear (&table);
      return PD_CLI_EXIT_BAD_INPUT;
    }
  if (table.header_done && table.columns[COL_DENOMINATOR] < 0)
    {
      pd_cli_error ("funnel", "%s: no “denominator” column", argv[1]);
      table_clear (&table);
      return PD_CLI_EXIT_BAD_INPUT;
    }

  funnel = pd_funnel_compute ((const double *) table.numerators->data,
                              (const double *) table.denominators->data,
                              table.numerators->len, &options);

  if (limits_at != NULL)
    {
      g_autoptr(GArray) denominators = g_array_new (FALSE, FALSE, sizeof (double));
      LimitsReader reader = { limits_at, denominators, TRUE };

      if (!pd_csv_read_file (limits_at, NULL, read_limits_row_cb, &reader, NULL, NULL, &error) &&
          !g_error_matches (error, PD_IMPORT_ERROR, PD_IMPORT_ERROR_EMPTY))
        {
          pd_cli_error ("funnel", "%s", error->message);
          table_clear (&table);
          return PD_CLI_EXIT_BAD_INPUT;
        }
      print_limit_table (out, funnel, denominators, json);
    }
  else if (summary)
    {
      print_summary (out, funnel, json);
    }
  else
    {
      warn_low_volume (&table, funnel);
      if (json)
        print_units_json (out, &table, funnel);
      else
        print_units_csv (out, &table, funnel);
    }
  table_clear (&table);

  return write_output ("funnel", out) ? PD_CLI_EXIT_OK : PD_CLI_EXIT_BAD_INPUT;
}
