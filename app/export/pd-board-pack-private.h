/* pd-board-pack-private.h — what the board pack's xlsx and PDF writers share
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The question a pack answers, resolved once (commissioner, year, main provider), and the
 * SPC status of every indicator at the commissioner's providers, so both writers report
 * the same facts in the same words.
 */

#pragma once

#include "chart/pd-chart-spec.h"
#include "domain/pd-indicators.h"
#include "domain/pd-spc-changes.h"
#include "export/pd-board-pack.h"
#include "export/pd-export-workbook.h"
#include "stats/pd-funnel.h"
#include "stats/pd-spc.h"

G_BEGIN_DECLS

/* One indicator at one provider: its series and SPC, for the scorecard, the executive
 * summary and the exceptions. */
typedef struct
{
  char              *provider;
  char              *provider_name;
  const PdIndicator *indicator;  /* borrowed from PdPack.indicators */
  PdIndicatorSeries *series;
  PdSpcResult       *result;
  gssize             latest;     /* the last point with a value */
  gboolean           concern;    /* special cause concern at the latest point */
  gboolean           fails;      /* the target is consistently failed */
  guint              n_small;    /* public packs: months hidden as small numbers; when
                                  * above 0, nothing derived from the series is shown */
  lxw_row_t          exception_row;  /* its block on the exceptions sheet, or 0 */
} PdPackStatus;

typedef struct
{
  PdWorkspace            *workspace;
  PdExportWorkbook       *book;             /* the xlsx writer's: NULL for the PDF */
  const PdExportFormats  *f;
  const PdBoardPackOptions *options;
  char                   *commissioner;
  char                   *commissioner_name;
  char                   *provider;         /* NULL: each indicator's first provider */
  char                   *provider_name;
  int                     year;
  char                   *year_label;
  char                   *subtitle;
  char                   *last_month;       /* ISO date of the year's last month */
  PdExportSheet          *contents;
  GCancellable           *cancellable;
  GPtrArray              *indicators;       /* of PdIndicator, every domain */
  GPtrArray              *statuses;         /* of PdPackStatus */
  GPtrArray              *images;           /* of GBytes, alive until the file is written */
  GPtrArray              *changes;          /* of PdSpcChange: the stored SPC changes the
                                             * pack applies (options, else the workspace's) */
  /* Progress: steps_done of n_steps, mapped onto progress_base..1; progress the fraction
   * last reported. */
  guint                   steps_done;
  guint                   n_steps;
  double                  progress_base;
  double                  progress;
} PdPack;

/* One row of "changes since the previous pack": an indicator at a provider whose
 * variation, assurance, latest month or latest value differ from the previous pack's. */
typedef struct
{
  const PdPackStatus *status;
  gboolean            has_then;   /* FALSE: not in the previous pack */
  char               *then_month; /* "2011-03" */
  char               *then_value; /* a number as text, or "*" */
  char               *then_variation;
  char               *then_assurance;
} PdPackChange;

void        _pd_pack_clear             (PdPack                    *pack);
gboolean    _pd_pack_resolve           (PdPack                    *pack,
                                        const PdBoardPackOptions  *options,
                                        GError                   **error);
gboolean    _pd_pack_collect_statuses  (PdPack                    *pack,
                                        GError                   **error);
void        _pd_pack_status_free       (PdPackStatus              *status);
char       *_pd_pack_organisation_name (PdWorkspace               *workspace,
                                        const char                *code);
const char *_pd_pack_variation_words   (PdSpcVariationIcon         icon);
gboolean    _pd_pack_is_small_count    (const PdPack              *pack,
                                        double                     count);
gboolean    _pd_pack_point_is_small    (const PdPack              *pack,
                                        const PdIndicator         *indicator,
                                        const PdIndicatorPoint    *point);
const char *_pd_pack_assurance_words   (PdSpcAssuranceIcon         icon);
const char *_pd_pack_point_words       (const PdSpcPoint          *point);
const char *_pd_pack_rule_words        (PdSpcRule                  rule);
const char *_pd_pack_funnel_words      (PdFunnelClass              classification);

gboolean     _pd_pack_load_changes     (PdPack                    *pack,
                                        GError                   **error);
GPtrArray   *_pd_pack_changes_for      (const PdPack              *pack,
                                        const char                *indicator,
                                        const char                *provider);
PdSpcResult *_pd_pack_series_spc       (const PdPack              *pack,
                                        const PdIndicator         *indicator,
                                        const char                *provider,
                                        const PdIndicatorSeries   *series,
                                        GError                   **error);
PdChartSpec *_pd_pack_spc_spec         (PdPack                    *pack,
                                        const char                *indicator,
                                        const char                *provider,
                                        GError                   **error);
char        *_pd_pack_workspace_sha256 (PdPack                    *pack,
                                        GError                   **error);
char        *_pd_pack_status_value     (const PdPack              *pack,
                                        const PdPackStatus        *status);
char        *_pd_pack_scorecard_json   (PdPack                    *pack,
                                        GError                   **error);
gboolean     _pd_pack_changes_since    (PdPack                    *pack,
                                        GPtrArray                **out_changes,
                                        char                     **out_against,
                                        GError                   **error);
void         _pd_pack_change_free      (PdPackChange              *change);

/* Progress for options->progress: a fraction (kept from going back), or one more step. */
void         _pd_pack_report_progress  (PdPack                    *pack,
                                        double                     fraction);
void         _pd_pack_step_done        (PdPack                    *pack);

/* pd_board_pack_write_async(), or with @snapshot_name pd_pack_snapshot_write() on the
 * worker; the task's source tag is @source_tag. */
void         _pd_board_pack_write_task (PdWorkspace               *workspace,
                                        const PdBoardPackOptions  *options,
                                        const char                *path,
                                        const char                *snapshot_name,
                                        gpointer                   source_tag,
                                        GCancellable              *cancellable,
                                        GAsyncReadyCallback        callback,
                                        gpointer                   user_data);
/* After the task: whether pd_pack_snapshot_write() regenerated a stored snapshot. */
gboolean     _pd_board_pack_task_regenerated (GTask               *task);

/* The writers, also giving the scorecard as JSON for a snapshot (may be NULL). */
gboolean     _pd_board_pack_write_xlsx (PdWorkspace               *workspace,
                                        const PdBoardPackOptions  *options,
                                        const char                *path,
                                        char                     **out_scorecard,
                                        GCancellable              *cancellable,
                                        GError                   **error);
gboolean     _pd_board_pack_write_pdf  (PdWorkspace               *workspace,
                                        const PdBoardPackOptions  *options,
                                        const char                *path,
                                        char                     **out_scorecard,
                                        GCancellable              *cancellable,
                                        GError                   **error);

G_END_DECLS
