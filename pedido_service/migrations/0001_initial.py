from tortoise import migrations
from tortoise.migrations import operations as ops
from orjson import loads
from pedido_service.models import Estado
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    initial = True

    operations = [
        ops.CreateModel(
            name='OutboxEntry',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('numero', fields.CharField(max_length=14)),
                ('version', fields.IntField()),
                ('payload', fields.JSONField(encoder=JSON_DUMPS, decoder=loads)),
                ('attempts', fields.IntField(default=0)),
                ('next_attempt_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('last_error', fields.CharField(null=True, max_length=500)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'outbox', 'app': 'pedido_service', 'pk_attr': 'id', 'table_description': 'A change still to be sent to tracking-service, deleted once delivered.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Pedido',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('numero', fields.CharField(unique=True, max_length=14)),
                ('cliente_id', fields.CharField(max_length=64)),
                ('producto', fields.CharField(max_length=200)),
                ('cantidad', fields.IntField()),
                ('direccion_entrega', fields.CharField(max_length=300)),
                ('estado', fields.CharEnumField(description='CREADO: CREADO\nCONFIRMADO: CONFIRMADO\nEN_PREPARACION: EN_PREPARACION\nENVIADO: ENVIADO\nEN_REPARTO: EN_REPARTO\nENTREGADO: ENTREGADO\nCANCELADO: CANCELADO', enum_type=Estado, max_length=20)),
                ('version', fields.IntField(default=1)),
                ('creado_en', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('actualizado_en', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'pedido', 'app': 'pedido_service', 'indexes': [Index(fields=['cliente_id', 'creado_en']), Index(fields=['estado', 'creado_en'])], 'pk_attr': 'id', 'table_description': 'An order of one customer. ``version`` grows by one with every change.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='HistorialPedido',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('pedido', fields.ForeignKeyField('pedido_service.Pedido', source_field='pedido_id', db_constraint=True, to_field='id', related_name='historial', on_delete=OnDelete.CASCADE)),
                ('estado', fields.CharEnumField(description='CREADO: CREADO\nCONFIRMADO: CONFIRMADO\nEN_PREPARACION: EN_PREPARACION\nENVIADO: ENVIADO\nEN_REPARTO: EN_REPARTO\nENTREGADO: ENTREGADO\nCANCELADO: CANCELADO', enum_type=Estado, max_length=20)),
                ('version', fields.IntField()),
                ('en', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('por', fields.CharField(max_length=100)),
                ('detalle', fields.CharField(null=True, max_length=200)),
            ],
            options={'table': 'pedido_historial', 'app': 'pedido_service', 'pk_attr': 'id', 'table_description': 'One change of an order: its state after the change, its time and its actor.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='RelayCounters',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('enviados_total', fields.BigIntField(default=0)),
                ('reintentos_total', fields.BigIntField(default=0)),
                ('duplicados_total', fields.BigIntField(default=0)),
                ('ultimo_error', fields.CharField(null=True, max_length=500)),
                ('ultimo_error_en', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('ultimo_envio_en', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'relay_counters', 'app': 'pedido_service', 'pk_attr': 'id', 'table_description': 'The single row (id 1) of relay totals since the database was created.'},
            bases=['Model'],
        ),
    ]
