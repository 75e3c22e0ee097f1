/* pd-cli.c — pctdash-cli: dispatch to one command
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "pd-cli-commands.h"

typedef struct
{
  const char       *name;
  PdCliCommandFunc  func;
  const char       *summary;
} PdCliCommand;

/* One line per command, in the order `pctdash-cli --help` lists them. */
static const PdCliCommand commands[] = {
  { "demo", pd_cli_demo, "Build the demo workspace from the bundled demo region" },
  { "import", pd_cli_import, "Import CSV or Excel files into a workspace, all or nothing" },
  { "info", pd_cli_info, "Show what a workspace holds: imports, rows, periods, control totals" },
  { "spc", pd_cli_spc, "SPC charts as in Making Data Count: limits, rules, icons" },
  { "ci", pd_cli_ci, "Confidence intervals for proportions, counts and rates (PHE methods)" },
  { "funnel", pd_cli_funnel, "Funnel plot limits, classification and overdispersion" },
  { "cquin", pd_cli_cquin, "CQUIN milestones, results and money earned, at risk and withheld" },
  { "render", pd_cli_render, "Draw a chart to a PNG, SVG or PDF file" },
  { "export", pd_cli_export, "Write the board pack (xlsx or PDF); save and list snapshots" },
  { NULL, NULL, NULL }
};

static void
print_usage (FILE *stream)
{
  fprintf (stream,
           "Usage: pctdash-cli COMMAND [OPTION…]\n"
           "\n"
           "pctdash on the command line: workspaces, imports and statistics.\n"
           "\n"
           "Commands:\n");
  for (gsize i = 0; commands[i].name != NULL; i++)
    fprintf (stream, "  %-8s %s\n", commands[i].name, commands[i].summary);
  fprintf (stream,
           "\n"
           "Run “pctdash-cli COMMAND --help” for a command’s options.\n"
           "Exit codes: 0 success, 1 bad input, 2 bad usage.\n");
}

int
main (int   argc,
      char *argv[])
{
  /* Numbers are written and read with a dot whatever the user's locale. */
  setlocale (LC_ALL, "");
  setlocale (LC_NUMERIC, "C");

  if (argc < 2)
    {
      print_usage (stderr);
      return PD_CLI_EXIT_USAGE;
    }

  if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0 ||
      strcmp (argv[1], "help") == 0)
    {
      print_usage (stdout);
      return PD_CLI_EXIT_OK;
    }

  if (strcmp (argv[1], "--version") == 0)
    {
      printf ("pctdash-cli %s\n", PACKAGE_VERSION);
      return PD_CLI_EXIT_OK;
    }

  for (gsize i = 0; commands[i].name != NULL; i++)
    {
      if (strcmp (argv[1], commands[i].name) == 0)
        {
          g_autofree char *prgname = g_strdup_printf ("pctdash-cli %s", commands[i].name);
          char **sub_argv = g_new0 (char *, argc);
          int status;

          sub_argv[0] = prgname;
          for (int j = 2; j < argc; j++)
            sub_argv[j - 1] = argv[j];
          g_set_prgname (prgname);
          status = commands[i].func (argc - 1, sub_argv);
          g_free (sub_argv);
          return status;
        }
    }

  fprintf (stderr, "pctdash-cli: unknown command “%s”\n\n", argv[1]);
  print_usage (stderr);
  return PD_CLI_EXIT_USAGE;
}
