/* test-peer-groups.c — making, editing and deleting peer groups, and what imports do to
 * them
 *
 * Copyright 2026 The pctdash authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "domain-fixture.h"
#include "domain/pd-organisations.h"

static PdPeerGroup *
lookup (Fixture *fixture,
        gint64   id)
{
  g_autoptr(GError) error = NULL;
  PdPeerGroup *group = pd_peer_group_lookup (fixture->workspace, id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (group);
  return group;
}

static char *
members_joined (const PdPeerGroup *group)
{
  return g_strjoinv (",", group->members);
}

static void
test_create_edit_delete (Fixture       *fixture,
                         gconstpointer  data)
{
  const char *members[] = { "RB2", "RA1", NULL };
  const char *fewer[] = { "RA1", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(PdPeerGroup) group = NULL;
  g_autoptr(GPtrArray) groups = NULL;
  g_autofree char *joined = NULL;
  gint64 id, other;

  id = pd_peer_group_create (fixture->workspace, "  Acute and community ", "  ",
                             members, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  group = lookup (fixture, id);
  g_assert_cmpstr (group->name, ==, "Acute and community");
  g_assert_null (group->description);
  g_assert_true (group->user_made);
  g_assert_cmpstr (group->author, ==, g_get_user_name ());
  g_assert_nonnull (group->edited_at);
  joined = members_joined (group);
  g_assert_cmpstr (joined, ==, "RA1,RB2");
  g_clear_pointer (&group, pd_peer_group_free);
  g_clear_pointer (&joined, g_free);

  /* The same name again, an empty name, an unknown code: refused, nothing written. */
  g_assert_cmpint (pd_peer_group_create (fixture->workspace, "Acute and community", NULL,
                                         NULL, &error), ==, 0);
  g_assert_error (error, PD_DOMAIN_ERROR, PD_DOMAIN_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "“Acute and community” exists already"));
  g_clear_error (&error);
  g_assert_cmpint (pd_peer_group_create (fixture->workspace, " \t", NULL, NULL, &error), ==, 0);
  g_assert_error (error, PD_DOMAIN_ERROR, PD_DOMAIN_ERROR_INVALID);
  g_clear_error (&error);
  {
    const char *unknown[] = { "RA1", "ZZZ", NULL };
    g_assert_cmpint (pd_peer_group_create (fixture->workspace, "Unknown", NULL, unknown,
                                           &error), ==, 0);
    g_assert_error (error, PD_DOMAIN_ERROR, PD_DOMAIN_ERROR_NOT_FOUND);
    g_assert_nonnull (strstr (error->message, "ZZZ"));
    g_clear_error (&error);
  }
  groups = pd_peer_groups_query (fixture->workspace, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (groups->len, ==, 1);
  g_clear_pointer (&groups, g_ptr_array_unref);

  /* Rename, redescribe, fewer members. */
  g_assert_true (pd_peer_group_update (fixture->workspace, id, "Acute", "Hospitals only",
                                       &error));
  g_assert_no_error (error);
  g_assert_true (pd_peer_group_set_members (fixture->workspace, id, fewer, &error));
  g_assert_no_error (error);
  group = lookup (fixture, id);
  g_assert_cmpstr (group->name, ==, "Acute");
  g_assert_cmpstr (group->description, ==, "Hospitals only");
  joined = members_joined (group);
  g_assert_cmpstr (joined, ==, "RA1");
  g_clear_pointer (&group, pd_peer_group_free);

  /* A rename onto another group's name is refused and changes nothing. */
  other = pd_peer_group_create (fixture->workspace, "Community", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (pd_peer_group_update (fixture->workspace, other, "Acute", NULL, &error));
  g_assert_error (error, PD_DOMAIN_ERROR, PD_DOMAIN_ERROR_INVALID);
  g_clear_error (&error);
  group = lookup (fixture, other);
  g_assert_cmpstr (group->name, ==, "Community");
  g_assert_cmpuint (g_strv_length (group->members), ==, 0);
  g_clear_pointer (&group, pd_peer_group_free);

  /* The group now decides RA1's peers: nobody else is in it. */
  {
    g_autoptr(GPtrArray) peers = NULL;
    g_autofree char *basis = NULL;

    g_assert_true (pd_peer_group_set_members (fixture->workspace, id, members, &error));
    peers = pd_organisation_peers (fixture->workspace, "RA1", &basis, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (peers->len, ==, 1);
    g_assert_cmpstr (((PdOrganisation *) peers->pdata[0])->code, ==, "RB2");
    g_assert_cmpstr (basis, ==, "peer group Acute");
  }

  /* Delete: gone with its members; the organisations stay. */
  g_assert_true (pd_peer_group_delete (fixture->workspace, id, &error));
  g_assert_no_error (error);
  g_assert_null (pd_peer_group_lookup (fixture->workspace, id, &error));
  g_assert_error (error, PD_DOMAIN_ERROR, PD_DOMAIN_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (pd_peer_group_delete (fixture->workspace, id, &error));
  g_assert_error (error, PD_DOMAIN_ERROR, PD_DOMAIN_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (pd_peer_group_set_members (fixture->workspace, id, fewer, &error));
  g_assert_error (error, PD_DOMAIN_ERROR, PD_DOMAIN_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (pd_test_query_int (pd_workspace_get_db (fixture->workspace),
                                      "SELECT count(*) FROM peer_group_members"), ==, 0);
  g_assert_cmpint (pd_test_query_int (pd_workspace_get_db (fixture->workspace),
                                      "SELECT count(*) FROM organisations"), ==, 5);
}

/* A built group (as the demo builder makes them) edited in the app keeps its origin and
 * says who changed it. */
static void
test_edit_built_group (Fixture       *fixture,
                       gconstpointer  data)
{
  const char *members[] = { "RA1", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(PdPeerGroup) group = NULL;

  fixture_exec (fixture,
                "INSERT INTO peer_groups (id, name, description) VALUES (7, 'Providers', NULL);"
                "INSERT INTO peer_group_members (group_id, org_code) VALUES (7, 'RA1'), (7, 'RB2');");
  group = lookup (fixture, 7);
  g_assert_false (group->user_made);
  g_assert_null (group->author);
  g_assert_null (group->edited_at);
  g_clear_pointer (&group, pd_peer_group_free);

  g_assert_true (pd_peer_group_set_members (fixture->workspace, 7, members, &error));
  g_assert_no_error (error);
  group = lookup (fixture, 7);
  g_assert_false (group->user_made);
  g_assert_cmpstr (group->author, ==, g_get_user_name ());
  g_assert_cmpuint (g_strv_length (group->members), ==, 1);
}

/* Replacing the organisations file (--replace) keeps every group's members; removing the
 * organisations import keeps them by code, out of the charts, until the codes return. */
static void
test_imports_keep_members (void)
{
  g_autofree char *dir = pd_test_scratch_new ();
  g_autofree char *path = g_build_filename (dir, "groups.pctdash", NULL);
  g_autofree char *file = pd_test_write_file (dir, "organisations.csv",
                                              fixture_organisations_csv, -1);
  const char *members[] = { "RA1", "RB2", NULL };
  const char *one_gone[] = { "RA1", "RB2", NULL };
  PdImportOptions replace = { .replace = TRUE };
  g_autoptr(GError) error = NULL;
  g_autoptr(PdWorkspace) workspace = NULL;
  g_autoptr(PdImportReport) report = NULL;
  g_autoptr(PdPeerGroup) group = NULL;
  g_autoptr(GPtrArray) peers = NULL;
  gint64 id;

  workspace = pd_workspace_open (path, PD_WORKSPACE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  report = pd_import_file (workspace, file, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (report->import_id, >, 0);
  id = pd_peer_group_create (workspace, "Mine", NULL, members, &error);
  g_assert_no_error (error);
  g_clear_pointer (&report, pd_import_report_free);

  /* The same file again with --replace: the organisations go and come back in one
   * transaction; the group is as it was. */
  report = pd_import_file (workspace, file, &replace, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (report->import_id, >, 0);
  group = pd_peer_group_lookup (workspace, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (group->members), ==, 2);
  g_clear_pointer (&group, pd_peer_group_free);

  /* Remove the import: the organisations are gone, the group keeps the codes, and
   * nobody has peers through it. */
  g_assert_true (pd_workspace_remove_import (workspace, report->import_id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (pd_test_query_int (pd_workspace_get_db (workspace),
                                      "SELECT count(*) FROM organisations"), ==, 0);
  group = pd_peer_group_lookup (workspace, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (group->members), ==, 2);
  g_clear_pointer (&group, pd_peer_group_free);
  /* Codes the group holds already may stay while their organisation is away. */
  g_assert_true (pd_peer_group_set_members (workspace, id, one_gone, &error));
  g_assert_no_error (error);
  g_clear_pointer (&report, pd_import_report_free);

  /* Import it again: the members count again. */
  report = pd_import_file (workspace, file, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (report->import_id, >, 0);
  peers = pd_organisation_peers (workspace, "RA1", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (peers->len, ==, 1);
  g_assert_cmpstr (((PdOrganisation *) peers->pdata[0])->code, ==, "RB2");

  g_clear_object (&workspace);
  pd_test_scratch_free (g_steal_pointer (&dir));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/pctdash/domain/peer-groups/create-edit-delete", Fixture, NULL,
              fixture_set_up, test_create_edit_delete, fixture_tear_down);
  g_test_add ("/pctdash/domain/peer-groups/edit-built-group", Fixture, NULL,
              fixture_set_up, test_edit_built_group, fixture_tear_down);
  g_test_add_func ("/pctdash/domain/peer-groups/imports-keep-members", test_imports_keep_members);

  return g_test_run ();
}
