/* pd-workspace-view.h — what a workspace holds: contents, periods, control totals, imports
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "store/pd-workspace.h"

G_BEGIN_DECLS

#define PD_TYPE_WORKSPACE_VIEW (pd_workspace_view_get_type ())
G_DECLARE_FINAL_TYPE (PdWorkspaceView, pd_workspace_view, PD, WORKSPACE_VIEW, GtkWidget)

GtkWidget   *pd_workspace_view_new           (void);
PdWorkspace *pd_workspace_view_get_workspace (PdWorkspaceView *self);
void         pd_workspace_view_set_workspace (PdWorkspaceView *self,
                                              PdWorkspace     *workspace);
gboolean     pd_workspace_view_get_loading   (PdWorkspaceView *self);
void         pd_workspace_view_reload        (PdWorkspaceView *self);

G_END_DECLS
