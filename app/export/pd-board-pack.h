/* pd-board-pack.h — the board pack: a print-ready Excel workbook from the workspace
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One commissioner's monthly report for its board: cover, contents, spend mix, financial
 * outlook, CQUIN, and the safety, effectiveness and experience indicators of its main
 * provider with SPC tables and charts, then the data sources. docs/board-pack.md lists
 * what each sheet holds and the form rules every sheet follows.
 */

#pragma once

#include <gio/gio.h>

#include "store/pd-workspace.h"

G_BEGIN_DECLS

/* The sections after the cover and the contents, which every pack has. */
typedef enum
{
  PD_BOARD_PACK_SUMMARY       = 1 << 0,
  PD_BOARD_PACK_SCORECARD     = 1 << 1,
  PD_BOARD_PACK_SPEND         = 1 << 2,
  PD_BOARD_PACK_OUTLOOK       = 1 << 3,
  PD_BOARD_PACK_CQUIN         = 1 << 4,
  PD_BOARD_PACK_SAFETY        = 1 << 5,
  PD_BOARD_PACK_EFFECTIVENESS = 1 << 6,
  PD_BOARD_PACK_EXPERIENCE    = 1 << 7,
  PD_BOARD_PACK_BENCHMARKS    = 1 << 8,
  PD_BOARD_PACK_EXCEPTIONS    = 1 << 9,
  PD_BOARD_PACK_SOURCES       = 1 << 10,
} PdBoardPackSections;

/* How much of the pack is written, from 0 to 1: called after each step (a sheet, or a
 * page of the PDF) with a fraction that never goes back; the last call, with 1, comes once
 * the file is complete. */
typedef void (*PdBoardPackProgressFunc) (double   fraction,
                                         gpointer user_data);

typedef struct
{
  const char *commissioner;  /* its code; NULL: the first commissioner with spend */
  const char *provider;      /* the provider of the quality sheets; NULL: the commissioner's
                              * largest CQUIN contract, else each indicator's first provider */
  int         year;          /* financial year by its first calendar year; 0: the latest
                              * with spend */
  const char *marking;       /* protective marking for the cover and footers; NULL:
                              * "OFFICIAL" */
  GDateTime  *generated_at;  /* the time the cover shows; NULL: now */
  gboolean    charts;        /* insert our rendered charts as PNG images (and native Excel
                              * charts of the SPC tables) */
  gboolean    public_pack;   /* for publication: small counts shown as "*", and whatever
                              * would let a reader work them back left out */
  guint       small_number;  /* public packs: counts from 1 to this − 1 are small; 0: 5 */
  PdBoardPackSections sections;  /* the sections to write; 0: all of them */
  const char *previous_pack; /* an earlier xlsx pack: the summary lists what changed since,
                              * from its scorecard; NULL: no comparison */
  const char *previous_snapshot; /* a snapshot saved in the workspace (pd-pack-snapshot.h):
                                  * the summary lists what changed since its scorecard;
                                  * NULL: none (previous_pack, if set, is used) */
  GPtrArray  *spc_changes;   /* of PdSpcChange: the baselines, recalculations, ghosts and
                              * annotations the SPC applies; NULL: the workspace's
                              * spc_changes rows as they are now */
  const char *narrative;     /* the board secretary's words for the summary; NULL: none */
  const char *snapshot;      /* the snapshot this pack is made from, named on the cover */
  const char *workspace_sha256; /* the cover's checksum; NULL: the workspace file's now */
  PdBoardPackProgressFunc progress; /* NULL: none. pd_board_pack_write() calls it on its
                                     * own thread; the _async calls, on the caller's main
                                     * context, and never after the pack's callback */
  gpointer    progress_data;
} PdBoardPackOptions;

void     pd_board_pack_options_init (PdBoardPackOptions        *options);

gboolean pd_board_pack_parse_sections (const char          *text,
                                       PdBoardPackSections *out_sections,
                                       GError             **error);

/* "summary,scorecard"; NULL for every section (0). */
char    *pd_board_pack_sections_to_string (PdBoardPackSections sections);

gboolean pd_board_pack_wants        (const PdBoardPackOptions  *options,
                                     PdBoardPackSections        section);

gboolean pd_board_pack_write        (PdWorkspace               *workspace,
                                     const PdBoardPackOptions  *options,
                                     const char                *path,
                                     GCancellable              *cancellable,
                                     GError                   **error);

void     pd_board_pack_write_async  (PdWorkspace               *workspace,
                                     const PdBoardPackOptions  *options,
                                     const char                *path,
                                     GCancellable              *cancellable,
                                     GAsyncReadyCallback        callback,
                                     gpointer                   user_data);

gboolean pd_board_pack_write_finish (PdWorkspace               *workspace,
                                     GAsyncResult              *result,
                                     GError                   **error);

gboolean pd_board_pack_write_pdf    (PdWorkspace               *workspace,
                                     const PdBoardPackOptions  *options,
                                     const char                *path,
                                     GCancellable              *cancellable,
                                     GError                   **error);

G_END_DECLS
