/* pd-ui-test-util.h — what the window tests share: a scratch home, the application, a
 * workspace made from CSV text, a window opened on it and waited for, screenshots
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "pd-application.h"
#include "pd-window.h"

G_BEGIN_DECLS

/* gtk_test_init with XDG_DATA_HOME in a fresh scratch folder (returned; free it with
 * pd_test_scratch_free()), so settings and the demo stay out of the user's home. */
char          *pd_ui_test_init             (int         *argc,
                                            char      ***argv);

/* A registered, non-unique application as the tests drive it. */
PdApplication *pd_ui_test_application_new  (void);

/* Imports CSV @text, written to @dir/@name, into @workspace; fails the test on an error or
 * a problem in any row. */
void           pd_ui_test_import_text      (PdWorkspace *workspace,
                                            const char  *dir,
                                            const char  *name,
                                            const char  *text);

/* Creates @dir/@name and imports the (file name, CSV text) pairs that follow, up to NULL.
 * Returns the workspace's path. */
char          *pd_ui_test_make_workspace   (const char  *dir,
                                            const char  *name,
                                            ...) G_GNUC_NULL_TERMINATED;

/* Runs the main loop until @window is not busy (failing after @seconds), then until it
 * has drawn. */
void           pd_ui_test_wait_until_idle  (PdWindow    *window,
                                            int          seconds);

/* Runs the main loop until @condition (on @data) holds, failing after @seconds. */
void           pd_ui_test_wait_for         (gboolean   (*condition) (gpointer data),
                                            gpointer     data,
                                            int          seconds,
                                            const char  *what);

/* A new window (a reference the caller owns) with the workspace at @path open. */
PdWindow      *pd_ui_test_open_window      (PdApplication *application,
                                            const char    *path);

/* Destroys @window and asserts it is finalized: nothing leaked a reference. */
void           pd_ui_test_destroy_window   (PdWindow    *window);

/* TRUE when a mapped GtkLabel under @widget shows exactly @text. */
gboolean       pd_ui_test_shows_label      (GtkWidget   *widget,
                                            const char  *text);

/* Every widget under @root (itself included) of @type, appended to @found in tree order. */
void           pd_ui_test_collect          (GtkWidget   *root,
                                            GType        type,
                                            GPtrArray   *found);

/* The one widget of @type under @root (a GtkWidget); fails the test unless there is
 * exactly one. */
gpointer       pd_ui_test_find_one         (gpointer     root,
                                            GType        type);

/* Opens @path as the application does for a file it is given (g_application_open), and
 * returns the window that shows it (a reference the caller owns), waited for. */
PdWindow      *pd_ui_test_open_file        (PdApplication *application,
                                            const char    *path);

/* What a click on the window's sidebar row named @name (overview, spend, …) does,
 * waited for. */
void           pd_ui_test_visit            (PdWindow    *window,
                                            const char  *name);

/* The first widget under @root (itself included) of @type, or NULL. */
GtkWidget     *pd_ui_test_find_widget      (GtkWidget   *root,
                                            GType        type);

/* With PD_SCREENSHOT_DIR set, saves @widget as drawn into that folder as @name, once no stack
 * under it is between two pages. */
void           pd_ui_test_screenshot       (GtkWidget   *widget,
                                            const char  *name);

G_END_DECLS
