/* pd-cli-export.c — pctdash-cli export: the board pack as an Excel workbook
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "pd-cli-commands.h"
#include "export/pd-board-pack.h"
#include "store/pd-workspace.h"

/* "2010/11" or "2010" (the financial year's first calendar year). */
static gboolean
parse_year (const char *text,
            int        *out_year)
{
  int year = 0, next = 0;
  char tail;

  if (sscanf (text, "%d/%d%c", &year, &next, &tail) == 2)
    {
      if (next != (year + 1) % 100)
        return FALSE;
    }
  else if (sscanf (text, "%d%c", &year, &tail) != 1)
    return FALSE;
  if (year < 1948 || year > 2200)
    return FALSE;
  *out_year = year;
  return TRUE;
}

int
pd_cli_export (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PdWorkspace) workspace = NULL;
  g_autofree char *workspace_path = NULL;
  g_autofree char *pack_path = NULL;
  g_autofree char *commissioner = NULL;
  g_autofree char *provider = NULL;
  g_autofree char *period = NULL;
  g_autofree char *marking = NULL;
  g_autofree char *sections = NULL;
  g_autofree char *previous = NULL;
  gboolean no_charts = FALSE;
  gboolean public_pack = FALSE;
  gboolean pdf;
  int small_number = 5;
  PdBoardPackOptions options;
  int status;
  const GOptionEntry entries[] = {
    { "workspace", 'w', 0, G_OPTION_ARG_FILENAME, &workspace_path,
      "The workspace to read", "WORKSPACE" },
    { "pack", 0, 0, G_OPTION_ARG_FILENAME, &pack_path,
      "The board pack to write: an .xlsx workbook or a .pdf", "OUT.xlsx" },
    { "commissioner", 0, 0, G_OPTION_ARG_STRING, &commissioner,
      "The commissioner's code (default: the first with spend in the year)", "C" },
    { "provider", 0, 0, G_OPTION_ARG_STRING, &provider,
      "The provider of the quality sheets (default: the commissioner's largest CQUIN "
      "contract)", "P" },
    { "period", 0, 0, G_OPTION_ARG_STRING, &period,
      "The financial year, e.g. 2011/12 (default: the latest with spend)", "P" },
    { "marking", 0, 0, G_OPTION_ARG_STRING, &marking,
      "The protective marking on the cover and every footer (default: OFFICIAL)", "TEXT" },
    { "sections", 0, 0, G_OPTION_ARG_STRING, &sections,
      "Only these sections after the cover and contents, e.g. summary,scorecard: summary, "
      "scorecard, spend, outlook, cquin, safety, effectiveness, experience, benchmarks, "
      "exceptions, sources", "LIST" },
    { "previous", 0, 0, G_OPTION_ARG_FILENAME, &previous,
      "An earlier .xlsx pack: the summary lists the indicators whose variation or "
      "assurance changed since", "PACK.xlsx" },
    { "no-charts", 0, 0, G_OPTION_ARG_NONE, &no_charts,
      "Leave out the chart images and native charts (tables only)", NULL },
    { "public", 0, 0, G_OPTION_ARG_NONE, &public_pack,
      "For publication: small counts shown as *, and what would reveal them left out", NULL },
    { "small-number", 0, 0, G_OPTION_ARG_INT, &small_number,
      "With --public: counts below this are small (default 5)", "N" },
    { NULL }
  };

  context = g_option_context_new ("— write the board pack");
  g_option_context_set_summary (context,
                                "Writes one commissioner's board pack as a print-ready Excel "
                                "workbook. See docs/board-pack.md.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!pd_cli_parse (context, &argc, &argv, &status))
    return status;

  if (argc != 1)
    {
      pd_cli_error ("export", "unexpected argument “%s”", argv[1]);
      return PD_CLI_EXIT_USAGE;
    }
  if (workspace_path == NULL || pack_path == NULL)
    {
      pd_cli_error ("export", "give -w WORKSPACE and --pack OUT.xlsx");
      return PD_CLI_EXIT_USAGE;
    }
  pdf = g_str_has_suffix (pack_path, ".pdf");
  if (!pdf && !g_str_has_suffix (pack_path, ".xlsx"))
    {
      pd_cli_error ("export", "“%s” does not end in .xlsx or .pdf", pack_path);
      return PD_CLI_EXIT_USAGE;
    }
  if (pdf && no_charts)
    {
      pd_cli_error ("export", "--no-charts is for .xlsx packs: a PDF pack is its charts");
      return PD_CLI_EXIT_USAGE;
    }
  pd_board_pack_options_init (&options);
  if (period != NULL && !parse_year (period, &options.year))
    {
      pd_cli_error ("export", "--period: “%s” is not a financial year such as 2011/12", period);
      return PD_CLI_EXIT_USAGE;
    }
  if (sections != NULL && !pd_board_pack_parse_sections (sections, &options.sections, &error))
    {
      pd_cli_error ("export", "--sections: %s", error->message);
      return PD_CLI_EXIT_USAGE;
    }
  options.commissioner = commissioner;
  options.previous_pack = previous;
  options.provider = provider;
  options.marking = marking;
  options.charts = !no_charts;
  if (small_number < 2 || small_number > 1000)
    {
      pd_cli_error ("export", "--small-number: %d is not between 2 and 1000", small_number);
      return PD_CLI_EXIT_USAGE;
    }
  options.public_pack = public_pack;
  options.small_number = (guint) small_number;

  workspace = pd_workspace_open (workspace_path, PD_WORKSPACE_OPEN_READ_ONLY, &error);
  if (workspace == NULL)
    {
      pd_cli_error ("export", "%s", error->message);
      return PD_CLI_EXIT_BAD_INPUT;
    }
  if (!(pdf ? pd_board_pack_write_pdf (workspace, &options, pack_path, NULL, &error)
            : pd_board_pack_write (workspace, &options, pack_path, NULL, &error)))
    {
      pd_cli_error ("export", "%s", error->message);
      return PD_CLI_EXIT_BAD_INPUT;
    }
  return PD_CLI_EXIT_OK;
}
