"""What the data layer tells the rest of the project.

`record_changed` is sent by the write services (incidents/services/), once per write, inside
the write's transaction. The data layer knows nothing of who listens (the dashboard keeps its
page cache fresh with it).
"""

from django.dispatch import Signal

record_changed = Signal()
