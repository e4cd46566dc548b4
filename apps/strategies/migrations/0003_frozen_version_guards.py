"""Database guards: an adopted or superseded version and its content never change.

The model refuses such writes too, but `QuerySet.update()`, raw SQL and other
programs bypass the model; these triggers do not. Written for PostgreSQL and
SQLite, the two databases Kompas runs on.
"""

from django.db import migrations

CONTENT_TABLES = [
    "strategies_section", "strategies_value", "strategies_principle", "strategies_focusarea",
    "strategies_goal", "strategies_indicator", "strategies_responsibility",
    "strategies_responsibilityitem", "strategies_stakeholder", "strategies_municipalityrole",
    "strategies_rolesender", "strategies_roleaudience", "strategies_platform",
    "strategies_channel", "strategies_platformroleuse", "strategies_spokespersonrule",
    "strategies_action", "strategies_annualwheelevent", "strategies_relateddocument",
]
FROZEN = "('adopted', 'superseded')"
MESSAGE = "kompas: an adopted version can never change"

# Columns of a decided version that may never change. Excluded: status (checked on
# its own), updated_at, and the two SET NULL provenance links (based_on, created_by),
# so deleting a user or an old draft stays possible.
GUARDED_VERSION_COLUMNS = [
    "strategy_id", "number", "language", "dated", "period_label", "valid_from", "valid_until",
    "review_due", "adopted_on", "adopted_by", "case_reference", "adoption_note",
    "change_summary", "revision", "created_at",
]

PG_CONTENT_FUNCTION = f"""
CREATE OR REPLACE FUNCTION kompas_guard_frozen_content() RETURNS trigger AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND EXISTS (
      SELECT 1 FROM strategies_strategyversion WHERE id = OLD.version_id AND status IN {FROZEN}) THEN
    RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = '23000';
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND EXISTS (
      SELECT 1 FROM strategies_strategyversion WHERE id = NEW.version_id AND status IN {FROZEN}) THEN
    RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = '23000';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"""

PG_VERSION_FUNCTION = f"""
CREATE OR REPLACE FUNCTION kompas_guard_frozen_version() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.status IN {FROZEN} THEN
      RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = '23000';
    END IF;
    RETURN OLD;
  END IF;
  IF OLD.status IN {FROZEN} THEN
    IF NEW.status IS DISTINCT FROM OLD.status
       AND NOT (OLD.status = 'adopted' AND NEW.status = 'superseded') THEN
      RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = '23000';
    END IF;
    IF (to_jsonb(NEW) - 'status' - 'updated_at' - 'based_on_id' - 'created_by_id')
       IS DISTINCT FROM
       (to_jsonb(OLD) - 'status' - 'updated_at' - 'based_on_id' - 'created_by_id') THEN
      RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = '23000';
    END IF;
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"""


def _sqlite_content_triggers(table):
    frozen_old = (
        f"EXISTS (SELECT 1 FROM strategies_strategyversion "
        f"WHERE id = OLD.version_id AND status IN {FROZEN})"
    )
    frozen_new = (
        f"EXISTS (SELECT 1 FROM strategies_strategyversion "
        f"WHERE id = NEW.version_id AND status IN {FROZEN})"
    )
    return [
        f"CREATE TRIGGER kompas_frozen_{table}_insert BEFORE INSERT ON {table} "
        f"WHEN {frozen_new} BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;",
        f"CREATE TRIGGER kompas_frozen_{table}_update BEFORE UPDATE ON {table} "
        f"WHEN {frozen_old} OR {frozen_new} BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;",
        f"CREATE TRIGGER kompas_frozen_{table}_delete BEFORE DELETE ON {table} "
        f"WHEN {frozen_old} BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;",
    ]


def _sqlite_version_triggers():
    changed = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in GUARDED_VERSION_COLUMNS)
    return [
        "CREATE TRIGGER kompas_frozen_version_update BEFORE UPDATE ON strategies_strategyversion "
        f"WHEN OLD.status IN {FROZEN} AND ("
        "(NEW.status IS NOT OLD.status AND NOT (OLD.status = 'adopted' AND NEW.status = 'superseded'))"
        f" OR {changed}) BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;",
        "CREATE TRIGGER kompas_frozen_version_delete BEFORE DELETE ON strategies_strategyversion "
        f"WHEN OLD.status IN {FROZEN} BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;",
    ]


def create_guards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        statements = [PG_CONTENT_FUNCTION, PG_VERSION_FUNCTION]
        statements += [
            f"CREATE TRIGGER kompas_frozen_guard BEFORE INSERT OR UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION kompas_guard_frozen_content();"
            for table in CONTENT_TABLES
        ]
        statements.append(
            "CREATE TRIGGER kompas_frozen_guard BEFORE UPDATE OR DELETE "
            "ON strategies_strategyversion "
            "FOR EACH ROW EXECUTE FUNCTION kompas_guard_frozen_version();"
        )
    elif vendor == "sqlite":
        statements = [s for table in CONTENT_TABLES for s in _sqlite_content_triggers(table)]
        statements += _sqlite_version_triggers()
    else:
        raise NotImplementedError(f"no frozen-version guard for {vendor}")
    for statement in statements:
        schema_editor.execute(statement)


def drop_guards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for table in [*CONTENT_TABLES, "strategies_strategyversion"]:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS kompas_frozen_guard ON {table};")
        schema_editor.execute("DROP FUNCTION IF EXISTS kompas_guard_frozen_content();")
        schema_editor.execute("DROP FUNCTION IF EXISTS kompas_guard_frozen_version();")
    elif vendor == "sqlite":
        for table in CONTENT_TABLES:
            for op in ("insert", "update", "delete"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS kompas_frozen_{table}_{op};")
        schema_editor.execute("DROP TRIGGER IF EXISTS kompas_frozen_version_update;")
        schema_editor.execute("DROP TRIGGER IF EXISTS kompas_frozen_version_delete;")


class Migration(migrations.Migration):
    dependencies = [("strategies", "0002_versiontransition")]

    operations = [migrations.RunPython(create_guards, drop_guards)]
