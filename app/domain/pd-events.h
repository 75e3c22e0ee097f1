/* pd-events.h — incidents and soft intelligence: one provider's events, monthly counts
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "domain/pd-domain.h"

G_BEGIN_DECLS

/* The types of the events table, in the order the triangulation view stacks them. */
typedef enum
{
  PD_EVENT_SERIOUS_INCIDENT,
  PD_EVENT_NEVER_EVENT,
  PD_EVENT_MRSA,
  PD_EVENT_C_DIFFICILE,
  PD_EVENT_COMPLAINT,
  PD_EVENT_CONCERN,
  PD_EVENT_REGULATOR_NOTICE,
  PD_N_EVENT_TYPES
} PdEventType;

/* A set of types, e.g. PD_EVENT_TYPE_BIT (PD_EVENT_COMPLAINT); 0 means every type. */
#define PD_EVENT_TYPE_BIT(type) (1u << (type))

const char *pd_event_type_to_string   (PdEventType  type);
gboolean    pd_event_type_from_string (const char  *text,
                                       PdEventType *out_type);
const char *pd_event_type_label       (PdEventType  type);

typedef struct
{
  gint64       id;          /* the row in events, or in concerns when @entered */
  char         date[11];    /* ISO date */
  PdEventType  type;
  gint64       count;       /* events this row stands for; -1 when suppressed */
  char        *note;        /* NULL when not given */
  char        *source;
  char        *suppressed;  /* why the count is hidden, or NULL */
  char        *author;      /* who entered it, when @entered; NULL otherwise */
  gboolean     entered;     /* a concern entered in the app (the concerns table), not
                             * imported: a PD_EVENT_CONCERN of count 1 */
} PdEvent;

GArray     *pd_events_query           (PdWorkspace  *workspace,
                                       const char   *provider,
                                       const char   *first,
                                       const char   *last,
                                       guint         types,
                                       GError      **error);

/* One calendar month of one provider's events. */
typedef struct
{
  int    year;
  int    month;
  gint64 counts[PD_N_EVENT_TYPES];      /* events of each type, suppressed rows left out */
  guint  suppressed[PD_N_EVENT_TYPES];  /* rows of each type whose count is suppressed */
} PdEventMonth;

GArray     *pd_events_monthly_query   (PdWorkspace  *workspace,
                                       const char   *provider,
                                       const char   *first,
                                       const char   *last,
                                       GError      **error);

G_END_DECLS
