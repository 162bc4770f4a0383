"""The editors' desk: entering incidents from statements, attaching sources, publishing.

Every save, delete and action here calls incidents/services/, which holds the rules (who may
change what readers saw, when a public correction is due, one revision per write); the admin
classes choose what editors see and turn a refused write into a message.
"""

# Registering the admin classes is importing them.
from incidents.admin import incidents, reference, statements  # noqa: F401
