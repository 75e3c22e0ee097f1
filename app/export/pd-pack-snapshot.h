/* pd-pack-snapshot.h — a board pack's parameters saved in the workspace under a name
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A snapshot (table pack_snapshots) holds everything a pack was made from but the data:
 * the commissioner, year and provider as resolved, the marking, the time the cover shows,
 * charts, public mode and its threshold, the sections, the SPC preset, the stored SPC
 * changes (spc_changes rows) in force, the narrative, the workspace's SHA-256, and what
 * the pack was compared with. Regenerating it gives the same cells. Its `scorecard` is
 * what the pack showed, which the next pack's "changes since the previous pack" reads.
 * docs/board-pack.md, "Snapshots".
 */

#pragma once

#include "export/pd-board-pack.h"

G_BEGIN_DECLS

typedef struct
{
  gint64      id;
  char       *name;
  char       *author;
  char       *created_at;      /* UTC, ISO 8601 with microseconds */
  char       *parameters;      /* the JSON as stored */
  char       *scorecard;       /* the JSON as stored; NULL: none */
  /* The parameters, read back. */
  char       *commissioner;
  char       *provider;        /* NULL: each indicator's first provider */
  int         year;
  char       *marking;
  GDateTime  *generated_at;
  gboolean    charts;
  gboolean    public_pack;
  guint       small_number;
  PdBoardPackSections sections;
  char       *spc_preset;
  char       *narrative;
  char       *workspace_sha256;
  char       *previous_snapshot;
  char       *previous_pack;
  GPtrArray  *spc_changes;     /* of PdSpcChange */
} PdPackSnapshot;

void            pd_pack_snapshot_free        (PdPackSnapshot            *snapshot);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdPackSnapshot, pd_pack_snapshot_free)

gboolean        pd_pack_snapshot_check_name  (const char                *name,
                                              GError                   **error);

/* The snapshot called @name; NULL with G_IO_ERROR_NOT_FOUND when there is none. */
PdPackSnapshot *pd_pack_snapshot_load        (PdWorkspace               *workspace,
                                              const char                *name,
                                              GError                   **error);

/* Every snapshot, oldest first (by created_at); a GPtrArray of PdPackSnapshot. */
GPtrArray      *pd_pack_snapshot_list        (PdWorkspace               *workspace,
                                              GError                   **error);

/* The newest snapshot other than @except (may be NULL); NULL with no error when none. */
char           *pd_pack_snapshot_latest_name (PdWorkspace               *workspace,
                                              const char                *except,
                                              GError                   **error);

gboolean        pd_pack_snapshot_delete      (PdWorkspace               *workspace,
                                              const char                *name,
                                              GError                   **error);

/* Fills @options from @snapshot; the strings stay owned by @snapshot. */
void            pd_pack_snapshot_get_options (const PdPackSnapshot      *snapshot,
                                              PdBoardPackOptions        *options);

/* "5Z1 2011/12, provider RXX, OFFICIAL, public (<5), all sections, 2 SPC changes". */
char           *pd_pack_snapshot_describe    (const PdPackSnapshot      *snapshot);

/* Every spc_changes row of the workspace, by indicator, provider, period and kind. */
GPtrArray      *pd_pack_spc_changes_all      (PdWorkspace               *workspace,
                                              GError                   **error);

/* Writes the pack at @path (xlsx, or PDF for ".pdf") from the snapshot @name: when it
 * exists, from its stored parameters (@options ignored; *@out_regenerated TRUE); else
 * from @options, resolved and saved as the snapshot with the pack's scorecard, compared
 * with @options->previous_snapshot or else the newest snapshot. The workspace must be
 * writable to save one. */
gboolean        pd_pack_snapshot_write       (PdWorkspace               *workspace,
                                              const char                *name,
                                              const PdBoardPackOptions  *options,
                                              const char                *path,
                                              gboolean                  *out_regenerated,
                                              GCancellable              *cancellable,
                                              GError                   **error);

void            pd_pack_snapshot_write_async (PdWorkspace               *workspace,
                                              const char                *name,
                                              const PdBoardPackOptions  *options,
                                              const char                *path,
                                              GCancellable              *cancellable,
                                              GAsyncReadyCallback        callback,
                                              gpointer                   user_data);

gboolean        pd_pack_snapshot_write_finish (PdWorkspace              *workspace,
                                               GAsyncResult             *result,
                                               gboolean                 *out_regenerated,
                                               GError                  **error);

G_END_DECLS
