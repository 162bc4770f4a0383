"""Regions, threat and damage types in Russian and Ukrainian (issue 23).

The Ukrainian region names are pycountry 26.2.16's ISO 3166-2 `uk` translations (85 of the 87;
the two seas, which ISO 3166-2 does not list, by hand), frozen here so this migration never
changes with a library or the current code. Two of the catalogue's were another region's name
(Krasnoyarsk Krai as "Краснодарський край", Sakha as "Республіка Алтай"): corrected here and,
for databases migrated before, by 0035.
"""

from django.db import migrations, models

REGIONS_UK = {
    "republic-of-adygea": "Республіка Адигея",
    "altai-republic": "Республіка Алтай",
    "altai-krai": "Алтайський край",
    "amur-oblast": "Амурська область",
    "arkhangelsk-oblast": "Архангельська область",
    "astrakhan-oblast": "Астраханська область",
    "republic-of-bashkortostan": "Республіка Башкортостан",
    "belgorod-oblast": "Білгородська область",
    "bryansk-oblast": "Брянська область",
    "republic-of-buryatia": "Республіка Бурятія",
    "chechen-republic": "Чеченська Республіка",
    "chelyabinsk-oblast": "Челябінська область",
    "chukotka-autonomous-okrug": "Чукотський автономний округ",
    "chuvash-republic": "Чуваська Республіка",
    "republic-of-dagestan": "Республіка Дагестан",
    "republic-of-ingushetia": "Республіка Інгушетія",
    "irkutsk-oblast": "Іркутська область",
    "ivanovo-oblast": "Іванівська область",
    "kamchatka-krai": "Камчатський край",
    "kabardino-balkarian-republic": "Кабардино-Балкарська Республіка",
    "karachay-cherkess-republic": "Карачаєво-Черкеська республіка",
    "krasnodar-krai": "Краснодарський край",
    "kemerovo-oblast": "Кемеровська область",
    "kaliningrad-oblast": "Калінінградська область",
    "kurgan-oblast": "Курганська область",
    "khabarovsk-krai": "Хабаровський край",
    "khanty-mansi-autonomous-okrug": "Ханти-Мансійський автономний округ",
    "kirov-oblast": "Кіровська область",
    "republic-of-khakassia": "Республіка Хакасія",
    "republic-of-kalmykia": "Республіка Калмикія",
    "kaluga-oblast": "Калузька область",
    "komi-republic": "Республіка Комі",
    "kostroma-oblast": "Костромська область",
    "republic-of-karelia": "Республіка Карелія",
    "kursk-oblast": "Курська область",
    "krasnoyarsk-krai": "Красноярський край",
    "leningrad-oblast": "Ленінградська область",
    "lipetsk-oblast": "Ліпецька область",
    "magadan-oblast": "Магаданська область",
    "mari-el-republic": "Республіка Марій Ел",
    "republic-of-mordovia": "Республіка Мордовія",
    "moscow-oblast": "Московська область",
    "moscow": "Москва",
    "murmansk-oblast": "Мурманська область",
    "nenets-autonomous-okrug": "Ненецький автономний округ",
    "novgorod-oblast": "Новгородська область",
    "nizhny-novgorod-oblast": "Ніжегородська область",
    "novosibirsk-oblast": "Новосибірська область",
    "omsk-oblast": "Омська область",
    "orenburg-oblast": "Оренбурзька область",
    "oryol-oblast": "Орловська область",
    "perm-krai": "Пермський край",
    "penza-oblast": "Пензенська область",
    "primorsky-krai": "Приморський край",
    "pskov-oblast": "Псковська область",
    "rostov-oblast": "Ростовська область",
    "ryazan-oblast": "Рязанська область",
    "sakha-republic-yakutia": "Республіка Саха (Якутія)",
    "sakhalin-oblast": "Сахалінська область",
    "samara-oblast": "Самарська область",
    "saratov-oblast": "Саратовська область",
    "republic-of-north-ossetia-alania": "Республіка Північна Осетія",
    "smolensk-oblast": "Смоленська область",
    "saint-petersburg": "Санкт-Петербург",
    "stavropol-krai": "Ставропольський край",
    "sverdlovsk-oblast": "Свердловська область",
    "republic-of-tatarstan": "Республіка Татарстан",
    "tambov-oblast": "Тамбовська область",
    "tomsk-oblast": "Томська область",
    "tula-oblast": "Тульська область",
    "tver-oblast": "Тверська область",
    "tuva-republic": "Республіка Тива (Тува)",
    "tyumen-oblast": "Тюменська область",
    "udmurt-republic": "Удмуртська Республіка",
    "ulyanovsk-oblast": "Ульянівська область",
    "volgograd-oblast": "Волгоградська область",
    "vladimir-oblast": "Владимирська область",
    "vologda-oblast": "Вологодська область",
    "voronezh-oblast": "Воронізька область",
    "yamalo-nenets-autonomous-okrug": "Ямало-Ненецький автономний округ",
    "yaroslavl-oblast": "Ярославська область",
    "jewish-autonomous-oblast": "Єврейська автономна область",
    "zabaykalsky-krai": "Забайкальський край",
    "crimea": "Автономна Республіка Крим",
    "sevastopol": "Севастополь",
    "black-sea": "Чорне море",
    "sea-of-azov": "Азовське море",
}

# slug: (Russian name, Ukrainian name, Russian description, Ukrainian description)
THREAT_TYPES = {
    "uav": (
        "БПЛА",
        "БпЛА",
        "Беспилотный летательный аппарат (дальнего действия или неуточнённый дрон).",
        "Безпілотний літальний апарат (далекої дії або неуточнений дрон).",
    ),
    "fpv-drone": (
        "FPV-дрон",
        "FPV-дрон",
        "Дрон с видом от первого лица, обычно ближнего действия.",
        "Дрон із видом від першої особи, зазвичай ближньої дії.",
    ),
    "cruise-missile": ("Крылатая ракета", "Крилата ракета", "", ""),
    "ballistic-missile": ("Баллистическая ракета", "Балістична ракета", "", ""),
    "guided-aerial-bomb": ("Управляемая авиабомба", "Керована авіабомба", "", ""),
    "mlrs-rocket": (
        "Реактивный снаряд РСЗО",
        "Реактивний снаряд РСЗВ",
        "Снаряд реактивной системы залпового огня.",
        "Снаряд реактивної системи залпового вогню.",
    ),
    "high-speed-air-target": (
        "Скоростная воздушная цель (неуточнённая)",
        "Швидкісна повітряна ціль (неуточнена)",
        "Собственные слова источника, когда он не говорит, была ли это ракета или дрон.",
        "Власні слова джерела, коли воно не каже, чи була це ракета, чи дрон.",
    ),
    "uncrewed-surface-vessel": (
        "Безэкипажный катер",
        "Безекіпажний катер",
        "Морской дрон.",
        "Морський дрон.",
    ),
    "unknown": (
        "Неизвестно",
        "Невідомо",
        "Заявление не говорит, что атаковало.",
        "Заява не каже, що атакувало.",
    ),
}
DAMAGE_TYPES = {
    "none-reported": (
        "Не заявлен",
        "Не заявлено",
        "Источник сообщает, что ущерба нет.",
        "Джерело повідомляє, що збитків немає.",
    ),
    "residential": (
        "Жилые дома",
        "Житлові будинки",
        "Дома, квартиры, окна и фасады жилых домов.",
        "Будинки, квартири, вікна та фасади житлових будинків.",
    ),
    "public-building": (
        "Общественные здания",
        "Громадські будівлі",
        "Административные здания, школы, больницы и подобные.",
        "Адміністративні будівлі, школи, лікарні та подібні.",
    ),
    "infrastructure": (
        "Инфраструктура",
        "Інфраструктура",
        "Дороги, железные дороги, мосты, связь.",
        "Дороги, залізниці, мости, зв’язок.",
    ),
    "energy": (
        "Энергетика / отключения",
        "Енергетика / знеструмлення",
        "Электростанции, подстанции, топливо; отключения электричества.",
        "Електростанції, підстанції, пальне; знеструмлення.",
    ),
    "fire": ("Пожар", "Пожежа", "", ""),
    "vehicles": ("Транспортные средства", "Транспортні засоби", "", ""),
    "industrial": (
        "Промышленность",
        "Промисловість",
        "Заводы, НПЗ, склады.",
        "Заводи, НПЗ, склади.",
    ),
    "air-travel-disruption": (
        "Сбои авиасообщения",
        "Порушення авіасполучення",
        "Аэропорты закрыты, рейсы перенаправлены или задержаны.",
        "Аеропорти закрито, рейси перенаправлено або затримано.",
    ),
    "other": (
        "Другое",
        "Інше",
        "Ущерб, не подходящий ни под одну категорию; см. описание.",
        "Збитки, що не підходять під жодну категорію; див. опис.",
    ),
}


def translate(apps, schema_editor):
    Region = apps.get_model("incidents", "Region")
    for region in Region.objects.filter(slug__in=REGIONS_UK):
        region.name_uk = REGIONS_UK[region.slug]
        region.save(update_fields=["name_uk"])
    for model, rows in (("ThreatType", THREAT_TYPES), ("DamageType", DAMAGE_TYPES)):
        for row in apps.get_model("incidents", model).objects.filter(slug__in=rows):
            row.name_ru, row.name_uk, row.description_ru, row.description_uk = rows[row.slug]
            row.save(update_fields=["name_ru", "name_uk", "description_ru", "description_uk"])


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0024_search_trigram_regex"),
    ]

    operations = [
        migrations.AddField(
            model_name="damagetype",
            name="description_ru",
            field=models.TextField(
                blank=True,
                help_text="The description in Russian.",
                verbose_name="Russian description",
            ),
        ),
        migrations.AddField(
            model_name="damagetype",
            name="description_uk",
            field=models.TextField(
                blank=True,
                help_text="The description in Ukrainian.",
                verbose_name="Ukrainian description",
            ),
        ),
        migrations.AddField(
            model_name="damagetype",
            name="name_ru",
            field=models.CharField(
                blank=True,
                help_text="The label in Russian.",
                max_length=100,
                verbose_name="Russian name",
            ),
        ),
        migrations.AddField(
            model_name="damagetype",
            name="name_uk",
            field=models.CharField(
                blank=True,
                help_text="The label in Ukrainian.",
                max_length=100,
                verbose_name="Ukrainian name",
            ),
        ),
        migrations.AddField(
            model_name="region",
            name="name_uk",
            field=models.CharField(
                blank=True,
                help_text="Name in Ukrainian, e.g. 'Калузька область' (from the ISO 3166-2 translations).",
                max_length=100,
                verbose_name="Ukrainian name",
            ),
        ),
        migrations.AddField(
            model_name="threattype",
            name="description_ru",
            field=models.TextField(
                blank=True,
                help_text="The description in Russian.",
                verbose_name="Russian description",
            ),
        ),
        migrations.AddField(
            model_name="threattype",
            name="description_uk",
            field=models.TextField(
                blank=True,
                help_text="The description in Ukrainian.",
                verbose_name="Ukrainian description",
            ),
        ),
        migrations.AddField(
            model_name="threattype",
            name="name_ru",
            field=models.CharField(
                blank=True,
                help_text="The label in Russian.",
                max_length=100,
                verbose_name="Russian name",
            ),
        ),
        migrations.AddField(
            model_name="threattype",
            name="name_uk",
            field=models.CharField(
                blank=True,
                help_text="The label in Ukrainian.",
                max_length=100,
                verbose_name="Ukrainian name",
            ),
        ),
        migrations.RunPython(translate, migrations.RunPython.noop),
    ]
