/* pd-spc.h — statistical process control as NHS England's "Making Data Count" does it
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * XmR charts (and Laney p′ / u′ charts) for one series: limits, the four special-cause
 * rules, point types, variation and assurance icons. Plain C on arrays; a facet is just
 * another call. docs/statistics.md explains every formula and option.
 */

#pragma once

#include <glib.h>

#include "pd-stats.h"

G_BEGIN_DECLS

#define PD_SPC_ERROR (pd_spc_error_quark ())

typedef enum
{
  PD_SPC_ERROR_INVALID_OPTION,  /* an option out of its range */
  PD_SPC_ERROR_INVALID_INPUT,   /* an infinite value, a negative denominator, p > 1 */
} PdSpcErrorCode;

GQuark pd_spc_error_quark (void);

/* The constants Making Data Count publishes: limits at 2.66 mean moving ranges (the
 * literal, not 3 / 1.128), the moving-range chart's limit at 3.267. */
#define PD_SPC_LIMIT_MULTIPLIER     2.66
#define PD_SPC_MR_LIMIT_MULTIPLIER  3.267

typedef enum
{
  PD_SPC_PRESET_MDC,         /* Making Data Count today (the default) */
  PD_SPC_PRESET_MDC_LEGACY,  /* Making Data Count before November 2023 */
  PD_SPC_PRESET_PTD,         /* NHSRplotthedots 0.2.2's defaults */
} PdSpcPreset;

typedef enum
{
  PD_SPC_CHART_XMR,      /* individuals: the value itself */
  PD_SPC_CHART_P_PRIME,  /* Laney p′: value is a numerator, proportion of a denominator */
  PD_SPC_CHART_U_PRIME,  /* Laney u′: value is a count, rate per unit of a denominator */
} PdSpcChart;

/* Which points count towards "two out of three beyond 2σ". */
typedef enum
{
  PD_SPC_TWO_IN_THREE_BEYOND_2SIGMA,  /* every point beyond 2σ, limits included (MDC 2023) */
  PD_SPC_TWO_IN_THREE_BAND,           /* only points between 2σ and the limits (before) */
} PdSpcTwoInThree;

/* Whether a target exactly on a process limit is already consistent. */
typedef enum
{
  PD_SPC_ASSURANCE_INCLUSIVE,  /* target on the limit: pass or fail (MDC) */
  PD_SPC_ASSURANCE_STRICT,     /* target on the limit: hit or miss (NHSRplotthedots) */
} PdSpcAssuranceEdge;

typedef struct
{
  PdSpcChart          chart;
  PdImprovement       improvement;
  gboolean            screen_outliers;  /* drop moving ranges ≥ 3.267 × mean once */
  guint               fix_after;        /* limits from the first N points of each
                                         * partition; 0 uses every point */
  guint               shift_length;     /* 6 to 8 points on one side of the mean */
  guint               trend_length;     /* 6 to 8 points rising or falling */
  PdSpcTwoInThree     two_in_three;
  PdSpcAssuranceEdge  assurance_edge;
  double              target;           /* NaN for none; a point's own target wins */
  guint               trial_below;      /* limits from fewer points are "trial" (15) */
  guint               warn_below;       /* a partition with fewer points warns (12) */
  /* The values' natural range, for drawing only (docs/statistics.md, "Limits beyond what
   * a value can be"): a rate or count cannot be below 0, a percentage above 100. The
   * limits stay as computed and the rules use them; pd_spc_result_shown() gives a line
   * as a chart draws it. Set with pd_spc_options_set_value_range(). */
  gboolean            bounded_below;
  double              value_min;
  gboolean            bounded_above;
  double              value_max;
} PdSpcOptions;

/* What a point may carry beside its value. Pass NULL to pd_spc_compute() when no point
 * has any of it. */
typedef struct
{
  double   target;       /* NaN: the options' target */
  double   denominator;  /* p′ and u′ only: the value is the numerator */
  gboolean rebase;       /* this point starts a new partition with its own limits */
  gboolean ghost;        /* plotted, but left out of every calculation */
  gboolean baseline_end; /* its partition's limits come from its points up to and
                          * including this one (the partition's own fix_after) */
} PdSpcPointInput;

/* The rules, strongest first; the strongest rule that hits a point names it. */
typedef enum
{
  PD_SPC_RULE_NONE,
  PD_SPC_RULE_OUTSIDE_LIMITS,  /* strictly beyond a process limit */
  PD_SPC_RULE_TREND,           /* N points each strictly above (below) the one before */
  PD_SPC_RULE_TWO_IN_THREE,    /* 2 of 3 consecutive points beyond 2σ, one side */
  PD_SPC_RULE_SHIFT,           /* N consecutive points strictly on one side of the mean */
} PdSpcRule;

/* Every rule that hit a point, named or not. */
typedef enum
{
  PD_SPC_RULE_FLAG_OUTSIDE_LIMITS = 1 << 0,
  PD_SPC_RULE_FLAG_TREND          = 1 << 1,
  PD_SPC_RULE_FLAG_TWO_IN_THREE   = 1 << 2,
  PD_SPC_RULE_FLAG_SHIFT          = 1 << 3,
} PdSpcRuleFlags;

typedef enum
{
  PD_SPC_POINT_COMMON_CAUSE,
  PD_SPC_POINT_SPECIAL_CAUSE_IMPROVEMENT,
  PD_SPC_POINT_SPECIAL_CAUSE_CONCERN,
  PD_SPC_POINT_SPECIAL_CAUSE_NEUTRAL_HIGH,
  PD_SPC_POINT_SPECIAL_CAUSE_NEUTRAL_LOW,
} PdSpcPointType;

typedef enum
{
  PD_SPC_VARIATION_NONE,  /* no point to judge */
  PD_SPC_VARIATION_COMMON_CAUSE,
  PD_SPC_VARIATION_IMPROVEMENT_HIGH,
  PD_SPC_VARIATION_IMPROVEMENT_LOW,
  PD_SPC_VARIATION_CONCERN_HIGH,
  PD_SPC_VARIATION_CONCERN_LOW,
  PD_SPC_VARIATION_NEUTRAL_HIGH,
  PD_SPC_VARIATION_NEUTRAL_LOW,
} PdSpcVariationIcon;

typedef enum
{
  PD_SPC_ASSURANCE_NONE,  /* no direction, no target or no limits */
  PD_SPC_ASSURANCE_PASS,
  PD_SPC_ASSURANCE_FAIL,
  PD_SPC_ASSURANCE_HIT_OR_MISS,
} PdSpcAssuranceIcon;

typedef enum
{
  PD_SPC_WARNING_SHORT_PARTITION   = 1 << 0,  /* fewer than warn_below points */
  PD_SPC_WARNING_TRIAL_LIMITS      = 1 << 1,  /* limits from fewer than trial_below */
  PD_SPC_WARNING_NO_LIMITS         = 1 << 2,  /* fewer than 2 points: no moving range */
  PD_SPC_WARNING_NO_VARIATION      = 1 << 3,  /* mean moving range 0: limits on the mean */
  PD_SPC_WARNING_ZERO_DENOMINATORS = 1 << 4,  /* p′/u′ points with denominator 0 skipped */
} PdSpcWarnings;

typedef struct
{
  double          value;         /* as plotted (p′, u′: numerator / denominator); NaN
                                  * when missing */
  double          mean;          /* the centre line in force at this point */
  double          lpl;           /* lower and upper process limits (3σ) */
  double          upl;
  double          lower_2sigma;
  double          upper_2sigma;
  double          lower_1sigma;
  double          upper_1sigma;
  double          moving_range;  /* from the previous point used in this partition (p′,
                                  * u′: of z-scores); NaN for the first, ghosts, missing */
  double          target;        /* the target in force, NaN for none */
  guint           partition;     /* index into PdSpcResult.partitions */
  guint           run_first;     /* the points involved in the rule that names this point */
  guint           run_last;      /* (indexes, inclusive; both the point itself otherwise) */
  PdSpcRule       rule;          /* the strongest rule that hit */
  PdSpcRuleFlags  rules;         /* every rule that hit */
  PdSpcPointType  point_type;
  guint           ghost : 1;     /* excluded by the user */
  guint           missing : 1;   /* no value (NaN, or a zero denominator) */
  guint           trial : 1;     /* the limits in force are trial limits */
  guint           baseline : 1;  /* this point is one the limits were computed from */
  guint           mr_screened : 1;  /* its moving range was dropped as an outlier */
} PdSpcPoint;

typedef struct
{
  guint               first;         /* the partition's points: first to first + length − 1 */
  guint               length;        /* including ghosts and missing points */
  guint               n;             /* points used: not ghosts, not missing */
  guint               n_baseline;    /* points the limits came from */
  guint               n_mr_screened; /* moving ranges dropped as outliers */
  double              mean;
  double              lpl;           /* XmR: the partition's limits; p′, u′: the limits at
                                      * its last point used */
  double              upl;
  double              lower_2sigma;
  double              upper_2sigma;
  double              lower_1sigma;
  double              upper_1sigma;
  double              mr_mean;       /* after screening: the moving-range chart's centre */
  double              mr_upl;        /* 3.267 × mr_mean */
  double              sigma;         /* XmR: the 1σ distance, 2.66 / 3 × mr_mean;
                                      * p′, u′: σz, mr_mean / 1.128 */
  double              target;        /* at the partition's last point with one, or NaN */
  PdSpcVariationIcon  variation;     /* from its last point used */
  PdSpcAssuranceIcon  assurance;
  gboolean            trial;
  PdSpcWarnings       warnings;
} PdSpcPartition;

typedef struct
{
  PdSpcOptions        options;
  PdSpcPoint         *points;
  gsize               n_points;
  PdSpcPartition     *partitions;
  guint               n_partitions;
  PdSpcVariationIcon  variation;     /* the series': from its last point used */
  PdSpcAssuranceIcon  assurance;     /* the series': from its last partition */
  double              shown_min;     /* the options' value range when every value plotted
                                      * lies within it (else NaN): where the chart stops */
  double              shown_max;     /* its limits and axis */
} PdSpcResult;

void         pd_spc_options_init_preset (PdSpcOptions           *options,
                                         PdSpcPreset             preset);
gboolean     pd_spc_options_validate    (const PdSpcOptions     *options,
                                         GError                **error);
void         pd_spc_options_set_value_range (PdSpcOptions       *options,
                                         double                  min,
                                         double                  max);
gboolean     pd_spc_value_range_for_unit (const char            *unit,
                                         double                  multiplier,
                                         double                 *out_min,
                                         double                 *out_max);

PdSpcResult *pd_spc_compute             (const double           *values,
                                         gsize                   n,
                                         const PdSpcPointInput  *extra,
                                         const PdSpcOptions     *options,
                                         GError                **error);
void         pd_spc_result_free         (PdSpcResult            *result);

char        *pd_spc_point_explain       (const PdSpcResult      *result,
                                         gsize                   index);
double       pd_spc_result_shown        (const PdSpcResult      *result,
                                         double                  value);

const char  *pd_spc_rule_to_string           (PdSpcRule           rule);
const char  *pd_spc_point_type_to_string     (PdSpcPointType      type);
const char  *pd_spc_variation_icon_to_string (PdSpcVariationIcon  icon);
const char  *pd_spc_assurance_icon_to_string (PdSpcAssuranceIcon  icon);
char        *pd_spc_warnings_to_string       (PdSpcWarnings       warnings);

gboolean     pd_spc_parse_preset        (const char             *text,
                                         PdSpcPreset            *out_preset);
gboolean     pd_spc_parse_chart         (const char             *text,
                                         PdSpcChart             *out_chart);
gboolean     pd_spc_parse_improvement   (const char             *text,
                                         PdImprovement          *out_improvement);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdSpcResult, pd_spc_result_free)

G_END_DECLS
