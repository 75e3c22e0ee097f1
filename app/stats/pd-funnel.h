/* pd-funnel.h — funnel plot limits, classification and overdispersion
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Funnel limits as PHE Fingertips (PHEindicatormethods) draws them, and the Spiegelhalter
 * overdispersion adjustment as FunnelPlotR makes it. Plain C on arrays. docs/statistics.md
 * ("Funnel plots and overdispersion") gives every formula and each choice where the two
 * tools differ.
 */

#pragma once

#include <glib.h>

#include "pd-stats.h"

G_BEGIN_DECLS

typedef enum
{
  PD_FUNNEL_PROPORTION,  /* numerator of denominator; target the pooled proportion */
  PD_FUNNEL_RATIO,       /* observed over expected (a standardised ratio); target 1 */
  PD_FUNNEL_RATE,        /* events per population; target the pooled rate */
} PdFunnelType;

typedef enum
{
  PD_FUNNEL_OVERDISPERSION_NONE,
  PD_FUNNEL_OVERDISPERSION_SHMI,      /* log scale for ratios and rates, truncation */
  PD_FUNNEL_OVERDISPERSION_CQC,       /* square-root scale for ratios and rates, winsorisation */
  PD_FUNNEL_OVERDISPERSION_WINSORISE, /* the type's own scale (log, or arcsine for
                                       * proportions), winsorisation */
} PdFunnelOverdispersion;

/* Two published ways of turning exact Poisson probabilities into a continuous funnel for
 * ratios and rates; they differ visibly below about 30 expected events. */
typedef enum
{
  PD_FUNNEL_POISSON_PHE,         /* the count at which P(X ≤ O) or P(X ≥ O) under the
                                  * target is exactly α/2 (PHEindicatormethods, Fingertips) */
  PD_FUNNEL_POISSON_FUNNELPLOTR, /* χ²(α/2; 2E)/2E and χ²(1 − α/2; 2E + 2)/2E (FunnelPlotR) */
} PdFunnelPoissonLimits;

/* Where a unit lies, from the worst low to the worst high. */
typedef enum
{
  PD_FUNNEL_NOT_CLASSIFIED, /* no value: suppressed, missing or impossible input */
  PD_FUNNEL_BELOW_99_8,
  PD_FUNNEL_BELOW_95,
  PD_FUNNEL_WITHIN,
  PD_FUNNEL_ABOVE_95,
  PD_FUNNEL_ABOVE_99_8,
} PdFunnelClass;

typedef struct
{
  PdFunnelType           type;
  double                 multiplier;     /* of values and limits; default 1 */
  double                 target;         /* unmultiplied; NaN (default): the pooled
                                          * proportion or rate, or 1 for ratios */
  PdFunnelOverdispersion overdispersion; /* default none */
  double                 trim;           /* per tail, 0 ≤ trim < 0.5; default 0.1 */
  PdFunnelPoissonLimits  poisson_limits; /* default PHE */
  double                 low_volume;     /* warn below this many expected events at the
                                          * target (for proportions the smaller of n·t and
                                          * n·(1 − t)); default 10 */
} PdFunnelOptions;

typedef struct
{
  double lcl95;
  double ucl95;
  double lcl998;
  double ucl998;
} PdFunnelLimits;

typedef struct
{
  double         numerator;
  double         denominator;
  double         value;          /* numerator / denominator × multiplier; NaN if unusable */
  PdFunnelLimits limits;         /* unadjusted, at this unit's denominator */
  PdFunnelLimits od_limits;      /* overdispersion-adjusted; equal to limits when no
                                  * adjustment was needed; NaN with overdispersion none */
  double         z;              /* unadjusted z-score on the overdispersion scale; NaN
                                  * with overdispersion none */
  gboolean       trimmed;        /* left out of φ (truncation) or pulled in (winsorisation) */
  gboolean       low_volume;     /* too few expected events for the limits to mean much */
  PdFunnelClass  classification;
} PdFunnelUnit;

typedef struct
{
  PdFunnelOptions options;
  double          target;      /* the centre line, unmultiplied (NaN: no usable unit) */
  gsize           n_units;
  PdFunnelUnit   *units;       /* n_units, in input order */
  gsize           n;           /* usable units */
  gsize           n_used;      /* units whose z-scores made φ (0 with overdispersion none) */
  double          phi;         /* dispersion ratio; NaN with overdispersion none or n_used < 2 */
  double          tau2;        /* between-unit variance on the transformed scale (NaN as phi) */
  gboolean        adjusted;    /* od_limits widened: φ > 1 and τ² > 0 */
} PdFunnel;

void          pd_funnel_options_init   (PdFunnelOptions        *options,
                                        PdFunnelType            type);

gboolean      pd_funnel_parse_type     (const char             *text,
                                        PdFunnelType           *out_type);
gboolean      pd_funnel_parse_overdispersion (const char       *text,
                                        PdFunnelOverdispersion *out_method);
gboolean      pd_funnel_parse_poisson_limits (const char       *text,
                                        PdFunnelPoissonLimits  *out_method);
const char   *pd_funnel_class_to_string (PdFunnelClass          classification);

PdFunnel     *pd_funnel_compute        (const double           *numerators,
                                        const double           *denominators,
                                        gsize                   n,
                                        const PdFunnelOptions  *options);
void          pd_funnel_free           (PdFunnel               *funnel);

/* Limits at any denominator, for drawing: @od_limits (may be NULL) receives the adjusted
 * limits when the funnel was adjusted, the unadjusted ones otherwise, and NaN with
 * overdispersion none. */
void          pd_funnel_limits_at      (const PdFunnel         *funnel,
                                        double                  denominator,
                                        PdFunnelLimits         *limits,
                                        PdFunnelLimits         *od_limits);
void          pd_funnel_limit_table    (const PdFunnel         *funnel,
                                        const double           *denominators,
                                        gsize                   n,
                                        PdFunnelLimits         *limits,
                                        PdFunnelLimits         *od_limits);

/* The limits without data: around @target (unmultiplied) at @denominator. */
void          pd_funnel_unadjusted_limits (const PdFunnelOptions *options,
                                        double                  target,
                                        double                  denominator,
                                        PdFunnelLimits         *out);
void          pd_funnel_adjusted_limits (const PdFunnelOptions *options,
                                        double                  target,
                                        double                  tau2,
                                        double                  denominator,
                                        PdFunnelLimits         *out);

/* Where @value lies against @limits: strictly beyond a limit counts, on it does not. */
PdFunnelClass pd_funnel_classify       (double                  value,
                                        const PdFunnelLimits   *limits);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdFunnel, pd_funnel_free)

G_END_DECLS
