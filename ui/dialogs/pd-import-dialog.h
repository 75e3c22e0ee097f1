/* pd-import-dialog.h — files before they are imported: kind, first rows, problems; then
 * the import's progress, or the problems that stopped it
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "import/pd-preview.h"
#include "store/pd-workspace.h"

G_BEGIN_DECLS

#define PD_TYPE_IMPORT_DIALOG (pd_import_dialog_get_type ())
G_DECLARE_FINAL_TYPE (PdImportDialog, pd_import_dialog, PD, IMPORT_DIALOG, AdwWindow)

PdImportDialog  *pd_import_dialog_new              (GtkWindow      *parent,
                                                    PdWorkspace    *workspace,
                                                    GList          *files);
guint            pd_import_dialog_get_n_files      (PdImportDialog *self);
GFile           *pd_import_dialog_get_file         (PdImportDialog *self,
                                                    guint           index);
PdKind           pd_import_dialog_get_kind         (PdImportDialog *self,
                                                    guint           index);
void             pd_import_dialog_set_kind         (PdImportDialog *self,
                                                    guint           index,
                                                    PdKind          kind);
const PdPreview *pd_import_dialog_get_preview      (PdImportDialog *self,
                                                    guint           index);
gboolean         pd_import_dialog_get_loading      (PdImportDialog *self);
gboolean         pd_import_dialog_get_ready        (PdImportDialog *self);

void             pd_import_dialog_set_importing    (PdImportDialog *self,
                                                    gboolean        importing);
void             pd_import_dialog_set_progress     (PdImportDialog *self,
                                                    double          fraction,
                                                    const char     *text);
void             pd_import_dialog_show_problems    (PdImportDialog *self,
                                                    const char     *message,
                                                    GPtrArray      *problems);
char            *pd_import_dialog_dup_problems_text (PdImportDialog *self,
                                                    int             index);
const char      *pd_import_dialog_get_page         (PdImportDialog *self);

G_END_DECLS
