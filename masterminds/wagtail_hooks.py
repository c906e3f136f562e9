from wagtail import hooks

from masterminds.viewsets import MastermindsViewSetGroup


@hooks.register("register_admin_viewset")
def register_masterminds():
    return MastermindsViewSetGroup()
