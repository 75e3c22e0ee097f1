/* domain-fixture.h — a small workspace built with the real importer, shared by the
 * domain tests, whose every figure the tests work out by hand
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "pd-test-util.h"
#include "import/pd-importer.h"

typedef struct
{
  char        *dir;
  PdWorkspace *workspace;
} Fixture;

/* Three commissioners (00L keeps its leading zeros), two providers. */
static const char fixture_organisations_csv[] =
  "code,name,role,type,region,population\n"
  "00L,Northvale PCT,commissioner,pct,North,200000\n"
  "5QA,Eastmere PCT,commissioner,pct,North,100000\n"
  "5QB,Westmere PCT,commissioner,pct,South,\n"
  "RA1,\"Eastmere Hospitals, NHS Trust\",provider,acute,North,\n"
  "RB2,Northvale Community Services,provider,community,North,\n";

/* 00L 2009/10: acute £3,000,000.03, community £500,000.50 and one suppressed row,
 * prescribing £250,000.00 in January 2010. 5QA 2009/10: £1,100,000.00 with a whole-year
 * prescribing row. 00L 2010/11: acute £3,100,000.00. 5QB: no spend at all. */
static const char fixture_spend_csv[] =
  "commissioner,year,month,category,provider,amount\n"
  "00L,2009/10,Apr,Acute contracts,RA1,\"£1,000,000.01\"\n"
  "00L,2009/10,May,Acute contracts,RA1,2000000.02\n"
  "00L,2009/10,Apr,Community nursing,RB2,500000.50\n"
  "00L,2009/10,Jun,Community nursing,RB2,*\n"
  "00L,2009/10,Jan,Prescribing,,250000.00\n"
  "00L,2010/11,Apr,Acute contracts,RA1,3100000.00\n"
  "5QA,2009/10,Apr,Acute contracts,RA1,600000.00\n"
  "5QA,2009/10,Mar,Community nursing,RB2,400000.00\n"
  "5QA,2009/10,,Prescribing,,100000.00\n";

static const char fixture_allocations_csv[] =
  "commissioner,year,allocation\n"
  "00L,2009/10,4000000.00\n"
  "00L,2010/11,3000000.00\n"
  "5QA,2009/10,*\n"
  "5QB,2009/10,500000.00\n";

/* Two 2010/11 schemes with RA1 (00L at £10m, 5QA at £2m, 1.5 %): CQ-A quarterly, higher is
 * better; CQ-B a year-end milestone, lower is better. 00L's 2010/11 scheme with RB2 (0.5 %
 * of £1,000,000.33, all or nothing) and an older 2009/10 scheme with RA1. */
static const char fixture_cquin_schemes_csv[] =
  "commissioner,provider,year,contract_value,cquin_percent,indicator,name,domain,"
  "weight_percent,direction,quarter,min_threshold,max_threshold,payment_rule\n"
  "00L,RA1,2010/11,10000000.00,1.5,CQ-A,Discharge summaries,effectiveness,60,higher,Q1,50,60,proportional\n"
  "00L,RA1,2010/11,10000000.00,1.5,CQ-A,Discharge summaries,effectiveness,60,higher,Q2,55,65,proportional\n"
  "00L,RA1,2010/11,10000000.00,1.5,CQ-A,Discharge summaries,effectiveness,60,higher,Q3,60,70,proportional\n"
  "00L,RA1,2010/11,10000000.00,1.5,CQ-A,Discharge summaries,effectiveness,60,higher,Q4,65,75,proportional\n"
  "00L,RA1,2010/11,10000000.00,1.5,CQ-B,Pressure ulcers,safety,40,lower,Q4,2,4,proportional\n"
  "5QA,RA1,2010/11,2000000.00,1.5,CQ-A,Discharge summaries,effectiveness,60,higher,Q1,50,60,proportional\n"
  "5QA,RA1,2010/11,2000000.00,1.5,CQ-A,Discharge summaries,effectiveness,60,higher,Q2,55,65,proportional\n"
  "5QA,RA1,2010/11,2000000.00,1.5,CQ-A,Discharge summaries,effectiveness,60,higher,Q3,60,70,proportional\n"
  "5QA,RA1,2010/11,2000000.00,1.5,CQ-A,Discharge summaries,effectiveness,60,higher,Q4,65,75,proportional\n"
  "5QA,RA1,2010/11,2000000.00,1.5,CQ-B,Pressure ulcers,safety,40,lower,Q4,2,4,proportional\n"
  "00L,RB2,2010/11,1000000.33,0.5,CQ-C,Care plans,experience,100,higher,Q4,80,80,all_or_nothing\n"
  "00L,RA1,2009/10,500000.00,0.5,CQ-A,Discharge summaries,effectiveness,100,higher,Q4,50,60,proportional\n";

/* RA1's CQ-A: Q1 half way, Q2 above the top, Q3 below the bottom, Q4 not in yet.
 * CQ-B: 3.5 on a lower-is-better 2 to 4 scale. RB2's CQ-C result is suppressed. */
static const char fixture_cquin_achievement_csv[] =
  "provider,year,indicator,quarter,numerator,denominator,value\n"
  "RA1,2010/11,CQ-A,Q1,55,100,55\n"
  "RA1,2010/11,CQ-A,Q2,70,100,70\n"
  "RA1,2010/11,CQ-A,Q3,58,100,58\n"
  "RA1,2010/11,CQ-B,Q4,7,200,3.5\n"
  "RB2,2010/11,CQ-C,Q4,,,*\n";

static const char fixture_indicators_csv[] =
  "code,name,domain,unit,polarity,target,multiplier,source\n"
  "FALLS,\"Falls per 1,000 bed days\",safety,rate,lower,,1000,Datix\n"
  "MRSA,MRSA bacteraemia,safety,count,lower,0,1,HCAI data capture\n"
  "FFT,Would recommend %,experience,proportion,higher,90,100,Friends and family test\n";

/* FALLS at RA1: a gap in June 2009 and a suppressed July. */
static const char fixture_indicator_values_csv[] =
  "indicator,provider,period,numerator,denominator,value\n"
  "FALLS,RA1,2009-04,10,2000,5\n"
  "FALLS,RA1,2009-05,12,3000,4\n"
  "FALLS,RA1,2009-07,*,2500,*\n"
  "FALLS,RA1,2009-08,9,1500,6\n"
  "FALLS,RB2,2009-05,4,1000,4\n"
  "FALLS,RB2,2009-06,6,2000,3\n"
  "MRSA,RA1,2009-04,2,,2\n"
  "MRSA,RA1,2009-06,1,,1\n"
  "FFT,RB2,2009-04,90,100,90\n"
  "FFT,RB2,2009-05,*,100,*\n";

static const char fixture_events_csv[] =
  "provider,date,type,count,note,source\n"
  "RA1,15/04/2009,complaint,3,\"Nursing care, dignity\",Datix\n"
  "RA1,30/04/2009,serious_incident,1,Fall with harm,STEIS\n"
  "RA1,02/06/2009,complaint,*,Small number,Datix\n"
  "RA1,20/06/2009,complaint,2,,Datix\n"
  "RA1,01/07/2009,never_event,1,Wrong site surgery,STEIS\n"
  "RB2,10/05/2009,concern,1,GP feedback,PALS\n";

static void
fixture_import (Fixture    *fixture,
                const char *name,
                const char *contents)
{
  g_autofree char *file = pd_test_write_file (fixture->dir, name, contents, -1);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdImportReport) report = NULL;

  report = pd_import_file (fixture->workspace, file, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  if (report->import_id == 0 && report->problems->len > 0)
    g_error ("%s: %s", name, ((PdImportProblem *) report->problems->pdata[0])->reason);
  g_assert_cmpint (report->import_id, >, 0);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  fixture->dir = pd_test_scratch_new ();
  path = g_build_filename (fixture->dir, "domain.pctdash", NULL);
  fixture->workspace = pd_workspace_open (path, PD_WORKSPACE_OPEN_CREATE, &error);
  g_assert_no_error (error);

  fixture_import (fixture, "organisations.csv", fixture_organisations_csv);
  fixture_import (fixture, "spend.csv", fixture_spend_csv);
  fixture_import (fixture, "allocations.csv", fixture_allocations_csv);
  fixture_import (fixture, "cquin_schemes.csv", fixture_cquin_schemes_csv);
  fixture_import (fixture, "cquin_achievement.csv", fixture_cquin_achievement_csv);
  fixture_import (fixture, "indicators.csv", fixture_indicators_csv);
  fixture_import (fixture, "indicator_values.csv", fixture_indicator_values_csv);
  fixture_import (fixture, "events.csv", fixture_events_csv);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->workspace);
  pd_test_scratch_free (g_steal_pointer (&fixture->dir));
}

/* Runs SQL the importer has no file format for (peer groups). */
G_GNUC_UNUSED static void
fixture_exec (Fixture    *fixture,
              const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (pd_workspace_get_db (fixture->workspace), sql, NULL, NULL, &message) !=
      SQLITE_OK)
    g_error ("%s: %s", sql, message);
}
