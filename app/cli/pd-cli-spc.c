/* pd-cli-spc.c — pctdash-cli spc: Making Data Count SPC charts from a CSV file
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "pd-cli-commands.h"
#include "pd-cli-spc-series.h"
#include "import/pd-csv-reader.h"
#include "import/pd-parse.h"
#include "stats/pd-spc.h"

typedef enum
{
  COL_DATE,
  COL_VALUE,
  COL_TARGET,
  COL_REBASE,
  COL_GHOST,
  COL_FACET,
  COL_NUMERATOR,
  COL_DENOMINATOR,
  N_COLS,
} Column;

static const char *const column_names[N_COLS] = {
  "date", "value", "target", "rebase", "ghost", "facet", "numerator", "denominator",
};

/* One series: the rows of one facet, in time order once sorted. */
typedef struct
{
  char            *name;
  GArray          *values;  /* double: the value, or the numerator for p′ and u′ */
  GArray          *extra;   /* PdSpcPointInput */
  GPtrArray       *dates;   /* char *, as written in the file */
  GArray          *days;    /* guint32 Julian day for sorting, 0 when unparsed */
  gboolean         all_dated;
  PdSpcResult     *result;
} Facet;

typedef struct
{
  const char  *path;
  PdSpcChart   chart;
  double       target;
  int          columns[N_COLS];  /* 0-based index of each column, −1 when absent */
  gboolean     header_done;
  GPtrArray   *facets;           /* Facet *, in order of first appearance */
  GHashTable  *by_name;          /* name → Facet * (borrowed) */
} Reader;

static void
facet_free (gpointer data)
{
  Facet *facet = data;

  g_free (facet->name);
  g_array_unref (facet->values);
  g_array_unref (facet->extra);
  g_ptr_array_unref (facet->dates);
  g_array_unref (facet->days);
  g_clear_pointer (&facet->result, pd_spc_result_free);
  g_free (facet);
}

static const char *
cell_text (const PdRow *row,
           int          column)
{
  if (column < 0 || (guint) column >= row->n_cells)
    return "";
  return row->cells[column].text;
}

static gboolean
row_error (GError      **error,
           const Reader *reader,
           const PdRow  *row,
           Column        column,
           const char   *message)
{
  g_autofree char *base = g_path_get_basename (reader->path);

  g_set_error (error, PD_IMPORT_ERROR, PD_IMPORT_ERROR_INVALID, "%s: row %" G_GUINT64_FORMAT
               ", column %s: %s", base, row->number, column_names[column], message);
  return FALSE;
}

/* A number, or NaN when empty or suppressed ("*", "-", "..", …). */
static gboolean
parse_optional_number (const Reader  *reader,
                       const PdRow   *row,
                       Column         column,
                       double        *out,
                       GError       **error)
{
  const char *text = cell_text (row, reader->columns[column]);
  g_autoptr(GError) local_error = NULL;

  *out = NAN;
  if (pd_parse_suppression (text) != NULL)
    return TRUE;
  if (!pd_parse_number (text, out, &local_error))
    return row_error (error, reader, row, column, local_error->message);
  return TRUE;
}

static gboolean
parse_flag (const Reader  *reader,
            const PdRow   *row,
            Column         column,
            gboolean      *out,
            GError       **error)
{
  const char *text = cell_text (row, reader->columns[column]);

  if (*text == '\0' || strcmp (text, "0") == 0 || g_ascii_strcasecmp (text, "false") == 0 ||
      g_ascii_strcasecmp (text, "no") == 0)
    *out = FALSE;
  else if (strcmp (text, "1") == 0 || g_ascii_strcasecmp (text, "true") == 0 ||
           g_ascii_strcasecmp (text, "yes") == 0)
    *out = TRUE;
  else
    {
      g_autofree char *message = g_strdup_printf ("“%s” is not 0 or 1", text);

      return row_error (error, reader, row, column, message);
    }
  return TRUE;
}

/* Days since 1 January 1 for ISO or UK dates and monthly or quarterly periods; 0 when the
 * text is neither, and the facet keeps the file's order. */
static guint32
date_to_day (const char *text)
{
  GDate date;
  PdPeriod period;

  g_date_clear (&date, 1);
  if (pd_parse_date (text, PD_DATE_ORDER_DMY, &date, NULL))
    return g_date_get_julian (&date);
  if (pd_parse_period (text, &period, NULL))
    {
      pd_period_get_start_date (&period, &date);
      return g_date_get_julian (&date);
    }
  return 0;
}

static gboolean
read_header (Reader       *reader,
             const PdRow  *row,
             GError      **error)
{
  g_autofree char *base = g_path_get_basename (reader->path);

  for (guint c = 0; c < N_COLS; c++)
    reader->columns[c] = -1;

  for (guint i = 0; i < row->n_cells; i++)
    {
      g_autofree char *name = pd_header_normalise (row->cells[i].text);

      for (guint c = 0; c < N_COLS; c++)
        {
          if (strcmp (name, column_names[c]) != 0)
            continue;
          if (reader->columns[c] >= 0)
            {
              g_set_error (error, PD_IMPORT_ERROR, PD_IMPORT_ERROR_INVALID,
                           "%s: the column “%s” appears twice", base, column_names[c]);
              return FALSE;
            }
          reader->columns[c] = i;
        }
    }

  if (reader->columns[COL_DATE] < 0)
    {
      g_set_error (error, PD_IMPORT_ERROR, PD_IMPORT_ERROR_INVALID,
                   "%s: no “date” column", base);
      return FALSE;
    }
  if (reader->chart == PD_SPC_CHART_XMR && reader->columns[COL_VALUE] < 0)
    {
      g_set_error (error, PD_IMPORT_ERROR, PD_IMPORT_ERROR_INVALID,
                   "%s: no “value” column", base);
      return FALSE;
    }
  if (reader->chart != PD_SPC_CHART_XMR)
    {
      /* A count may come as "numerator" or as "value". */
      if (reader->columns[COL_NUMERATOR] < 0)
        reader->columns[COL_NUMERATOR] = reader->columns[COL_VALUE];
      if (reader->columns[COL_NUMERATOR] < 0 || reader->columns[COL_DENOMINATOR] < 0)
        {
          g_set_error (error, PD_IMPORT_ERROR, PD_IMPORT_ERROR_INVALID,
                       "%s: p′ and u′ charts need “numerator” (or “value”) and “denominator” "
                       "columns", base);
          return FALSE;
        }
    }

  reader->header_done = TRUE;
  return TRUE;
}

static gboolean
read_row_cb (const PdRow  *row,
             gpointer      user_data,
             GError      **error)
{
  Reader *reader = user_data;
  const char *facet_name, *date;
  PdSpcPointInput extra = { NAN, NAN, FALSE, FALSE };
  double value;
  Facet *facet;
  guint32 day;

  if (!reader->header_done)
    return read_header (reader, row, error);

  if (reader->chart == PD_SPC_CHART_XMR)
    {
      if (!parse_optional_number (reader, row, COL_VALUE, &value, error))
        return FALSE;
    }
  else
    {
      if (!parse_optional_number (reader, row, COL_NUMERATOR, &value, error) ||
          !parse_optional_number (reader, row, COL_DENOMINATOR, &extra.denominator, error))
        return FALSE;
      /* A suppressed denominator makes the point missing, as a zero one does. */
      if (isnan (extra.denominator))
        extra.denominator = 0;
    }
  if (!parse_optional_number (reader, row, COL_TARGET, &extra.target, error) ||
      !parse_flag (reader, row, COL_REBASE, &extra.rebase, error) ||
      !parse_flag (reader, row, COL_GHOST, &extra.ghost, error))
    return FALSE;
  if (isnan (extra.target))
    extra.target = reader->target;

  facet_name = cell_text (row, reader->columns[COL_FACET]);
  facet = g_hash_table_lookup (reader->by_name, facet_name);
  if (facet == NULL)
    {
      facet = g_new0 (Facet, 1);
      facet->name = g_strdup (facet_name);
      facet->values = g_array_new (FALSE, FALSE, sizeof (double));
      facet->extra = g_array_new (FALSE, FALSE, sizeof (PdSpcPointInput));
      facet->dates = g_ptr_array_new_with_free_func (g_free);
      facet->days = g_array_new (FALSE, FALSE, sizeof (guint32));
      facet->all_dated = TRUE;
      g_ptr_array_add (reader->facets, facet);
      g_hash_table_insert (reader->by_name, facet->name, facet);
    }

  date = cell_text (row, reader->columns[COL_DATE]);
  day = date_to_day (date);
  if (day == 0)
    facet->all_dated = FALSE;

  g_array_append_val (facet->values, value);
  g_array_append_val (facet->extra, extra);
  g_ptr_array_add (facet->dates, g_strdup (date));
  g_array_append_val (facet->days, day);
  return TRUE;
}

typedef struct
{
  guint32 day;
  guint   row;
} SortKey;

static int
compare_keys (gconstpointer a,
              gconstpointer b)
{
  const SortKey *ka = a, *kb = b;

  if (ka->day != kb->day)
    return ka->day < kb->day ? -1 : 1;
  return ka->row < kb->row ? -1 : ka->row > kb->row;
}

/* Puts a facet's rows in date order (ties keep the file's order) when every date parses;
 * otherwise the file's order is the time order. */
static void
facet_sort (Facet *facet)
{
  guint n = facet->values->len;
  g_autofree SortKey *keys = NULL;
  g_autoptr(GArray) values = NULL;
  g_autoptr(GArray) extra = NULL;
  g_autoptr(GPtrArray) dates = NULL;

  if (!facet->all_dated || n < 2)
    return;

  keys = g_new (SortKey, n);
  for (guint i = 0; i < n; i++)
    keys[i] = (SortKey) { g_array_index (facet->days, guint32, i), i };
  qsort (keys, n, sizeof (SortKey), compare_keys);

  values = g_array_sized_new (FALSE, FALSE, sizeof (double), n);
  extra = g_array_sized_new (FALSE, FALSE, sizeof (PdSpcPointInput), n);
  dates = g_ptr_array_new_full (n, g_free);
  for (guint i = 0; i < n; i++)
    {
      guint r = keys[i].row;

      g_array_append_val (values, g_array_index (facet->values, double, r));
      g_array_append_val (extra, g_array_index (facet->extra, PdSpcPointInput, r));
      g_ptr_array_add (dates, g_steal_pointer (&g_ptr_array_index (facet->dates, r)));
    }
  for (guint i = 0; i < n; i++)
    g_array_index (facet->days, guint32, i) = keys[i].day;

  g_array_unref (facet->values);
  g_array_unref (facet->extra);
  g_ptr_array_unref (facet->dates);
  facet->values = g_steal_pointer (&values);
  facet->extra = g_steal_pointer (&extra);
  facet->dates = g_steal_pointer (&dates);
}

static void
print_points_csv (GString   *out,
                  GPtrArray *facets)
{
  g_string_append (out, "facet,date,value,mean,lpl,upl,lower_2sigma,upper_2sigma,partition,"
                        "ghost,outside_limits,rule,point_type\n");
  for (guint f = 0; f < facets->len; f++)
    {
      Facet *facet = g_ptr_array_index (facets, f);
      const PdSpcResult *result = facet->result;

      for (gsize i = 0; i < result->n_points; i++)
        {
          const PdSpcPoint *p = &result->points[i];

          pd_cli_print_csv_field (out, facet->name);
          g_string_append_c (out, ',');
          pd_cli_print_csv_field (out, g_ptr_array_index (facet->dates, i));
          g_string_append_c (out, ',');
          pd_cli_print_double (out, p->value);
          g_string_append_c (out, ',');
          pd_cli_print_double (out, p->mean);
          g_string_append_c (out, ',');
          pd_cli_print_double (out, p->lpl);
          g_string_append_c (out, ',');
          pd_cli_print_double (out, p->upl);
          g_string_append_c (out, ',');
          pd_cli_print_double (out, p->lower_2sigma);
          g_string_append_c (out, ',');
          pd_cli_print_double (out, p->upper_2sigma);
          g_string_append_printf (out, ",%u,%d,%d,%s,%s\n", p->partition + 1, p->ghost,
                                  (p->rules & PD_SPC_RULE_FLAG_OUTSIDE_LIMITS) != 0,
                                  pd_spc_rule_to_string (p->rule),
                                  pd_spc_point_type_to_string (p->point_type));
        }
    }
}

static void
print_json_member (GString    *out,
                   const char *name,
                   double      value)
{
  g_string_append_printf (out, ",\"%s\":", name);
  pd_cli_print_json_double (out, value);
}

static void
print_points_json (GString   *out,
                   GPtrArray *facets)
{
  gboolean first = TRUE;

  g_string_append (out, "[");
  for (guint f = 0; f < facets->len; f++)
    {
      Facet *facet = g_ptr_array_index (facets, f);
      const PdSpcResult *result = facet->result;

      for (gsize i = 0; i < result->n_points; i++)
        {
          const PdSpcPoint *p = &result->points[i];
          g_autofree char *explanation = pd_spc_point_explain (result, i);

          g_string_append (out, first ? "\n  {\"facet\":" : ",\n  {\"facet\":");
          first = FALSE;
          pd_cli_print_json_string (out, facet->name);
          g_string_append (out, ",\"date\":");
          pd_cli_print_json_string (out, g_ptr_array_index (facet->dates, i));
          print_json_member (out, "value", p->value);
          print_json_member (out, "mean", p->mean);
          print_json_member (out, "lpl", p->lpl);
          print_json_member (out, "upl", p->upl);
          print_json_member (out, "lower_2sigma", p->lower_2sigma);
          print_json_member (out, "upper_2sigma", p->upper_2sigma);
          print_json_member (out, "lower_1sigma", p->lower_1sigma);
          print_json_member (out, "upper_1sigma", p->upper_1sigma);
          print_json_member (out, "moving_range", p->moving_range);
          print_json_member (out, "target", p->target);
          g_string_append_printf (out, ",\"partition\":%u,\"ghost\":%s,\"outside_limits\":%s,"
                                  "\"trial\":%s,\"rule\":\"%s\",\"point_type\":\"%s\","
                                  "\"points_involved\":[%u,%u],\"explanation\":",
                                  p->partition + 1, p->ghost ? "true" : "false",
                                  (p->rules & PD_SPC_RULE_FLAG_OUTSIDE_LIMITS) ? "true" : "false",
                                  p->trial ? "true" : "false",
                                  pd_spc_rule_to_string (p->rule),
                                  pd_spc_point_type_to_string (p->point_type),
                                  p->run_first + 1, p->run_last + 1);
          pd_cli_print_json_string (out, explanation);
          g_string_append_c (out, '}');
        }
    }
  g_string_append (out, first ? "]\n" : "\n]\n");
}

static void
print_summary_csv (GString   *out,
                   GPtrArray *facets)
{
  g_string_append (out, "facet,partition,n,mean,lpl,upl,variation_icon,assurance_icon,"
                        "warnings\n");
  for (guint f = 0; f < facets->len; f++)
    {
      Facet *facet = g_ptr_array_index (facets, f);
      const PdSpcResult *result = facet->result;

      for (guint k = 0; k < result->n_partitions; k++)
        {
          const PdSpcPartition *part = &result->partitions[k];
          g_autofree char *warnings = pd_spc_warnings_to_string (part->warnings);

          pd_cli_print_csv_field (out, facet->name);
          g_string_append_printf (out, ",%u,%u,", k + 1, part->n);
          pd_cli_print_double (out, part->mean);
          g_string_append_c (out, ',');
          pd_cli_print_double (out, part->lpl);
          g_string_append_c (out, ',');
          pd_cli_print_double (out, part->upl);
          g_string_append_printf (out, ",%s,%s,", pd_spc_variation_icon_to_string (part->variation),
                                  pd_spc_assurance_icon_to_string (part->assurance));
          pd_cli_print_csv_field (out, warnings);
          g_string_append_c (out, '\n');
        }
    }
}

static void
print_summary_json (GString   *out,
                    GPtrArray *facets)
{
  gboolean first = TRUE;

  g_string_append (out, "[");
  for (guint f = 0; f < facets->len; f++)
    {
      Facet *facet = g_ptr_array_index (facets, f);
      const PdSpcResult *result = facet->result;

      for (guint k = 0; k < result->n_partitions; k++)
        {
          const PdSpcPartition *part = &result->partitions[k];
          g_autofree char *warnings = pd_spc_warnings_to_string (part->warnings);
          g_auto(GStrv) names = g_strsplit (warnings, ";", -1);

          g_string_append (out, first ? "\n  {\"facet\":" : ",\n  {\"facet\":");
          first = FALSE;
          pd_cli_print_json_string (out, facet->name);
          g_string_append_printf (out, ",\"partition\":%u,\"n\":%u,\"n_baseline\":%u", k + 1,
                                  part->n, part->n_baseline);
          print_json_member (out, "mean", part->mean);
          print_json_member (out, "lpl", part->lpl);
          print_json_member (out, "upl", part->upl);
          print_json_member (out, "lower_2sigma", part->lower_2sigma);
          print_json_member (out, "upper_2sigma", part->upper_2sigma);
          print_json_member (out, "mr_mean", part->mr_mean);
          print_json_member (out, "mr_upl", part->mr_upl);
          print_json_member (out, "target", part->target);
          g_string_append_printf (out, ",\"trial\":%s,\"variation_icon\":\"%s\","
                                  "\"assurance_icon\":\"%s\",\"warnings\":[",
                                  part->trial ? "true" : "false",
                                  pd_spc_variation_icon_to_string (part->variation),
                                  pd_spc_assurance_icon_to_string (part->assurance));
          for (guint w = 0; names[w] != NULL && names[w][0] != '\0'; w++)
            {
              if (w > 0)
                g_string_append_c (out, ',');
              pd_cli_print_json_string (out, names[w]);
            }
          g_string_append (out, "]}");
        }
    }
  g_string_append (out, first ? "]\n" : "\n]\n");
}

static gboolean
parse_length (const char *option,
              int         value,
              guint      *out)
{
  if (value == 0)
    return TRUE;
  if (value < 6 || value > 8)
    {
      pd_cli_error ("spc", "%s must be 6, 7 or 8 (got %d)", option, value);
      return FALSE;
    }
  *out = value;
  return TRUE;
}

/**
 * pd_cli_spc:
 * @argc: the argument count
 * @argv: the arguments, argv[0] being "pctdash-cli spc"
 *
 * `pctdash-cli spc FILE.csv`: reads date,value (and optionally target, rebase, ghost,
 * facet; numerator and denominator for p′ and u′), computes one chart per facet and
 * prints one row per point, or with --summary one per facet and partition.
 *
 * Returns: 0, or 1 for bad input, 2 for bad usage.
 */
int
pd_cli_spc (int    argc,
            char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) facets = g_ptr_array_new_with_free_func (facet_free);
  g_autoptr(GHashTable) by_name = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *preset_text = NULL;
  g_autofree char *improvement_text = NULL;
  g_autofree char *chart_text = NULL;
  g_autofree char *target_text = NULL;
  g_autofree char *workspace_path = NULL;
  g_autofree char *indicator = NULL;
  g_autofree char *provider = NULL;
  gboolean screen = FALSE, no_screen = FALSE, summary = FALSE, json = FALSE;
  gboolean no_stored = FALSE;
  guint applied = 0;
  int fix_after = -1, shift = 0, trend = 0;
  PdSpcOptions options;
  PdSpcPreset preset = PD_SPC_PRESET_MDC;
  Reader reader = { 0 };
  int status;
  const GOptionEntry entries[] = {
    { "preset", 0, 0, G_OPTION_ARG_STRING, &preset_text,
      "Defaults to follow: mdc (Making Data Count, the default), mdc-legacy (before "
      "November 2023) or ptd (NHSRplotthedots 0.2.2)", "PRESET" },
    { "improvement", 0, 0, G_OPTION_ARG_STRING, &improvement_text,
      "Which way is better: increase, decrease or neutral (the default)", "DIRECTION" },
    { "screen-outliers", 0, 0, G_OPTION_ARG_NONE, &screen,
      "Drop moving ranges of 3.267 × their mean or more before the limits", NULL },
    { "no-screen-outliers", 0, 0, G_OPTION_ARG_NONE, &no_screen,
      "Keep every moving range", NULL },
    { "fix-after", 0, 0, G_OPTION_ARG_INT, &fix_after,
      "Limits from the first N points of each partition, carried forward", "N" },
    { "shift", 0, 0, G_OPTION_ARG_INT, &shift,
      "Points in a row on one side of the mean that make a shift: 6, 7 or 8", "N" },
    { "trend", 0, 0, G_OPTION_ARG_INT, &trend,
      "Points rising or falling in a row that make a trend: 6, 7 or 8", "N" },
    { "target", 0, 0, G_OPTION_ARG_STRING, &target_text,
      "A target for every point (a target column wins where it has a value)", "X" },
    { "chart", 0, 0, G_OPTION_ARG_STRING, &chart_text,
      "xmr (the default), p-prime or u-prime (Laney; numerator and denominator columns)",
      "CHART" },
    { "summary", 0, 0, G_OPTION_ARG_NONE, &summary,
      "One row per facet and partition instead of one per point", NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Write JSON instead of CSV", NULL },
    { "workspace", 'w', 0, G_OPTION_ARG_FILENAME, &workspace_path,
      "Read the series from a workspace instead of a CSV file (with --indicator and "
      "--provider), applying the chart's stored baseline, recalculations and ghosts",
      "WORKSPACE" },
    { "indicator", 0, 0, G_OPTION_ARG_STRING, &indicator,
      "With -w: the indicator's code (its polarity and target apply)", "CODE" },
    { "provider", 0, 0, G_OPTION_ARG_STRING, &provider, "With -w: the provider's code",
      "CODE" },
    { "no-stored-changes", 0, 0, G_OPTION_ARG_NONE, &no_stored,
      "With -w: leave out the stored baseline, recalculations and ghosts", NULL },
    { NULL }
  };

  context = g_option_context_new ("FILE.csv — SPC charts as in Making Data Count");
  g_option_context_set_summary (context,
                                "Reads columns date and value, and optionally target, rebase "
                                "(1 starts a new partition), ghost (1 leaves a point out) and "
                                "facet (one chart each). Prints one row per point with full "
                                "precision: mean, limits, 2σ lines, partition, rule and point "
                                "type. See docs/statistics.md.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!pd_cli_parse (context, &argc, &argv, &status))
    return status;

  if (workspace_path != NULL ? argc != 1 : argc != 2)
    {
      pd_cli_error ("spc", "give one CSV file, e.g. pctdash-cli spc values.csv, or -w "
                    "WORKSPACE --indicator CODE --provider CODE");
      return PD_CLI_EXIT_USAGE;
    }
  if ((workspace_path != NULL) != (indicator != NULL && provider != NULL) ||
      (workspace_path == NULL && (indicator != NULL || provider != NULL || no_stored)))
    {
      pd_cli_error ("spc", "-w WORKSPACE goes with --indicator and --provider");
      return PD_CLI_EXIT_USAGE;
    }
  if (workspace_path != NULL && chart_text != NULL)
    {
      pd_cli_error ("spc", "--chart is for CSV files: a workspace series is an XmR chart");
      return PD_CLI_EXIT_USAGE;
    }

  if (preset_text != NULL && !pd_spc_parse_preset (preset_text, &preset))
    {
      pd_cli_error ("spc", "unknown preset “%s”: use mdc, mdc-legacy or ptd", preset_text);
      return PD_CLI_EXIT_USAGE;
    }
  pd_spc_options_init_preset (&options, preset);

  if (improvement_text != NULL &&
      !pd_spc_parse_improvement (improvement_text, &options.improvement))
    {
      pd_cli_error ("spc", "unknown improvement direction “%s”: use increase, decrease or "
                    "neutral", improvement_text);
      return PD_CLI_EXIT_USAGE;
    }
  if (chart_text != NULL && !pd_spc_parse_chart (chart_text, &options.chart))
    {
      pd_cli_error ("spc", "unknown chart “%s”: use xmr, p-prime or u-prime", chart_text);
      return PD_CLI_EXIT_USAGE;
    }
  if (screen && no_screen)
    {
      pd_cli_error ("spc", "give --screen-outliers or --no-screen-outliers, not both");
      return PD_CLI_EXIT_USAGE;
    }
  if (screen || no_screen)
    options.screen_outliers = screen;
  if (fix_after != -1)
    {
      if (fix_after < 2)
        {
          pd_cli_error ("spc", "--fix-after needs at least 2 points (got %d)", fix_after);
          return PD_CLI_EXIT_USAGE;
        }
      options.fix_after = fix_after;
    }
  if (!parse_length ("--shift", shift, &options.shift_length) ||
      !parse_length ("--trend", trend, &options.trend_length))
    return PD_CLI_EXIT_USAGE;
  if (target_text != NULL && !pd_parse_number (target_text, &options.target, &error))
    {
      pd_cli_error ("spc", "--target: %s", error->message);
      return PD_CLI_EXIT_USAGE;
    }

  if (workspace_path != NULL)
    {
      PdCliSpcSeries series = { 0 };
      Facet *facet;

      if (!pd_cli_spc_read_workspace (workspace_path, indicator, provider, !no_stored,
                                      improvement_text != NULL, &options, &series))
        return PD_CLI_EXIT_BAD_INPUT;
      applied = series.applied;
      facet = g_new0 (Facet, 1);
      facet->name = g_strdup (provider);
      facet->values = series.values;
      facet->extra = series.inputs;
      facet->dates = series.dates;
      facet->days = g_array_new (FALSE, FALSE, sizeof (guint32));
      facet->all_dated = TRUE;
      g_ptr_array_add (facets, facet);
      if (applied > 0)
        g_printerr ("pctdash-cli spc: applied %u stored change%s to %s at %s (see "
                    "--no-stored-changes)\n", applied, applied == 1 ? "" : "s", indicator,
                    provider);
      goto compute;
    }

  reader.path = argv[1];
  reader.chart = options.chart;
  /* The constant target travels with each point, so the core sees one per point. */
  reader.target = options.target;
  reader.facets = facets;
  reader.by_name = by_name;
  if (!pd_csv_read_file (argv[1], NULL, read_row_cb, &reader, NULL, NULL, &error))
    {
      pd_cli_error ("spc", "%s", error->message);
      return PD_CLI_EXIT_BAD_INPUT;
    }
  if (!reader.header_done)
    {
      pd_cli_error ("spc", "%s: no header row", argv[1]);
      return PD_CLI_EXIT_BAD_INPUT;
    }

  for (guint f = 0; f < facets->len; f++)
    facet_sort (g_ptr_array_index (facets, f));

compute:
  for (guint f = 0; f < facets->len; f++)
    {
      Facet *facet = g_ptr_array_index (facets, f);

      facet->result = pd_spc_compute ((const double *) facet->values->data, facet->values->len,
                                      (const PdSpcPointInput *) facet->extra->data, &options,
                                      &error);
      if (facet->result == NULL)
        {
          const char *source = workspace_path != NULL ? workspace_path : argv[1];

          if (facet->name[0] != '\0')
            pd_cli_error ("spc", "%s: facet “%s”: %s", source, facet->name, error->message);
          else
            pd_cli_error ("spc", "%s: %s", source, error->message);
          return PD_CLI_EXIT_BAD_INPUT;
        }
    }

  if (summary)
    (json ? print_summary_json : print_summary_csv) (out, facets);
  else
    (json ? print_points_json : print_points_csv) (out, facets);

  if (fwrite (out->str, 1, out->len, stdout) != out->len || fflush (stdout) != 0)
    {
      pd_cli_error ("spc", "could not write the output");
      return PD_CLI_EXIT_BAD_INPUT;
    }

  return PD_CLI_EXIT_OK;
}
