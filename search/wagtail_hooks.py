"""Admin of the search: the vocabulary of the field, which académie moderators edit (a snippet)."""
from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import SearchSynonym


class SearchSynonymViewSet(SnippetViewSet):
    model = SearchSynonym
    icon = "search"
    menu_label = _("Vocabulaire de la recherche")
    add_to_admin_menu = True
    menu_order = 470
    list_display = ["terms", "note", "updated_at"]
    search_fields = ["terms", "note"]


register_snippet(SearchSynonymViewSet)
