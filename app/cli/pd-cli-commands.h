/* pd-cli-commands.h — the commands of pctdash-cli
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Exit codes, the same for every command. */
enum
{
  PD_CLI_EXIT_OK = 0,
  PD_CLI_EXIT_BAD_INPUT = 1,  /* the data or the workspace is wrong */
  PD_CLI_EXIT_USAGE = 2,      /* the command line is wrong */
};

/* Each command gets argv with argv[0] set to "pctdash-cli NAME" and returns an exit code.
 * It writes results to stdout and messages to stderr, and handles its own --help. */
typedef int (*PdCliCommandFunc) (int argc, char **argv);

int pd_cli_demo   (int argc, char **argv);
int pd_cli_import (int argc, char **argv);
int pd_cli_info   (int argc, char **argv);
int pd_cli_cquin  (int argc, char **argv);
int pd_cli_spc    (int argc, char **argv);
int pd_cli_ci     (int argc, char **argv);
int pd_cli_funnel (int argc, char **argv);
int pd_cli_render (int argc, char **argv);
int pd_cli_export (int argc, char **argv);

/* Shared by the commands (pd-cli-common.c). */

/* Parses the options of one command. On --help prints the help and sets *exit_code to 0;
 * on a usage error prints it with a hint and sets *exit_code to PD_CLI_EXIT_USAGE. Returns
 * FALSE in both cases, TRUE when the command should go on. */
gboolean pd_cli_parse (GOptionContext *context,
                       int            *argc,
                       char         ***argv,
                       int            *exit_code);

/* Prints "pctdash-cli NAME: MESSAGE" to stderr. */
void     pd_cli_error (const char     *command,
                       const char     *format,
                       ...) G_GNUC_PRINTF (2, 3);

/* Writes @value with full precision (%.17g), or nothing for NaN. */
void     pd_cli_print_double (GString *out,
                              double   value);

/* Appends @text as one CSV field, quoted when it needs to be. */
void     pd_cli_print_csv_field (GString    *out,
                                 const char *text);

/* Appends @text as a JSON string, quoted and escaped. */
void     pd_cli_print_json_string (GString    *out,
                                   const char *text);

/* Appends a JSON number with full precision, or null for NaN or infinity. */
void     pd_cli_print_json_double (GString *out,
                                   double   value);

G_END_DECLS
