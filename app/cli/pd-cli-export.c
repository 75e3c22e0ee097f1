/* pd-cli-export.c — pctdash-cli export: the board pack as an Excel workbook
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "pd-cli-commands.h"
#include "domain/pd-domain.h"
#include "export/pd-board-pack.h"
#include "export/pd-pack-snapshot.h"
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

/* --list-snapshots: name, created, author and what each holds, oldest first. */
static int
list_snapshots (PdWorkspace *workspace)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) snapshots = pd_pack_snapshot_list (workspace, &error);

  if (snapshots == NULL)
    {
      pd_cli_error ("export", "%s", error->message);
      return PD_CLI_EXIT_BAD_INPUT;
    }
  if (snapshots->len == 0)
    {
      printf ("No snapshots are saved in this workspace.\n");
      return PD_CLI_EXIT_OK;
    }
  printf ("%-24s  %-19s  %-12s  %s\n", "Name", "Created (UTC)", "Author", "Parameters");
  for (guint i = 0; i < snapshots->len; i++)
    {
      const PdPackSnapshot *snapshot = g_ptr_array_index (snapshots, i);
      g_autofree char *created = g_strndup (snapshot->created_at, 19);
      g_autofree char *describe = pd_pack_snapshot_describe (snapshot);

      if (strlen (created) > 10)
        created[10] = ' ';
      printf ("%-24s  %-19s  %-12s  %s\n", snapshot->name, created, snapshot->author,
              describe);
    }
  return PD_CLI_EXIT_OK;
}

/* An option given on the command line that a stored snapshot fixes otherwise. */
static gboolean
conflicts (const char *snapshot,
           const char *option,
           const char *given,
           const char *stored)
{
  if (given == NULL || g_strcmp0 (given, stored) == 0)
    return FALSE;
  pd_cli_error ("export", "--snapshot: “%s” was saved with %s %s; %s %s conflicts with it "
                "(leave the option out to regenerate it, or give a new name)", snapshot,
                option, stored != NULL ? stored : "unset", option, given);
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
  g_autofree char *previous_snapshot = NULL;
  g_autofree char *snapshot = NULL;
  g_autofree char *delete_snapshot = NULL;
  g_autofree char *narrative = NULL;
  gboolean list = FALSE;
  gboolean no_charts = FALSE;
  gboolean public_pack = FALSE;
  gboolean pdf;
  gboolean regenerated = FALSE;
  int small_number = 0;
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
    { "narrative", 0, 0, G_OPTION_ARG_STRING, &narrative,
      "Words for the executive summary, saved with a snapshot", "TEXT" },
    { "snapshot", 0, 0, G_OPTION_ARG_STRING, &snapshot,
      "Save the pack's parameters in the workspace under this name, or, when it exists, "
      "regenerate the pack from them", "NAME" },
    { "previous-snapshot", 0, 0, G_OPTION_ARG_STRING, &previous_snapshot,
      "The snapshot to list changes since (default for a new snapshot: the newest)", "NAME" },
    { "list-snapshots", 0, 0, G_OPTION_ARG_NONE, &list,
      "List the snapshots saved in the workspace", NULL },
    { "delete-snapshot", 0, 0, G_OPTION_ARG_STRING, &delete_snapshot,
      "Delete a snapshot from the workspace", "NAME" },
    { NULL }
  };

  context = g_option_context_new ("— write the board pack");
  g_option_context_set_summary (context,
                                "Writes one commissioner's board pack as a print-ready Excel "
                                "workbook or a PDF. With --snapshot NAME the pack's parameters "
                                "are saved in the workspace, and the same name later "
                                "regenerates the same pack. See docs/board-pack.md.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!pd_cli_parse (context, &argc, &argv, &status))
    return status;

  if (argc != 1)
    {
      pd_cli_error ("export", "unexpected argument “%s”", argv[1]);
      return PD_CLI_EXIT_USAGE;
    }
  if (workspace_path != NULL && (list || delete_snapshot != NULL))
    {
      if (pack_path != NULL || snapshot != NULL || (list && delete_snapshot != NULL))
        {
          pd_cli_error ("export", "--list-snapshots and --delete-snapshot go alone with -w");
          return PD_CLI_EXIT_USAGE;
        }
      workspace = pd_workspace_open (workspace_path,
                                     list ? PD_WORKSPACE_OPEN_READ_ONLY
                                          : PD_WORKSPACE_OPEN_WRITABLE, &error);
      if (workspace == NULL)
        {
          pd_cli_error ("export", "%s", error->message);
          return PD_CLI_EXIT_BAD_INPUT;
        }
      if (list)
        return list_snapshots (workspace);
      if (!pd_pack_snapshot_delete (workspace, delete_snapshot, &error))
        {
          pd_cli_error ("export", "--delete-snapshot: %s", error->message);
          return PD_CLI_EXIT_BAD_INPUT;
        }
      printf ("Deleted the snapshot “%s”.\n", delete_snapshot);
      return PD_CLI_EXIT_OK;
    }
  if (workspace_path == NULL || pack_path == NULL)
    {
      pd_cli_error ("export", "give -w WORKSPACE and --pack OUT.xlsx (or --list-snapshots)");
      return PD_CLI_EXIT_USAGE;
    }
  if (snapshot != NULL && !pd_pack_snapshot_check_name (snapshot, &error))
    {
      pd_cli_error ("export", "--snapshot: %s", error->message);
      return PD_CLI_EXIT_USAGE;
    }
  if (previous_snapshot != NULL && !pd_pack_snapshot_check_name (previous_snapshot, &error))
    {
      pd_cli_error ("export", "--previous-snapshot: %s", error->message);
      return PD_CLI_EXIT_USAGE;
    }
  if (previous_snapshot != NULL && previous != NULL)
    {
      pd_cli_error ("export", "give --previous or --previous-snapshot, not both");
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
  if (small_number != 0 && (small_number < 2 || small_number > 1000))
    {
      pd_cli_error ("export", "--small-number: %d is not between 2 and 1000", small_number);
      return PD_CLI_EXIT_USAGE;
    }
  options.public_pack = public_pack;
  options.small_number = (guint) (small_number != 0 ? small_number : 5);
  options.previous_snapshot = previous_snapshot;
  options.narrative = narrative;

  /* A snapshot is saved in the workspace, so it is opened for writing then. */
  workspace = pd_workspace_open (workspace_path,
                                 snapshot != NULL ? PD_WORKSPACE_OPEN_DEFAULT
                                                  : PD_WORKSPACE_OPEN_READ_ONLY, &error);
  if (workspace == NULL)
    {
      pd_cli_error ("export", "%s", error->message);
      return PD_CLI_EXIT_BAD_INPUT;
    }
  if (snapshot != NULL)
    {
      g_autoptr(PdPackSnapshot) stored = pd_pack_snapshot_load (workspace, snapshot, &error);

      if (stored == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        {
          pd_cli_error ("export", "%s", error->message);
          return PD_CLI_EXIT_BAD_INPUT;
        }
      g_clear_error (&error);
      if (stored != NULL)
        {
          g_autofree char *stored_period = pd_financial_year_label (stored->year);
          g_autofree char *given_period = options.year != 0
                                          ? pd_financial_year_label (options.year) : NULL;
          g_autofree char *stored_sections = pd_board_pack_sections_to_string (stored->sections);
          g_autofree char *given_sections = sections != NULL
                                            ? pd_board_pack_sections_to_string (options.sections)
                                            : NULL;
          g_autofree char *stored_small = g_strdup_printf ("%u", stored->small_number);
          g_autofree char *given_small = small_number != 0 ? g_strdup_printf ("%d", small_number)
                                                           : NULL;

          if (conflicts (snapshot, "--commissioner", commissioner, stored->commissioner) ||
              conflicts (snapshot, "--provider", provider, stored->provider) ||
              conflicts (snapshot, "--period", given_period, stored_period) ||
              conflicts (snapshot, "--marking", marking, stored->marking) ||
              conflicts (snapshot, "--sections", given_sections,
                         stored_sections != NULL ? stored_sections : "all") ||
              conflicts (snapshot, "--narrative", narrative, stored->narrative) ||
              conflicts (snapshot, "--previous", previous, stored->previous_pack) ||
              conflicts (snapshot, "--previous-snapshot", previous_snapshot,
                         stored->previous_snapshot) ||
              conflicts (snapshot, "--no-charts", no_charts ? "given" : NULL,
                         stored->charts ? "unset" : "given") ||
              conflicts (snapshot, "--public", public_pack ? "given" : NULL,
                         stored->public_pack ? "given" : "unset") ||
              conflicts (snapshot, "--small-number", given_small, stored_small))
            return PD_CLI_EXIT_USAGE;
        }
      if (!pd_pack_snapshot_write (workspace, snapshot, &options, pack_path, &regenerated, NULL,
                                   &error))
        {
          pd_cli_error ("export", "%s", error->message);
          return PD_CLI_EXIT_BAD_INPUT;
        }
      if (regenerated)
        printf ("Regenerated “%s” from the snapshot “%s” (saved %.19s by %s).\n", pack_path,
                snapshot, stored->created_at, stored->author);
      else
        printf ("Wrote “%s” and saved its parameters as the snapshot “%s”.\n", pack_path,
                snapshot);
      return PD_CLI_EXIT_OK;
    }
  if (!(pdf ? pd_board_pack_write_pdf (workspace, &options, pack_path, NULL, &error)
            : pd_board_pack_write (workspace, &options, pack_path, NULL, &error)))
    {
      pd_cli_error ("export", "%s", error->message);
      return PD_CLI_EXIT_BAD_INPUT;
    }
  return PD_CLI_EXIT_OK;
}
