from tortoise import migrations
from tortoise.migrations import operations as ops

# The email is unique through a constraint checked at COMMIT. A sign-up inserts the
# profile, creates the login in auth-service and then commits; with an immediate
# check, a concurrent insert of the same email would block inside the INSERT while
# the other sign-up waits on auth-service. Deferred, every conflict surfaces at
# COMMIT, which is the one place where the sign-up removes the login it created.


class Migration(migrations.Migration):
    dependencies = [('cliente_service', '0001_initial')]

    initial = False

    operations = [
        ops.RunSQL(
            'ALTER TABLE "cliente" ADD CONSTRAINT "cliente_email_key" UNIQUE ("email") '
            "DEFERRABLE INITIALLY DEFERRED",
            reverse_sql='ALTER TABLE "cliente" DROP CONSTRAINT "cliente_email_key"',
        ),
    ]
