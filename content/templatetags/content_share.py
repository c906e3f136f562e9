"""The share panel a signed-in member sees on a landing page."""

from django import template

register = template.Library()


@register.inclusion_tag("content/includes/share_panel.html", takes_context=True)
def share_panel(context, page):
    return {"page": page, "request": context.get("request")}
