/* pd-intervals.h — confidence intervals for proportions, counts and rates
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "pd-stats.h"

G_BEGIN_DECLS

/* The methods PHE Fingertips (PHEindicatormethods) publishes, plus exact binomial.
 * docs/statistics.md ("Confidence intervals") gives each formula. */
typedef enum
{
  PD_CI_WILSON,          /* proportions: Wilson score */
  PD_CI_EXACT_BINOMIAL,  /* proportions: Clopper–Pearson (beta quantiles) */
  PD_CI_BYAR,            /* counts and rates: Byar's approximation */
  PD_CI_EXACT_POISSON,   /* counts and rates: exact (chi-square quantiles) */
  PD_CI_POISSON,         /* counts and rates as PHE does: exact below 10 events, Byar's from 10 */
} PdCiMethod;

/* Below this many events PD_CI_POISSON uses the exact interval (PHE's rule). */
#define PD_CI_BYAR_MIN_EVENTS 10.0

/* A value and its interval, already multiplied. NaN members mean "no value": a suppressed
 * or missing input, a zero denominator, an impossible input (negative, or a numerator
 * above its denominator for a proportion), or a Byar's lower limit that would be negative
 * (PHEindicatormethods gives NA there too). */
typedef struct
{
  double value;
  double lower;
  double upper;
} PdInterval;

gboolean    pd_ci_parse_method       (const char  *text,
                                      PdCiMethod  *out_method);
const char *pd_ci_method_to_string   (PdCiMethod   method);
gboolean    pd_ci_method_is_proportion (PdCiMethod method);

PdInterval  pd_ci_wilson             (double            numerator,
                                      double            denominator,
                                      PdConfidenceLevel level,
                                      double            multiplier);
PdInterval  pd_ci_exact_binomial     (double            numerator,
                                      double            denominator,
                                      PdConfidenceLevel level,
                                      double            multiplier);
PdInterval  pd_ci_byar               (double            events,
                                      double            denominator,
                                      PdConfidenceLevel level,
                                      double            multiplier);
PdInterval  pd_ci_exact_poisson      (double            events,
                                      double            denominator,
                                      PdConfidenceLevel level,
                                      double            multiplier);
PdInterval  pd_ci_poisson            (double            events,
                                      double            denominator,
                                      PdConfidenceLevel level,
                                      double            multiplier);

PdInterval  pd_ci_compute            (PdCiMethod        method,
                                      double            numerator,
                                      double            denominator,
                                      PdConfidenceLevel level,
                                      double            multiplier);

void        pd_ci_compute_array      (PdCiMethod        method,
                                      const double     *numerators,
                                      const double     *denominators,
                                      gsize             n,
                                      PdConfidenceLevel level,
                                      double            multiplier,
                                      PdInterval       *out);

/* The bare limits for a count of events, without a denominator or multiplier, at a
 * two-sided coverage @probability (0.95, 0.998, …). Used by the funnels too. */
double      pd_ci_exact_poisson_lower (double events,
                                       double probability);
double      pd_ci_exact_poisson_upper (double events,
                                       double probability);
double      pd_ci_byar_lower          (double events,
                                       double probability);
double      pd_ci_byar_upper          (double events,
                                       double probability);

G_END_DECLS
