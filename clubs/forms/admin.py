"""The guard on the forms Wagtail builds itself for the site's models (a
snippet's panels, a viewset's `form_fields`): every model of clubs, content
and masterminds that names no base form of its own gets this one
(`clubs.apps`), so a new snippet or viewset is guarded as it is added.
Pages keep Wagtail's page form: editors type them, in rich text the guard
does not know."""

from wagtail.admin.forms import WagtailAdminModelForm

from clubs.forms.inputs import InputGuard


class GuardedAdminModelForm(InputGuard, WagtailAdminModelForm):
    pass
