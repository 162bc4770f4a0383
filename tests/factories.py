import datetime as dt

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from incidents.models import Citation, DamageType, Incident, Region, Reporting, Source, ThreatType
from incidents.signals import record_changed


class Announced(factory.django.DjangoModelFactory):
    """Test data written as the write services would announce it: cached pages go stale."""

    class Meta:
        abstract = True

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        super()._after_postgeneration(instance, create, results)
        if create:
            record_changed.send(sender=type(instance))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"editor{n}")
    is_staff = True
    password = factory.django.Password("a-long-test-password")

    @factory.post_generation
    def group(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))


class SourceFactory(Announced):
    class Meta:
        model = Source
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Governor of region {n}")
    kind = Source.Kind.REGIONAL_AUTHORITY
    url = factory.Sequence(lambda n: f"https://t.me/governor{n}")


def region(iso_code="RU-KLU"):
    return Region.objects.get(iso_code=iso_code)


def threat(slug="uav"):
    return ThreatType.objects.get(slug=slug)


def damage(*slugs):
    return list(DamageType.objects.filter(slug__in=slugs))


class IncidentFactory(Announced):
    """A published incident with one citation, as the public sees them."""

    class Meta:
        model = Incident
        skip_postgeneration_save = True

    date = dt.date(2026, 3, 1)
    region = factory.LazyFunction(region)
    threat_type = factory.LazyFunction(threat)
    intercepted = 10
    intercepted_status = factory.LazyAttribute(
        lambda o: Reporting.NOT_REPORTED if o.intercepted is None else Reporting.REPORTED
    )
    killed = None
    killed_status = factory.LazyAttribute(
        lambda o: Reporting.NOT_REPORTED if o.killed is None else Reporting.REPORTED
    )
    injured = None
    injured_status = factory.LazyAttribute(
        lambda o: Reporting.NOT_REPORTED if o.injured is None else Reporting.REPORTED
    )
    summary = factory.Sequence(lambda n: f"Air defence destroyed drones, statement {n}.")
    status = Incident.Status.PUBLISHED

    @factory.post_generation
    def damage_types(self, create, extracted, **kwargs):
        if create and extracted:
            self.damage_types.set(extracted)

    @factory.post_generation
    def cited(self, create, extracted, **kwargs):
        # extracted: False for no citation; a Source to cite a specific one.
        if create and extracted is not False:
            CitationFactory(incident=self, **({"source": extracted} if extracted else {}))


class CitationFactory(Announced):
    class Meta:
        model = Citation

    incident = factory.SubFactory(IncidentFactory, cited=False)
    source = factory.SubFactory(SourceFactory)
    url = factory.Sequence(lambda n: f"https://t.me/governor/{n}")
    quote = "Air defence destroyed the drones over the region."
