/* pd-cli-common.c — option parsing and output helpers shared by the commands
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "pd-cli-commands.h"

gboolean
pd_cli_parse (GOptionContext *context,
              int            *argc,
              char         ***argv,
              int            *exit_code)
{
  g_autoptr(GError) error = NULL;

  g_assert (context != NULL);
  g_assert (exit_code != NULL);

  /* GOption prints help and exits by itself; that is fine for --help (exit code 0). */
  g_option_context_set_help_enabled (context, TRUE);

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      fprintf (stderr, "%s: %s\nTry “%s --help”.\n", (*argv)[0], error->message, (*argv)[0]);
      *exit_code = PD_CLI_EXIT_USAGE;
      return FALSE;
    }

  *exit_code = PD_CLI_EXIT_OK;
  return TRUE;
}

void
pd_cli_error (const char *command,
              const char *format,
              ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  fprintf (stderr, "pctdash-cli %s: %s\n", command, message);
}

void
pd_cli_print_double (GString *out,
                     double   value)
{
  if (isnan (value))
    return;
  g_string_append_printf (out, "%.17g", value);
}

void
pd_cli_print_csv_field (GString    *out,
                        const char *text)
{
  if (text == NULL)
    return;

  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      g_string_append (out, text);
      return;
    }

  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

void
pd_cli_print_json_string (GString    *out,
                          const char *text)
{
  if (text == NULL)
    {
      g_string_append (out, "null");
      return;
    }

  g_string_append_c (out, '"');
  for (const unsigned char *p = (const unsigned char *) text; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '"':  g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          if (*p < 0x20)
            g_string_append_printf (out, "\\u%04x", *p);
          else
            g_string_append_c (out, (char) *p);
        }
    }
  g_string_append_c (out, '"');
}

void
pd_cli_print_json_double (GString *out,
                          double   value)
{
  if (!isfinite (value))
    g_string_append (out, "null");
  else
    g_string_append_printf (out, "%.17g", value);
}
