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

#include "domain/pd-indicators.h"
#include "export/pd-board-pack.h"
#include "export/pd-export-workbook.h"
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
} PdPack;

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

G_END_DECLS
