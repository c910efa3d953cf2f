"""Strings of Wagtail 8.0 and Django 6.1 that the admin shows but that their
Swedish catalogues lack, so they appeared in English in the Swedish admin.

Nothing imports this module: it exists so that ``make messages`` puts the
strings into our catalogues, where they are translated. Our catalogue
(LOCALE_PATHS) is consulted before the packages' own, so it fills their gaps.
Found by browsing the moderators' and administrators' screens in Swedish
(issue 8). Drop an entry once the package translates it; a string Wagtail
writes into its templates without gettext (the header's aria-label
"Actions", the dashboard search's hidden "Search" button) cannot be reached
this way.
"""

from django.utils.translation import gettext_noop

STRINGS = (
    # Django 6.1's new empty choice of every select (BLANK_CHOICE_LABEL).
    gettext_noop("- Select an option -"),
    # Wagtail: dashboard, account and listings.
    gettext_noop("Edit account avatar"),
    gettext_noop("account"),
    gettext_noop("There are no %(model_name)s to display."),
    gettext_noop("Exploring"),
    gettext_noop("Date updated"),
    gettext_noop("Any"),
    gettext_noop("%(start_index)s-%(end_index)s of %(items_count)s %(model_name)s"),
    gettext_noop("App"),
    gettext_noop("Locked by"),
    gettext_noop("Anyone"),
    # Wagtail: the editing views of pages, snippets and settings.
    gettext_noop("To be created by %(user)s"),
    gettext_noop("Actions (footer)"),
    gettext_noop("Side panels"),
    gettext_noop("Side panel width"),
    gettext_noop("Minimap"),
    gettext_noop("Show issue"),
    gettext_noop("Saved"),
    gettext_noop("Autosave is paused"),
    gettext_noop("A network error occurred"),
    gettext_noop(
        "Troubleshoot your connection to the site before proceeding. Open the "
        "editor in a separate tab to view the last saved version."
    ),
    gettext_noop("View latest version"),
)
