"""Create a staff account in the Editors (or Chief editors) group."""

import os
from getpass import getpass

from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


class Command(BaseCommand):
    help = (
        "Create an editor account. Editors enter and correct incidents; with --chief the account "
        "can also publish, retract and re-publish. The password is asked for, or read from the "
        "environment variable EDITOR_PASSWORD with --no-input."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument("--chief", action="store_true", help="Make a chief editor.")
        parser.add_argument(
            "--no-input", action="store_false", dest="interactive", help="Read EDITOR_PASSWORD."
        )

    @transaction.atomic
    def handle(self, username, email, chief, interactive, **options):
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            raise CommandError(f"A user named {username!r} already exists.")
        password = self._password(interactive)
        user = User(username=username, email=email, is_staff=True)
        try:
            password_validation.validate_password(password, user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        user.set_password(password)
        user.save()
        group_name = "Chief editors" if chief else "Editors"
        user.groups.add(Group.objects.get(name=group_name))
        self.stdout.write(self.style.SUCCESS(f"Created {username!r} in {group_name}."))

    def _password(self, interactive):
        if not interactive:
            password = os.environ.get("EDITOR_PASSWORD", "")
            if not password:
                raise CommandError("Set EDITOR_PASSWORD when using --no-input.")
            return password
        password = getpass("Password: ")
        if password != getpass("Password (again): "):
            raise CommandError("The passwords do not match.")
        return password
