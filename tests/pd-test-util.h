/* pd-test-util.h — what the tests share: fixture paths, scratch directories
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

G_BEGIN_DECLS

/* A path under tests/fixtures/. */
char *pd_test_fixture_path (const char *first_element, ...) G_GNUC_NULL_TERMINATED;

/* A path under ../shared/data/ (the real and published data sets). Fails the test with a
 * clear message when the shared data is not beside the checkout. */
char *pd_test_shared_path  (const char *first_element, ...) G_GNUC_NULL_TERMINATED;

/* A path under data/demo/ (the committed demo CSVs). */
char *pd_test_demo_path    (const char *first_element, ...) G_GNUC_NULL_TERMINATED;

/* A fresh scratch directory, removed with everything in it by pd_test_scratch_free(). */
char *pd_test_scratch_new  (void);
void  pd_test_scratch_free (char *dir);

/* Writes @len bytes (or strlen when -1) to @dir/@name and returns the full path. */
char *pd_test_write_file   (const char *dir,
                            const char *name,
                            const char *contents,
                            gssize      len);

/* Reads a whole file; fails the test when it cannot. */
char *pd_test_read_file    (const char *path,
                            gsize      *len);

/* Parses a simple CSV file (no quoted newlines) into rows of fields (GStrv), header
 * included. Quoted fields with doubled quotes are handled. */
GPtrArray *pd_test_read_csv (const char *path);

/* The first column of the one row @sql returns; fails the test naming @sql and SQLite's
 * message when it does not prepare, or when it returns no row. */
gint64 pd_test_query_int   (sqlite3    *db,
                            const char *sql);
char  *pd_test_query_text  (sqlite3    *db,
                            const char *sql);

/* Runs pctdash-cli ($PD_CLI, set by meson) with the NULL-terminated arguments and returns
 * its exit status; fails the test if it cannot be run or does not exit. Its output streams
 * go to @out_stdout and @out_stderr when given; stderr is also logged. @first_arg may be
 * NULL: pctdash-cli with no arguments. */
int    pd_test_run_cli     (char       **out_stdout,
                            char       **out_stderr,
                            const char  *first_arg,
                            ...);

/* Sampling long loops (for valgrind, where every iteration costs 30–50 times as much).
 * With PCTDASH_TEST_SAMPLE=N (N ≥ 2) in the environment, a test's long loops run only a
 * deterministic sample of their iterations: every Nth, and always the first and the last;
 * unset (or 0 or 1), every iteration, so the normal and sanitizer builds keep full
 * coverage. .ci/valgrind sets it. */

/* N, or 1 when sampling is off. Fails the test when the variable is not a number. */
guint    pd_test_sample_stride (void);

/* Whether iteration @i of @n (0-based) is in the sample. Always TRUE without sampling. */
gboolean pd_test_sample_take   (guint64 i,
                                guint64 n);

/* How many of @n iterations pd_test_sample_take() takes, for messages and assertions. */
guint64  pd_test_sample_count  (guint64 n);

/* The size to make a large input of @n rows or bytes: @n without sampling, @n divided by N
 * with it, and never less than @floor (the smallest size the test still means something
 * at: a zip bomb must stay over the ratio floor). */
guint64  pd_test_sample_size   (guint64 n,
                                guint64 floor);

G_END_DECLS
