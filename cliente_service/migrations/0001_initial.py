from tortoise import migrations
from tortoise.migrations import operations as ops
from uuid import uuid4
from tortoise import fields

class Migration(migrations.Migration):
    initial = True

    operations = [
        ops.CreateModel(
            name='Cliente',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('nombre', fields.CharField(max_length=100)),
                ('email', fields.CharField(max_length=254)),
                ('telefono', fields.CharField(max_length=25)),
                ('direccion', fields.CharField(max_length=200)),
                ('activo', fields.BooleanField(default=True, db_default=True)),
                ('creado_en', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('actualizado_en', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'cliente', 'app': 'cliente_service', 'pk_attr': 'id', 'table_description': 'Customer profile. Its login in auth-service has this id as ``cliente_id``.'},
            bases=['Model'],
        ),
    ]
