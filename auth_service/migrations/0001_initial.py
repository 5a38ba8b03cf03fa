from tortoise import migrations
from tortoise.migrations import operations as ops
from orjson import loads
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from uuid import uuid4
from tortoise import fields

class Migration(migrations.Migration):
    initial = True

    operations = [
        ops.CreateModel(
            name='SigningKey',
            fields=[
                ('kid', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=64)),
                ('private_pem', fields.TextField(unique=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('retired_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'signing_keys', 'app': 'auth_service', 'pk_attr': 'kid', 'table_description': 'An RS256 key pair that signs access tokens, stored as a private key PEM.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Usuario',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('email', fields.CharField(unique=True, max_length=254)),
                ('password_hash', fields.CharField(max_length=60)),
                ('roles', fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ('cliente_id', fields.UUIDField(null=True, unique=True)),
                ('activo', fields.BooleanField(default=True)),
                ('creado_en', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('actualizado_en', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'usuarios', 'app': 'auth_service', 'pk_attr': 'id', 'table_description': 'A login: an administrator, or a customer linked to a cliente-service profile.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='RefreshToken',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('token_hash', fields.CharField(unique=True, max_length=64)),
                ('family_id', fields.UUIDField(db_index=True)),
                ('usuario', fields.ForeignKeyField('auth_service.Usuario', source_field='usuario_id', db_constraint=True, to_field='id', related_name='refresh_tokens', on_delete=OnDelete.CASCADE)),
                ('client_id', fields.CharField(max_length=64)),
                ('scope', fields.CharField(max_length=255)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('used_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('revoked_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'refresh_tokens', 'app': 'auth_service', 'pk_attr': 'id', 'table_description': 'One refresh token, stored only as the SHA-256 hash of its value.'},
            bases=['Model'],
        ),
    ]
