/* pd-spc-changes.h — what users write about a chart and a provider: the Quality view's
 * baselines, recalculations, ghosted points and annotations, and hand-entered concerns
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "domain/pd-domain.h"
#include "domain/pd-organisations.h"
#include "domain/pd-indicators.h"
#include "stats/pd-spc.h"

G_BEGIN_DECLS

typedef enum
{
  PD_SPC_CHANGE_BASELINE = 0,
  PD_SPC_CHANGE_RECALCULATION,
  PD_SPC_CHANGE_GHOST,
  PD_SPC_CHANGE_ANNOTATION,
} PdSpcChangeKind;

const char *pd_spc_change_kind_to_string   (PdSpcChangeKind kind);
gboolean    pd_spc_change_kind_from_string (const char      *text,
                                            PdSpcChangeKind *out_kind);

typedef struct
{
  gint64           id;
  char            *indicator;
  char            *provider;
  PdSpcChangeKind  kind;
  char            *period;      /* ISO date of the period's first day */
  char            *reason;
  char            *author;
  char            *created_at;  /* UTC, ISO 8601 */
} PdSpcChange;

void      pd_spc_change_free   (PdSpcChange *change);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdSpcChange, pd_spc_change_free)

/* Changes for one indicator x provider, by period then kind; a GPtrArray of PdSpcChange.
 * NULL @indicator and @provider read every change (by indicator, provider, period). */
GPtrArray *pd_spc_changes_list   (PdWorkspace     *workspace,
                                  const char      *indicator,
                                  const char      *provider,
                                  GError         **error);

/* Records a change as g_get_user_name() now (UTC); returns its id, or 0 with @error set
 * (an empty reason, a bad date or the same kind twice at one period). */
gint64     pd_spc_changes_add    (PdWorkspace     *workspace,
                                  const char      *indicator,
                                  const char      *provider,
                                  PdSpcChangeKind  kind,
                                  const char      *period,
                                  const char      *reason,
                                  GError         **error);

gboolean   pd_spc_changes_remove (PdWorkspace     *workspace,
                                  gint64           id,
                                  GError         **error);

/* What @changes mean for pd_spc_compute() on @series: a new array of one PdSpcPointInput a
 * point (targets and denominators NaN), ghosts and recalculations (rebase) marked, and a
 * baseline as baseline_end at its period: the limits of that partition (from the last
 * recalculation before it to the next) come from its points up to and including the
 * baseline's period; other partitions keep their own. @options is left as it is.
 * Changes whose period is not in the series are counted in @out_unmatched (may be NULL)
 * and otherwise ignored. */
PdSpcPointInput *pd_spc_changes_point_inputs (GPtrArray                *changes,
                                              const PdIndicatorSeries  *series,
                                              PdSpcOptions             *options,
                                              guint                    *out_unmatched);

typedef struct
{
  gint64  id;
  char   *provider;
  char   *date;
  char   *source;
  char   *note;
  char   *author;
  char   *created_at;
} PdConcern;

void       pd_concern_free       (PdConcern *concern);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdConcern, pd_concern_free)

/* Hand-entered concerns about @provider, by date; a GPtrArray of PdConcern. */
GPtrArray *pd_concerns_list      (PdWorkspace  *workspace,
                                  const char   *provider,
                                  GError      **error);

gint64     pd_concerns_add       (PdWorkspace  *workspace,
                                  const char   *provider,
                                  const char   *date,
                                  const char   *source,
                                  const char   *note,
                                  GError      **error);

gboolean   pd_concerns_remove    (PdWorkspace  *workspace,
                                  gint64        id,
                                  GError      **error);

/* The providers @commissioner pays (by the spend ledger's provider column), as
 * PdOrganisation in the order pd_organisations_query() gives; every provider when
 * @commissioner is NULL or pays no provider by name. */
GPtrArray *pd_organisations_paid_by (PdWorkspace  *workspace,
                                     const char   *commissioner,
                                     GError      **error);

G_END_DECLS
