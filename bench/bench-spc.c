/* bench-spc.c — SPC for 500 indicators × 200 providers × 60 months from a generated file
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * bench-spc [--generate] [FILE]: writes FILE (once, or again with --generate) with a
 * deterministic data set, reads it back, then times pd_spc_compute() over every series
 * with the mdc and ptd presets. Only the computation is timed: the per-series inputs
 * (ghost, rebase, target) are unpacked inside the timed loop, as a caller would.
 * bench/README.md explains how to run it.
 */

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "stats/pd-spc.h"

#define N_INDICATORS 500
#define N_PROVIDERS  200
#define N_MONTHS     60
#define N_SERIES     (N_INDICATORS * N_PROVIDERS)
#define MAGIC        "PDSPCB01"

enum
{
  FLAG_GHOST = 1 << 0,
  FLAG_REBASE = 1 << 1,
};

/* The file: MAGIC, then per series a header and its months. */
typedef struct
{
  double  target;       /* NaN for none */
  guint8  improvement;  /* PdImprovement */
  guint8  padding[7];
} SeriesHeader;

typedef struct
{
  SeriesHeader header;
  double       values[N_MONTHS];
  guint8       flags[N_MONTHS];
} Series;

static double
normal (GRand *rand)
{
  /* Box–Muller: good enough noise for a benchmark. */
  double u = g_rand_double_range (rand, 1e-12, 1.0);
  double v = g_rand_double (rand);

  return sqrt (-2 * log (u)) * cos (2 * G_PI * v);
}

static gboolean
generate (const char  *path,
          GError     **error)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20091001);
  g_autofree Series *all = g_new0 (Series, N_SERIES);
  gsize size = sizeof MAGIC - 1 + (gsize) N_SERIES * sizeof (Series);
  g_autofree char *bytes = NULL;

  for (guint s = 0; s < N_SERIES; s++)
    {
      Series *series = &all[s];
      double level = g_rand_double_range (rand, 5, 1000);
      double spread = level * g_rand_double_range (rand, 0.02, 0.15);
      guint kind = g_rand_int_range (rand, 0, 20);
      guint change = g_rand_int_range (rand, 12, N_MONTHS - 6);

      series->header.improvement = g_rand_int_range (rand, 0, 3);
      series->header.target = g_rand_boolean (rand)
                                ? level + spread * g_rand_double_range (rand, -4, 4)
                                : NAN;
      for (guint m = 0; m < N_MONTHS; m++)
        {
          double v = level + spread * normal (rand);

          /* A step change in 1 series of 20, a drift in 1 of 20, an outlier in 1 of 20. */
          if (kind == 0 && m >= change)
            v += 3 * spread;
          else if (kind == 1)
            v += spread * 0.15 * m;
          else if (kind == 2 && m == change)
            v += 8 * spread;
          series->values[m] = round (v * 10) / 10;
        }
      /* Recalculation at month 37 in 1 series of 10, a ghosted month in 1 of 50. */
      if (kind == 3 || kind == 4)
        series->flags[36] |= FLAG_REBASE;
      if (g_rand_int_range (rand, 0, 50) == 0)
        series->flags[g_rand_int_range (rand, 0, N_MONTHS)] |= FLAG_GHOST;
    }

  bytes = g_malloc (size);
  memcpy (bytes, MAGIC, sizeof MAGIC - 1);
  memcpy (bytes + sizeof MAGIC - 1, all, (gsize) N_SERIES * sizeof (Series));
  return g_file_set_contents (path, bytes, size, error);
}

/* Seconds of processor time this process has used: on a shared machine the wall clock
 * also counts other programs' turns. */
static double
cpu_seconds (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double
run (const Series *all,
     PdSpcPreset   preset,
     double       *out_cpu,
     guint        *out_special,
     guint        *out_partitions)
{
  PdSpcPointInput extra[N_MONTHS];
  PdSpcOptions options;
  gint64 start, end;
  double cpu_start;
  guint special = 0, partitions = 0;

  pd_spc_options_init_preset (&options, preset);
  start = g_get_monotonic_time ();
  cpu_start = cpu_seconds ();
  for (guint s = 0; s < N_SERIES; s++)
    {
      const Series *series = &all[s];
      PdSpcResult *result;

      for (guint m = 0; m < N_MONTHS; m++)
        {
          extra[m].target = series->header.target;
          extra[m].denominator = NAN;
          extra[m].rebase = (series->flags[m] & FLAG_REBASE) != 0;
          extra[m].ghost = (series->flags[m] & FLAG_GHOST) != 0;
        }
      options.improvement = series->header.improvement;
      result = pd_spc_compute (series->values, N_MONTHS, extra, &options, NULL);
      g_assert (result != NULL);
      for (guint m = 0; m < N_MONTHS; m++)
        special += result->points[m].rule != PD_SPC_RULE_NONE;
      partitions += result->n_partitions;
      pd_spc_result_free (result);
    }
  end = g_get_monotonic_time ();

  *out_cpu = cpu_seconds () - cpu_start;
  *out_special = special;
  *out_partitions = partitions;
  return (end - start) / 1e6;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *default_path = g_build_filename (g_get_tmp_dir (), "pctdash-bench-spc.bin",
                                                    NULL);
  const char *path = default_path;
  gboolean force = FALSE;
  gsize len;
  const Series *all;

  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--generate") == 0)
        force = TRUE;
      else
        path = argv[i];
    }

  if (force || !g_file_test (path, G_FILE_TEST_EXISTS))
    {
      gint64 start = g_get_monotonic_time ();

      if (!generate (path, &error))
        {
          g_printerr ("bench-spc: %s\n", error->message);
          return 1;
        }
      printf ("generated %s in %.2f s\n", path, (g_get_monotonic_time () - start) / 1e6);
    }

  if (!g_file_get_contents (path, &contents, &len, &error))
    {
      g_printerr ("bench-spc: %s\n", error->message);
      return 1;
    }
  if (len != sizeof MAGIC - 1 + (gsize) N_SERIES * sizeof (Series) ||
      memcmp (contents, MAGIC, sizeof MAGIC - 1) != 0)
    {
      g_printerr ("bench-spc: %s is not a bench-spc data file: run with --generate\n", path);
      return 1;
    }
  /* g_malloc'd memory is aligned for doubles, and the magic is 8 bytes long. */
  all = (const Series *) (contents + sizeof MAGIC - 1);

  printf ("%d indicators × %d providers × %d months = %d points in %d series\n",
          N_INDICATORS, N_PROVIDERS, N_MONTHS, N_SERIES * N_MONTHS, N_SERIES);

  for (PdSpcPreset preset = PD_SPC_PRESET_MDC; preset <= PD_SPC_PRESET_PTD;
       preset += PD_SPC_PRESET_PTD)
    {
      double best = G_MAXDOUBLE, best_cpu = G_MAXDOUBLE;
      guint special = 0, partitions = 0;

      /* The best of five runs: the machine's other work only ever adds time. */
      for (guint r = 0; r < 5; r++)
        {
          double cpu;

          best = MIN (best, run (all, preset, &cpu, &special, &partitions));
          best_cpu = MIN (best_cpu, cpu);
        }
      printf ("preset %-3s: %.3f s wall, %.3f s processor (%.1f ns a point), "
              "%u special-cause points, %u partitions\n",
              preset == PD_SPC_PRESET_MDC ? "mdc" : "ptd", best, best_cpu,
              best_cpu * 1e9 / ((double) N_SERIES * N_MONTHS), special, partitions);
    }

  return 0;
}
