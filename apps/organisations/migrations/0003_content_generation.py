from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("organisations", "0002_generations"),
    ]

    operations = [
        migrations.AddField(
            model_name="organisation",
            name="content_generation",
            field=models.PositiveBigIntegerField(default=0, editable=False),
        ),
    ]
