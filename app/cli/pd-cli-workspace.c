/* pd-cli-workspace.c — pctdash-cli demo, import and info
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "pd-cli-commands.h"
#include "import/pd-demo.h"
#include "import/pd-importer.h"
#include "store/pd-workspace.h"

/* "£1,234,567.89" (or "-£5.00") from pence. */
static char *
format_pounds (gint64 pence)
{
  g_autoptr(GString) digits = g_string_new (NULL);
  guint64 magnitude = pence < 0 ? (guint64) -(pence + 1) + 1 : (guint64) pence;
  g_autofree char *whole = g_strdup_printf ("%" G_GUINT64_FORMAT, magnitude / 100);
  gsize len = strlen (whole);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (digits, ',');
      g_string_append_c (digits, whole[i]);
    }
  return g_strdup_printf ("%s£%s.%02u", pence < 0 ? "-" : "", digits->str,
                          (guint) (magnitude % 100));
}

static void
print_progress_cb (double   fraction,
                   gpointer user_data)
{
  int *last = user_data;
  int percent = (int) (fraction * 100);

  /* Only for a person at a terminal; never clutters a pipe or a log. */
  if (percent != *last)
    {
      *last = percent;
      fprintf (stderr, "\r%3d %%", percent);
      if (percent >= 100)
        fprintf (stderr, "\r      \r");
    }
}

int
pd_cli_demo (int    argc,
             char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PdWorkspace) workspace = NULL;
  g_autoptr(PdWorkspaceSummary) summary = NULL;
  g_autofree char *data_dir = NULL;
  int last = -1;
  int status;
  const GOptionEntry entries[] = {
    { "data", 0, 0, G_OPTION_ARG_FILENAME, &data_dir,
      "Folder of the demo CSVs (default: the bundled demo region)", "DIR" },
    { NULL }
  };

  context = g_option_context_new ("OUT.pctdash — build the demo workspace");
  g_option_context_set_summary (context,
                                "Builds a workspace of the fictional demo region from its CSVs, "
                                "through the same importer as any other file.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!pd_cli_parse (context, &argc, &argv, &status))
    return status;

  if (argc != 2)
    {
      pd_cli_error ("demo", "give one output file, e.g. pctdash-cli demo demo.pctdash");
      return PD_CLI_EXIT_USAGE;
    }

  if (!pd_demo_build (data_dir, argv[1], isatty (fileno (stderr)) ? print_progress_cb : NULL,
                      &last, NULL, &error))
    {
      pd_cli_error ("demo", "%s", error->message);
      return PD_CLI_EXIT_BAD_INPUT;
    }

  workspace = pd_workspace_open (argv[1], PD_WORKSPACE_OPEN_READ_ONLY, &error);
  summary = workspace != NULL ? pd_workspace_query_summary (workspace, &error) : NULL;
  if (summary == NULL)
    {
      pd_cli_error ("demo", "%s", error->message);
      return PD_CLI_EXIT_BAD_INPUT;
    }

  printf ("Built %s: %" G_GINT64_FORMAT " organisations, %" G_GINT64_FORMAT " spend rows, %"
          G_GINT64_FORMAT " indicator values, %" G_GINT64_FORMAT " events.\n",
          argv[1], summary->n_organisations, summary->n_spend, summary->n_indicator_values,
          summary->n_events);
  return PD_CLI_EXIT_OK;
}

int
pd_cli_import (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(PdWorkspace) workspace = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all_problems = NULL;
  g_autofree char *workspace_path = NULL;
  g_autofree char *kind_name = NULL;
  g_autofree char *errors_path = NULL;
  PdImportOptions options = { PD_KIND_UNKNOWN, FALSE, FALSE, FALSE };
  gboolean failed = FALSE;
  int status;
  const GOptionEntry entries[] = {
    { "workspace", 'w', 0, G_OPTION_ARG_FILENAME, &workspace_path,
      "The workspace (created when missing)", "FILE" },
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind_name,
      "The kind of data, instead of detecting it: organisations, spend, allocations, "
      "cquin_schemes, cquin_achievement, indicators, indicator_values, events", "KIND" },
    { "replace", 0, 0, G_OPTION_ARG_NONE, &options.replace,
      "Replace an earlier import of the same file (same contents or same name)", NULL },
    { "errors", 0, 0, G_OPTION_ARG_FILENAME, &errors_path,
      "Write every problem found to this CSV file", "FILE.csv" },
    { "create-organisations", 0, 0, G_OPTION_ARG_NONE, &options.create_organisations,
      "Create organisations that are not in the workspace yet, with a warning", NULL },
    { "us-dates", 0, 0, G_OPTION_ARG_NONE, &options.us_dates,
      "Read nn/nn/yyyy dates as month/day/year", NULL },
    { NULL }
  };

  context = g_option_context_new ("FILE… — import CSV or Excel files into a workspace");
  g_option_context_set_summary (context,
                                "Each file is imported whole or not at all. A file with any bad "
                                "row imports nothing and every bad row is listed.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!pd_cli_parse (context, &argc, &argv, &status))
    return status;

  if (workspace_path == NULL || argc < 2)
    {
      pd_cli_error ("import", "give a workspace with -w and at least one file");
      return PD_CLI_EXIT_USAGE;
    }
  if (kind_name != NULL)
    {
      options.kind = pd_kind_from_string (kind_name);
      if (options.kind == PD_KIND_UNKNOWN)
        {
          pd_cli_error ("import", "unknown kind “%s”", kind_name);
          return PD_CLI_EXIT_USAGE;
        }
    }

  /* WRITABLE: while another pctdash holds the workspace, say so now rather than open it
   * read-only and fail after reading the files. */
  workspace = pd_workspace_open (workspace_path,
                                 PD_WORKSPACE_OPEN_CREATE | PD_WORKSPACE_OPEN_WRITABLE, &error);
  if (workspace == NULL)
    {
      pd_cli_error ("import", "%s", error->message);
      return PD_CLI_EXIT_BAD_INPUT;
    }
  if (pd_workspace_get_filesystem_warning (workspace) != NULL)
    fprintf (stderr, "warning: %s\n", pd_workspace_get_filesystem_warning (workspace));

  all_problems = g_ptr_array_new ();
  for (int i = 1; i < argc; i++)
    {
      g_autoptr(PdImportReport) report = NULL;
      g_autoptr(GString) counts = g_string_new (NULL);
      int last = -1;

      g_clear_error (&error);
      report = pd_import_file (workspace, argv[i], &options,
                               isatty (fileno (stderr)) ? print_progress_cb : NULL, &last,
                               NULL, &error);
      if (error != NULL)
        {
          fprintf (stderr, "%s\n", error->message);
          failed = TRUE;
          if (report != NULL && errors_path != NULL)
            {
              g_autoptr(GError) write_error = NULL;

              if (!pd_import_report_write_problems (report, errors_path, &write_error))
                pd_cli_error ("import", "%s", write_error->message);
              else
                fprintf (stderr, "Every problem is listed in %s.\n", errors_path);
            }
          continue;
        }

      for (guint w = 0; w < report->warnings->len; w++)
        fprintf (stderr, "warning: %s\n", (const char *) g_ptr_array_index (report->warnings, w));
      for (int k = 0; k < PD_N_KINDS; k++)
        if (report->rows[k] > 0)
          g_string_append_printf (counts, "%s%" G_GUINT64_FORMAT " %s", counts->len > 0 ? ", " : "",
                                  report->rows[k], pd_kind_to_string (k));
      printf ("%s: imported %s (import %" G_GINT64_FORMAT ", %s%s%s)\n", report->file_name,
              counts->str, report->import_id, report->format,
              strcmp (report->format, "csv") == 0 ? ", " : "",
              strcmp (report->format, "csv") == 0 ? report->encoding : "");
    }

  return failed ? PD_CLI_EXIT_BAD_INPUT : PD_CLI_EXIT_OK;
}

static void
print_info_json (const PdWorkspaceSummary *summary)
{
  g_autoptr(GString) out = g_string_new ("{\n  \"imports\": [");
  const struct { const char *name; gint64 value; } counts[] = {
    { "organisations", summary->n_organisations },
    { "spend", summary->n_spend },
    { "allocations", summary->n_allocations },
    { "cquin_schemes", summary->n_cquin_schemes },
    { "cquin_achievement", summary->n_cquin_achievement },
    { "indicators", summary->n_indicators },
    { "indicator_values", summary->n_indicator_values },
    { "events", summary->n_events },
  };

  for (guint i = 0; i < summary->imports->len; i++)
    {
      const PdImportRecord *record = g_ptr_array_index (summary->imports, i);
      g_auto(GStrv) kinds = g_strsplit (record->kinds != NULL ? record->kinds : "", ",", -1);

      g_string_append_printf (out, "%s\n    {\"id\": %" G_GINT64_FORMAT ", \"file_name\": ",
                              i > 0 ? "," : "", record->id);
      pd_cli_print_json_string (out, record->file_name);
      g_string_append (out, ", \"sha256\": ");
      pd_cli_print_json_string (out, record->sha256);
      g_string_append (out, ", \"imported_at\": ");
      pd_cli_print_json_string (out, record->imported_at);
      g_string_append (out, ", \"format\": ");
      pd_cli_print_json_string (out, record->format);
      g_string_append (out, ", \"encoding\": ");
      pd_cli_print_json_string (out, record->encoding);
      g_string_append (out, ", \"kinds\": [");
      for (guint k = 0; kinds[k] != NULL && kinds[k][0] != '\0'; k++)
        {
          if (k > 0)
            g_string_append (out, ", ");
          pd_cli_print_json_string (out, kinds[k]);
        }
      g_string_append_printf (out, "], \"rows\": %" G_GINT64_FORMAT "}", record->rows);
    }
  g_string_append (out, summary->imports->len > 0 ? "\n  ],\n  \"counts\": {" : "],\n  \"counts\": {");
  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    g_string_append_printf (out, "%s\n    \"%s\": %" G_GINT64_FORMAT, i > 0 ? "," : "",
                            counts[i].name, counts[i].value);
  g_string_append_printf (out, "\n  },\n  \"periods\": {\"first\": ");
  pd_cli_print_json_string (out, summary->first_period);
  g_string_append (out, ", \"last\": ");
  pd_cli_print_json_string (out, summary->last_period);
  g_string_append_printf (out, "},\n  \"totals\": {\n"
                          "    \"spend_pence\": %" G_GINT64_FORMAT ",\n"
                          "    \"allocation_pence\": %" G_GINT64_FORMAT ",\n"
                          "    \"indicator_numerator\": ",
                          summary->spend_pence, summary->allocation_pence);
  pd_cli_print_json_double (out, summary->indicator_numerator);
  g_string_append (out, ",\n    \"indicator_denominator\": ");
  pd_cli_print_json_double (out, summary->indicator_denominator);
  g_string_append_printf (out, ",\n    \"event_count\": %" G_GINT64_FORMAT "\n  }\n}\n",
                          summary->event_count);
  fputs (out->str, stdout);
}

static void
print_info_text (const char               *path,
                 const PdWorkspaceSummary *summary)
{
  g_autofree char *spend = format_pounds (summary->spend_pence);
  g_autofree char *allocation = format_pounds (summary->allocation_pence);

  printf ("Workspace %s\n\n", path);
  printf ("Imports:\n");
  if (summary->imports->len == 0)
    printf ("  none yet\n");
  for (guint i = 0; i < summary->imports->len; i++)
    {
      const PdImportRecord *record = g_ptr_array_index (summary->imports, i);

      printf ("  %3" G_GINT64_FORMAT "  %-28s %s  %-12s %-18s %8" G_GINT64_FORMAT " rows  %.12s…\n",
              record->id, record->file_name, record->imported_at, record->encoding,
              record->kinds != NULL ? record->kinds : "", record->rows, record->sha256);
    }

  printf ("\nRows:\n"
          "  organisations      %10" G_GINT64_FORMAT "\n"
          "  spend              %10" G_GINT64_FORMAT "\n"
          "  allocations        %10" G_GINT64_FORMAT "\n"
          "  cquin_schemes      %10" G_GINT64_FORMAT "\n"
          "  cquin_achievement  %10" G_GINT64_FORMAT "\n"
          "  indicators         %10" G_GINT64_FORMAT "\n"
          "  indicator_values   %10" G_GINT64_FORMAT "\n"
          "  events             %10" G_GINT64_FORMAT "\n",
          summary->n_organisations, summary->n_spend, summary->n_allocations,
          summary->n_cquin_schemes, summary->n_cquin_achievement, summary->n_indicators,
          summary->n_indicator_values, summary->n_events);

  printf ("\nPeriods: %s to %s\n",
          summary->first_period != NULL ? summary->first_period : "none",
          summary->last_period != NULL ? summary->last_period : "none");

  /* Fifteen significant digits: sums of decimals such as 0.1 print as written
   * (9367240263.4, not 9367240263.3999996); --json keeps every digit. */
  printf ("\nControl totals:\n"
          "  spend                  %s\n"
          "  allocations            %s\n"
          "  indicator numerators   %.15g\n"
          "  indicator denominators %.15g\n"
          "  events                 %" G_GINT64_FORMAT "\n",
          spend, allocation, summary->indicator_numerator, summary->indicator_denominator,
          summary->event_count);
}

int
pd_cli_info (int    argc,
             char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(PdWorkspace) workspace = NULL;
  g_autoptr(PdWorkspaceSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *workspace_path = NULL;
  gboolean json = FALSE;
  int status;
  const GOptionEntry entries[] = {
    { "workspace", 'w', 0, G_OPTION_ARG_FILENAME, &workspace_path, "The workspace", "FILE" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON", NULL },
    { NULL }
  };

  context = g_option_context_new ("— what a workspace holds");
  g_option_context_set_summary (context,
                                "Lists the imports with their lineage, the rows of each kind, the "
                                "periods covered and the control totals to reconcile against the "
                                "source systems.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!pd_cli_parse (context, &argc, &argv, &status))
    return status;

  if (workspace_path == NULL || argc != 1)
    {
      pd_cli_error ("info", "give a workspace with -w");
      return PD_CLI_EXIT_USAGE;
    }

  workspace = pd_workspace_open (workspace_path, PD_WORKSPACE_OPEN_READ_ONLY, &error);
  if (workspace != NULL && pd_workspace_get_filesystem_warning (workspace) != NULL)
    fprintf (stderr, "warning: %s\n", pd_workspace_get_filesystem_warning (workspace));
  if (workspace != NULL)
    summary = pd_workspace_query_summary (workspace, &error);
  if (summary == NULL)
    {
      pd_cli_error ("info", "%s", error->message);
      return PD_CLI_EXIT_BAD_INPUT;
    }

  if (json)
    print_info_json (summary);
  else
    print_info_text (workspace_path, summary);
  return PD_CLI_EXIT_OK;
}
