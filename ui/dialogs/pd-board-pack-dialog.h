/* pd-board-pack-dialog.h — the board pack's options, then writing it with progress
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "export/pd-board-pack.h"
#include "store/pd-workspace.h"

G_BEGIN_DECLS

#define PD_TYPE_BOARD_PACK_DIALOG (pd_board_pack_dialog_get_type ())
G_DECLARE_FINAL_TYPE (PdBoardPackDialog, pd_board_pack_dialog, PD, BOARD_PACK_DIALOG, AdwWindow)

PdBoardPackDialog *pd_board_pack_dialog_new         (GtkWindow         *parent,
                                                     PdWorkspace       *workspace,
                                                     const char        *commissioner);
void               pd_board_pack_dialog_set_section (PdBoardPackDialog *self,
                                                     PdBoardPackSections section,
                                                     gboolean           active);
void               pd_board_pack_dialog_set_public  (PdBoardPackDialog *self,
                                                     gboolean           public_pack);
PdBoardPackSections pd_board_pack_dialog_get_sections (PdBoardPackDialog *self);
void               pd_board_pack_dialog_export_to   (PdBoardPackDialog *self,
                                                     GFile             *file);
gboolean           pd_board_pack_dialog_get_writing (PdBoardPackDialog *self);
const char        *pd_board_pack_dialog_get_error   (PdBoardPackDialog *self);
void               pd_board_pack_dialog_save_snapshot_as (PdBoardPackDialog *self,
                                                          const char        *name);
gboolean           pd_board_pack_dialog_choose_snapshot  (PdBoardPackDialog *self,
                                                          const char        *name);
gboolean           pd_board_pack_dialog_set_previous_snapshot (PdBoardPackDialog *self,
                                                               const char        *name);
void               pd_board_pack_dialog_set_narrative    (PdBoardPackDialog *self,
                                                          const char        *text);
const char        *pd_board_pack_dialog_get_snapshot     (PdBoardPackDialog *self,
                                                          gboolean          *out_regenerated);

G_END_DECLS
