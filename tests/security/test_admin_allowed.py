"""Logged in as an admin person: everything, DELETE included (through FOR ALL policies)."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from tests.security.conftest import People
from tests.security.refusals import rows

pytestmark = pytest.mark.postgres

# Rep c's rows, children before parents.
OF_C = (
    ("complaints", "user_id"),
    ("callbacks", "created_by"),
    ("shift_summaries", "user_id"),
    ("agent_states", "user_id"),
    ("monthly_targets", "user_id"),
    ("wrapups", "user_id"),
    ("call_records", "user_id"),
    ("leads", "assigned_user_id"),
)


def test_an_admin_reads_all_and_deletes_what_nobody_else_may(people: People) -> None:
    admin = people.login("admin")
    assert len(rows(admin, "SELECT id FROM leads")) == len(
        rows(people.owner, "SELECT id FROM leads")
    )
    assert len(rows(admin, "SELECT * FROM users")) == len(people.names)
    assert rows(admin, "SELECT * FROM audit_log")
    c = {"c": people.ids["c"]}
    with admin.begin() as conn:
        for table, column in OF_C:
            deleted = conn.execute(text(f"DELETE FROM {table} WHERE {column} = :c"), c)
            assert deleted.rowcount == 1, table
        assert conn.execute(text("DELETE FROM audit_log")).rowcount > 0
    for table, column in OF_C:
        assert rows(people.owner, f"SELECT 1 FROM {table} WHERE {column} = :c", c) == []
