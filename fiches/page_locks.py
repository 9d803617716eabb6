"""Serialising the creation of pages under one parent, so that two at once (a double click) do not collide."""
from wagtail.models import Page


def lock_for_new_child(parent: Page) -> None:
    """Hold ``parent``'s row (FOR NO KEY UPDATE) until the transaction ends, and read its number of children
    again under the lock: a simultaneous creation under it waits, then sees the children this one made.

    Wagtail checks a slug among the siblings and treebeard numbers a new child's path after the last child (none
    when ``parent.numchild``, as loaded, is 0), both by reading before writing, so two creations at once picked
    the same slug or path: a refusal or an IntegrityError, a 500."""
    parent.numchild = Page.objects.select_for_update(no_key=True).values_list("numchild", flat=True).get(pk=parent.pk)
