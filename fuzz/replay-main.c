/* replay-main.c — a main() for the fuzz targets without libFuzzer: every file named on
 * the command line (or every file in a folder named there) is read and passed to
 * LLVMFuzzerTestOneInput once. The fuzz-regress suite runs the corpora this way in every
 * build, gcc's included.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <glib.h>
#include <stdio.h>

#include "fuzz-common.h"

static int
compare_paths (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(char *const *) a, *(char *const *) b);
}

static int
replay_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &data, &len, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  LLVMFuzzerTestOneInput ((const uint8_t *) data, len);
  return 0;
}

static int
replay_path (const char *path, guint *n_inputs)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GDir) dir = g_dir_open (path, 0, &error);
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      const char *name;
      int status = 0;

      if (dir == NULL)
        {
          fprintf (stderr, "%s\n", error->message);
          return 1;
        }
      while ((name = g_dir_read_name (dir)) != NULL)
        if (name[0] != '.')
          g_ptr_array_add (names, g_build_filename (path, name, NULL));
      /* A fixed order, so a failure reproduces the same way every time. */
      g_ptr_array_sort (names, compare_paths);
      for (guint i = 0; i < names->len; i++)
        status |= replay_path (names->pdata[i], n_inputs);
      return status;
    }

  (*n_inputs)++;
  return replay_file (path);
}

int
main (int argc, char **argv)
{
  guint n_inputs = 0;
  int status = 0;

  if (argc < 2)
    {
      fprintf (stderr, "usage: %s FILE-OR-FOLDER…\n", argv[0]);
      return 2;
    }
  for (int i = 1; i < argc; i++)
    status |= replay_path (argv[i], &n_inputs);
  /* TAP, so the result counts like the other suites'. */
  printf ("1..1\n%s 1 - replayed %u inputs\n", status == 0 ? "ok" : "not ok", n_inputs);
  return status;
}
