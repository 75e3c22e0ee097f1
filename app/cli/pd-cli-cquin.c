/* pd-cli-cquin.c — pctdash-cli cquin: each scheme's milestones, results and money
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdio.h>

#include "pd-cli-commands.h"
#include "domain/pd-cquin.h"
#include "domain/pd-organisations.h"
#include "import/pd-parse.h"

static const char csv_header[] =
  "level,year,commissioner,provider,indicator,name,domain,weight_percent,direction,"
  "payment_rule,quarter,quarter_share,min_threshold,max_threshold,performance,suppressed,"
  "achievement,contract_value_pence,cquin_percent,value_pence,at_risk_pence,earned_pence,"
  "withheld_pence,pending_pence,paid_on_account_pence,reconciliation_pence\n";

static const char *
rule_name (PdCquinPaymentRule rule)
{
  return rule == PD_CQUIN_RULE_ALL_OR_NOTHING ? "all_or_nothing" : "proportional";
}

static void
append_field (GString    *out,
              const char *text)
{
  pd_cli_print_csv_field (out, text);
  g_string_append_c (out, ',');
}

static void
append_double (GString *out,
               double   value)
{
  pd_cli_print_double (out, value);
  g_string_append_c (out, ',');
}

/* The money columns that end a row. @reconciled: the totals of a scheme, provider,
 * commissioner or the whole report, whose payments on account and year-end
 * reconciliation end the row; %NULL for a milestone or indicator, which have none. */
static void
append_money (GString             *out,
              gint64               at_risk,
              gint64               earned,
              gint64               withheld,
              gint64               pending,
              const PdCquinTotals *reconciled)
{
  g_string_append_printf (out, "%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT
                          ",%" G_GINT64_FORMAT ",", at_risk, earned, withheld, pending);
  if (reconciled != NULL)
    g_string_append_printf (out, "%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT "\n",
                            reconciled->paid_on_account_pence, reconciled->reconciliation_pence);
  else
    g_string_append (out, ",\n");
}

/* The columns up to and including payment_rule, for a row of one scheme's indicator. */
static void
append_indicator_columns (GString                    *out,
                          const char                 *level,
                          const char                 *year,
                          const PdCquinSchemeItem    *scheme,
                          const PdCquinIndicatorItem *indicator)
{
  append_field (out, level);
  append_field (out, year);
  append_field (out, scheme->commissioner);
  append_field (out, scheme->provider);
  append_field (out, indicator->code);
  append_field (out, indicator->name);
  append_field (out, indicator->domain);
  append_double (out, indicator->weight_percent);
  append_field (out, indicator->lower_is_better ? "lower" : "higher");
  append_field (out, rule_name (indicator->rule));
}

/* A totals row: the scheme's terms when there is one, else only the money. */
static void
append_totals_row (GString                 *out,
                   const char              *level,
                   const char              *year,
                   const char              *commissioner,
                   const char              *provider,
                   const PdCquinSchemeItem *scheme,
                   const PdCquinTotals     *totals)
{
  append_field (out, level);
  append_field (out, year);
  append_field (out, commissioner);
  append_field (out, provider);
  /* indicator … achievement: empty for a total. */
  g_string_append (out, ",,,,,,,,,,,,,");
  if (scheme != NULL)
    {
      g_string_append_printf (out, "%" G_GINT64_FORMAT ",", scheme->contract_value_pence);
      append_double (out, scheme->cquin_percent);
    }
  else
    {
      g_string_append (out, ",,");
    }
  g_string_append_printf (out, "%" G_GINT64_FORMAT ",", totals->value_pence);
  append_money (out, totals->at_risk_pence, totals->earned_pence, totals->withheld_pence,
                totals->pending_pence, totals);
}

static void
print_csv (const PdCquinReport *report,
           const char          *year)
{
  g_autoptr(GString) out = g_string_new (csv_header);
  guint m = 0, i = 0;

  for (guint s = 0; s < report->schemes->len; s++)
    {
      const PdCquinSchemeItem *scheme = &g_array_index (report->schemes, PdCquinSchemeItem, s);

      for (; i < report->indicators->len; i++)
        {
          const PdCquinIndicatorItem *indicator =
            &g_array_index (report->indicators, PdCquinIndicatorItem, i);

          if (indicator->scheme != s)
            break;
          for (; m < report->milestones->len; m++)
            {
              const PdCquinMilestoneItem *milestone =
                &g_array_index (report->milestones, PdCquinMilestoneItem, m);

              if (milestone->indicator != i)
                break;
              append_indicator_columns (out, "milestone", year, scheme, indicator);
              g_string_append_printf (out, "Q%d,", milestone->quarter);
              append_double (out, milestone->quarter_share);
              append_double (out, milestone->min_threshold);
              append_double (out, milestone->max_threshold);
              append_double (out, milestone->performance);
              append_field (out, milestone->suppressed);
              append_double (out, milestone->payment.achievement);
              g_string_append_printf (out, "%" G_GINT64_FORMAT ",", scheme->contract_value_pence);
              append_double (out, scheme->cquin_percent);
              g_string_append_c (out, ',');
              append_money (out, milestone->payment.at_risk_pence, milestone->payment.earned_pence,
                            milestone->payment.withheld_pence, milestone->payment.pending_pence,
                            NULL);
            }
          append_indicator_columns (out, "indicator", year, scheme, indicator);
          g_string_append (out, ",,,,,,,");
          g_string_append_printf (out, "%" G_GINT64_FORMAT ",", scheme->contract_value_pence);
          append_double (out, scheme->cquin_percent);
          g_string_append_c (out, ',');
          append_money (out, indicator->at_risk_pence, indicator->earned_pence,
                        indicator->withheld_pence, indicator->pending_pence, NULL);
        }
      append_totals_row (out, "scheme", year, scheme->commissioner, scheme->provider, scheme,
                         &scheme->totals);
    }
  for (guint p = 0; p < report->providers->len; p++)
    {
      const PdCquinOrganisationTotals *provider =
        &g_array_index (report->providers, PdCquinOrganisationTotals, p);

      append_totals_row (out, "provider", year, NULL, provider->code, NULL, &provider->totals);
    }
  for (guint c = 0; c < report->commissioners->len; c++)
    {
      const PdCquinOrganisationTotals *commissioner =
        &g_array_index (report->commissioners, PdCquinOrganisationTotals, c);

      append_totals_row (out, "commissioner", year, commissioner->code, NULL, NULL,
                         &commissioner->totals);
    }
  append_totals_row (out, "total", year, NULL, NULL, NULL, &report->total);

  fwrite (out->str, 1, out->len, stdout);
}

static void
json_money (GString *out,
            gint64   at_risk,
            gint64   earned,
            gint64   withheld,
            gint64   pending)
{
  g_string_append_printf (out, "\"at_risk_pence\": %" G_GINT64_FORMAT ", \"earned_pence\": %"
                          G_GINT64_FORMAT ", \"withheld_pence\": %" G_GINT64_FORMAT
                          ", \"pending_pence\": %" G_GINT64_FORMAT,
                          at_risk, earned, withheld, pending);
}

static void
json_totals (GString             *out,
             const PdCquinTotals *totals)
{
  g_string_append_printf (out, "{\"value_pence\": %" G_GINT64_FORMAT ", ", totals->value_pence);
  json_money (out, totals->at_risk_pence, totals->earned_pence, totals->withheld_pence,
              totals->pending_pence);
  g_string_append_printf (out, ", \"paid_on_account_pence\": %" G_GINT64_FORMAT
                          ", \"reconciliation_pence\": %" G_GINT64_FORMAT "}",
                          totals->paid_on_account_pence, totals->reconciliation_pence);
}

static void
json_organisations (GString    *out,
                    const char *name,
                    GArray     *organisations)
{
  g_string_append_printf (out, ",\n  \"%s\": [", name);
  for (guint i = 0; i < organisations->len; i++)
    {
      const PdCquinOrganisationTotals *item =
        &g_array_index (organisations, PdCquinOrganisationTotals, i);

      g_string_append (out, i > 0 ? ",\n    {\"code\": " : "\n    {\"code\": ");
      pd_cli_print_json_string (out, item->code);
      g_string_append (out, ", \"totals\": ");
      json_totals (out, &item->totals);
      g_string_append_c (out, '}');
    }
  g_string_append (out, organisations->len > 0 ? "\n  ]" : "]");
}

static void
print_json (const PdCquinReport *report,
            const char          *year)
{
  g_autoptr(GString) out = g_string_new ("{\n  \"year\": ");
  guint m = 0, i = 0;

  pd_cli_print_json_string (out, year);
  g_string_append (out, ",\n  \"schemes\": [");
  for (guint s = 0; s < report->schemes->len; s++)
    {
      const PdCquinSchemeItem *scheme = &g_array_index (report->schemes, PdCquinSchemeItem, s);
      gboolean first_indicator = TRUE;

      g_string_append (out, s > 0 ? ",\n    {" : "\n    {");
      g_string_append (out, "\"commissioner\": ");
      pd_cli_print_json_string (out, scheme->commissioner);
      g_string_append (out, ", \"provider\": ");
      pd_cli_print_json_string (out, scheme->provider);
      g_string_append_printf (out, ", \"contract_value_pence\": %" G_GINT64_FORMAT
                              ", \"cquin_percent\": ", scheme->contract_value_pence);
      pd_cli_print_json_double (out, scheme->cquin_percent);
      g_string_append (out, ", \"totals\": ");
      json_totals (out, &scheme->totals);
      g_string_append (out, ",\n     \"indicators\": [");
      for (; i < report->indicators->len; i++)
        {
          const PdCquinIndicatorItem *indicator =
            &g_array_index (report->indicators, PdCquinIndicatorItem, i);
          gboolean first_milestone = TRUE;

          if (indicator->scheme != s)
            break;
          g_string_append (out, first_indicator ? "\n      {" : ",\n      {");
          first_indicator = FALSE;
          g_string_append (out, "\"code\": ");
          pd_cli_print_json_string (out, indicator->code);
          g_string_append (out, ", \"name\": ");
          pd_cli_print_json_string (out, indicator->name);
          g_string_append (out, ", \"domain\": ");
          pd_cli_print_json_string (out, indicator->domain);
          g_string_append (out, ", \"weight_percent\": ");
          pd_cli_print_json_double (out, indicator->weight_percent);
          g_string_append_printf (out, ", \"direction\": \"%s\", \"payment_rule\": \"%s\", ",
                                  indicator->lower_is_better ? "lower" : "higher",
                                  rule_name (indicator->rule));
          json_money (out, indicator->at_risk_pence, indicator->earned_pence,
                      indicator->withheld_pence, indicator->pending_pence);
          g_string_append (out, ",\n       \"milestones\": [");
          for (; m < report->milestones->len; m++)
            {
              const PdCquinMilestoneItem *milestone =
                &g_array_index (report->milestones, PdCquinMilestoneItem, m);

              if (milestone->indicator != i)
                break;
              g_string_append (out, first_milestone ? "\n        {" : ",\n        {");
              first_milestone = FALSE;
              g_string_append_printf (out, "\"quarter\": %d, \"quarter_share\": ",
                                      milestone->quarter);
              pd_cli_print_json_double (out, milestone->quarter_share);
              g_string_append (out, ", \"min_threshold\": ");
              pd_cli_print_json_double (out, milestone->min_threshold);
              g_string_append (out, ", \"max_threshold\": ");
              pd_cli_print_json_double (out, milestone->max_threshold);
              g_string_append (out, ", \"performance\": ");
              pd_cli_print_json_double (out, milestone->performance);
              g_string_append (out, ", \"numerator\": ");
              pd_cli_print_json_double (out, milestone->numerator);
              g_string_append (out, ", \"denominator\": ");
              pd_cli_print_json_double (out, milestone->denominator);
              g_string_append (out, ", \"suppressed\": ");
              pd_cli_print_json_string (out, milestone->suppressed);
              g_string_append (out, ", \"achievement\": ");
              pd_cli_print_json_double (out, milestone->payment.achievement);
              g_string_append (out, ", ");
              json_money (out, milestone->payment.at_risk_pence, milestone->payment.earned_pence,
                          milestone->payment.withheld_pence, milestone->payment.pending_pence);
              g_string_append_c (out, '}');
            }
          g_string_append (out, first_milestone ? "]}" : "\n       ]}");
        }
      g_string_append (out, first_indicator ? "]}" : "\n     ]}");
    }
  g_string_append (out, report->schemes->len > 0 ? "\n  ]" : "]");
  json_organisations (out, "providers", report->providers);
  json_organisations (out, "commissioners", report->commissioners);
  g_string_append (out, ",\n  \"total\": ");
  json_totals (out, &report->total);
  g_string_append (out, "\n}\n");

  fwrite (out->str, 1, out->len, stdout);
}

/* An unknown code is far more likely a typo than a wish for an empty report. */
static gboolean
check_organisation (PdWorkspace  *workspace,
                    const char   *code,
                    PdRole        role,
                    GError      **error)
{
  g_autoptr(PdOrganisation) organisation = NULL;

  if (code == NULL)
    return TRUE;
  organisation = pd_organisation_lookup (workspace, code, error);
  if (organisation == NULL)
    return FALSE;
  if (organisation->role != role)
    {
      g_set_error (error, PD_DOMAIN_ERROR, PD_DOMAIN_ERROR_NOT_FOUND, "“%s” is not a %s",
                   code, role == PD_ROLE_COMMISSIONER ? "commissioner" : "provider");
      return FALSE;
    }
  return TRUE;
}

int
pd_cli_cquin (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(PdWorkspace) workspace = NULL;
  g_autoptr(PdCquinReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *workspace_path = NULL;
  g_autofree char *year_text = NULL;
  g_autofree char *commissioner = NULL;
  g_autofree char *provider = NULL;
  g_autofree char *year_label = NULL;
  gboolean json = FALSE;
  int year = 0;
  int status;
  const GOptionEntry entries[] = {
    { "workspace", 'w', 0, G_OPTION_ARG_FILENAME, &workspace_path, "The workspace", "FILE" },
    { "year", 0, 0, G_OPTION_ARG_STRING, &year_text,
      "The financial year (default: the latest with a scheme)", "2010/11" },
    { "commissioner", 0, 0, G_OPTION_ARG_STRING, &commissioner,
      "Only this commissioner's schemes", "CODE" },
    { "provider", 0, 0, G_OPTION_ARG_STRING, &provider, "Only this provider's schemes", "CODE" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON", NULL },
    { NULL }
  };

  context = g_option_context_new ("— CQUIN milestones, results and money");
  g_option_context_set_summary (context,
                                "For each scheme, indicator and quarter: the thresholds, the "
                                "result, the achievement, and the money at risk, earned, "
                                "withheld and still pending, in pence; then the totals of each "
                                "indicator, scheme, provider and commissioner. Rows have a "
                                "level: milestone, indicator, scheme, provider, commissioner, "
                                "total.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!pd_cli_parse (context, &argc, &argv, &status))
    return status;

  if (workspace_path == NULL || argc != 1)
    {
      pd_cli_error ("cquin", "give a workspace with -w");
      return PD_CLI_EXIT_USAGE;
    }
  if (year_text != NULL && !pd_parse_financial_year (year_text, &year, &error))
    {
      pd_cli_error ("cquin", "--year: %s", error->message);
      return PD_CLI_EXIT_USAGE;
    }

  workspace = pd_workspace_open (workspace_path, PD_WORKSPACE_OPEN_READ_ONLY, &error);
  if (workspace == NULL ||
      !check_organisation (workspace, commissioner, PD_ROLE_COMMISSIONER, &error) ||
      !check_organisation (workspace, provider, PD_ROLE_PROVIDER, &error) ||
      (report = pd_cquin_report_query (workspace, year, commissioner, provider, &error)) == NULL)
    {
      pd_cli_error ("cquin", "%s", error->message);
      return PD_CLI_EXIT_BAD_INPUT;
    }

  if (report->schemes->len == 0)
    pd_cli_error ("cquin", "no CQUIN scheme matches");
  year_label = report->year > 0 ? pd_financial_year_label (report->year) : NULL;

  if (json)
    print_json (report, year_label);
  else
    print_csv (report, year_label);
  return PD_CLI_EXIT_OK;
}
