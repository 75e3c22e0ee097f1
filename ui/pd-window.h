/* pd-window.h — the main window: a sidebar of views beside the open workspace
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "pd-application.h"
#include "pd-import-dialog.h"
#include "store/pd-workspace.h"

G_BEGIN_DECLS

#define PD_TYPE_WINDOW (pd_window_get_type ())
G_DECLARE_FINAL_TYPE (PdWindow, pd_window, PD, WINDOW, AdwApplicationWindow)

PdWindow    *pd_window_new           (PdApplication *application);
void         pd_window_open          (PdWindow      *self,
                                      GFile         *file);
void         pd_window_open_demo     (PdWindow      *self);
PdWorkspace *pd_window_get_workspace (PdWindow      *self);
gboolean     pd_window_get_busy      (PdWindow      *self);
void         pd_window_add_toast     (PdWindow      *self,
                                      AdwToast      *toast);

void         pd_window_save_as       (PdWindow      *self,
                                      GFile         *file);
void         pd_window_import        (PdWindow      *self,
                                      GList         *files);
PdImportDialog *pd_window_preview_import (PdWindow   *self,
                                          GList      *files);
const char  *pd_window_get_last_toast (PdWindow     *self);
AdwToast    *pd_window_get_toast     (PdWindow      *self);
void         pd_window_new_workspace (PdWindow      *self,
                                      GFile         *file);
GMenuModel  *pd_window_get_recent_menu (PdWindow    *self);

G_END_DECLS
