/* fuzz-common.h — helpers the fuzz targets share: split the input into lines and words.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <signal.h>
#include <stdlib.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <math.h>

#include "import/pd-parse.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* A fatal message (g_error(), and the criticals and warnings made fatal below) ends in
 * SIGTRAP, which libFuzzer does not catch: the run stopped without writing the input that
 * caused it (fuzz-pack, 6 December 2026). As an abort, libFuzzer saves it as a crash. */
static void
fuzz_trap_is_abort (int signum)
{
  (void) signum;
  abort ();
}

/* A g_critical() or g_warning() stops the run, as G_DEBUG=fatal-warnings does in the test
 * suites (and so in the fuzz-regress replays): a failed g_return_if_fail() is a bug even
 * when nothing crashes after it. Set before main(), so libFuzzer runs need no environment. */
__attribute__ ((constructor)) static void
fuzz_fatal_warnings (void)
{
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_WARNING | G_LOG_LEVEL_CRITICAL);
  signal (SIGTRAP, fuzz_trap_is_abort);
}

/* The input as NUL-terminated lines (a NUL byte in the input ends its line's text). */
static inline char **
fuzz_lines (const uint8_t *data, size_t size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  return g_strsplit (text, "\n", 10000);
}

/* "key=value" in @line's space-separated words: the value, or NULL (newly allocated). */
static inline char *
fuzz_option (const char *line, const char *key)
{
  g_auto(GStrv) words = g_strsplit (line, " ", 64);
  gsize key_len = strlen (key);

  for (guint i = 0; words[i] != NULL; i++)
    if (strncmp (words[i], key, key_len) == 0 && words[i][key_len] == '=')
      return g_strdup (words[i] + key_len + 1);
  return NULL;
}

/* A value as the CLI reads one: a suppression marker or text that is no number is NaN. */
static inline double
fuzz_number (const char *text)
{
  double value;

  if (text == NULL || pd_parse_suppression (text) != NULL || !pd_parse_number (text, &value, NULL))
    return NAN;
  return value;
}
