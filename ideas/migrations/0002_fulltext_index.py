from django.db import migrations

# Must match ideas.selectors.SEARCH_VECTOR so that PostgreSQL uses this index for searches.
CREATE = """
CREATE INDEX IF NOT EXISTS ideas_fulltext_dutch ON ideas_idea
USING gin (to_tsvector('dutch'::regconfig, coalesce(title, '') || ' ' || coalesce(text, '')))
"""
DROP = "DROP INDEX IF EXISTS ideas_fulltext_dutch"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("ideas", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
