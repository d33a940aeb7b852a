"""API tokens stored hashed (django-rest-knox): each plain token of rest_framework.authtoken
becomes a knox token holding only its SHA-512, so programs keep working, and the plain table
is dropped (it would otherwise sit in every backup)."""

import hashlib

from django.db import migrations


def hash_tokens(apps, schema_editor):
    connection = schema_editor.connection
    if "authtoken_token" not in connection.introspection.table_names():
        return
    AuthToken = apps.get_model("knox", "AuthToken")
    with connection.cursor() as cursor:
        cursor.execute("SELECT key, user_id FROM authtoken_token")
        rows = cursor.fetchall()
    # bulk_create: knox's manager makes a new token on create().
    AuthToken.objects.bulk_create(
        AuthToken(
            digest=hashlib.sha512(key.encode()).hexdigest(),
            token_key=key[:15],
            user_id=user_id,
            expiry=None,
        )
        for key, user_id in rows
    )
    schema_editor.execute("DROP TABLE authtoken_token")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("knox", "0009_extend_authtoken_field"),
    ]
    operations = [migrations.RunPython(hash_tokens, migrations.RunPython.noop, elidable=True)]
